package org.leaktrace.campaign;

import java.util.List;

/**
 * Two campaigns found to be one: {@code absorbed} no longer exists, its callers
 * ({@code absorbedMembers}) now belong to {@code survivor}; whoever holds per-campaign data must
 * move the absorbed campaign's data into the survivor's.
 */
public record Merge(String survivor, String absorbed, List<String> absorbedMembers) {}
