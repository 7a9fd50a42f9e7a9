package io.moniflux.results;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * Latency histograms in microseconds, from 1 µs to 1 hour at 3 significant digits, stored as
 * compressed base64 so that results of workers and replicas merge exactly.
 */
final class Histograms {

    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int DIGITS = 3;

    private Histograms() {
    }

    static Histogram empty() {
        return new Histogram(1, HIGHEST_MICROS, DIGITS);
    }

    static String encode(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    static Histogram decode(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            return empty();
        }
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 1);
            Histogram copy = empty();
            copy.add(decoded);
            return copy;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("stored latency histogram is corrupt", e);
        }
    }
}
