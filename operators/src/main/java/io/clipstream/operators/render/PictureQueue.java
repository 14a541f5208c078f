package io.clipstream.operators.render;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clip's output pictures, made on a thread of their own a few pictures ahead of the encoder.
 *
 * <p>Encoding a 1080x1920 picture costs far more than decoding, cropping, scaling and captioning
 * it, and the two need not wait for each other: the producer fills pictures from a small fixed pool
 * while the calling thread encodes the ones before, as FFmpeg's own command line runs its decoder,
 * filters and encoder on threads of their own. Pictures come out in the order they were made. At
 * most {@link #DEPTH} pictures exist, so the producer never runs further ahead than that.
 *
 * <p>A failure of the producer ends the pictures and is thrown by {@link #next} on the consuming
 * thread; {@link #close} stops the producer (interrupting it while it waits) and frees the pictures
 * once it has ended.
 */
final class PictureQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PictureQueue.class);

    /** Pictures in the pool: one being encoded, one waiting, one being made. */
    static final int DEPTH = 3;

    /** How long {@link #close} waits for a producer stuck in a native call before leaking it. */
    private static final long STOP_WAIT_MS = 60_000;

    /** What makes the pictures, on the queue's thread. */
    @FunctionalInterface
    interface Producer {
        /**
         * Makes every picture in order: {@link #blank} one, fill it, {@link #put} it. Returning
         * ends the pictures.
         */
        void produce(PictureQueue queue) throws Exception;
    }

    /** One output picture: 4:2:0, tightly packed, {@code width x height}. */
    static final class Picture {
        private final BytePointer memory;
        private final ByteBuffer buffer;
        private final Frame frame;

        private Picture(int width, int height, int bytes) {
            memory = new BytePointer(bytes);
            buffer = memory.position(0).capacity(bytes).asBuffer();
            frame = new Frame();
            frame.imageWidth = width;
            frame.imageHeight = height;
            frame.imageDepth = Frame.DEPTH_UBYTE;
            frame.imageChannels = 2;
            frame.imageStride = width;
            frame.image = new java.nio.Buffer[] {buffer};
        }

        BytePointer memory() {
            return memory.position(0);
        }

        ByteBuffer buffer() {
            buffer.clear();
            return buffer;
        }

        /** The picture as a JavaCV frame, to record as {@code AV_PIX_FMT_YUV420P}. */
        Frame frame() {
            buffer.clear();
            return frame;
        }
    }

    private static final Object END = new Object();

    private final BlockingQueue<Picture> free = new ArrayBlockingQueue<>(DEPTH);
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(DEPTH + 1);
    private final Picture[] pool = new Picture[DEPTH];
    private final Thread thread;
    private volatile Throwable failure;
    private boolean ended;
    private boolean closed;

    /** Starts {@code producer} on a thread named {@code name}. */
    PictureQueue(String name, int width, int height, Producer producer) {
        int bytes = av_image_get_buffer_size(AV_PIX_FMT_YUV420P, width, height, 1);
        for (int i = 0; i < DEPTH; i++) {
            pool[i] = new Picture(width, height, bytes);
            free.add(pool[i]);
        }
        thread =
                new Thread(
                        () -> {
                            try {
                                producer.produce(this);
                            } catch (Throwable t) {
                                failure = t;
                            } finally {
                                ready.add(END); // never full: DEPTH pictures and one end
                            }
                        },
                        name);
        thread.setDaemon(true);
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread.start();
    }

    /** A picture to fill (producer side); waits while the encoder holds all of them. */
    Picture blank() throws InterruptedException {
        return free.take();
    }

    /** Hands a filled picture to the encoder (producer side). */
    void put(Picture picture) throws InterruptedException {
        ready.put(picture);
    }

    /**
     * The next picture, or null once the producer has ended without failing (consumer side).
     *
     * @throws IOException the producer's failure, or an interrupt of the waiting thread
     */
    Picture next() throws IOException {
        if (ended) {
            return null;
        }
        Object next;
        try {
            next = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a picture");
        }
        if (next != END) {
            return (Picture) next;
        }
        ended = true;
        Throwable t = failure;
        if (t == null) {
            return null;
        }
        throw Rethrown.of(t);
    }

    /** Gives an encoded picture back to the pool (consumer side). */
    void release(Picture picture) {
        free.add(picture);
    }

    /** Stops the producer if it is still running, waits for it, and frees the pictures. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted(); // an interrupted caller still waits for it
        thread.interrupt();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
        long left;
        while (thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            // it may still write into a picture: leave them to the garbage collector's cleaner
            LOG.warn(
                    "{} did not stop within {} s; its pictures are left to the collector",
                    thread.getName(),
                    TimeUnit.MILLISECONDS.toSeconds(STOP_WAIT_MS));
            return;
        }
        for (Picture p : pool) {
            p.memory.close();
        }
    }
}
