package org.leaktrace.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Nullable strings for the hand-written record serializers: one byte per char where every char
 * fits in a byte, Flink's string form otherwise.
 *
 * <p>The records between the keyed stages are mostly numbers, IMEIs and record ids. Flink's
 * {@code StringSerializer} writes each char as a varint and reads it back char by char into a
 * thread-local buffer before the string is built; here a string of single-byte chars is copied
 * in bulk through the thread's own array each way, and the JDK keeps it in that form. Any other
 * string goes in Flink's form, which keeps every UTF-16 unit, lone surrogates too, as Flink's
 * serializer and copies do.
 *
 * <p>Layout: an unsigned varint tag, 0 for null, {@code 2n + 1} for n chars of one byte each
 * (ISO-8859-1) and then those bytes, 2 for a string in {@link StringValue}'s form.
 */
public final class ByteText {
    private static final long NULL = 0;
    private static final long FLINK_FORM = 2;
    /** Longer one-byte texts than this are corrupt input; the JVM's arrays end just above it. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;
    /** Texts up to this long pass through the thread's own array; numbers, IMEIs and ids all do. */
    static final int SCRATCH_BYTES = 256;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private ByteText() {}

    /** Writes {@code s}, which may be null. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, no array
    public static void write(DataOutputView out, String s) throws IOException {
        if (s == null) {
            Varints.writeUnsigned(out, NULL);
            return;
        }
        int n = s.length();
        if (!oneBytePerChar(s, n)) {
            Varints.writeUnsigned(out, FLINK_FORM);
            StringValue.writeString(s, out);
            return;
        }
        Varints.writeUnsigned(out, 2L * n + 1);
        // Not writeBytes(String): Flink 2.2's DataOutputSerializer advances its position
        // twice there, once per byte and once for the whole string (FLINK-23598). Not
        // getBytes(charset) either: an array per text written was a tenth of a replay's
        // allocation. Every char is below 256 here, so its low byte is the char.
        byte[] bytes = scratch(n);
        s.getBytes(0, n, bytes, 0);
        out.write(bytes, 0, n);
    }

    /** Reads a string written by {@link #write}. */
    public static String read(DataInputView in) throws IOException {
        long tag = Varints.readUnsigned(in);
        if (tag == NULL) {
            return null;
        }
        if (tag == FLINK_FORM) {
            return StringValue.readString(in);
        }
        long n = (tag - 1) / 2;
        if (tag < 0 || tag % 2 == 0 || n > MAX_BYTES) {
            throw new IOException("bad text tag " + Long.toUnsignedString(tag));
        }
        int length = (int) n;
        byte[] bytes = scratch(length);
        // One bulk copy, however short the text: reading it byte by byte, or a long, an int and
        // a short at a time, is slower from a network buffer, and much slower where the JIT sees
        // several views here (RocksDB reads records out of state too): EventNetworkReadBenchmark.
        // Into the thread's array, which the string then copies: an array of its own per text
        // read was a fifth of a replay's allocation.
        in.readFully(bytes, 0, length);
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * An array of at least {@code n} bytes to build or take apart a text in: the calling thread's
     * own for short texts, a new one for longer. Valid until the thread's next call.
     */
    static byte[] scratch(int n) {
        return n <= SCRATCH_BYTES ? SCRATCH.get() : new byte[n];
    }

    /**
     * Writes {@code texts}, which may be null, as its length ({@link Varints#writeLength}) and each
     * text, which may be null too.
     *
     * @throws IOException if it has more than {@code max} texts
     */
    public static void writeAll(DataOutputView out, String[] texts, int max) throws IOException {
        Varints.writeLength(out, texts == null ? -1 : texts.length, max);
        if (texts != null) {
            for (String s : texts) {
                write(out, s);
            }
        }
    }

    /** Reads texts written by {@link #writeAll}; an IOException for more than {@code max}. */
    public static String[] readAll(DataInputView in, int max) throws IOException {
        int n = Varints.readLength(in, max);
        if (n < 0) {
            return null;
        }
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            texts[i] = read(in);
        }
        return texts;
    }

    private static boolean oneBytePerChar(String s, int n) {
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }
}
