package io.clipstream.operators.testing;

import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.media.SyntheticVideo.Shot;
import io.clipstream.operators.media.SyntheticVideo.Voice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated test media, written once per JVM, with its ground truth beside it.
 *
 * <p>{@link #talk()}: 320x180, 30 fps, keyframe every 30 frames, 330 frames (11 s). Cuts at frames
 * 45, 90, 120, 200 and 271 (120 is a keyframe, so a segment may start exactly on the cut).
 * Speech-like audio in 0.4-3.0 s, 3.5-6.0 s (6 dB louder), 7.0-10.5 s.
 */
public final class TestVideos {
    public static final List<Integer> TALK_CUTS = List.of(45, 90, 120, 200, 271);
    public static final double[][] TALK_SPEECH = {{0.4, 3.0}, {3.5, 6.0}, {7.0, 10.5}};

    private static final Map<String, Path> CACHE = new HashMap<>();
    private static Path dir;

    private TestVideos() {}

    public static SyntheticVideo.Spec talkSpec() {
        List<Shot> shots =
                List.of(
                        new Shot(45, 40, 60, 200),
                        new Shot(45, 200, 120, 30),
                        new Shot(30, 60, 180, 60),
                        new Shot(80, 30, 200, 220),
                        new Shot(71, 180, 40, 160),
                        new Shot(59, 120, 120, 120));
        List<Voice> voices =
                List.of(
                        new Voice(0.4, 3.0, -26, 130),
                        new Voice(3.5, 6.0, -20, 170),
                        new Voice(7.0, 10.5, -26, 120));
        return new SyntheticVideo.Spec(320, 180, 30, 30, shots, voices, true);
    }

    public static synchronized Path talk() {
        return cached("talk.mp4", () -> SyntheticVideo.write(talkSpec(), target("talk.mp4")));
    }

    /** The talk without its audio track. */
    public static synchronized Path silentTalk() {
        return cached(
                "silent.mp4",
                () -> {
                    var spec = talkSpec();
                    SyntheticVideo.write(
                            new SyntheticVideo.Spec(
                                    spec.width(),
                                    spec.height(),
                                    spec.fps(),
                                    spec.gop(),
                                    spec.shots(),
                                    List.of(),
                                    false),
                            target("silent.mp4"));
                });
    }

    /** An AAC audio file in an MP4 container: no video stream. */
    public static synchronized Path audioOnly() {
        return cached("audio.m4a", () -> SyntheticVideo.writeAudioOnly(target("audio.m4a"), 3.0));
    }

    /** A text file named like a video. */
    public static synchronized Path notAVideo() {
        return cached(
                "notes.mp4",
                () ->
                        Files.writeString(
                                target("notes.mp4"),
                                "These are meeting notes, not a video.\n".repeat(50)));
    }

    /** The talk with its first 60% only: the header promises more than the file holds. */
    public static synchronized Path truncated() {
        return cached(
                "truncated.mp4",
                () -> {
                    byte[] all = Files.readAllBytes(talk());
                    Files.write(
                            target("truncated.mp4"),
                            java.util.Arrays.copyOf(all, all.length * 6 / 10));
                });
    }

    /** A zero-byte upload. */
    public static synchronized Path empty() {
        return cached("empty.mp4", () -> Files.write(target("empty.mp4"), new byte[0]));
    }

    /**
     * The talk cut off just after its index (faststart: the index is first), before the first
     * frame's data: the header lists every frame, the file holds none.
     */
    public static synchronized Path truncatedBeforeFirstFrame() {
        return cached(
                "cut-before-frames.mp4",
                () -> {
                    byte[] all = Files.readAllBytes(talk());
                    int mdat = mdatOffset(all);
                    Files.write(
                            target("cut-before-frames.mp4"),
                            java.util.Arrays.copyOf(all, mdat + 4 + 16));
                });
    }

    /** The talk with its media data overwritten by zeros: the index parses, nothing decodes. */
    public static synchronized Path corrupt() {
        return cached(
                "corrupt.mp4",
                () -> {
                    byte[] all = Files.readAllBytes(talk());
                    int mdat = mdatOffset(all);
                    java.util.Arrays.fill(all, mdat + 4, all.length, (byte) 0);
                    Files.write(target("corrupt.mp4"), all);
                });
    }

    /** Where the talk's media data box starts (its type field). */
    private static int mdatOffset(byte[] mp4) {
        int mdat = indexOf(mp4, "mdat".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (mdat < 0) {
            throw new IllegalStateException("no mdat box in the test video");
        }
        return mdat;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        ByteBuffer.wrap(data);
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private interface Writer {
        void write() throws IOException;
    }

    private static Path cached(String name, Writer writer) {
        Path path = CACHE.get(name);
        if (path == null) {
            try {
                writer.write();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            path = target(name);
            CACHE.put(name, path);
        }
        return path;
    }

    private static Path target(String name) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("clipstream-test-media-");
                dir.toFile().deleteOnExit();
            }
            return dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
