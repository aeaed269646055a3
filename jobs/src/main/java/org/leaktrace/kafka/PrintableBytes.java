package org.leaktrace.kafka;

/**
 * Renders message bytes as printable text for a dead letter's {@code raw} field.
 *
 * <p>Printable ASCII stays as it is, so a CSV line or JSON pushed onto the wrong topic reads
 * plainly; every other byte becomes {@code \xNN}. Long messages are cut: the partition and
 * offset find the whole message in the input topic. The job writes the rendering with its numbers
 * as pseudonyms ({@code DeadLetterPseudonyms}).
 */
public final class PrintableBytes {
    /** Bytes rendered at most; the rest is summarized by its length. */
    public static final int MAX_BYTES = 1024;

    private PrintableBytes() {}

    public static String render(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        int n = Math.min(bytes.length, MAX_BYTES);
        StringBuilder out = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\\') {
                out.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        if (bytes.length > n) {
            out.append("... (").append(bytes.length).append(" bytes)");
        }
        return out.toString();
    }
}
