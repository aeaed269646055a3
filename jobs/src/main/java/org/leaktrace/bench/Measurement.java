package org.leaktrace.bench;

/**
 * One timed run of one mode over one world.
 *
 * @param mode what was run
 * @param world the world it ran over
 * @param records records read (calls and complaints parsed successfully)
 * @param seconds the job's net runtime as the JobManager reports it (deployment to finish; the
 *     MiniCluster's own start-up and the client-side directory read are not included)
 * @param cores cores of the machine (the job runs with one slot per core)
 * @param alerts alert lines written (0 for the floor)
 * @param stateBytes size of the largest completed checkpoint seen during the run, or -1 when the
 *     mode takes no checkpoints
 * @param load the machine's one-minute load average when the run started (the machine is shared,
 *     so figures taken under load are slower), or -1 where the platform has none
 * @param cpuSeconds CPU time this JVM spent during the run (every thread: Flink's tasks, the
 *     MiniCluster's start-up, GC, the embedded broker in the Kafka modes), or -1 where the platform
 *     does not report it. On a shared machine this is the fairer cost: it does not grow with other
 *     processes' load the way wall-clock time does
 */
public record Measurement(
        BenchMode mode, WorldInfo world, long records, double seconds, int cores, long alerts, long stateBytes,
        double load, double cpuSeconds) {

    public Measurement {
        if (records < 0 || seconds < 0 || cores < 1) {
            throw new IllegalArgumentException("records and seconds must be >= 0, cores >= 1");
        }
    }

    /** Records per second, all cores together (0 for a run that took no time). */
    public double recordsPerSecond() {
        return seconds > 0 ? records / seconds : 0;
    }

    public double recordsPerSecondPerCore() {
        return recordsPerSecond() / cores;
    }

    /** Records per CPU-second: what one dedicated core would do; NaN when CPU time is unknown. */
    public double recordsPerCpuSecond() {
        return cpuSeconds > 0 ? records / cpuSeconds : Double.NaN;
    }

    /** Microseconds of wall clock per record (0 for a run that read nothing). */
    public double microsPerRecord() {
        return records > 0 ? seconds * 1e6 / records : 0;
    }

    /**
     * How many times longer than the floor this run took per record; NaN when there is no floor
     * (or it read nothing).
     */
    public double ratioTo(Measurement floor) {
        if (floor == null || floor.microsPerRecord() <= 0) {
            return Double.NaN;
        }
        return microsPerRecord() / floor.microsPerRecord();
    }

    /** Checkpointed state bytes per subscriber, or NaN when no checkpoint was measured. */
    public double stateBytesPerSubscriber() {
        return stateBytes < 0 ? Double.NaN : stateBytes / (double) world.subscribers();
    }
}
