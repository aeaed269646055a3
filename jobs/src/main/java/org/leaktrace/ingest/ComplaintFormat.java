package org.leaktrace.ingest;

import org.leaktrace.schema.Complaint;

import java.util.Locale;

/** Which layout a complaints file has; chosen on the command line. */
public enum ComplaintFormat {
    /** The contract's complaints.csv. */
    CONTRACT("contract"),
    /** The US FTC Do Not Call reported-calls CSV. */
    FTC_DNC("ftc-dnc");

    private final String cliName;

    ComplaintFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line ({@code contract}, {@code ftc-dnc}). */
    public String cliName() {
        return cliName;
    }

    /**
     * Parses a command-line value, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ComplaintFormat fromCli(String value) {
        if (value != null) {
            String lower = value.strip().toLowerCase(Locale.ROOT);
            for (ComplaintFormat format : values()) {
                if (format.cliName.equals(lower)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException(
                "unknown complaints format '" + value + "', expected contract or ftc-dnc");
    }

    /** The row parser for this layout. */
    RowParser<Complaint> parser(String region) {
        return this == FTC_DNC ? new FtcDncRowParser() : new ComplaintRowParser(region);
    }
}
