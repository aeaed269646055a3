package org.leaktrace.job;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Typed bounded streams with no elements, for inputs a run does not have.
 *
 * <p>{@code env.fromData} of an empty collection fails at run time in Flink 2.2 (its generator
 * still asks for one element), so an absent input is a one-element sequence that is filtered out:
 * the stream finishes at once and its watermark moves to the end of time.
 */
final class EmptyStreams {
    private EmptyStreams() {}

    static <T> DataStream<T> of(StreamExecutionEnvironment env, TypeInformation<T> type, String name) {
        return env.fromSequence(0, 0).name(name)
                .filter(ignored -> false).name("empty")
                .map(ignored -> (T) null).returns(type).name("typed");
    }
}
