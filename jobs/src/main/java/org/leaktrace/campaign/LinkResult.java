package org.leaktrace.campaign;

import java.util.List;

/** A caller's campaign after an observation, and the merges the observation caused, in order. */
public record LinkResult(String campaignId, List<Merge> merges) {}
