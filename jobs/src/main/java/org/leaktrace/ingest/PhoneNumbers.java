package org.leaktrace.ingest;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Normalizes numbers as exported by operators to E.164, and classifies normalized numbers.
 *
 * <p>Every stage compares numbers as strings, so the same subscriber must always come out as the
 * same string whatever the export wrote: {@code +8613812345678}, {@code 13812345678}, {@code
 * 008613812345678} and {@code 8613812345678} are one number. Numbers that parse but are not valid
 * subscriber numbers (short codes such as {@code 95588}, SMS gateway codes such as {@code
 * 1069012345678}) are kept in their canonical {@code +<country><digits>} form: they are exactly the
 * business senders the correlator looks for, so dropping them would blind it.
 *
 * <p>The class is a static utility: libphonenumber's {@link PhoneNumberUtil} is a JVM-wide
 * singleton and the caches are static, so Flink functions that call it capture nothing that needs
 * serializing. The dominant form, a Chinese mobile number, takes a fast path that never touches
 * libphonenumber; everything else goes through libphonenumber once and is then cached.
 */
public final class PhoneNumbers {

    /**
     * What kind of line a normalized number is; the touchpoint stage uses it to spot businesses.
     */
    public enum Kind {
        /** A valid mobile subscriber number. */
        MOBILE,
        /** A valid landline. */
        FIXED_LINE,
        /** Toll-free, shared-cost, premium-rate or universal access numbers (CN 400/800 lines). */
        TOLL_FREE_OR_SHARED,
        /** Parses, but is not a valid subscriber number: short codes, SMS gateway codes. */
        SERVICE_CODE,
        /**
         * Valid, but of another or ambiguous type (VoIP, personal, pager, and the North American
         * numbers libphonenumber cannot tell apart as fixed line or mobile), or not a number.
         */
        OTHER
    }

    /** Fewer digits than this is never a number, not even a short code. */
    static final int MIN_DIGITS = 3;

    /** More digits than this is garbage (E.164 allows 15; SMS gateway codes reach about 20). */
    static final int MAX_DIGITS = 20;

    private static final int CACHE_CAPACITY = 100_000;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    /** A trailing extension, which E.164 has no place for and which names the same line. */
    private static final Pattern EXTENSION =
            Pattern.compile("(?i)\\s*(?:ext\\.?|extension|x|#)\\s*\\d{1,7}\\s*$");

    private static final BoundedCache<String, Object> NORMALIZED =
            new BoundedCache<>(CACHE_CAPACITY);
    private static final BoundedCache<String, Kind> KINDS = new BoundedCache<>(CACHE_CAPACITY);

    private PhoneNumbers() {}

    /**
     * Normalizes a number as exported to E.164, or the canonical {@code +<country><digits>} form
     * for service numbers.
     *
     * @param raw the number as written in the export: any of the usual national or international
     *     forms, with spaces, dashes, dots, slashes or parentheses, and an optional extension
     *     (dropped)
     * @param region ISO 3166 region (e.g. {@code CN}, {@code US}) assumed for numbers written
     *     without a country code
     * @return the normalized number
     * @throws InvalidRecordException if the number is missing, contains letters or other characters
     *     that no number contains, has fewer than 3 or more than 20 digits, is all zeros, or
     *     libphonenumber cannot parse it
     * @throws IllegalArgumentException if {@code region} is not a region libphonenumber knows
     */
    public static String normalize(String raw, String region) throws InvalidRecordException {
        if (raw == null) {
            throw new InvalidRecordException("missing number");
        }
        String fast = fastChineseMobile(raw, region);
        if (fast != null) {
            return fast;
        }
        String key = region + '|' + raw;
        Object cached = NORMALIZED.get(key);
        if (cached instanceof String e164) {
            return e164;
        }
        if (cached instanceof Rejected rejected) {
            throw new InvalidRecordException(rejected.reason());
        }
        try {
            String e164 = normalizeWithLibphonenumber(raw, region);
            NORMALIZED.put(key, e164);
            return e164;
        } catch (InvalidRecordException e) {
            NORMALIZED.put(key, new Rejected(e.reason()));
            throw e;
        }
    }

    /**
     * {@code region} in upper case, checked once where it is configured.
     *
     * <p>An unknown region is not an error of any one number: every number without a country code
     * would fail with it, and a run would turn its whole input into dead letters.
     *
     * @throws IllegalArgumentException if libphonenumber does not know the region
     */
    public static String region(String region) {
        String upper = region == null ? "" : region.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(upper)) {
            throw new IllegalArgumentException("unknown region '" + region
                    + "': an ISO 3166 two-letter code libphonenumber knows, e.g. CN, HK, US, GB");
        }
        return upper;
    }

    /**
     * Classifies a number produced by {@link #normalize}.
     *
     * @throws IllegalArgumentException if {@code e164} does not start with {@code +}
     */
    public static Kind kind(String e164) {
        if (e164 == null || e164.isEmpty() || e164.charAt(0) != '+') {
            throw new IllegalArgumentException("not a normalized number: " + e164);
        }
        Kind cached = KINDS.get(e164);
        if (cached != null) {
            return cached;
        }
        Kind kind = classify(e164);
        KINDS.put(e164, kind);
        return kind;
    }

    /**
     * The fast path: Chinese mobile numbers in the four forms exports use most, recognized by shape
     * alone. Prefix 179 is left to libphonenumber because {@code 179xx} is also a carrier (IP
     * dialling) prefix that libphonenumber strips, and the fast path must agree with it.
     *
     * @return the E.164 form, or null if the fast path does not apply
     */
    static String fastChineseMobile(String raw, String region) {
        if (!"CN".equals(region) && !"cn".equals(region)) {
            return null;
        }
        switch (raw.length()) {
            case 11:
                return isChineseMobile(raw, 0) ? "+86" + raw : null;
            case 13:
                return raw.startsWith("86") && isChineseMobile(raw, 2) ? "+" + raw : null;
            case 14:
                return raw.startsWith("+86") && isChineseMobile(raw, 3) ? raw : null;
            case 15:
                return raw.startsWith("0086") && isChineseMobile(raw, 4)
                        ? "+" + raw.substring(2)
                        : null;
            default:
                return null;
        }
    }

    /** {@code 1[3-9]\d{9}} at {@code from} up to the end of {@code s}, except prefix 179. */
    private static boolean isChineseMobile(String s, int from) {
        if (s.length() - from != 11 || s.charAt(from) != '1') {
            return false;
        }
        char second = s.charAt(from + 1);
        if (second < '3' || second > '9') {
            return false;
        }
        if (second == '7' && s.charAt(from + 2) == '9') {
            return false;
        }
        for (int i = from + 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The general path, uncached: character checks, then libphonenumber. */
    static String normalizeWithLibphonenumber(String raw, String region)
            throws InvalidRecordException {
        String regionCode = checkRegion(region);
        String text = EXTENSION.matcher(raw.strip()).replaceFirst("");
        String digits = digitsOf(text);
        boolean international = hasInternationalPrefix(text, digits);
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(text, regionCode);
        } catch (NumberParseException e) {
            if (international || e.getErrorType() == NumberParseException.ErrorType.TOO_LONG
                    || e.getErrorType() == NumberParseException.ErrorType.NOT_A_NUMBER) {
                throw new InvalidRecordException(describe(e.getErrorType()));
            }
            return canonicalNational(digits, regionCode);
        }
        if (international) {
            return UTIL.format(parsed, PhoneNumberFormat.E164);
        }
        parsed = countryCodeWithoutPlus(digits, regionCode, parsed);
        String e164 = UTIL.format(parsed, PhoneNumberFormat.E164);
        if (!UTIL.isValidNumber(parsed) && !keepsDigits(e164, digits, regionCode)) {
            return canonicalNational(digits, regionCode);
        }
        return e164;
    }

    /**
     * The canonical form of national digits libphonenumber cannot take as written.
     *
     * <p>libphonenumber strips what it takes for carrier or IP-dialling prefixes ({@code 179xx},
     * {@code 12593}) and then turns an ordinary-looking 11-digit number into something shorter
     * or even foreign ({@code 17916001820} into {@code +1820}). An export's digits are the
     * operator's record of the number, so they are kept: country code, then the digits without
     * the trunk prefix.
     */
    private static String canonicalNational(String digits, String regionCode) {
        String trunk = UTIL.getNddPrefixForRegion(regionCode, true);
        String national = trunk != null && !trunk.isEmpty() && digits.startsWith(trunk) && digits.length() > trunk.length()
                ? digits.substring(trunk.length())
                : digits;
        return "+" + UTIL.getCountryCodeForRegion(regionCode) + national;
    }

    /** Whether libphonenumber's reading still consists of the digits as written (no prefix was stripped). */
    private static boolean keepsDigits(String e164, String digits, String regionCode) {
        String country = Integer.toString(UTIL.getCountryCodeForRegion(regionCode));
        return e164.equals(canonicalNational(digits, regionCode))
                || e164.equals("+" + digits) && digits.startsWith(country);
    }

    /**
     * Checks the characters and digit count of a number and returns its digits.
     *
     * <p>libphonenumber is lenient by design (it finds a number inside {@code "call 555-1234 now"}
     * and ignores trailing junk), which would quietly turn masked exports such as {@code
     * 595953____} into someone else's number; here every character must belong to a number.
     */
    private static String digitsOf(String text) throws InvalidRecordException {
        if (text.isEmpty()) {
            throw new InvalidRecordException("missing number");
        }
        StringBuilder digits = new StringBuilder(text.length());
        boolean seenDigit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
                seenDigit = true;
            } else if (c == '+') {
                if (seenDigit || text.indexOf('+', i + 1) >= 0) {
                    throw new InvalidRecordException("misplaced '+'");
                }
            } else if (!isSeparator(c)) {
                throw new InvalidRecordException(
                        Character.isLetter(c)
                                ? "letters in number"
                                : "unexpected character '" + c + "'");
            }
        }
        int count = digits.length();
        if (count < MIN_DIGITS) {
            throw new InvalidRecordException(
                    "too few digits (" + count + ", at least " + MIN_DIGITS + ")");
        }
        if (count > MAX_DIGITS) {
            throw new InvalidRecordException(
                    "too many digits (" + count + ", at most " + MAX_DIGITS + ")");
        }
        if (digits.chars().allMatch(c -> c == '0')) {
            throw new InvalidRecordException("all zeros");
        }
        return digits.toString();
    }

    /** Whether {@code c} is one of the characters a number may be written with between its digits. */
    public static boolean isSeparator(char c) {
        return c == ' '
                || c == '-'
                || c == '('
                || c == ')'
                || c == '.'
                || c == '/'
                || c == '\t'
                || c == '\u00a0';
    }

    private static String describe(NumberParseException.ErrorType type) {
        switch (type) {
            case INVALID_COUNTRY_CODE:
                return "unknown country code";
            case TOO_SHORT_AFTER_IDD:
                return "too short after the international prefix";
            case TOO_SHORT_NSN:
                return "too short";
            case TOO_LONG:
                return "too long";
            case NOT_A_NUMBER:
            default:
                return "not a phone number";
        }
    }

    /** Whether the number already says it is international: a plus or a 00 prefix. */
    private static boolean hasInternationalPrefix(String text, String digits) {
        return text.indexOf('+') >= 0 || digits.startsWith("00");
    }

    /**
     * Reads {@code 8613812345678} as {@code +86 13812345678}: exports drop the plus but keep the
     * country code. Applied only when the whole is not a valid national number and the rest is a
     * valid number of the region, so a national number that happens to start with the country
     * code's digits is never rewritten.
     */
    private static PhoneNumber countryCodeWithoutPlus(
            String digits, String regionCode, PhoneNumber national) {
        int countryCode = UTIL.getCountryCodeForRegion(regionCode);
        // Cheap test first: validation is the expensive part of libphonenumber.
        if (!digits.startsWith(Integer.toString(countryCode)) || UTIL.isValidNumber(national)) {
            return national;
        }
        try {
            PhoneNumber international = UTIL.parse("+" + digits, regionCode);
            if (international.getCountryCode() == countryCode
                    && UTIL.isValidNumber(international)) {
                return international;
            }
        } catch (NumberParseException e) {
            // Not a number with the country code in front either; the national reading stands.
        }
        return national;
    }

    private static Kind classify(String e164) {
        PhoneNumber number;
        try {
            number = UTIL.parse(e164, "ZZ");
        } catch (NumberParseException e) {
            return Kind.OTHER;
        }
        if (!UTIL.isValidNumber(number)) {
            return Kind.SERVICE_CODE;
        }
        switch (UTIL.getNumberType(number)) {
            case MOBILE:
                return Kind.MOBILE;
            case FIXED_LINE:
                return Kind.FIXED_LINE;
            case TOLL_FREE:
            case SHARED_COST:
            case PREMIUM_RATE:
            case UAN:
                return Kind.TOLL_FREE_OR_SHARED;
            default:
                return Kind.OTHER;
        }
    }

    private static String checkRegion(String region) {
        if (region == null) {
            throw new IllegalArgumentException("region is required");
        }
        String upper = region.toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(upper)) {
            throw new IllegalArgumentException("unknown region: " + region);
        }
        return upper;
    }

    /** A cached rejection, kept apart from cached results (both would otherwise be strings). */
    private record Rejected(String reason) {}
}
