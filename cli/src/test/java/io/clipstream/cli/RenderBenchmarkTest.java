package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderBenchmarkTest {

    private static String table(List<RenderBenchmark.Row> rows) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RenderBenchmark.print(rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyRowIsComparedWithTheRenderWithoutCaptionsAndWithTheFfmpegProgram() {
        String out =
                table(
                        List.of(
                                new RenderBenchmark.Row(
                                        RenderBenchmark.CLI_ROW,
                                        20,
                                        10,
                                        Double.NaN,
                                        Double.NaN,
                                        null),
                                new RenderBenchmark.Row(
                                        "no captions (reference)", 20, 12.5, -14.1, -1.2, -14.1),
                                new RenderBenchmark.Row("pop", 20, 16, -14.1, -1.2, -14.1)));
        String[] lines = out.split("\n");
        assertThat(lines[0]).contains("vs no captions", "vs program");
        // the program: 2.00x realtime, 1.25x the plain render, 1.00x itself
        assertThat(lines[1]).contains("2.00x", "1.25x", "1.00x");
        // the plain render: 1.60x realtime, 1.00x itself, 0.80x the program
        assertThat(lines[2]).contains("1.60x", "1.00x", "0.80x");
        // pop: 1.25x realtime, 0.78x the plain render, 0.63x the program
        assertThat(lines[3]).contains("1.25x", "0.78x", "0.63x", "-14.1");
    }
}
