package org.leaktrace.bench.jmh;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.SplittableRandom;
import org.leaktrace.touch.NumberKind;
import org.leaktrace.touch.SourceKinds;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A number's kind, as the hubs and the party splitter ask for every event's numbers: China's
 * rules, and another region's by its plan's patterns, over more distinct numbers than a subtask
 * remembers (so most are typed afresh, as at national scale); and libphonenumber's own {@code
 * getNumberType}, which the patterns stand in for.
 */
public class SourceKindsBenchmark extends HotPathBenchmark {
    /** Distinct numbers, four times what a subtask remembers. */
    private static final int NUMBERS = 1 << 18;

    @Param({"CN", "GB", "US"})
    public String region;

    private SourceKinds kinds;
    private String[] numbers;
    private int i;

    @Setup
    public void numbers() throws Exception {
        kinds = SourceKinds.forRegion(region);
        SplittableRandom random = new SplittableRandom(1);
        numbers = new String[NUMBERS];
        for (int n = 0; n < NUMBERS; n++) {
            numbers[n] = switch (region) {
                case "CN" -> "+861" + (3 + random.nextInt(7)) + (100_000_000 + random.nextInt(900_000_000));
                case "GB" -> "+447" + (400_000_000 + random.nextInt(599_999_999));
                default -> "+1" + (201 + random.nextInt(698)) + (2_000_000 + random.nextInt(7_999_999));
            };
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        String example = util.format(util.getExampleNumberForType(region, PhoneNumberType.MOBILE),
                PhoneNumberUtil.PhoneNumberFormat.E164);
        if (kinds.kind(example) != NumberKind.MOBILE) {
            throw new IllegalStateException(region + ": " + example + " is not a mobile to " + kinds);
        }
    }

    @Benchmark
    public NumberKind sourceKinds() {
        return kinds.kind(numbers[i++ & (NUMBERS - 1)]);
    }

    @Benchmark
    public PhoneNumberType libphonenumberType() throws Exception {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        return util.getNumberType(util.parse(numbers[i++ & (NUMBERS - 1)], region));
    }
}
