package io.clipstream.operators.analysis;

import io.clipstream.schemas.SegmentTask;
import java.util.List;

/**
 * Numbers decoded frames by their presentation time against the frame list the probe read from the
 * packets. A frame that does not decode (a damaged packet) then leaves a gap at its own number
 * instead of shifting every later frame by one, as counting would. Without a frame list (a task
 * from before the list existed) frames are numbered by counting.
 */
final class FrameNumbering {
    private final long first;
    private final long[] times;

    private FrameNumbering(long first, long[] times) {
        this.first = first;
        this.times = times;
    }

    static FrameNumbering of(SegmentTask task) {
        long first =
                task.getDecodeFromFrame() >= 0 ? task.getDecodeFromFrame() : task.getStartFrame();
        List<Long> list = task.getFrameTimesUs();
        long[] times = new long[list.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = list.get(i);
        }
        return new FrameNumbering(first, times);
    }

    boolean byTime() {
        return times.length > 0;
    }

    /**
     * The number of the frame shown at {@code relUs}, or -1 when no listed frame is within half a
     * frame interval of it; {@code counted} is the number counting would give, used without a list.
     */
    long indexOf(long relUs, long counted) {
        int n = times.length;
        if (!byTime() || relUs > times[n - 1] + tolerance(n - 1)) {
            return counted; // past the list (a look-ahead beyond the segment): count on
        }
        int lo = 0;
        int hi = times.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < relUs) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int best = lo;
        if (lo > 0 && Math.abs(times[lo - 1] - relUs) < Math.abs(times[lo] - relUs)) {
            best = lo - 1;
        }
        return Math.abs(times[best] - relUs) <= tolerance(best) ? first + best : -1;
    }

    /** Presentation time of a listed frame, or {@code fallback} without a list. */
    long timeOf(long index, long fallback) {
        int i = (int) (index - first);
        return byTime() && i >= 0 && i < times.length ? times[i] : fallback;
    }

    private long tolerance(int i) {
        long gap = Long.MAX_VALUE;
        if (i > 0) {
            gap = Math.min(gap, times[i] - times[i - 1]);
        }
        if (i + 1 < times.length) {
            gap = Math.min(gap, times[i + 1] - times[i]);
        }
        return gap == Long.MAX_VALUE ? 1_000_000 : Math.max(FrameSeeker.TIME_TOLERANCE_US, gap / 2);
    }
}
