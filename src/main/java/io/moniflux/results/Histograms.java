package io.moniflux.results;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/**
 * Latency histograms in microseconds at 2 significant digits (1% resolution), auto-resizing so that
 * they only grow as far as the latencies seen: a fixed 1 µs – 1 h range at 3 digits took 190 KB per
 * histogram, and a stream keeps eight, which 500 concurrent tests could not afford. Stored as
 * compressed base64 so that results of workers and replicas merge exactly.
 */
final class Histograms {

    static final long HIGHEST_MICROS = 3_600_000_000L;
    static final int DIGITS = 2;

    private Histograms() {
    }

    static Histogram empty() {
        return new Histogram(DIGITS);
    }

    static String encode(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
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
