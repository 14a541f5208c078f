package io.clipstream.operators.testing;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Files made to hurt a media pipeline, generated with their expected outcome in mind: headers that
 * promise absurd durations or frame sizes from a few bytes, and still images posing as uploads.
 */
public final class HostileFiles {
    private HostileFiles() {}

    /**
     * The talk whose movie and media headers claim a duration of about 50 days (the 32-bit maximum
     * in milliseconds): a few hundred kilobytes that say they are weeks of video.
     */
    public static Path hugeDurationClaim(Path dir) {
        try {
            byte[] mp4 = Files.readAllBytes(TestVideos.talk());
            patchDurations(mp4, "mvhd");
            patchDurations(mp4, "mdhd");
            Path out = dir.resolve("forever.mp4");
            Files.write(out, mp4);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A decompression bomb: 60 bytes of YUV4MPEG2 header claiming 12000x12000 frames at 30 fps,
     * each of which would take 216 MB to decode, followed by one frame marker and no data.
     */
    public static Path frameSizeBomb(Path dir) {
        try {
            Path out = dir.resolve("bomb.y4m");
            Files.write(
                    out,
                    "YUV4MPEG2 W12000 H12000 F30:1 Ip A1:1 C420jpeg\nFRAME\n"
                            .getBytes(StandardCharsets.US_ASCII));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A photograph (PNG) uploaded as if it were a video. */
    public static Path image(Path dir, String name) {
        try {
            BufferedImage picture = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
            var g = picture.createGraphics();
            g.setColor(new Color(40, 90, 160));
            g.fillRect(0, 0, 640, 360);
            g.setColor(Color.WHITE);
            g.fillOval(220, 80, 200, 200);
            g.dispose();
            Path out = dir.resolve(name);
            ImageIO.write(picture, name.endsWith(".jpg") ? "jpg" : "png", out.toFile());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the 32-bit duration of every {@code box} (version 0) to its largest value. */
    private static void patchDurations(byte[] mp4, String box) {
        byte[] type = box.getBytes(StandardCharsets.US_ASCII);
        int found = 0;
        for (int i = 0; i + 24 < mp4.length; i++) {
            if (mp4[i] == type[0]
                    && mp4[i + 1] == type[1]
                    && mp4[i + 2] == type[2]
                    && mp4[i + 3] == type[3]
                    && mp4[i + 4] == 0) {
                // type, version+flags (4), creation (4), modification (4), timescale (4), duration
                int at = i + 4 + 4 + 4 + 4 + 4;
                mp4[at] = (byte) 0x7f;
                mp4[at + 1] = (byte) 0xff;
                mp4[at + 2] = (byte) 0xff;
                mp4[at + 3] = (byte) 0xf0;
                found++;
            }
        }
        if (found == 0) {
            throw new IllegalStateException("no version-0 " + box + " box in the talk");
        }
    }
}
