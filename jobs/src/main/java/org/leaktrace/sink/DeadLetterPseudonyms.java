package org.leaktrace.sink;

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
 * be read (a wrong column count shifts every field), so the rule is on the text itself: a field of
 * number characters alone (digits, {@code + - . / ( )} and spaces) with at least
 * {@value #MIN_DIGITS} digits, and any run of that many digits not glued to a word, becomes {@code
 * pseudonym:} and the HMAC of the number. A number that normalizes gets the pseudonym the alerts
 * give the same victim, so an analyst can tell whether a rejected row was about a victim without
 * seeing either. Record ids after letters ({@code CDR0000002226}), times, durations, reasons'
 * words and unreadable values such as {@code not-a-number} stay as they were: the reason and the
 * line still say what to fix. A Kafka message's rendering ({@code \x16} before a number's digits)
 * has its digit runs replaced wherever they are, and its original bytes are dropped: the
 * partition and offset find them in the input topic, under that topic's access control.
 */
public final class DeadLetterPseudonyms implements MapFunction<DeadLetter, DeadLetter> {
    private static final long serialVersionUID = 1L;

    /** Prefix of a pseudonym written in place of a number. */
    public static final String PREFIX = "pseudonym:";
    /** Digits of the shortest number taken for a subscriber's: a landline without its area code. */
    public static final int MIN_DIGITS = 7;

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
     * @param words whether digits glued to a letter before them are part of a word (an id) and
     *     kept; false for a rendering of bytes, where a length byte's hex precedes a number
     */
    String redact(String text, boolean words) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 64);
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || isDelimiter(text.charAt(i))) {
                field(text, start, i, words, out);
                if (i < text.length()) {
                    out.append(text.charAt(i));
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    /** Appends {@code text[from, to)}: whole if a number, else with its long digit runs replaced. */
    private void field(String text, int from, int to, boolean words, StringBuilder out) {
        int first = from;
        int last = to;
        while (first < last && text.charAt(first) == ' ') {
            first++;
        }
        while (last > first && text.charAt(last - 1) == ' ') {
            last--;
        }
        if (isNumberShaped(text, first, last)) {
            out.append(text, from, first).append(pseudonym(text.substring(first, last))).append(text, last, to);
            return;
        }
        int i = from;
        while (i < to) {
            int run = i;
            if (text.charAt(run) == '+') {
                run++;
            }
            int end = run;
            while (end < to && Character.isDigit(text.charAt(end))) {
                end++;
            }
            boolean glued = words && i > from && Character.isLetter(text.charAt(i - 1));
            if (end - run >= MIN_DIGITS && !glued) {
                out.append(pseudonym(text.substring(i, end)));
                i = end;
            } else if (end > i) {
                out.append(text, i, end);
                i = end;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
    }

    /**
     * Number characters alone, enough digits, and not a date ({@code 2026-01-05}), which has
     * eight digits and dashes too.
     */
    private static boolean isNumberShaped(String text, int from, int to) {
        int digits = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                digits++;
            } else if ("+-./() ".indexOf(c) < 0) {
                return false;
            }
        }
        return digits >= MIN_DIGITS && !text.substring(from, to).matches("\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}");
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == ';' || c == '\t' || c == '"' || c == '\'' || c == '|';
    }

    /** {@link #PREFIX} and the pseudonym of {@code number}, normalized when it can be. */
    String pseudonym(String number) {
        String named;
        try {
            named = PhoneNumbers.normalize(number, region);
        } catch (InvalidRecordException | IllegalArgumentException e) {
            named = number;
        }
        return PREFIX + pseudonymizer.pseudonym(named);
    }
}
