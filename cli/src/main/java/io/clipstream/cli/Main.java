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
            ReprocessCommand.class,
            DeleteTenantCommand.class,
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
        // the S3 file system plugin shades AWS SDK v1, which announces its end of support on
        // stderr at first use; a person running clipstream cannot act on it
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        int code;
        try {
            code = new CommandLine(new Main()).execute(args);
        } catch (Error e) {
            // an error escaping the command (out of direct memory at start-up, say) would end only
            // this thread, and the embedded broker's and store's threads would keep the process up
            System.err.println("clipstream: stopped by " + e);
            code = 70;
        }
        System.exit(code);
    }
}
