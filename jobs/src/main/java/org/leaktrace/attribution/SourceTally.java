package org.leaktrace.attribution;

/**
 * A campaign's hits on one candidate source, as tested.
 *
 * @param source directory org_id, or an unregistered number (starts with '+')
 * @param hits x, victims whose touch with the source precedes their first call from the campaign
 * @param serviceLike how many of those hits followed the victim's last touch within the service
 *     window
 */
public record SourceTally(String source, int hits, int serviceLike) {}
