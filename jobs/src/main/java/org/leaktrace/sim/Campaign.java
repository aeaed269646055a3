package org.leaktrace.sim;

import java.util.Arrays;
import java.util.List;

/**
 * A scam or spam operation working through bought lists: its numbers, devices, targets and the
 * times of every call and text it made inside the observed period.
 */
final class Campaign {

    /** How its numbers present themselves to the network. */
    enum DeviceStyle { SIM_BOX, DEVICE_PER_NUMBER, NO_IMEI }

    /** In which order it dials its targets. */
    enum DialOrder { SHUFFLED, SEQUENTIAL }

    final String campaignId;
    final List<Leak> leaks;
    final int[] callers;
    final DeviceStyle deviceStyle;
    final DialOrder order;
    final String sharedImei;
    final double paddingFraction;
    final int[] targets;
    final int listTargets;
    final ComplaintCategory complaintCategory;
    int[] eventTimes = new int[64];
    int events;
    int calls;
    int texts;
    int complaints;
    int answered;

    Campaign(String campaignId, List<Leak> leaks, int[] callers, DeviceStyle deviceStyle, DialOrder order,
            String sharedImei, double paddingFraction, int[] targets, int listTargets,
            ComplaintCategory complaintCategory) {
        this.campaignId = campaignId;
        this.leaks = leaks;
        this.callers = callers;
        this.deviceStyle = deviceStyle;
        this.order = order;
        this.sharedImei = sharedImei;
        this.paddingFraction = paddingFraction;
        this.targets = targets;
        this.listTargets = listTargets;
        this.complaintCategory = complaintCategory;
    }

    void recordEvent(int t, boolean sms) {
        if (events == eventTimes.length) {
            eventTimes = Arrays.copyOf(eventTimes, events * 2);
        }
        eventTimes[events++] = t;
        if (sms) {
            texts++;
        } else {
            calls++;
        }
    }

    int[] sortedEventTimes() {
        int[] copy = Arrays.copyOf(eventTimes, events);
        Arrays.sort(copy);
        return copy;
    }
}
