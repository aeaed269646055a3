package org.leaktrace.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Strings that are nearly always phone numbers or IMEIs, written as the number their digits make.
 *
 * <p>Every per-number state holds one entry per number, and in a checkpoint each entry carries its
 * key: Flink's {@code StringSerializer} writes {@code +8613812345678} in 15 bytes, here it takes
 * 7 (a header, then the digits' value in as few bytes as their count needs), an IMEI 8 instead of
 * 16. At about four such entries per subscriber that is about 30 of a checkpoint's bytes per
 * subscriber. The strings and their hash codes are unchanged, so records go to the same key
 * groups as before and a job's keys on the heap are the same objects.
 *
 * <p>Layout, by the first byte: {@code 0x80 | 2n} for {@code +} and n digits, {@code 0x80 | 2n |
 * 1} for n digits (1 ≤ n ≤ 18; leading zeros are kept, the count says how many digits there
 * are), then the digits' value, big-endian, in {@link #valueBytes} bytes; any other string of
 * fewer than 127 chars exactly as Flink's string serializer writes it (its first byte, the length
 * plus one, is below {@code 0x80}); a longer one as {@code 0xFF} and then Flink's form.
 *
 * <p>State written with Flink's string serializer before (savepoints of earlier builds) keeps it:
 * the snapshot answers such state with that serializer, reconfigured, as a state backend must
 * look keys up in the bytes it stored them in. Flink builds an operator's timers with the
 * operator's own key serializer, this one, whatever the backend restored; RocksDB keeps timers
 * as bytes and cannot migrate them, so this serializer reads Flink's form of every string shorter
 * than 127 chars too, which every number, IMEI and id is.
 */
public final class NumberKeySerializer extends TypeSerializerSingleton<String> {
    private static final long serialVersionUID = 1L;

    public static final NumberKeySerializer INSTANCE = new NumberKeySerializer();

    /**
     * The key type of every stage keyed by a phone number or an IMEI, given to {@code keyBy} in
     * place of {@code Types.STRING}: the key selector and the strings are the same, only a
     * checkpoint's copy of each key is shorter.
     */
    public static final WrittenTypeInfo<String> TYPE = WrittenTypeInfo.ofKey(String.class, INSTANCE);

    /** First byte of a number: this, {@code 2n} and 1 if there is no {@code +}. */
    private static final int NUMBER = 0x80;
    private static final int NO_PLUS = 1;
    /** First byte of a string of 127 chars or more, in Flink's form after it. */
    private static final int LONG_TEXT = 0xFF;
    /** Flink's form of a string begins with its length plus one; below this, one byte. */
    private static final int ONE_BYTE_LENGTH = 0x80;
    /** Most digits written as a number: 18 always fit in a long. */
    static final int MAX_DIGITS = 18;
    private static final int[] VALUE_BYTES = new int[MAX_DIGITS + 1];

    static {
        long power = 1;
        for (int n = 0; n <= MAX_DIGITS; n++) {
            int bytes = 0;
            while (bytes < 8 && (power - 1) >>> (8 * bytes) != 0) {
                bytes++;
            }
            VALUE_BYTES[n] = bytes;
            power *= 10;
        }
    }

    private NumberKeySerializer() {}

    /** Bytes the value of {@code digits} digits takes: the fewest that hold {@code 10^digits - 1}. */
    static int valueBytes(int digits) {
        return VALUE_BYTES[digits];
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public String copy(String from, String reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(String s, DataOutputView out) throws IOException {
        int n = s.length();
        int first = n > 0 && s.charAt(0) == '+' ? 1 : 0;
        int digits = n - first;
        if (digits < 1 || digits > MAX_DIGITS) {
            writeOther(s, out);
            return;
        }
        long value = 0;
        for (int i = first; i < n; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                writeOther(s, out);
                return;
            }
            value = value * 10 + d;
        }
        out.writeByte(NUMBER | 2 * digits | (first == 1 ? 0 : NO_PLUS));
        for (int shift = 8 * (VALUE_BYTES[digits] - 1); shift >= 0; shift -= 8) {
            out.writeByte((int) (value >>> shift));
        }
    }

    private static void writeOther(String s, DataOutputView out) throws IOException {
        if (s.length() + 1 >= ONE_BYTE_LENGTH) {
            out.writeByte(LONG_TEXT);
        }
        StringValue.writeString(s, out);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
        int header = in.readUnsignedByte();
        if (header == LONG_TEXT) {
            return StringValue.readString(in);
        }
        if (header < ONE_BYTE_LENGTH) {
            return readShortText(header, in);
        }
        int digits = digits(header);
        long value = 0;
        for (int i = VALUE_BYTES[digits]; i > 0; i--) {
            value = value << 8 | in.readUnsignedByte();
        }
        int plus = (header & NO_PLUS) == 0 ? 1 : 0;
        int length = plus + digits;
        byte[] text = ByteText.scratch(length);
        CompactBytes.writeTail(text, plus, digits, value);
        if (plus == 1) {
            text[0] = '+';
        }
        return new String(text, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** The digit count a number's first byte gives, checked, as only corrupt input has another. */
    private static int digits(int header) throws IOException {
        int digits = (header & ~NUMBER) >>> 1;
        if (header < NUMBER || digits < 1 || digits > MAX_DIGITS) {
            throw new IOException("bad number key header " + header);
        }
        return digits;
    }

    /**
     * The chars of a string in Flink's form whose first byte, its length plus one, was {@code
     * header}: each char a varint, as {@link StringValue} writes it.
     */
    private static String readShortText(int header, DataInputView in) throws IOException {
        if (header == 0) {
            throw new IOException("a null number key");
        }
        int length = header - 1;
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) readChar(in);
        }
        return new String(chars);
    }

    private static int readChar(DataInputView in) throws IOException {
        int c = in.readUnsignedByte();
        if (c < ONE_BYTE_LENGTH) {
            return c;
        }
        c &= 0x7F;
        int shift = 7;
        int next;
        while ((next = in.readUnsignedByte()) >= ONE_BYTE_LENGTH) {
            c |= (next & 0x7F) << shift;
            shift += 7;
        }
        return c | next << shift;
    }

    @Override
    public String deserialize(String reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        int header = in.readUnsignedByte();
        if (header == LONG_TEXT) {
            out.writeByte(header);
            StringValue.copyString(in, out);
        } else if (header < ONE_BYTE_LENGTH) {
            serialize(readShortText(header, in), out);
        } else {
            out.writeByte(header);
            out.write(in, VALUE_BYTES[digits(header)]);
        }
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Names the layout; answers state written by Flink's string serializer (savepoints of builds
     * before this serializer) with that serializer, so such a job keeps string keys.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<String> {
        public Snapshot() {
            super(() -> INSTANCE);
        }

        @Override
        public TypeSerializerSchemaCompatibility<String> resolveSchemaCompatibility(
                TypeSerializerSnapshot<String> old) {
            if (old instanceof StringSerializer.StringSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleWithReconfiguredSerializer(
                        StringSerializer.INSTANCE);
            }
            return super.resolveSchemaCompatibility(old);
        }
    }
}
