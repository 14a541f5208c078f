package io.clipstream.operators.testing;

import io.clipstream.operators.media.SyntheticTimeline;
import io.clipstream.operators.media.SyntheticTimeline.Dissolve;
import io.clipstream.operators.media.SyntheticTimeline.Fade;
import io.clipstream.operators.media.SyntheticTimeline.Flash;
import io.clipstream.operators.media.SyntheticTimeline.Shot;
import io.clipstream.operators.media.SyntheticTimeline.Solid;
import io.clipstream.operators.media.SyntheticTimeline.Spec;
import io.clipstream.operators.media.SyntheticTimeline.Texture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shot-detection accuracy set: generated videos whose true boundaries are known by construction
 * (see {@link SyntheticTimeline}). All are 320x180 with a keyframe every 30 frames.
 */
public final class ShotTestVideos {
    /** A generated video and its truth. */
    public record Video(String name, Path path, SyntheticTimeline.Truth truth) {}

    private static final Map<String, Video> CACHE = new LinkedHashMap<>();

    private ShotTestVideos() {}

    /** Hard cuts between solid and textured scenes, including yellow to orange twice. */
    public static Spec hardCuts() {
        Texture yellow = new Texture(2, 28, 3, 0.5, 0, 0);
        Texture orange = new Texture(2, 16, 3, 0.5, 0, 0); // same blocks, hue shifted: low contrast
        return new Spec(
                320,
                180,
                30,
                30,
                List.of(
                        new Shot(new Solid(40, 60, 200), 40),
                        new Shot(new Texture(1, 100, 8, 1.0, 0, 0), 35),
                        new Shot(new Solid(200, 120, 30), 30),
                        new Shot(yellow, 40),
                        new Shot(orange, 35),
                        new Shot(new Texture(4, 60, 20, 2.0, 0, 0), 30),
                        new Shot(new Solid(0, 220, 230), 25), // yellow
                        new Shot(new Solid(0, 150, 240), 30), // orange
                        new Shot(new Texture(5, 150, 10, 0, 1.0, 0), 40),
                        new Shot(new Solid(120, 120, 120), 30),
                        new Shot(new Texture(6, 5, 12, -1.5, 0.5, 0), 33)));
    }

    public static Spec fades() {
        return new Spec(
                320,
                180,
                30,
                30,
                List.of(
                        new Shot(new Texture(11, 100, 10, 1, 0, 0), 40),
                        new Fade(10, 6, 10),
                        new Shot(new Texture(12, 30, 10, 0, 1, 0), 40),
                        new Fade(8, 12, 8),
                        new Shot(new Solid(30, 160, 200), 40),
                        new Fade(12, 4, 12),
                        new Shot(new Texture(13, 140, 15, -1, 0, 0), 40)));
    }

    public static Spec dissolves() {
        return new Spec(
                320,
                180,
                30,
                30,
                List.of(
                        new Shot(new Texture(21, 100, 10, 1, 0, 0), 40),
                        new Dissolve(12),
                        new Shot(new Texture(22, 30, 10, 0, 1, 0), 40),
                        new Dissolve(20),
                        new Shot(new Texture(23, 160, 10, -1, 0, 0), 40),
                        new Dissolve(30),
                        new Shot(new Solid(40, 180, 90), 40),
                        new Dissolve(16),
                        new Shot(new Texture(24, 60, 15, 1, 1, 0), 40)));
    }

    public static Spec flashes() {
        Texture scene = new Texture(31, 110, 12, 1, 0, 0);
        return new Spec(
                320,
                180,
                30,
                30,
                List.of(
                        new Shot(scene, 30),
                        new Flash(1),
                        new Shot(scene, 25),
                        new Flash(2),
                        new Shot(scene, 25),
                        new Flash(3),
                        new Shot(scene, 30)));
    }

    /** A whip pan (24 pixels a frame) after a slow one. */
    public static Spec fastPan() {
        Texture slow = new Texture(41, 70, 40, 2, 0, 0);
        return new Spec(
                320,
                180,
                30,
                30,
                List.of(new Shot(slow, 40), new Shot(new Texture(41, 70, 40, 24, 3, 0), 60)));
    }

    /** Handheld shake of up to 12 pixels a frame. */
    public static Spec shake() {
        return new Spec(
                320, 180, 30, 30, List.of(new Shot(new Texture(51, 20, 30, 0.5, 0, 12), 100)));
    }

    /** The hard cuts at a variable frame rate (frame durations cycling 33, 42, 25 and 50 ms). */
    public static Spec variableFrameRate() {
        Spec s = hardCuts();
        return new Spec(
                s.width(),
                s.height(),
                30,
                30,
                s.parts(),
                new long[] {33_000, 42_000, 25_000, 50_000},
                0,
                1.0);
    }

    /** The hard cuts stored rotated (display rotation metadata). */
    public static Spec rotated() {
        Spec s = hardCuts();
        return new Spec(s.width(), s.height(), s.fps(), s.gop(), s.parts(), null, 90, 1.0);
    }

    /** The hard cuts with non-square pixels (4:3 sample aspect ratio). */
    public static Spec anamorphic() {
        Spec s = hardCuts();
        return new Spec(s.width(), s.height(), s.fps(), s.gop(), s.parts(), null, 0, 4.0 / 3);
    }

    public static synchronized Video get(String name) {
        return CACHE.computeIfAbsent(
                name,
                n -> {
                    Spec spec =
                            switch (n) {
                                case "hard-cuts" -> hardCuts();
                                case "fades" -> fades();
                                case "dissolves" -> dissolves();
                                case "flashes" -> flashes();
                                case "fast-pan" -> fastPan();
                                case "shake" -> shake();
                                case "vfr" -> variableFrameRate();
                                case "rotated" -> rotated();
                                case "anamorphic" -> anamorphic();
                                default -> throw new IllegalArgumentException(n);
                            };
                    try {
                        Path path = Files.createTempFile("shots-" + n + "-", ".mp4");
                        path.toFile().deleteOnExit();
                        return new Video(n, path, SyntheticTimeline.write(spec, path));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    public static List<String> names() {
        return List.of(
                "hard-cuts",
                "fades",
                "dissolves",
                "flashes",
                "fast-pan",
                "shake",
                "vfr",
                "rotated",
                "anamorphic");
    }
}
