package io.clipstream.operators.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.RenderedOutput;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoReportTest {

    static VideoReport.Timeline timeline() {
        List<VideoReport.Point> points = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            points.add(
                    new VideoReport.Point(
                            i * 10_000_000L,
                            i * 10_000_000L + 9_000_000L,
                            20 + 5 * i,
                            i == 3 || i == 9,
                            "point <" + i + "> & more",
                            Map.of("hook", 0.5f, "energy", 0.8f)));
        }
        return new VideoReport.Timeline(
                "talk.mp4",
                "acme",
                120_000_000L,
                List.of(30_000_000L, 61_000_000L, 95_000_000L),
                List.of(new long[] {1_000_000, 50_000_000}, new long[] {55_000_000, 118_000_000}),
                List.of(new long[] {12_000_000, 12_300_000}, new long[] {70_000_000, 70_400_000}),
                points);
    }

    static ClipRendered clip(int rank, long start, long end, Path dir) throws Exception {
        BufferedImage thumb = new BufferedImage(108, 192, BufferedImage.TYPE_INT_RGB);
        var g = thumb.createGraphics();
        g.setColor(new Color(20, 160, 160));
        g.fillRect(0, 0, 108, 192);
        g.dispose();
        ImageIO.write(thumb, "jpg", dir.resolve("c" + rank + "/9x16.jpg").toFile());
        return ClipRendered.newBuilder()
                .setClipId("c" + rank)
                .setVideoId("v")
                .setTenantId("acme")
                .setRank(rank)
                .setClipCount(2)
                .setScore(70f)
                .setStartUs(start)
                .setEndUs(end)
                .setTitle("Why <this> & that matter")
                .setDurationUs(end - start)
                .setOutputs(
                        List.of(
                                RenderedOutput.newBuilder()
                                        .setAspect("9:16")
                                        .setUri(
                                                dir.resolve("c" + rank + "/9x16.mp4")
                                                        .toUri()
                                                        .toString())
                                        .setWidth(1080)
                                        .setHeight(1920)
                                        .setDurationUs(end - start)
                                        .setFrameCount(1)
                                        .setBytes(1)
                                        .setSha256("x")
                                        .setThumbnailUri(
                                                dir.resolve("c" + rank + "/9x16.jpg")
                                                        .toUri()
                                                        .toString())
                                        .build()))
                .setRenderedAt(Instant.EPOCH)
                .build();
    }

    static String write(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("c1"));
        Files.createDirectories(dir.resolve("c2"));
        String base = dir.toUri().toString();
        String html =
                VideoReport.html(
                        timeline(),
                        List.of(
                                clip(2, 90_000_000, 99_000_000, dir),
                                clip(1, 29_000_000, 40_000_000, dir)),
                        u -> u.startsWith(base) ? u.substring(base.length()) : u);
        Files.writeString(dir.resolve("report.html"), html);
        return html;
    }

    @Test
    void thePageIsSelfContainedAndEscapesText(@TempDir Path dir) throws Exception {
        String html = write(dir);
        assertThat(html.replace("http://www.w3.org/2000/svg", ""))
                .doesNotContain("http:")
                .doesNotContain("https:")
                .doesNotContain("<script");
        assertThat(html).contains("Why &lt;this&gt; &amp; that matter").doesNotContain("<this>");
        assertThat(html).contains("src=\"c1/9x16.mp4\"").contains("src=\"c1/9x16.jpg\"");
        // one bar per talking point, a band per clip, a line per shot, clips in rank order
        assertThat(html.split("class=\"point\"", -1)).hasSize(13);
        assertThat(html.split("class=\"clip\"", -1)).hasSize(3);
        assertThat(html.split("class=\"shot\"", -1)).hasSize(4);
        assertThat(html.indexOf("#1 Why")).isLessThan(html.indexOf("#2 Why"));
    }

    @Test
    void chromiumDrawsTheTimelineAndTheClipCards(@TempDir Path dir) throws Exception {
        String chromium = CaptionsReadBackTest.onPath("chromium") ? "chromium" : null;
        Assumptions.assumeTrue(
                chromium != null,
                "chromium is not installed (bash tools/setup-render-tests.sh installs Debian's chromium)");
        write(dir);
        Path shot = dir.resolve("shot.png");
        Process p =
                new ProcessBuilder(
                                chromium,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--hide-scrollbars",
                                "--user-data-dir=" + dir.resolve("profile"),
                                "--window-size=1100,1000",
                                "--screenshot=" + shot,
                                dir.resolve("report.html").toUri().toString())
                        .redirectErrorStream(true)
                        .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(shot).as("chromium's screenshot; its output:\n%s", log).exists();
        BufferedImage img = ImageIO.read(shot.toFile());
        int bars = 0;
        int clipBands = 0;
        int speech = 0;
        int thumbs = 0;
        int cardEdge = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (near(c, 74, 123, 208, 40)) {
                    bars++; // a selected talking point's bar (opaque blue)
                } else if (near(c, 255, 209, 192, 12)) {
                    clipBands++; // the translucent clip band over white
                } else if (near(c, 46, 157, 87, 20)) {
                    speech++;
                } else if (near(c, 20, 160, 160, 20)) {
                    thumbs++;
                } else if (near(c, 255, 90, 31, 20)) {
                    cardEdge++;
                }
            }
        }
        assertThat(bars).as("score bars").isGreaterThan(500);
        assertThat(clipBands).as("clip bands").isGreaterThan(1000);
        assertThat(speech).as("speech spans").isGreaterThan(3000);
        assertThat(thumbs).as("thumbnails in the cards").isGreaterThan(2 * 5000);
        assertThat(cardEdge).as("card edges and clip labels").isGreaterThan(300);
    }

    private static boolean near(Color c, int r, int g, int b, int tol) {
        return Math.abs(c.getRed() - r) <= tol
                && Math.abs(c.getGreen() - g) <= tol
                && Math.abs(c.getBlue() - b) <= tol;
    }
}
