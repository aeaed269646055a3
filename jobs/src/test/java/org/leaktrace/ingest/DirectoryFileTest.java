package org.leaktrace.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leaktrace.schema.DeadLetter;
import org.leaktrace.schema.Organization;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

class DirectoryFileTest {

    /** A directory with one row per kind of number and one bad row, written as CSV. */
    private static String directoryCsv() {
        return String.join(
                "\n",
                "org_id,name,category,number",
                "SCH-047,Haidian No. 3 Primary School,SCHOOL,010 8888 1234",
                "BNK-001,\"Merchants Bank, Beijing\",BANK,95588",
                "BNK-001,\"Merchants Bank, Beijing\",BANK,4008123456",
                "CUR-002,Swift Courier,COURIER,not a number",
                "RET-003,Mall SMS,RETAIL,1069012345678",
                "");
    }

    private static Organization org(String id, String name, String category, String number) {
        return Organization.newBuilder()
                .setOrgId(id)
                .setName(name)
                .setCategory(category)
                .setNumber(number)
                .setDeleted(false)
                .build();
    }

    private static void assertDirectory(DirectoryLoad load, String fileName) {
        assertEquals(
                List.of(
                        org("SCH-047", "Haidian No. 3 Primary School", "SCHOOL", "+861088881234"),
                        org("BNK-001", "Merchants Bank, Beijing", "BANK", "+8695588"),
                        org("BNK-001", "Merchants Bank, Beijing", "BANK", "+864008123456"),
                        org("RET-003", "Mall SMS", "RETAIL", "+861069012345678")),
                load.organizations());
        assertEquals(
                List.of(
                        DeadLetter.newBuilder()
                                .setSource(fileName)
                                .setLine(5L)
                                .setReason(
                                        "unparseable number in number: 'not a number' (letters in"
                                            + " number)")
                                .setRaw("CUR-002,Swift Courier,COURIER,not a number")
                                .build()),
                load.deadLetters());
    }

    @Test
    void readsPlainFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("organizations.csv");
        Files.writeString(file, directoryCsv(), StandardCharsets.UTF_8);
        assertDirectory(DirectoryFile.read(file.toString(), "CN"), "organizations.csv");
    }

    @Test
    void readsGzipFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("organizations.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(directoryCsv().getBytes(StandardCharsets.UTF_8));
        }
        assertDirectory(DirectoryFile.read(file.toString(), "CN"), "organizations.csv.gz");
    }

    @Test
    void missingFileIsAnError(@TempDir Path dir) {
        assertThrows(
                IOException.class,
                () -> DirectoryFile.read(dir.resolve("nope.csv").toString(), "CN"));
    }
}
