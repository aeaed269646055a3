package org.leaktrace.touch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.leaktrace.schema.CallRecord;
import org.leaktrace.schema.CallType;
import org.leaktrace.schema.Organization;

/**
 * Splits each call into the views of the subscribers it tells something about.
 *
 * <p>A call to a source is a touch of the caller; a call or SMS from a directory number (or an SMS
 * from an unregistered gateway) is a touch of the callee; anything else, and a call to an
 * unlisted landline besides its touch, is person-to-person or cold contact, seen once by the
 * callee (to be enriched with its touches) and once by the caller (to learn its contacts). The
 * directory is broadcast state seeded from the directory known at start, so a replay classifies
 * calls the same way whatever the interleaving of the update stream; a tombstone in broadcast
 * state overrides the seed.
 */
public final class PartySplitter extends BroadcastProcessFunction<CallRecord, Organization, PartyEvent> {
    private static final long serialVersionUID = 1L;

    /** Broadcast directory: number to its organization record (tombstones kept, they override the seed). */
    public static final MapStateDescriptor<String, Organization> DIRECTORY =
            new MapStateDescriptor<>("directory", Types.STRING, TypeInformation.of(Organization.class));

    private final HashMap<String, String> initialDirectory;
    private final SourceKinds sourceKinds;

    public PartySplitter(List<Organization> initialDirectory, SourceKinds sourceKinds) {
        this.initialDirectory = new HashMap<>();
        for (Organization org : initialDirectory) {
            if (org.getDeleted()) {
                this.initialDirectory.remove(org.getNumber());
            } else {
                this.initialDirectory.put(org.getNumber(), org.getOrgId());
            }
        }
        this.sourceKinds = sourceKinds;
    }

    @Override
    public void processElement(CallRecord call, ReadOnlyContext ctx, Collector<PartyEvent> out) throws Exception {
        ReadOnlyBroadcastState<String, Organization> directory = ctx.getBroadcastState(DIRECTORY);
        String callerOrg = orgOf(directory, call.getCaller());
        String calleeOrg = orgOf(directory, call.getCallee());
        split(call, callerOrg, calleeOrg, sourceKinds, out);
    }

    @Override
    public void processBroadcastElement(Organization org, Context ctx, Collector<PartyEvent> out) throws Exception {
        BroadcastState<String, Organization> directory = ctx.getBroadcastState(DIRECTORY);
        directory.put(org.getNumber(), org);
    }

    private String orgOf(ReadOnlyBroadcastState<String, Organization> directory, String number) throws Exception {
        Organization org = directory.get(number);
        if (org != null) {
            return org.getDeleted() ? null : org.getOrgId();
        }
        return initialDirectory.get(number);
    }

    /**
     * The party events of one call, given the organizations (or null) of its two numbers.
     *
     * <p>Both touches can happen at once (an organization calling another one); only calls that
     * touch no source are person-to-person.
     */
    public static void split(
            CallRecord call, String callerOrg, String calleeOrg, SourceKinds kinds, Collector<PartyEvent> out) {
        String caller = call.getCaller();
        String callee = call.getCallee();
        long time = call.getStartTime().toEpochMilli();
        boolean sms = call.getType() == CallType.SMS;
        String calleeSource = calleeOrg != null ? calleeOrg : (kinds.isSource(callee) ? callee : null);
        String callerSource = callerOrg != null ? callerOrg : (sms && kinds.isSender(caller) ? caller : null);
        if (calleeSource != null) {
            out.collect(PartyEvent.touch(PartyEvent.TOUCH_OUT, caller, calleeSource, time));
        }
        if (callerSource != null) {
            out.collect(PartyEvent.touch(PartyEvent.TOUCH_IN, callee, callerSource, time));
        }
        // An unlisted landline may be a household as well as a business: a call to it touches the
        // caller's source and is also a contact of whoever answers it. A leaked list holds home
        // landlines too, and a dialer working a list in number order reaches them first.
        boolean calleeMayBePerson = calleeSource == null
                || (calleeOrg == null && kinds.kind(callee) == NumberKind.FIXED_LINE);
        if (calleeMayBePerson && callerSource == null) {
            PartyEvent calleeView = new PartyEvent();
            calleeView.kind = PartyEvent.CALLEE;
            calleeView.subscriber = callee;
            calleeView.counterparty = caller;
            calleeView.timeMs = time;
            calleeView.recordId = call.getRecordId();
            calleeView.sms = sms;
            calleeView.durationS = call.getDurationS();
            calleeView.answered = call.getAnswered();
            calleeView.callerImei = call.getCallerImei();
            calleeView.cellId = call.getCellId();
            out.collect(calleeView);
            PartyEvent callerView = PartyEvent.touch(PartyEvent.CALLER, caller, callee, time);
            callerView.sms = sms;
            callerView.durationS = call.getDurationS();
            callerView.answered = call.getAnswered();
            out.collect(callerView);
        }
    }

    /** The seed directory as number to org id (for tests and diagnostics). */
    Map<String, String> initialDirectory() {
        return initialDirectory;
    }
}
