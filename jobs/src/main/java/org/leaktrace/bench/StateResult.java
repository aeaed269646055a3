package org.leaktrace.bench;

import java.util.Locale;

/**
 * A replay measured with checkpoints: its throughput and where its largest checkpoint's bytes are.
 *
 * @param measurement the timed run ({@link Measurement#stateBytes()} is the largest checkpoint)
 * @param breakdown per-operator sizes of that checkpoint; null when the run took no checkpoint or
 *     none could be read
 */
public record StateResult(Measurement measurement, StateBreakdown breakdown) {

    /** The per-operator table under a heading naming the mode and the world. */
    public String text() {
        Measurement m = measurement;
        String heading = String.format(Locale.ROOT, "%s on %s: %s%n", m.mode().cliName(), m.world().label(),
                breakdown == null ? "no completed checkpoint was read"
                        : String.format(Locale.ROOT,
                                "largest checkpoint %,d bytes (%.0f B per subscriber), %,d written by it",
                                breakdown.totalBytes(), breakdown.totalBytes() / (double) m.world().subscribers(),
                                breakdown.newBytes()));
        return breakdown == null ? heading : heading + breakdown.table(m.world().subscribers());
    }
}
