package org.leaktrace.kafka;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Lifts a record's watermark strategy to the {@link Decoded} stream of a Kafka source.
 *
 * <p>Records get the record strategy's timestamps and drive its generator (with its idleness), per
 * partition; dead letters keep the Kafka timestamp and are invisible to the generator, so a burst
 * of garbage neither advances nor holds back event time.
 */
public final class DecodedWatermarks {
    private DecodedWatermarks() {}

    public static <T> WatermarkStrategy<Decoded<T>> of(WatermarkStrategy<T> records) {
        return new Lifted<>(records);
    }

    private static final class Lifted<T> implements WatermarkStrategy<Decoded<T>> {
        private static final long serialVersionUID = 1L;
        private final WatermarkStrategy<T> records;

        Lifted(WatermarkStrategy<T> records) {
            this.records = records;
        }

        @Override
        public WatermarkGenerator<Decoded<T>> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
            WatermarkGenerator<T> inner = records.createWatermarkGenerator(context);
            return new WatermarkGenerator<>() {
                @Override
                public void onEvent(Decoded<T> event, long eventTimestamp, WatermarkOutput output) {
                    if (event.isRecord()) {
                        inner.onEvent(event.record, eventTimestamp, output);
                    }
                }

                @Override
                public void onPeriodicEmit(WatermarkOutput output) {
                    inner.onPeriodicEmit(output);
                }
            };
        }

        @Override
        public TimestampAssigner<Decoded<T>> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
            TimestampAssigner<T> inner = records.createTimestampAssigner(context);
            return (event, recordTimestamp) ->
                    event.isRecord() ? inner.extractTimestamp(event.record, recordTimestamp) : recordTimestamp;
        }
    }
}
