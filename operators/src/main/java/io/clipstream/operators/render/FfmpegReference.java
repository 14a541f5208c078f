package io.clipstream.operators.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's own loudness reading of a file (its {@code ebur128} filter, through the {@code ffmpeg}
 * command), the reference the tests and {@code clipstream bench render} cross-check clipstream's
 * meter against. clipstream's rendering never runs it.
 */
public final class FfmpegReference {
    private static final Pattern INTEGRATED =
            Pattern.compile("Integrated loudness:\\s*\\n\\s*I:\\s*(-?[0-9.]+) LUFS");

    private FfmpegReference() {}

    /**
     * Integrated loudness in LUFS, or null when the {@code ffmpeg} command is not installed; an
     * {@link IOException} with FFmpeg's output when it ran but printed no summary.
     */
    public static Double integratedLoudness(Path file) throws IOException {
        Process p;
        try {
            p =
                    new ProcessBuilder(
                                    "ffmpeg",
                                    "-nostats",
                                    "-hide_banner",
                                    "-i",
                                    file.toString(),
                                    "-af",
                                    "ebur128",
                                    "-f",
                                    "null",
                                    "-")
                            .redirectErrorStream(true)
                            .start();
        } catch (IOException e) {
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for ffmpeg", e);
        }
        Matcher m = INTEGRATED.matcher(log);
        if (!m.find()) {
            throw new IOException("no ebur128 summary in ffmpeg's output:\n" + log);
        }
        return Double.parseDouble(m.group(1));
    }
}
