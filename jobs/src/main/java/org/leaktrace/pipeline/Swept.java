package org.leaktrace.pipeline;

import java.util.List;
import org.apache.flink.api.common.state.StateDescriptor;

/**
 * A keyed function whose time-to-live states are swept by its operator ({@link
 * SweptKeyedProcessOperator}) rather than cleaned on every access ({@link StateSweep}).
 */
public interface Swept {
    /** The value and list states to sweep, as the function registered them in {@code open}. */
    List<StateDescriptor<?, ?>> sweptStates();
}
