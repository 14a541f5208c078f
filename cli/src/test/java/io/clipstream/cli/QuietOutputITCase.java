package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.testing.TestVideos;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clipstream clip} as its own process, with the packaged jar, its libraries and the CLI's
 * own logging configuration, as the {@code ./clipstream} launcher starts it: a successful run's
 * stderr is the progress bar and clipstream's own lines, with no library's exception, stack trace
 * or log line.
 */
class QuietOutputITCase {
    @Test
    void aSuccessfulRunPrintsTheBarAndResultsAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "clipstream-cli.jar").toAbsolutePath();
        assertThat(jar).as("packaged before integration tests").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opens :
                List.of(
                        "java.base/java.util",
                        "java.base/java.lang",
                        "java.base/java.nio",
                        "java.base/sun.nio.ch")) {
            command.add("--add-opens=" + opens + "=ALL-UNNAMED");
        }
        command.add("-Dai.djl.offline=true");
        command.add("-Xmx512m"); // the launcher's heap for clip
        command.add("-cp");
        command.add(
                jar + File.pathSeparator + jar.getParent().resolve("lib") + File.separator + "*");
        command.add("io.clipstream.cli.Main");
        command.addAll(
                List.of(
                        "clip",
                        TestVideos.talk().toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--min-seconds",
                        "2",
                        "--max-seconds",
                        "6",
                        "--max-clips",
                        "1"));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectOutput(dir.resolve("stdout").toFile())
                        .redirectError(dir.resolve("stderr").toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as the launcher sets it
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
        String stdout = Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8);
        String stderr = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stderr).isZero();
        assertThat(stdout).contains("clip-01-9x16.mp4").contains("report: ");
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        // every line is the bar or clipstream speaking to the user: no logger's line
        assertThat(stderr.lines().map(String::strip).filter(l -> !l.isEmpty()))
                .isNotEmpty()
                .allSatisfy(
                        line ->
                                assertThat(line.startsWith("[") || line.startsWith("clipstream: "))
                                        .as(line)
                                        .isTrue());
        assertThat(stderr).contains("100%");
    }
}
