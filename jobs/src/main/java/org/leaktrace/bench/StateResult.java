package org.leaktrace.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A timed run: its throughput, the CPU each task spent and, for the state modes, where its largest
 * checkpoint's bytes are.
 *
 * @param measurement the timed run ({@link Measurement#stateBytes()} is the largest checkpoint)
 * @param breakdown per-operator sizes of that checkpoint; null when the run took no checkpoint or
 *     none could be read
 * @param series every checkpoint read, oldest first (see {@link CheckpointSizer#series})
 * @param cpuByTask CPU seconds each task spent during the run, largest first ({@link TaskCpu})
 * @param splits the largest checkpoint, the one before the latest and the latest, split by state
 *     (heap state modes; one per checkpoint when they are the same)
 * @param splitProblems why a checkpoint kept for splitting could not be split
 */
public record StateResult(
        Measurement measurement, StateBreakdown breakdown, List<StateBreakdown> series, Map<String, Double> cpuByTask,
        List<StateSplit> splits, List<String> splitProblems) {
    private static final int SERIES_OPERATORS = 3;
    /** States below this share of a split are summed in one line. */
    private static final double SPLIT_MIN_SHARE = 0.005;

    public StateResult {
        splits = List.copyOf(splits);
        splitProblems = List.copyOf(splitProblems);
    }

    /** A run without a split by state. */
    public StateResult(Measurement measurement, StateBreakdown breakdown, List<StateBreakdown> series,
            Map<String, Double> cpuByTask) {
        this(measurement, breakdown, series, cpuByTask, List.of(), List.of());
    }

    /** The per-operator table under a heading naming the mode and the world. */
    public String text() {
        Measurement m = measurement;
        String heading = String.format(Locale.ROOT, "%s on %s: %s%n", m.mode().cliName(), m.world().label(),
                breakdown == null ? "no completed checkpoint was read"
                        : String.format(Locale.ROOT,
                                "largest checkpoint %,d bytes (%.0f B per subscriber), %,d written by it",
                                breakdown.totalBytes(), breakdown.totalBytes() / (double) m.world().subscribers(),
                                breakdown.newBytes()));
        if (breakdown == null) {
            return heading;
        }
        String text = heading + breakdown.table(m.world().subscribers());
        if (series.size() > 1) {
            text += seriesText(m.world().subscribers());
            text += runningText(m.world().subscribers());
        }
        for (StateSplit split : splits) {
            text += String.format(Locale.ROOT, "checkpoint %d by state (%skeyed state, read back from its files):%n",
                    split.checkpointId(), splitLabel(split.checkpointId()));
            text += split.table(m.world().subscribers(), (long) (SPLIT_MIN_SHARE * split.totalBytes()));
        }
        for (String problem : splitProblems) {
            text += problem + "\n";
        }
        return text;
    }

    /**
     * The checkpoint before the last one read, as what a running job holds. A bounded run's last
     * checkpoint follows the end of its input, whose final watermark fires every event-time timer
     * and closes every window (attribution's pooled evidence, the complaint gate's day of calls),
     * so it holds less than the job did while it ran; the one before it does not.
     */
    String runningText(int subscribers) {
        StateBreakdown running = series.get(series.size() - 2);
        StateBreakdown last = series.get(series.size() - 1);
        return String.format(Locale.ROOT,
                "running: checkpoint %d, %.1f B per subscriber, the last before checkpoint %d (%.1f B), which a bounded"
                        + " run takes after the end of its input, with every event-time window closed%n",
                running.checkpointId(), running.totalBytes() / (double) subscribers, last.checkpointId(),
                last.totalBytes() / (double) subscribers);
    }

    /** How a split checkpoint stands among the series: the largest, the running one, the last. */
    private String splitLabel(long checkpointId) {
        List<String> labels = new ArrayList<>();
        if (breakdown != null && breakdown.checkpointId() == checkpointId) {
            labels.add("largest");
        }
        if (series.size() > 1 && series.get(series.size() - 2).checkpointId() == checkpointId) {
            labels.add("running");
        }
        if (series.size() > 1 && series.get(series.size() - 1).checkpointId() == checkpointId) {
            labels.add("after the end of the input");
        }
        return labels.isEmpty() ? "" : String.join(", ", labels) + "; ";
    }

    /** One line per checkpoint: bytes per subscriber, and the largest operators' (listed first). */
    String seriesText(int subscribers) {
        StringBuilder b = new StringBuilder("every checkpoint read, B per subscriber (largest operators):\n");
        for (StateBreakdown c : series) {
            b.append(String.format(Locale.ROOT, "  checkpoint %3d %8.1f ", c.checkpointId(),
                    c.totalBytes() / (double) subscribers));
            String top = c.operators().stream()
                    .limit(SERIES_OPERATORS)
                    .map(o -> String.format(Locale.ROOT, "%s %.1f", o.operator(), o.totalBytes() / (double) subscribers))
                    .collect(Collectors.joining(", ", " (", ")"));
            b.append(top).append('\n');
        }
        return b.toString();
    }
}
