package org.leaktrace.touch;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leaktrace.pipeline.RecentMap;

/**
 * Which unregistered numbers count as sources of touchpoints, from their shape alone.
 *
 * <p>The directory never lists every business number. A subscriber who calls a landline, a 400
 * hotline or a service code, or who receives an SMS from a 106 gateway, has most likely dealt
 * with a business, so the number itself becomes the source key. Mobiles are people. This is a
 * small home-country classifier (China by default) kept here so touchpoint learning does not
 * depend on the ingest stage. China's rules are written out ({@link #defaults()}); another region
 * takes the number types of libphonenumber's plan for it ({@link #forRegion}), so a replay with
 * {@code --region GB} learns touchpoints from unlisted British landlines and 0800 lines instead of
 * from none.
 *
 * <p>Not thread-safe: {@link #kind} reuses one matcher when the mobile pattern is not made of
 * digit classes alone ({@link DigitPattern}). Each subtask deserializes its own copy.
 */
public final class SourceKinds implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Kinds that are sources in every region: landlines, toll-free lines, service codes, gateways. */
    private static final Set<NumberKind> SOURCES = Set.of(
            NumberKind.FIXED_LINE, NumberKind.TOLL_FREE, NumberKind.SERVICE_CODE, NumberKind.SMS_GATEWAY);
    /** Kinds whose SMS touch the recipient in every region: service codes and gateways. */
    private static final Set<NumberKind> SENDERS = Set.of(NumberKind.SERVICE_CODE, NumberKind.SMS_GATEWAY);
    /** Numbers whose type by the plan's patterns a subtask remembers. */
    private static final int TYPED_NUMBERS = 65_536;

    private final String countryCode;
    private final String mobileRegex;
    private final EnumSet<NumberKind> sourceKinds;
    private final EnumSet<NumberKind> senderKinds;
    /** The region whose plan's patterns type numbers, or null for the rules written here. */
    private final String typedRegion;
    /** The plan's national number patterns: people's lines, landlines, business lines ("" if none). */
    private final String planMobile;
    private final String planFixed;
    private final String planBusiness;
    private transient Matcher mobile;
    private transient Map<String, NumberKind> typed;
    private transient Matcher[] planMatchers;
    private transient DigitPattern mobileDigits;
    private transient boolean mobileCompiled;

    /**
     * @param countryCode home country calling code without '+', e.g. "86"
     * @param mobileRegex national significant number of a personal mobile, e.g. "1[3-9]\\d{9}"
     * @param sourceKinds kinds a subscriber touches by calling or texting them
     * @param senderKinds unregistered kinds whose SMS touch the recipient (gateways, service codes)
     */
    public SourceKinds(
            String countryCode, String mobileRegex, Set<NumberKind> sourceKinds, Set<NumberKind> senderKinds) {
        this.countryCode = countryCode;
        this.mobileRegex = mobileRegex;
        this.sourceKinds = sourceKinds.isEmpty() ? EnumSet.noneOf(NumberKind.class) : EnumSet.copyOf(sourceKinds);
        this.senderKinds = senderKinds.isEmpty() ? EnumSet.noneOf(NumberKind.class) : EnumSet.copyOf(senderKinds);
        this.typedRegion = null;
        this.planMobile = "";
        this.planFixed = "";
        this.planBusiness = "";
        Pattern.compile(mobileRegex);
    }

    private SourceKinds(String region, int countryCode, PhoneMetadata plan) {
        this.countryCode = Integer.toString(countryCode);
        this.mobileRegex = "";
        this.sourceKinds = EnumSet.copyOf(SOURCES);
        this.senderKinds = EnumSet.copyOf(SENDERS);
        this.typedRegion = region;
        this.planMobile = anyOf(plan.getMobile(), plan.getPersonalNumber(), plan.getPager());
        this.planFixed = anyOf(plan.getFixedLine());
        this.planBusiness = anyOf(plan.getTollFree(), plan.getSharedCost(), plan.getUan(), plan.getPremiumRate());
    }

    /** One regex matching any of the descriptions' national numbers; "" if none has a pattern. */
    private static String anyOf(PhoneNumberDesc... descs) {
        StringBuilder any = new StringBuilder();
        for (PhoneNumberDesc d : descs) {
            if (d != null && d.hasNationalNumberPattern() && !d.getNationalNumberPattern().isEmpty()) {
                any.append(any.length() == 0 ? "" : "|").append("(?:").append(d.getNationalNumberPattern()).append(')');
            }
        }
        return any.toString();
    }

    /**
     * The kinds for {@code region}'s operators: China's rules for CN; elsewhere each number's type
     * by the national number patterns of libphonenumber's plan for the region (mobiles, and lines
     * that may be either, are people; landlines, toll-free, shared-cost and premium lines are
     * sources; 3 to 6 digits are service codes).
     *
     * <p>Where a plan does not tell mobiles from landlines (the US, Canada), every such number is
     * taken for a person: only the directory names businesses there.
     *
     * @throws IllegalArgumentException if libphonenumber does not know the region
     */
    public static SourceKinds forRegion(String region) {
        if ("CN".equals(region)) {
            return defaults();
        }
        int countryCode = PhoneNumberUtil.getInstance().getCountryCodeForRegion(region);
        PhoneMetadata plan = countryCode == 0 ? null : DefaultMetadataDependenciesProvider.getInstance()
                .getPhoneNumberMetadataSource().getMetadataForRegion(region);
        if (plan == null) {
            throw new IllegalArgumentException("unknown region '" + region + "'");
        }
        return new SourceKinds(region, countryCode, plan);
    }

    /**
     * China: mobiles are +86 1[3-9]xxxxxxxxx; landlines, 400/800, service codes and 106 gateways
     * are sources; service codes and 106 gateways texting a subscriber touch it.
     */
    public static SourceKinds defaults() {
        return new SourceKinds("86", "1[3-9]\\d{9}", SOURCES, SENDERS);
    }

    /**
     * The kind of an E.164 (or canonical service-code) number.
     *
     * <p>Read in place, without copying the national part: every call asks it of both parties,
     * more than once (hubs, the party splitter).
     */
    public NumberKind kind(String e164) {
        int start = 1 + countryCode.length();
        if (e164 == null || !e164.startsWith("+") || !e164.startsWith(countryCode, 1)) {
            return NumberKind.FOREIGN;
        }
        int length = e164.length() - start;
        if (length == 0) {
            return NumberKind.OTHER;
        }
        for (int i = start; i < e164.length(); i++) {
            if (!Character.isDigit(e164.charAt(i))) {
                return NumberKind.OTHER;
            }
        }
        if (typedRegion != null) {
            return typedKind(e164, start, length);
        }
        if (isMobile(e164, start)) {
            return NumberKind.MOBILE;
        }
        if (e164.startsWith("106", start) && length != 10) {
            return NumberKind.SMS_GATEWAY;
        }
        if ((e164.startsWith("400", start) || e164.startsWith("800", start)) && length == 10) {
            return NumberKind.TOLL_FREE;
        }
        if (length >= 3 && length <= 6) {
            return NumberKind.SERVICE_CODE;
        }
        boolean areaCode = e164.charAt(start) >= '2' || e164.startsWith("10", start);
        if (areaCode && length >= 9 && length <= 11) {
            return NumberKind.FIXED_LINE;
        }
        return NumberKind.OTHER;
    }

    /**
     * The type of a home-country number by the plan's patterns, as libphonenumber's {@code
     * getNumberType} would give it, remembered, since the hubs and the party splitter ask for every
     * event's numbers. libphonenumber's parse and type take 6 to 8 µs a number, the patterns 0.4 to
     * 0.5 µs a number not remembered, China's rules 0.03 µs (JMH {@code SourceKindsBenchmark},
     * BENCHMARKS.md).
     */
    private NumberKind typedKind(String e164, int start, int length) {
        if (typed == null) {
            typed = new RecentMap<>(TYPED_NUMBERS);
            planMatchers = new Matcher[] {matcher(planBusiness), matcher(planMobile), matcher(planFixed)};
        }
        NumberKind known = typed.get(e164);
        if (known != null) {
            return known;
        }
        NumberKind kind;
        if (matches(planMatchers[0], e164, start)) {
            kind = NumberKind.TOLL_FREE;
        } else if (matches(planMatchers[1], e164, start)) {
            kind = NumberKind.MOBILE;
        } else if (matches(planMatchers[2], e164, start)) {
            kind = NumberKind.FIXED_LINE;
        } else if (length >= 3 && length <= 6) {
            kind = NumberKind.SERVICE_CODE;
        } else {
            kind = NumberKind.OTHER;
        }
        typed.put(e164, kind);
        return kind;
    }

    private static Matcher matcher(String regex) {
        return regex.isEmpty() ? null : Pattern.compile(regex).matcher("");
    }

    private static boolean matches(Matcher m, String e164, int start) {
        return m != null && m.reset(e164).region(start, e164.length()).matches();
    }

    /** Whether contacting this unregistered number makes it a touchpoint source. */
    public boolean isSource(String e164) {
        return sourceKinds.contains(kind(e164));
    }

    /** Whether an SMS from this unregistered number touches its recipient. */
    public boolean isSender(String e164) {
        return senderKinds.contains(kind(e164));
    }

    public String countryCode() {
        return countryCode;
    }

    public String mobileRegex() {
        return mobileRegex;
    }

    public Set<NumberKind> sourceKinds() {
        return EnumSet.copyOf(sourceKinds);
    }

    public Set<NumberKind> senderKinds() {
        return senderKinds.isEmpty() ? EnumSet.noneOf(NumberKind.class) : EnumSet.copyOf(senderKinds);
    }

    /** Whether the national number from {@code start} is a mobile: by {@link DigitPattern} when the regex allows. */
    private boolean isMobile(String e164, int start) {
        if (!mobileCompiled) {
            mobileDigits = DigitPattern.compile(mobileRegex);
            mobileCompiled = true;
        }
        if (mobileDigits != null) {
            return mobileDigits.matches(e164, start);
        }
        return mobileMatcher().reset(e164).region(start, e164.length()).matches();
    }

    /**
     * One matcher, reset for each number: a new one per number allocated its group arrays, and
     * the hubs and the party splitter ask for kinds on every event (1.6 % of a replay's samples).
     * Like the operators that hold it, an instance serves one thread; Flink gives each subtask its
     * own copy.
     */
    private Matcher mobileMatcher() {
        if (mobile == null) {
            mobile = Pattern.compile(mobileRegex).matcher("");
        }
        return mobile;
    }

    @Override
    public String toString() {
        return "SourceKinds[+" + countryCode
                + (typedRegion != null ? ", libphonenumber types of " + typedRegion : ", mobile=" + mobileRegex)
                + ", sources=" + sourceKinds + ", senders=" + senderKinds + "]";
    }
}
