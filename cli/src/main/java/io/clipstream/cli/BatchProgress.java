package io.clipstream.cli;

import io.clipstream.operators.flink.RenderFunction;
import io.clipstream.operators.flink.SegmentAnalysisFunction;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress bar over a whole batch run, from the stages' statuses: videos ingested (a tenth of
 * the bar), segments analysed (six tenths), clips rendered (the rest). A batch job runs its stages
 * one after another, so the counts fill in that order. Also keeps when each stage was last heard
 * of, for the benchmark's breakdown.
 */
final class BatchProgress {
    private static final int WIDTH = 30;
    private static final Pattern PLANNED = Pattern.compile("planned (\\d+) segments");

    private final PrintStream out;
    private final boolean terminal;
    private final int videos;
    private final Set<String> ingested = new HashSet<>();
    private final Map<String, Integer> segmentsOf = new HashMap<>();
    private final Set<String> segmentsDone = new HashSet<>();
    private final Map<String, Integer> clipsOf = new HashMap<>();
    private final Set<String> clipsDone = new HashSet<>();
    private final long startNanos = System.nanoTime();
    private final Map<String, Double> lastSeconds = new HashMap<>();
    private final Map<String, Double> firstSeconds = new HashMap<>();
    private String lastLine = "";

    BatchProgress(PrintStream out, boolean terminal, int videos) {
        this.out = out;
        this.terminal = terminal;
        this.videos = videos;
    }

    void update(JobStatus status) {
        String video = status.getVideoId();
        String message = status.getMessage() == null ? "" : status.getMessage();
        String phase = phase(status, message);
        double now = (System.nanoTime() - startNanos) / 1e9;
        firstSeconds.putIfAbsent(phase, now);
        lastSeconds.put(phase, now);
        if (status.getStage() == Stage.INGEST && status.getState() != State.RUNNING) {
            ingested.add(video);
            Matcher m = PLANNED.matcher(message);
            if (m.find()) {
                segmentsOf.put(video, Integer.parseInt(m.group(1)));
            }
        } else if (message.startsWith(SegmentAnalysisFunction.SEGMENT_DONE)) {
            segmentsDone.add(video + "#" + message);
        } else if (status.getStage() == Stage.ANALYSIS
                && status.getState() == State.SUCCEEDED
                && status.getClipCount() != null) {
            clipsOf.put(video, status.getClipCount());
        } else if (message.startsWith(RenderFunction.CLIP_DONE)
                || (status.getStage() == Stage.RENDER && status.getState() == State.FAILED)) {
            clipsDone.add(video + "#" + message);
        }
        draw();
    }

    private static String phase(JobStatus status, String message) {
        if (message.startsWith(SegmentAnalysisFunction.SEGMENT_DONE)) {
            return "segments";
        }
        if (message.startsWith(RenderFunction.CLIP_DONE)) {
            return "clips";
        }
        return status.getStage().toString().toLowerCase(Locale.ROOT);
    }

    private void draw() {
        int segments = segmentsOf.values().stream().mapToInt(Integer::intValue).sum();
        int clips = clipsOf.values().stream().mapToInt(Integer::intValue).sum();
        double done =
                0.1 * fraction(ingested.size(), videos)
                        + 0.6 * fraction(segmentsDone.size(), segments)
                        + 0.3 * fraction(clipsDone.size(), clips);
        int filled = (int) Math.round(done * WIDTH);
        String line =
                String.format(
                        Locale.ROOT,
                        "[%s%s] %3d%%  videos %d/%d ingested · segments %d/%d · clips %d/%d",
                        "#".repeat(filled),
                        ".".repeat(WIDTH - filled),
                        Math.round(done * 100),
                        ingested.size(),
                        videos,
                        segmentsDone.size(),
                        segments,
                        clipsDone.size(),
                        clips);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
            out.flush();
        } else if (!line.equals(lastLine)) {
            out.println(line);
        }
        lastLine = line;
    }

    private static double fraction(int done, int of) {
        return of <= 0 ? 0 : Math.min(1, done / (double) of);
    }

    /**
     * Draws the full bar once the job has ended: videos skipped as done, or failed before their
     * segments, never report segments or clips, so the counts alone may stop short of the end.
     */
    void complete(int done, int failed, int skipped) {
        String line =
                String.format(
                        Locale.ROOT,
                        "[%s] 100%%  %d videos: %d done, %d failed, %d skipped",
                        "#".repeat(WIDTH),
                        done + failed + skipped,
                        done,
                        failed,
                        skipped);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
        } else {
            out.println(line);
        }
        lastLine = line;
        finish();
    }

    void finish() {
        if (terminal && !lastLine.isEmpty()) {
            out.println();
        }
    }

    /** Seconds from the start of the run to the first and last status of each phase. */
    Map<String, double[]> phases() {
        Map<String, double[]> out = new HashMap<>();
        firstSeconds.forEach((k, v) -> out.put(k, new double[] {v, lastSeconds.get(k)}));
        return out;
    }

    int segments() {
        return segmentsOf.values().stream().mapToInt(Integer::intValue).sum();
    }

    int clips() {
        return clipsOf.values().stream().mapToInt(Integer::intValue).sum();
    }
}
