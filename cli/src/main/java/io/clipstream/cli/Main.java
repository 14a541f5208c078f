package io.clipstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code clipstream} command. */
@Command(
        name = "clipstream",
        mixinStandardHelpOptions = true,
        version = "clipstream 0.1.0",
        description = "Turns long videos into short clips of their best moments.",
        subcommands = {
            ClipCommand.class,
            DemoCommand.class,
            ScenesCommand.class,
            TranscribeCommand.class,
            SqlCommand.class,
            BenchCommand.class
        })
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.err);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }
}
