package org.leaktrace.caller;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.pipeline.NumberArraySerializer;
import org.leaktrace.pipeline.StateBytesSerializer;
import org.leaktrace.pipeline.StateTtl;
import org.leaktrace.pipeline.Swept;
import org.leaktrace.touch.CallerEvent;

/**
 * {@code shared_device}: pools the cold calls of every number on one device (IMEI) and, once
 * several numbers share it and their pooled calls score as risky, signals each of its numbers.
 *
 * <p>Keyed by IMEI, fed with cold calls that carry one. A SIM box rotates dozens of numbers so
 * that each stays under per-number limits; judged one by one, each would need {@code minCalls}
 * calls of its own before its contacts reached attribution, so a 40-number box made about 200
 * calls before anything could be concluded. The device's pooled profile is judged by the same
 * {@link CallerScorer} as a single number, so a shared device that calls like a legitimate
 * business (answered, long calls) is never signalled; a dual-SIM phone is below
 * {@code sharedDeviceNumbers}. The signal is sticky and idempotent: numbers the device
 * remembers are signalled once, when it is judged or when they first call after that; numbers
 * beyond {@code numbersPerDevice} at each call. A device's calls are pooled from its second
 * number on.
 */
public final class SharedDeviceFunction extends KeyedProcessFunction<String, CallerEvent, CallerEvent>
        implements Swept {
    private static final long serialVersionUID = 1L;

    /** Signal name. */
    public static final String SIGNAL = "shared_device";

    private final CallerConfig config;
    private transient ValueState<byte[]> pooled;
    private transient ValueState<String[]> numbers;
    private transient List<StateDescriptor<?, ?>> swept;

    public SharedDeviceFunction(CallerConfig config) {
        if (config.numbersPerDevice() < config.sharedDeviceNumbers()) {
            throw new IllegalArgumentException("numbersPerDevice must be at least sharedDeviceNumbers");
        }
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<byte[]> pooledDescriptor = new ValueStateDescriptor<>(
                "device-profile", StateBytesSerializer.TYPE);
        pooledDescriptor.enableTimeToLive(StateTtl.refreshedOnWrite(config.callerTtl()));
        pooled = getRuntimeContext().getState(pooledDescriptor);
        ValueStateDescriptor<String[]> numbersDescriptor = new ValueStateDescriptor<>(
                "device-numbers", NumberArraySerializer.TYPE);
        numbersDescriptor.enableTimeToLive(StateTtl.refreshedOnWrite(config.callerTtl()));
        numbers = getRuntimeContext().getState(numbersDescriptor);
        swept = List.of(pooledDescriptor, numbersDescriptor);
    }

    @Override
    public List<StateDescriptor<?, ?>> sweptStates() {
        return swept;
    }

    @Override
    public void processElement(CallerEvent call, Context ctx, Collector<CallerEvent> out) throws Exception {
        if (!call.isColdCall() || call.caller == null) {
            return;
        }
        String[] known = numbers.value();
        if (known == null) {
            known = new String[0];
        }
        boolean isNew = !Arrays.asList(known).contains(call.caller);
        boolean remembered = !isNew;
        if (isNew && known.length < config.numbersPerDevice()) {
            known = Arrays.copyOf(known, known.length + 1);
            known[known.length - 1] = call.caller;
            numbers.update(known);
            remembered = true;
        }
        if (known.length < 2) {
            // Nearly every device has one number, judged by its own profile: pooling starts with
            // the second, so a phone costs one stored number here, not a second profile.
            return;
        }
        CallerState device = CallerStateCodec.decodeOrFirstSeen(pooled.value(), call.timeMs);
        device.recordCall(call, config);
        if (device.risky) {
            if (isNew) {
                out.collect(CallerEvent.signal(call.caller, SIGNAL, call.timeMs));
            }
        } else if (known.length >= config.sharedDeviceNumbers()
                && CallerScorer.isRisky(device, CallerScorer.assess(device, config), config)) {
            device.risky = true;
            for (String number : known) {
                out.collect(CallerEvent.signal(number, SIGNAL, call.timeMs));
            }
            if (!remembered) {
                out.collect(CallerEvent.signal(call.caller, SIGNAL, call.timeMs));
            }
        }
        pooled.update(CallerStateCodec.encode(device));
    }
}
