package io.moniflux.delivery.wire;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized growable byte buffer that hands out its array without copying. */
public final class ByteSink extends OutputStream {

    private byte[] buffer;
    private int length;

    public ByteSink(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }

    public byte[] array() {
        return buffer;
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }
}
