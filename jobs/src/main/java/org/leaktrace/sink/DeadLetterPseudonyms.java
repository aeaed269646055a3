package org.leaktrace.sink;

import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;
import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.ingest.PhoneNumbers;
import org.leaktrace.schema.DeadLetter;

/**
 * Replaces the numbers in a call record's or complaint's dead letter by their keyed pseudonyms.
 *
 * <p>A dead letter is an output like an alert, and the row it keeps is a call between
 * subscribers: its callee, and its caller when a victim calls a hotline, are the numbers the
 * contract says never appear in clear. Which field holds them is not known once a row could not
 * be read (a wrong column count shifts every field), so the rule is on the text itself: digits,
 * in groups joined by the separators numbers are written with (those {@link PhoneNumbers} reads,
 * and dashes and underscores), {@value #MIN_DIGITS} or more in all, become {@code pseudonym:} and the HMAC of
 * the number. A number that normalizes gets the pseudonym the alerts give the same victim, so an
 * analyst can tell whether a rejected row was about a victim without seeing either. What stays:
 * digits after a Latin letter in a file's row or a reason (record ids such as {@code
 * CDR0000002226} or {@code CDR-42}; in a Kafka message's rendering a length byte may print as a
 * letter, so there they go too), dates ({@code 2026-01-05}, {@code 05/01/2026}), times,
 * durations, reasons' words, unreadable values such as {@code not-a-number}, and a rendering's
 * {@code \xNN} escapes, which are read as one byte each so that a Kafka message's length byte
 * does not run into the number after it. So the reason and the line still say what to fix. A
 * Kafka message's original bytes are dropped: the partition and offset find them in the input
 * topic, under that topic's access control.
 */
public final class DeadLetterPseudonyms implements MapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Prefix of a pseudonym written in place of a number. */
    public static final String PREFIX = "pseudonym:";
    /** Digits of the shortest number taken for a subscriber's: a landline without its area code. */
    public static final int MIN_DIGITS = 7;
    private static final Pattern DATE =
            Pattern.compile("\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]\\d{4}");

    private final Pseudonymizer pseudonymizer;
    private final String region;

    /**
     * @param pseudonymizer the key the alerts' pseudonyms are made with
     * @param region region of numbers written without a country code, as the input was read
     */
    public DeadLetterPseudonyms(Pseudonymizer pseudonymizer, String region) {
        this.pseudonymizer = pseudonymizer;
        this.region = region;
    }

    @Override
    public DeadLetter map(DeadLetter d) {
        // A Kafka message's rendering has no words: a printable length byte ("R" before a string of
        // 41 characters) is glued to the number after it.
        boolean fileRow = d.getLine() != null;
        return DeadLetter.newBuilder(d)
                .setReason(redact(d.getReason(), true))
                .setRaw(redact(d.getRaw(), fileRow))
                .setRawBytes(null)
                .build();
    }

    /**
     * {@code text} with its numbers replaced.
     *
     * @param words whether digits after a Latin letter are an id's and kept
     */
    String redact(String text, boolean words) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int i = 0;
        int afterEscape = -1;
        while (i < text.length()) {
            if (isEscape(text, i)) {
                out.append(text, i, i + 4);
                i += 4;
                afterEscape = i;
                continue;
            }
            char c = text.charAt(i);
            boolean plus = c == '+' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1));
            if (!Character.isDigit(c) && !plus) {
                out.append(c);
                i++;
                continue;
            }
            int end = numberEnd(text, i);
            String number = text.substring(i, end);
            // An escape's last hex digit may be a letter ("\\x1c+86..."): not an id's.
            boolean id = words && i != afterEscape && afterLatinLetter(text, i);
            if (digits(number) >= MIN_DIGITS && !id && !DATE.matcher(number).matches()
                    && !text.startsWith(" bytes)", end)) {
                out.append(pseudonym(number));
            } else {
                out.append(number);
            }
            i = end;
        }
        return out.toString();
    }

    /**
     * Where the number starting at {@code start} ends: after its last digit group, the groups
     * joined by one separator, or two when one of them is a space or a parenthesis ({@code ") "}),
     * so that {@code 1970..2100} is two numbers and {@code (0086) 138 1234 5678} one.
     */
    private static int numberEnd(String text, int start) {
        int i = start + (text.charAt(start) == '+' ? 1 : 0);
        int end = i;
        while (true) {
            while (i < text.length() && Character.isDigit(text.charAt(i))) {
                i++;
            }
            end = i;
            int gap = i;
            while (gap < text.length() && gap - i < 2 && isSeparator(text.charAt(gap)) && !isEscape(text, gap)) {
                gap++;
            }
            boolean joined = gap > i && gap < text.length() && Character.isDigit(text.charAt(gap))
                    && (gap - i == 1 || isSpaceOrParenthesis(text.charAt(i))
                            || isSpaceOrParenthesis(text.charAt(i + 1)));
            if (!joined) {
                return end;
            }
            i = gap;
        }
    }

    /** A Latin letter just before, or before one dash or underscore: an id's digits. */
    private static boolean afterLatinLetter(String text, int start) {
        int before = start - 1;
        if (before >= 0 && (text.charAt(before) == '-' || text.charAt(before) == '_')) {
            before--;
        }
        if (before < 0) {
            return false;
        }
        char c = text.charAt(before);
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** {@code \xNN} as {@link org.leaktrace.kafka.PrintableBytes} writes a byte. */
    private static boolean isEscape(String text, int at) {
        return at + 3 < text.length() && text.charAt(at) == '\\' && text.charAt(at + 1) == 'x'
                && Character.digit(text.charAt(at + 2), 16) >= 0 && Character.digit(text.charAt(at + 3), 16) >= 0;
    }

    /**
     * The separators {@link PhoneNumbers} reads numbers with, and those a number it rejected may
     * still be written with: underscores and the Unicode dashes.
     */
    private static boolean isSeparator(char c) {
        return PhoneNumbers.isSeparator(c) || c == '_' || (c >= '\u2010' && c <= '\u2014');
    }

    private static boolean isSpaceOrParenthesis(char c) {
        return c == ' ' || c == '\u00a0' || c == '(' || c == ')';
    }

    private static int digits(String number) {
        int n = 0;
        for (int i = 0; i < number.length(); i++) {
            if (Character.isDigit(number.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@link #PREFIX} and the pseudonym of {@code number}'s digits (and plus), normalized when
     * they can be: however it was written, a number gets one pseudonym.
     */
    String pseudonym(String number) {
        StringBuilder digits = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (Character.isDigit(c) || (c == '+' && digits.length() == 0)) {
                digits.append(c);
            }
        }
        String named;
        try {
            named = PhoneNumbers.normalize(digits.toString(), region);
        } catch (InvalidRecordException | IllegalArgumentException e) {
            named = digits.toString();
        }
        return PREFIX + pseudonymizer.pseudonym(named);
    }
}
