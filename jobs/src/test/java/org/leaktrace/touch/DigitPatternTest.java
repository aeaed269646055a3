package org.leaktrace.touch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigitPatternTest {
    /** Strings near the pattern's length, mostly digits, some of them not ASCII: what the regex says, it says. */
    @ParameterizedTest
    @ValueSource(strings = {"1[3-9]\\d{9}", "\\d{10}", "7[0-9]{2}\\d{7}", "[6-9]\\d{9}", "4[0135-7]8{0}\\d{3}",
        "0", "[0-2][0-2]{2}\\d{2}"})
    void matchesWhatTheRegexMatches(String regex) {
        DigitPattern digits = DigitPattern.compile(regex);
        assertNotNull(digits, regex);
        Pattern pattern = Pattern.compile(regex);
        Random random = new Random(regex.hashCode());
        String alphabet = "0123456789013456789x+\u0663";
        int matched = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder("+86");
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(random.nextInt(8) == 0 ? alphabet.length() : 10)));
            }
            if (random.nextBoolean() && length > 0) {
                sb.setCharAt(3, regex.charAt(0) == '[' || regex.charAt(0) == '\\' ? '1' : regex.charAt(0));
            }
            String s = sb.toString();
            boolean expected = pattern.matcher(s).region(3, s.length()).matches();
            assertEquals(expected, digits.matches(s, 3), regex + " on " + s);
            matched += expected ? 1 : 0;
        }
        assertTrue(matched > 100, regex + " matched " + matched + " of 200,000: too few to tell");
    }

    /** Anything but digit classes with counts is left to the regex. */
    @ParameterizedTest
    @ValueSource(strings = {"", "1[3-9]\\d+", "1[3-9]\\d*", "1[^0]\\d{9}", "(13|15)\\d{9}", "1[3-9]\\d{9}$",
        "^1\\d{10}", "1[3-]\\d{9}", "1[9-3]\\d{9}", "1\\d{9,10}", "1\\d{123}", "1.\\d{9}", "1[3-9\\d{9}",
        "1\\w{9}", "\\d{40}\\d{40}"})
    void otherShapesAreNotTaken(String regex) {
        assertNull(DigitPattern.compile(regex), regex);
    }
}
