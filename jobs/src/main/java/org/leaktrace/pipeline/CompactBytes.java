package org.leaktrace.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Small lossless encodings shared by the per-number state codecs: zig-zag varints, identifiers
 * with a numeric tail, and bitmaps that are stored sparsely while few of their bits are set.
 *
 * <p>Every number that calls anyone keeps a profile and, until it is judged, its recent cold
 * contacts, and every subscriber its touches and contact memory; most of their bytes were
 * fixed-width counters and times, digit strings (numbers, IMEIs, record ids) written as text,
 * and Bloom filters with a handful of bits set.
 */
public final class CompactBytes {
    private static final int NULL_TEXT = 0;
    private static final int PLAIN_TEXT = 1;
    /** Longest numeric tail written as a number: 18 digits always fit in a long. */
    private static final int MAX_TAIL_DIGITS = 18;
    /** The chars of a packed text, one per half byte: digits and what separates them in numbers and cell ids. */
    private static final byte[] PACKED_SYMBOLS = "0123456789+-.:/_".getBytes(StandardCharsets.US_ASCII);
    /** Each ASCII char's half byte in a packed text, -1 for a char that has none. */
    private static final byte[] PACKED_CODES = new byte[128];
    /** Longest packed text: its tag, {@code 2n + 1}, stays within two bytes. */
    private static final int MAX_PACKED_CHARS = 1_000;

    static {
        Arrays.fill(PACKED_CODES, (byte) -1);
        for (int i = 0; i < PACKED_SYMBOLS.length; i++) {
            PACKED_CODES[PACKED_SYMBOLS[i]] = (byte) i;
        }
    }

    private CompactBytes() {}

    /**
     * Writes {@code v} as a zig-zag varint ({@link Varints#writeSigned}): small magnitudes,
     * positive or negative, take few bytes.
     */
    public static void writeLong(DataOutputView out, long v) throws IOException {
        Varints.writeSigned(out, v);
    }

    /** Reads a value written by {@link #writeLong}. */
    public static long readLong(DataInputView in) throws IOException {
        return Varints.readSigned(in);
    }

    public static void writeInt(DataOutputView out, int v) throws IOException {
        writeLong(out, v);
    }

    public static int readInt(DataInputView in) throws IOException {
        long v = readLong(in);
        if (v != (int) v) {
            throw new IOException("varint out of int range: " + v);
        }
        return (int) v;
    }

    /**
     * Writes a nullable string. One made only of digits and {@code +-.:/_} (a number, an IMEI, a
     * cell id such as {@code 460-00-4114-70}) is packed two chars a byte after its length; one
     * made of a digit-free prefix and a tail of 1 to 18 ASCII digits ({@code CDR0000000001},
     * {@code HLT-009}) is written as the prefix, the tail's length and its value; anything else as
     * UTF-8.
     */
    public static void writeText(DataOutputView out, String s) throws IOException {
        if (s == null) {
            writeInt(out, NULL_TEXT);
            return;
        }
        if (packable(s)) {
            writePacked(out, s);
            return;
        }
        int tail = numericTailStart(s);
        int digits = s.length() - tail;
        if (tail < 0 || digits > MAX_TAIL_DIGITS) {
            writeInt(out, PLAIN_TEXT);
            // Not writeUTF: it refuses strings over 64 kB, and a record id is whatever the feed
            // sent (a fuzzed 200 kB one stopped the job).
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            Varints.writeUnsigned(out, utf8.length);
            out.write(utf8);
            return;
        }
        writeInt(out, 2 * digits);
        writeChars(out, s, tail);
        Varints.writeUnsigned(out, Long.parseLong(s, tail, s.length(), 10));
    }

    /** Whether every char of {@code s} has a half byte, and it is neither empty nor too long to pack. */
    private static boolean packable(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_PACKED_CHARS) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= PACKED_CODES.length || PACKED_CODES[c] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Tag {@code 2n + 1}, then the n chars' half bytes, high half first, the last low half 0 if n is odd. */
    private static void writePacked(DataOutputView out, String s) throws IOException {
        int n = s.length();
        writeInt(out, 2 * n + 1);
        for (int i = 0; i < n; i += 2) {
            int high = PACKED_CODES[s.charAt(i)];
            int low = i + 1 < n ? PACKED_CODES[s.charAt(i + 1)] : 0;
            out.writeByte(high << 4 | low);
        }
    }

    /** Writes a nullable array of texts: its length plus one (0 for null), then each {@link #writeText}. */
    public static void writeTexts(DataOutputView out, String[] texts, int max) throws IOException {
        Varints.writeLength(out, texts == null ? -1 : texts.length, max);
        if (texts != null) {
            for (String s : texts) {
                writeText(out, s);
            }
        }
    }

    /** Reads texts written by {@link #writeTexts}; an IOException for more than {@code max}. */
    public static String[] readTexts(DataInputView in, int max) throws IOException {
        int n = Varints.readLength(in, max);
        if (n < 0) {
            return null;
        }
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = readText(in);
        }
        return texts;
    }

    /** Reads a string written by {@link #writeText}. */
    public static String readText(DataInputView in) throws IOException {
        int tag = readInt(in);
        if (tag == NULL_TEXT) {
            return null;
        }
        if (tag > PLAIN_TEXT && tag % 2 != 0) {
            return readPacked(in, tag / 2);
        }
        if (tag == PLAIN_TEXT) {
            byte[] utf8 = new byte[Varints.readCount(in, Integer.MAX_VALUE, "text bytes")];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
        int digits = tag / 2;
        if (tag % 2 != 0 || digits < 1 || digits > MAX_TAIL_DIGITS) {
            throw new IOException("bad text tag " + tag);
        }
        int prefix = Varints.readCount(in, Integer.MAX_VALUE - 8 - digits, "text prefix chars");
        // One byte per char, as every number, IMEI and id here is: the text is built in one
        // array and kept in the JDK's one-byte form (a builder and the tail's own string cost
        // the state codecs a third of their time).
        int length = prefix + digits;
        byte[] text = ByteText.scratch(length);
        for (int i = 0; i < prefix; i++) {
            long c = Varints.readUnsigned(in);
            if (c > 0xFF || c < 0) {
                return readWideText(in, text, i, c, prefix, digits);
            }
            text[i] = (byte) c;
        }
        writeTail(text, prefix, digits, Varints.readUnsigned(in));
        return new String(text, 0, length, StandardCharsets.ISO_8859_1);
    }

    private static String readPacked(DataInputView in, int n) throws IOException {
        if (n > MAX_PACKED_CHARS) {
            throw new IOException("packed text of " + n + " chars");
        }
        byte[] text = ByteText.scratch(n);
        for (int i = 0; i < n; i += 2) {
            int b = in.readUnsignedByte();
            text[i] = PACKED_SYMBOLS[b >>> 4];
            if (i + 1 < n) {
                text[i + 1] = PACKED_SYMBOLS[b & 0xF];
            } else if ((b & 0xF) != 0) {
                throw new IOException("packed text of " + n + " chars with a char after its end");
            }
        }
        return new String(text, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The rest of a text whose prefix has a char beyond one byte at {@code at}. */
    private static String readWideText(DataInputView in, byte[] start, int at, long c, int prefix, int digits)
            throws IOException {
        StringBuilder sb = new StringBuilder(prefix + digits);
        for (int i = 0; i < at; i++) {
            sb.append((char) (start[i] & 0xFF));
        }
        for (int i = at; i < prefix; i++) {
            if (i > at) {
                c = Varints.readUnsigned(in);
            }
            if (c > Character.MAX_VALUE || c < 0) {
                throw new IOException("not a char: " + c);
            }
            sb.append((char) c);
        }
        byte[] tail = new byte[digits];
        writeTail(tail, 0, digits, Varints.readUnsigned(in));
        return sb.append(new String(tail, StandardCharsets.ISO_8859_1)).toString();
    }

    /**
     * Writes {@code value} as {@code digits} ASCII digits, zero-padded, from {@code from}.
     *
     * @throws IOException if it is negative or has more digits, as only corrupt input would
     */
    static void writeTail(byte[] text, int from, int digits, long value) throws IOException {
        long rest = value;
        for (int i = from + digits - 1; i >= from; i--) {
            text[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        if (value < 0 || rest != 0) {
            throw new IOException("numeric tail " + Long.toUnsignedString(value) + " longer than " + digits + " digits");
        }
    }

    /** The first {@code n} chars of {@code s}, each as a varint of its code: one byte per ASCII char. */
    private static void writeChars(DataOutputView out, String s, int n) throws IOException {
        Varints.writeUnsigned(out, n);
        for (int i = 0; i < n; i++) {
            Varints.writeUnsigned(out, s.charAt(i));
        }
    }

    /** Where the ASCII-digit tail of {@code s} starts, or -1 if it has none or digits before it. */
    private static int numericTailStart(String s) {
        int tail = s.length();
        while (tail > 0 && isDigit(s.charAt(tail - 1))) {
            tail--;
        }
        if (tail == s.length()) {
            return -1;
        }
        for (int i = 0; i < tail; i++) {
            if (isDigit(s.charAt(i))) {
                return -1;
            }
        }
        return tail;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Writes a nullable bitmap: dense, or as the gaps between its set bits when that is shorter.
     * A caller's Bloom filter of recent callees has two bits per callee of 512, so a few callees
     * take a few bytes instead of 64.
     */
    public static void writeBits(DataOutputView out, long[] words) throws IOException {
        if (words == null) {
            writeInt(out, -1);
            return;
        }
        int set = 0;
        int sparseSize = 0;
        int previous = -1;
        for (int i = 0; i < words.length; i++) {
            for (long w = words[i]; w != 0; w &= w - 1) {
                int bit = i * 64 + Long.numberOfTrailingZeros(w);
                sparseSize += intSize(bit - previous - 1);
                previous = bit;
                set++;
            }
        }
        sparseSize += intSize(set);
        if (sparseSize >= 8 * words.length) {
            writeInt(out, 2 * words.length);
            for (long w : words) {
                out.writeLong(w);
            }
            return;
        }
        writeInt(out, 2 * words.length + 1);
        writeInt(out, set);
        previous = -1;
        for (int i = 0; i < words.length; i++) {
            for (long w = words[i]; w != 0; w &= w - 1) {
                int bit = i * 64 + Long.numberOfTrailingZeros(w);
                writeInt(out, bit - previous - 1);
                previous = bit;
            }
        }
    }

    /** Bytes {@link #writeInt} takes for {@code v}. */
    public static int intSize(int v) {
        int z = (v << 1) ^ (v >> 31);
        int bytes = 1;
        while ((z & ~0x7F) != 0) {
            z >>>= 7;
            bytes++;
        }
        return bytes;
    }

    /** Reads a bitmap written by {@link #writeBits}. */
    public static long[] readBits(DataInputView in) throws IOException {
        int tag = readInt(in);
        if (tag < 0) {
            return null;
        }
        long[] words = new long[tag / 2];
        if (tag % 2 == 0) {
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readLong();
            }
            return words;
        }
        int set = readInt(in);
        int bit = -1;
        for (int i = 0; i < set; i++) {
            bit += readInt(in) + 1;
            if (bit < 0 || bit >= words.length * 64) {
                throw new IOException("bit " + bit + " outside a bitmap of " + words.length + " words");
            }
            words[bit >>> 6] |= 1L << (bit & 63);
        }
        return words;
    }
}
