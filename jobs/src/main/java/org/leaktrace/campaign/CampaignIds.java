package org.leaktrace.campaign;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable, short identifiers derived from what they identify, so replays give the same ids. */
public final class CampaignIds {
    private static final int SHORT_HASH_BYTES = 6;

    private CampaignIds() {}

    /** The id of a campaign founded by {@code founder}: {@code "cmp-"} + 12 hex digits. */
    public static String forFounder(String founder) {
        return "cmp-" + shortHash(founder);
    }

    /** The first 12 hex digits of SHA-256 of the UTF-8 text. */
    public static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, SHORT_HASH_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
