package io.clipstream.operators.timing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's time goes, stage by stage: wall time and CPU time summed over every call of each
 * stage in this JVM. Off unless a benchmark switches it on, and then it costs two clock reads per
 * call; the production jobs never switch it on.
 *
 * <p>CPU is the calling thread's, except for stages that hand work to native threads of their own
 * (the encoder), which are charged the whole process's CPU over the call. The benchmark that reads
 * these figures runs one stage at a time, with one decode thread, so neither way counts another
 * stage's work.
 */
public final class StageClock {
    /** The stages of the pipeline, in the order a video passes through them. */
    public enum Stage {
        PROBE("probe", false),
        AUDIO_EXTRACTION("audio extraction", false),
        DECODE("segment decode", false),
        SHOT_FEATURES("shot features", false),
        FACES("faces", false),
        SPEECH("speech", false),
        AUDIO_FEATURES("audio features", false),
        ASSEMBLY("assembly", false),
        RENDER_PREPARE("render: timeline, words, sound", true),
        RENDER_ENCODE("render: decode, frame, caption, encode", true),
        UPLOAD("upload", true);

        private final String label;
        private final boolean processCpu;

        Stage(String label, boolean processCpu) {
            this.label = label;
            this.processCpu = processCpu;
        }

        public String label() {
            return label;
        }
    }

    /** A stage's totals: how many calls, their wall and CPU time, and each call's wall time. */
    public record Totals(long calls, long wallNanos, long cpuNanos, List<Long> callWallNanos) {}

    /** A point in time to measure a call from; {@link #OFF} when the clock is off. */
    public static final class Mark {
        final long wall;
        final long threadCpu;
        final long processCpu;

        Mark(long wall, long threadCpu, long processCpu) {
            this.wall = wall;
            this.threadCpu = threadCpu;
            this.processCpu = processCpu;
        }
    }

    private static final Mark OFF = new Mark(0, 0, 0);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final Map<Stage, long[]> TOTALS = new EnumMap<>(Stage.class);
    private static final Map<Stage, List<Long>> CALLS = new EnumMap<>(Stage.class);
    private static volatile boolean on;

    private StageClock() {}

    /** Starts counting from zero. */
    public static synchronized void start() {
        TOTALS.clear();
        CALLS.clear();
        on = true;
    }

    /** Stops counting and returns what was counted. */
    public static synchronized Map<Stage, Totals> stop() {
        on = false;
        Map<Stage, Totals> out = new EnumMap<>(Stage.class);
        TOTALS.forEach(
                (stage, t) ->
                        out.put(
                                stage,
                                new Totals(
                                        t[0],
                                        t[1],
                                        t[2],
                                        List.copyOf(CALLS.getOrDefault(stage, List.of())))));
        return out;
    }

    public static boolean isOn() {
        return on;
    }

    /** Now, to measure a call from. */
    public static Mark mark() {
        if (!on) {
            return OFF;
        }
        return new Mark(System.nanoTime(), THREADS.getCurrentThreadCpuTime(), -1);
    }

    /** Now, for a stage charged the whole process's CPU. */
    public static Mark markProcess() {
        if (!on) {
            return OFF;
        }
        return new Mark(System.nanoTime(), -1, OS.getProcessCpuTime());
    }

    /** Charges the time since {@code from} to {@code stage}; returns now, to measure the next. */
    public static Mark charge(Stage stage, Mark from) {
        if (from == OFF || !on) {
            return OFF;
        }
        long wall = System.nanoTime();
        long cpu;
        Mark now;
        if (stage.processCpu) {
            long p = OS.getProcessCpuTime();
            cpu = from.processCpu < 0 ? 0 : p - from.processCpu;
            now = new Mark(wall, -1, p);
        } else {
            long t = THREADS.getCurrentThreadCpuTime();
            cpu = from.threadCpu < 0 ? 0 : t - from.threadCpu;
            now = new Mark(wall, t, -1);
        }
        synchronized (StageClock.class) {
            long[] t = TOTALS.computeIfAbsent(stage, s -> new long[3]);
            t[0]++;
            t[1] += wall - from.wall;
            t[2] += cpu;
            if (stage.processCpu) { // per call only for the few long calls: clips
                CALLS.computeIfAbsent(stage, s -> new ArrayList<>()).add(wall - from.wall);
            }
        }
        return now;
    }
}
