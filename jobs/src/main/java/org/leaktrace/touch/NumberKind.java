package org.leaktrace.touch;

/** What kind of line a number is, as far as touchpoint learning cares. */
public enum NumberKind {
    /** A personal mobile line (CN: +86 1[3-9] and nine more digits). */
    MOBILE,
    /** A landline with its area code; businesses and call centres often use these. */
    FIXED_LINE,
    /** A 400/800 business hotline. */
    TOLL_FREE,
    /** A short service code such as 95588 or 10086. */
    SERVICE_CODE,
    /** A 106 SMS gateway code that businesses send notices from. */
    SMS_GATEWAY,
    /** A number of another country. */
    FOREIGN,
    /** Anything else in the home country. */
    OTHER
}
