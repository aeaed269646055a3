package org.leaktrace.bench.jmh;

import org.leaktrace.ingest.InvalidRecordException;
import org.leaktrace.ingest.PhoneNumbers;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * {@link PhoneNumbers#normalize}: Chinese mobiles in each export format (the fast path that
 * skips libphonenumber), the mixed formats of a real export (landlines, 400 lines, service and
 * 106 codes; cached after the first sight), and never-seen landlines (libphonenumber every time).
 */
public class NumberNormalizationBenchmark extends HotPathBenchmark {
    private static final String[] MOBILES = {"+8613812345678", "13812345678", "008613812345678", "8613812345678"};
    private static final String[] MIXED = {"+8613812345678", "13912345678", "01062345678", "4008123456",
        "95588", "1065502088", "+85291234567", "0755-8765 4321"};

    private int i;
    private long landline = 62_000_000L;

    @Benchmark
    public String mobileFastPath() throws InvalidRecordException {
        return PhoneNumbers.normalize(MOBILES[i++ & 3], "CN");
    }

    @Benchmark
    public String mixedFormatsCached() throws InvalidRecordException {
        return PhoneNumbers.normalize(MIXED[i++ & 7], "CN");
    }

    @Benchmark
    public String unseenLandline() throws InvalidRecordException {
        landline = landline >= 69_999_999L ? 62_000_000L : landline + 1;
        return PhoneNumbers.normalize("010" + landline, "CN");
    }
}
