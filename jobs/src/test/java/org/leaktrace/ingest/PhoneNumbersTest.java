package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

class PhoneNumbersTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+8613812345678",
                "13812345678",
                "008613812345678",
                "8613812345678",
                "138 1234 5678",
                "138-1234-5678",
                "+86 138 1234 5678",
                "(+86) 138-1234-5678",
                "0086 138 1234 5678",
                "  13812345678  "
            })
    void chineseMobileFormsAreOneSubscriber(String raw) throws Exception {
        assertEquals("+8613812345678", PhoneNumbers.normalize(raw, "CN"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "010 8888 1234",
                "01088881234",
                "+861088881234",
                "(010) 8888-1234",
                "00861088881234",
                "861088881234"
            })
    void beijingLandlineForms(String raw) throws Exception {
        assertEquals("+861088881234", PhoneNumbers.normalize(raw, "CN"));
    }

    @ParameterizedTest
    @CsvSource({
        "95588, +8695588",
        "10086, +8610086",
        "12315, +8612315",
        "4008123456, +864008123456",
        "400-812-3456, +864008123456",
        "8008123456, +868008123456",
        "1069012345678, +861069012345678",
        "10690123456789012, +8610690123456789012",
        "106, +86106"
    })
    void serviceNumbersAreKeptInCanonicalForm(String raw, String expected) throws Exception {
        assertEquals(expected, PhoneNumbers.normalize(raw, "CN"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8052103404",
                "18052103404",
                "+18052103404",
                "(805) 210-3404",
                "805.210.3404",
                "1-805-210-3404",
                "+1 805 210 3404 ext. 12",
                "805-210-3404 x7"
            })
    void usForms(String raw) throws Exception {
        assertEquals("+18052103404", PhoneNumbers.normalize(raw, "US"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''|missing number",
                "'   '|missing number",
                "abc|letters in number",
                "138abc45678|letters in number",
                "12|too few digits (2, at least 3)",
                "0|too few digits (1, at least 3)",
                "1234567890123456789012345678901234567890|too many digits (40, at most 20)",
                "0000000|all zeros",
                "595953____|unexpected character '_'",
                "138*1234|unexpected character '*'",
                "138+1234|misplaced '+'",
                "31225571433128031073|too long"
            })
    void rejectsWithReason(String raw, String reason) {
        InvalidRecordException e =
                assertThrows(InvalidRecordException.class, () -> PhoneNumbers.normalize(raw, "CN"));
        assertEquals(reason, e.reason());
    }

    @Test
    void rejectsNull() {
        InvalidRecordException e =
                assertThrows(
                        InvalidRecordException.class, () -> PhoneNumbers.normalize(null, "CN"));
        assertEquals("missing number", e.reason());
    }

    @Test
    void cachedRejectionKeepsItsReason() {
        for (int i = 0; i < 3; i++) {
            InvalidRecordException e =
                    assertThrows(
                            InvalidRecordException.class,
                            () -> PhoneNumbers.normalize("13x", "CN"));
            assertEquals("letters in number", e.reason());
        }
    }

    @Test
    void unknownRegionIsAConfigurationError() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PhoneNumbers.normalize("010 8888 1234", "XX"));
    }

    @ParameterizedTest
    @CsvSource({
        "17930002656, +8617930002656",
        "17950002148, +8617950002148",
        "17916001820, +8617916001820",
        "+8617916001820, +8617916001820"
    })
    void digitsAreKeptWhereLibphonenumberWouldStripADiallingPrefix(String raw, String expected) throws Exception {
        assertEquals(expected, PhoneNumbers.normalize(raw, "CN"));
    }

    @Test
    void countryCodeWithoutPlusOnlyWhenTheWholeIsNoNationalNumber() throws Exception {
        // 86 followed by a valid number: the country code without its plus.
        assertEquals("+8613812345678", PhoneNumbers.normalize("8613812345678", "CN"));
        // A US number starting with 1 is still read nationally (1 is the trunk prefix).
        assertEquals("+12025550123", PhoneNumbers.normalize("12025550123", "US"));
    }

    @Test
    void fastPathAgreesWithLibphonenumber() throws Exception {
        Random random = new Random(20260301L);
        int checked = 0;
        for (int prefix = 130; prefix <= 199; prefix++) {
            for (int i = 0; i < 50; i++) {
                String national = prefix + String.format("%08d", random.nextInt(100_000_000));
                for (String raw :
                        new String[] {
                            national, "+86" + national, "86" + national, "0086" + national
                        }) {
                    String fast = PhoneNumbers.fastChineseMobile(raw, "CN");
                    if (prefix / 10 == 17 && prefix % 10 == 9) {
                        assertNull(fast, raw);
                        continue;
                    }
                    assertEquals(PhoneNumbers.normalizeWithLibphonenumber(raw, "CN"), fast, raw);
                    checked++;
                }
            }
        }
        assertEquals(69 * 50 * 4, checked);
    }

    @Test
    void fastPathOnlyForChina() throws Exception {
        assertNull(PhoneNumbers.fastChineseMobile("13812345678", "US"));
        assertNull(PhoneNumbers.fastChineseMobile("1381234567", "CN"));
        assertNull(PhoneNumbers.fastChineseMobile("12812345678", "CN"));
        assertNull(PhoneNumbers.fastChineseMobile("1381234567a", "CN"));
        assertEquals("+13812345678", PhoneNumbers.normalize("13812345678", "US"));
    }

    @ParameterizedTest
    @CsvSource({
        "+8613812345678, MOBILE",
        "+861088881234, FIXED_LINE",
        "+864008123456, TOLL_FREE_OR_SHARED",
        "+868008123456, TOLL_FREE_OR_SHARED",
        "+8695588, SERVICE_CODE",
        "+8610086, SERVICE_CODE",
        "+861069012345678, SERVICE_CODE",
        "+18052103404, OTHER",
        "+18002345678, TOLL_FREE_OR_SHARED"
    })
    void kinds(String e164, PhoneNumbers.Kind kind) {
        assertEquals(kind, PhoneNumbers.kind(e164));
        assertEquals(kind, PhoneNumbers.kind(e164), "cached answer");
    }

    @Test
    void kindRejectsUnnormalizedInput() {
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.kind("13812345678"));
        assertThrows(IllegalArgumentException.class, () -> PhoneNumbers.kind(""));
    }

    @Test
    void boundedCacheForgetsWhenFull() {
        BoundedCache<String, String> cache = new BoundedCache<>(2);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");
        assertEquals(1, cache.size());
        assertEquals("3", cache.get("c"));
        assertNull(cache.get("a"));
    }
}
