package org.leaktrace.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Callers recently seen at one place (a cell) or calling one victim, with the time of the latest
 * sighting. A state value, serialized by {@link RecentCallersSerializer} (a new field goes there
 * too, with a test); parallel arrays, oldest first.
 */
@TypeInfo(RecentCallersSerializer.Factory.class)
public class RecentCallers {
    public String[] callers = new String[0];
    public long[] timesMs = new long[0];

    public RecentCallers() {}

    /** Callers seen within {@code windowMs} of {@code timeMs}, either side (rows are disordered). */
    List<String> within(long timeMs, long windowMs) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < callers.length; i++) {
            if (Math.abs(timeMs - timesMs[i]) <= windowMs) {
                result.add(callers[i]);
            }
        }
        return result;
    }

    /** Records a sighting, keeping the {@code cap} most recent callers. */
    void record(String caller, long timeMs, int cap) {
        List<String> names = new ArrayList<>(List.of(callers));
        List<Long> times = new ArrayList<>();
        for (long t : timesMs) {
            times.add(t);
        }
        int existing = names.indexOf(caller);
        if (existing >= 0) {
            timeMs = Math.max(timeMs, times.get(existing));
            names.remove(existing);
            times.remove(existing);
        }
        int at = 0;
        while (at < times.size() && times.get(at) <= timeMs) {
            at++;
        }
        names.add(at, caller);
        times.add(at, timeMs);
        while (names.size() > cap) {
            names.remove(0);
            times.remove(0);
        }
        set(names, times);
    }

    /** Drops the callers matching {@code drop}; true if any remain. */
    boolean removeIf(Predicate<String> drop) {
        List<String> names = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < callers.length; i++) {
            if (!drop.test(callers[i])) {
                names.add(callers[i]);
                times.add(timesMs[i]);
            }
        }
        set(names, times);
        return !names.isEmpty();
    }

    private void set(List<String> names, List<Long> times) {
        callers = names.toArray(new String[0]);
        timesMs = times.stream().mapToLong(Long::longValue).toArray();
    }
}
