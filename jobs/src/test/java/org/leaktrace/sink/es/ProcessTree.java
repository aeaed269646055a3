package org.leaktrace.sink.es;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started.
 *
 * <p>Elasticsearch's launcher forks the node's JVM: stopping only the launcher would leave the node
 * holding its ports and data directory for the next test.
 */
final class ProcessTree {
    private ProcessTree() {}

    /** Asks the process and its descendants to stop, then forces whatever is left after 30 s. */
    static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle p : tree) {
            p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
