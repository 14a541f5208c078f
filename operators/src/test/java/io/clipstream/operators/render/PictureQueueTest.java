package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PictureQueueTest {
    private static final int W = 64;
    private static final int H = 36;

    /** Writes {@code k} into every byte of picture k. */
    private static void stamp(PictureQueue.Picture p, int k) {
        ByteBuffer b = p.buffer();
        while (b.hasRemaining()) {
            b.put((byte) k);
        }
    }

    @Test
    void picturesArriveInOrderAndAreNotReusedWhileTheEncoderHoldsThem() throws Exception {
        int count = 200;
        try (PictureQueue queue =
                new PictureQueue(
                        "test-pictures",
                        W,
                        H,
                        q -> {
                            for (int k = 0; k < count; k++) {
                                PictureQueue.Picture p = q.blank();
                                stamp(p, k);
                                q.put(p);
                            }
                        })) {
            PictureQueue.Picture p;
            int k = 0;
            while ((p = queue.next()) != null) {
                assertThat(p.frame().imageWidth).isEqualTo(W);
                assertThat(p.frame().imageHeight).isEqualTo(H);
                ByteBuffer b = p.buffer();
                assertThat(b.remaining()).isEqualTo(W * H * 3 / 2);
                if (k % 7 == 0) {
                    Thread.sleep(2); // the producer runs ahead meanwhile, into other pictures
                }
                while (b.hasRemaining()) {
                    assertThat(b.get()).as("picture %d", k).isEqualTo((byte) k);
                }
                queue.release(p);
                k++;
            }
            assertThat(k).isEqualTo(count);
            assertThat(queue.next()).as("still ended").isNull();
        }
    }

    @Test
    void theProducersFailureIsThrownAfterThePicturesBeforeIt() throws Exception {
        try (PictureQueue queue =
                new PictureQueue(
                        "test-pictures",
                        W,
                        H,
                        q -> {
                            PictureQueue.Picture p = q.blank();
                            stamp(p, 1);
                            q.put(p);
                            throw new IOException("the source ended mid-frame");
                        })) {
            PictureQueue.Picture first = queue.next();
            assertThat(first).isNotNull();
            queue.release(first);
            assertThatThrownBy(queue::next)
                    .isInstanceOf(IOException.class)
                    .hasMessage("the source ended mid-frame");
        }
    }

    @Test
    void closingStopsAProducerWaitingForAPicture() throws Exception {
        AtomicInteger made = new AtomicInteger();
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch full = new CountDownLatch(1);
        PictureQueue queue =
                new PictureQueue(
                        "test-pictures",
                        W,
                        H,
                        q -> {
                            try {
                                while (true) {
                                    if (made.get() == PictureQueue.DEPTH) {
                                        full.countDown();
                                    }
                                    q.put(q.blank());
                                    made.incrementAndGet();
                                }
                            } catch (InterruptedException e) {
                                stopped.set(true);
                                throw e;
                            }
                        });
        assertThat(full.await(10, TimeUnit.SECONDS)).isTrue();
        queue.close(); // nothing was taken: the producer waits in blank() until interrupted
        assertThat(stopped).isTrue();
        assertThat(made.get()).isEqualTo(PictureQueue.DEPTH);
    }

    @Test
    void anInterruptedEncoderStopsWaitingAndKeepsItsInterrupt() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (PictureQueue queue = new PictureQueue("test-pictures", W, H, q -> never.await())) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(queue::next).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            queue.close(); // still stops the producer while this thread is interrupted
            assertThat(Thread.interrupted()).as("interrupt kept through close").isTrue();
        }
    }
}
