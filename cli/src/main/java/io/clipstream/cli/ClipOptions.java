package io.clipstream.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Output options shared by {@code demo} with {@code clip}. */
class ClipOptions {
    @Option(
            names = "--out",
            description = "Directory for the clips (default: ${DEFAULT-VALUE}).",
            defaultValue = "clipstream-out")
    Path out;

    @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
    boolean json;

    ClipCommand toClipCommand() {
        ClipCommand c = new ClipCommand();
        c.out = out;
        c.json = json;
        c.aspects = java.util.List.of("9:16");
        c.captionStyle = "highlight";
        c.parallelism = 2;
        c.tenant = "local";
        c.timeout = java.time.Duration.ofMinutes(30);
        return c;
    }
}
