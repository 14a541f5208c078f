package io.clipstream.operators.media;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The audio artifact clipstream analyses: 16 kHz, mono, signed 16-bit PCM WAV whose sample 0 is at
 * time 0 of the video timeline (the first video frame).
 */
public final class Wav16kMono {
    public static final int SAMPLE_RATE = 16_000;
    private static final int HEADER_BYTES = 44;

    private Wav16kMono() {}

    public static long sampleAt(long timeUs) {
        return Math.floorDiv(timeUs * SAMPLE_RATE, 1_000_000L);
    }

    /** The first microsecond of a sample: {@code sampleAt(timeOf(s)) == s}. */
    public static long timeOf(long sample) {
        return -Math.floorDiv(-sample * 1_000_000L, SAMPLE_RATE);
    }

    /** Streams samples into a WAV file; the header is completed on close. */
    public static final class Writer implements Closeable {
        private final Path path;
        private final OutputStream out;
        private long samples;

        public Writer(Path path) throws IOException {
            this.path = path;
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
            out.write(new byte[HEADER_BYTES]);
        }

        public void write(short[] data, int offset, int length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < length; i++) {
                buf.putShort(data[offset + i]);
            }
            out.write(buf.array());
            samples += length;
        }

        public void writeSilence(long count) throws IOException {
            short[] zeros = new short[4096];
            for (long left = count; left > 0; left -= zeros.length) {
                write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }

        public long samplesWritten() {
            return samples;
        }

        @Override
        public void close() throws IOException {
            out.close();
            try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
                raf.write(header(samples));
            }
        }
    }

    static byte[] header(long samples) {
        long dataBytes = samples * 2;
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .putInt((int) (36 + dataBytes));
        h.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16);
        h.putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2);
        h.putShort((short) 2).putShort((short) 16);
        h.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        return h.array();
    }

    /** Number of samples in a WAV file written by {@link Writer}. */
    public static long sampleCount(Path wav) throws IOException {
        return (Files.size(wav) - HEADER_BYTES) / 2;
    }

    /**
     * Reads samples {@code [from, to)}; positions before the start or past the end read as silence,
     * so windows on the global grid never need special cases at the edges.
     */
    public static short[] read(Path wav, long from, long to) throws IOException {
        short[] out = new short[(int) Math.max(0, to - from)];
        long total = sampleCount(wav);
        long first = Math.max(0, from);
        long last = Math.min(total, to);
        if (last <= first) {
            return out;
        }
        byte[] bytes = new byte[(int) (last - first) * 2];
        try (RandomAccessFile raf = new RandomAccessFile(wav.toFile(), "r")) {
            raf.seek(HEADER_BYTES + first * 2);
            raf.readFully(bytes);
        }
        ByteBuffer.wrap(bytes)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer()
                .get(out, (int) (first - from), (int) (last - first));
        return out;
    }
}
