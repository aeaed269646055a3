package org.leaktrace.ingest;

import org.leaktrace.schema.Organization;

/**
 * Parses a row of the contract's {@code organizations.csv} into an {@link Organization}.
 *
 * <p>The number may be a landline, a 400/800 line, a short service code or an SMS gateway code: all
 * are normalized by {@link PhoneNumbers}, which keeps service codes in canonical form. Rows from a
 * file are never tombstones ({@code deleted=false}); removals arrive as Kafka updates.
 */
public final class OrganizationRowParser implements RowParser<Organization> {

    private static final long serialVersionUID = 1L;

    /** The organizations.csv columns, in the order this parser reads them. */
    public static final String[] COLUMNS = {"org_id", "name", "category", "number"};

    private final String region;

    /**
     * @param region region assumed for numbers written without a country code
     */
    public OrganizationRowParser(String region) {
        this.region = region;
    }

    @Override
    public String[] columns() {
        return COLUMNS.clone();
    }

    @Override
    public Class<Organization> recordClass() {
        return Organization.class;
    }

    @Override
    public Organization parse(CsvRow row) throws InvalidRecordException {
        return Organization.newBuilder()
                .setOrgId(RowValues.required(row, 0, "org_id"))
                .setName(RowValues.required(row, 1, "name"))
                .setCategory(RowValues.required(row, 2, "category"))
                .setNumber(RowValues.number(RowValues.required(row, 3, "number"), "number", region))
                .setDeleted(false)
                .build();
    }
}
