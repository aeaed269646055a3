package org.leaktrace.touch;

import java.util.Arrays;

/**
 * A regular expression made only of digit classes with counts, such as {@code 1[3-9]\d{9}},
 * matched without {@code java.util.regex}.
 *
 * <p>The hubs and the party splitter ask whether a number is a mobile for every party of every
 * call; the regex engine did that in 2.5 % of a replay's CPU samples. Such a pattern matches
 * strings of one length only, so a match is a length check and one table lookup per digit. What
 * is understood: a digit, {@code \d}, a class of digits and digit ranges ({@code [3-9]},
 * {@code [0135-7]}), each optionally followed by a count ({@code {9}}). {@link #compile} gives
 * null for anything else, and the caller keeps the regex.
 */
final class DigitPattern {
    private static final int ANY_DIGIT = 0x3FF;
    /** Longest pattern taken: longer than any phone number. */
    private static final int MAX_LENGTH = 64;

    /** Per position, bit d set when ASCII digit d may stand there. */
    private final short[] allowed;

    private DigitPattern(short[] allowed) {
        this.allowed = allowed;
    }

    /** The pattern of {@code regex}, or null when it is not made of digit classes with counts. */
    static DigitPattern compile(String regex) {
        short[] allowed = new short[MAX_LENGTH];
        int length = 0;
        int i = 0;
        while (i < regex.length()) {
            int mask;
            char c = regex.charAt(i);
            if (isDigit(c)) {
                mask = 1 << (c - '0');
                i++;
            } else if (c == '\\' && i + 1 < regex.length() && regex.charAt(i + 1) == 'd') {
                mask = ANY_DIGIT;
                i += 2;
            } else if (c == '[') {
                int close = regex.indexOf(']', i);
                mask = close < 0 ? 0 : classMask(regex, i + 1, close);
                if (mask == 0) {
                    return null;
                }
                i = close + 1;
            } else {
                return null;
            }
            int count = 1;
            if (i < regex.length() && regex.charAt(i) == '{') {
                int close = regex.indexOf('}', i);
                count = close < 0 ? -1 : parseCount(regex, i + 1, close);
                if (count < 0) {
                    return null;
                }
                i = close + 1;
            }
            if (length + count > MAX_LENGTH) {
                return null;
            }
            for (int k = 0; k < count; k++) {
                allowed[length++] = (short) mask;
            }
        }
        return length == 0 ? null : new DigitPattern(Arrays.copyOf(allowed, length));
    }

    /** Whether {@code s} from {@code start} to its end matches the whole pattern. */
    boolean matches(String s, int start) {
        if (s.length() - start != allowed.length) {
            return false;
        }
        for (int p = 0; p < allowed.length; p++) {
            int d = s.charAt(start + p) - '0';
            if (d < 0 || d > 9 || (allowed[p] & (1 << d)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Digits and ranges of digits between {@code from} and {@code to}; 0 when anything else is there. */
    private static int classMask(String regex, int from, int to) {
        int mask = 0;
        int i = from;
        while (i < to) {
            char low = regex.charAt(i);
            if (!isDigit(low)) {
                return 0;
            }
            char high = low;
            if (i + 2 < to && regex.charAt(i + 1) == '-') {
                high = regex.charAt(i + 2);
                if (!isDigit(high) || high < low) {
                    return 0;
                }
                i += 3;
            } else {
                i++;
            }
            for (char d = low; d <= high; d++) {
                mask |= 1 << (d - '0');
            }
        }
        return mask;
    }

    /** A count of one or two digits between braces, or -1. */
    private static int parseCount(String regex, int from, int to) {
        if (to - from < 1 || to - from > 2) {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!isDigit(regex.charAt(i))) {
                return -1;
            }
            n = n * 10 + regex.charAt(i) - '0';
        }
        return n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
