package io.clipstream.cli;

import io.clipstream.schemas.JobStatus;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Draws one progress bar on stderr from JobStatus events: ingest is the first 10%, analysis the
 * next 50%, rendering the last 40%. On a terminal it redraws in place; otherwise it prints a line
 * whenever the message changes.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean terminal;
    private String lastLine = "";
    private double shown;

    private final String label;

    ProgressBar(PrintStream out, boolean terminal) {
        this(out, terminal, "");
    }

    /** A bar whose lines start with {@code label} (the file name, when several run at once). */
    ProgressBar(PrintStream out, boolean terminal, String label) {
        this.out = out;
        this.terminal = terminal;
        this.label = label.isEmpty() ? "" : label + " ";
    }

    void update(JobStatus status) {
        double overall =
                switch (status.getStage()) {
                    case INGEST -> 0.10 * status.getProgress();
                    case ANALYSIS -> 0.10 + 0.50 * status.getProgress();
                    case RENDER -> 0.60 + 0.40 * status.getProgress();
                    case NOTIFY -> shown; // webhooks are reported apart, after the clips
                };
        shown = Math.max(shown, overall);
        int filled = (int) Math.round(shown * WIDTH);
        String line =
                String.format(
                        Locale.ROOT,
                        "%s[%s%s] %3d%%  %-8s %s",
                        label,
                        "#".repeat(filled),
                        ".".repeat(WIDTH - filled),
                        Math.round(shown * 100),
                        status.getStage().toString().toLowerCase(Locale.ROOT),
                        status.getMessage());
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
        } else if (!line.equals(lastLine)) {
            out.println(line);
        }
        lastLine = line;
    }

    void finish() {
        if (terminal && !lastLine.isEmpty()) {
            out.println();
        }
    }
}
