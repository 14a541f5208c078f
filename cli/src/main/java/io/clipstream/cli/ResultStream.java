package io.clipstream.cli;

import java.io.PrintStream;

/**
 * Keeps stdout for a command's result. Libraries print to stdout (Kafka's storage formatter, for
 * one), so while a command runs {@code System.out} points at stderr, and the command prints its
 * table or its one JSON object to the stream it is handed.
 */
final class ResultStream {
    /** A command's work; it prints its result to {@code out} and returns the exit code. */
    @FunctionalInterface
    interface Body {
        int run(PrintStream out) throws Exception;
    }

    private ResultStream() {}

    static int run(Body body) throws Exception {
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            return body.run(out);
        } finally {
            System.setOut(out);
        }
    }
}
