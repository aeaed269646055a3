package org.leaktrace.caller;

import org.leaktrace.bench.jmh.HotPathBenchmark;
import org.leaktrace.touch.CallerEvent;
import org.leaktrace.touch.ContactMemory;
import org.leaktrace.touch.SubscriberState;
import org.leaktrace.touch.SubscriberStateCodec;
import org.leaktrace.touch.TouchConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Reading and writing back the compact state of one number, as the keyed stages do for every
 * record: a caller's profile ({@link CallerStateCodec}) and a subscriber's touches and contact
 * memory ({@link SubscriberStateCodec}).
 *
 * <p>In the package of the caller profile, whose state is built through its package-private
 * methods. {@code light} is a person's week (nine calls to six friends), {@code heavy} a caller
 * past the exact callee limit with a signal and a score sent.
 */
public class StateCodecBenchmark extends HotPathBenchmark {
    private static final long T0 = 1_772_000_000_000L;
    private static final long MINUTE = 60_000L;

    @Param({"light", "heavy"})
    public String caller;

    private byte[] profile;
    private byte[] subscriber;
    private SubscriberStateCodec subscriberCodec;

    @Setup
    public void setUp() {
        CallerConfig config = CallerConfig.defaults();
        CallerState s = CallerState.firstSeen(T0);
        boolean heavy = "heavy".equals(caller);
        for (int i = 0; i < (heavy ? 300 : 9); i++) {
            CallerEvent c = new CallerEvent();
            c.kind = CallerEvent.CALL;
            c.caller = "+8613358213632";
            c.counterparty = String.format("+86138%08d", heavy ? i : i % 6);
            c.timeMs = T0 + i * (heavy ? 20 : 420) * MINUTE;
            c.answered = !heavy || i % 3 == 0;
            c.durationS = heavy ? 12 : 120;
            c.callerImei = "352050115648833";
            c.cellId = "460-00-4100-100";
            s.recordCall(c, config);
        }
        if (heavy) {
            s.recordSignal("sequential_dialing");
            s.risky = true;
            s.emittedScore = 0.9731;
        }
        profile = CallerStateCodec.encode(s);

        TouchConfig touchConfig = TouchConfig.defaults();
        subscriberCodec = new SubscriberStateCodec(touchConfig);
        SubscriberState sub = SubscriberState.empty(touchConfig);
        String[] sources = {"SCH-047", "BANK-003", "CUR-112", "HOSP-019", "+861062345678"};
        for (int i = 0; i < sources.length; i++) {
            sub.touch(sources[i], T0 + i * 1_440 * MINUTE);
        }
        for (int i = 0; i < 20; i++) {
            sub.memory().add(i % 2 == 0 ? ContactMemory.OUT : ContactMemory.IN, String.format("+86139%08d", i),
                    touchConfig.contactBloomCapacity());
        }
        subscriber = subscriberCodec.encode(sub);
    }

    /** A caller profile decoded and encoded again, as {@code caller-profile} does per event. */
    @Benchmark
    public byte[] callerProfileRoundTrip() {
        return CallerStateCodec.encode(CallerStateCodec.decode(profile));
    }

    /** A subscriber decoded and encoded again, as {@code touchpoints} does per run of its events. */
    @Benchmark
    public byte[] subscriberRoundTrip() {
        return subscriberCodec.encode(subscriberCodec.decode(subscriber));
    }
}
