package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ComplaintFormatTest {

    @Test
    void parsesCommandLineNames() {
        assertEquals(ComplaintFormat.CONTRACT, ComplaintFormat.fromCli("contract"));
        assertEquals(ComplaintFormat.FTC_DNC, ComplaintFormat.fromCli("ftc-dnc"));
        assertEquals(ComplaintFormat.FTC_DNC, ComplaintFormat.fromCli(" FTC-DNC "));
    }

    @Test
    void rejectsUnknownNames() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ComplaintFormat.fromCli("ftc"));
        assertEquals(
                "unknown complaints format 'ftc', expected contract or ftc-dnc", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ComplaintFormat.fromCli(null));
    }

    @Test
    void eachFormatHasItsParser() {
        assertInstanceOf(ComplaintRowParser.class, ComplaintFormat.CONTRACT.parser("CN"));
        assertInstanceOf(FtcDncRowParser.class, ComplaintFormat.FTC_DNC.parser("CN"));
        assertEquals("ftc-dnc", ComplaintFormat.FTC_DNC.cliName());
    }
}
