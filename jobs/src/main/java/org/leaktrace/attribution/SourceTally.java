package org.leaktrace.attribution;

import java.util.List;

/**
 * A campaign's hits on one candidate source.
 *
 * @param source directory org_id, or an unregistered number (starts with '+')
 * @param victims victims whose touch with the source precedes their first call from the campaign
 * @param serviceLike how many of those hits followed the victim's last touch within the service
 *     window
 * @param firstTouchesMs the victims' first touches with the source, for dating the leak
 */
public record SourceTally(
        String source, List<String> victims, int serviceLike, long[] firstTouchesMs) {

    /** x: the number of hits. */
    public int hits() {
        return victims.size();
    }
}
