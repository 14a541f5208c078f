package io.clipstream.operators.analysis;

import io.clipstream.schemas.TimeSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups speech spans into talking points: a new one begins at a pause of at least {@code
 * breakPauseUs}, or where adding the next span would exceed the longest clip. Talking points
 * shorter than the shortest clip are joined to a neighbour when the result still fits.
 */
public final class TalkingPoints {
    private final long breakPauseUs;
    private final long minUs;
    private final long maxUs;

    public TalkingPoints(long breakPauseUs, long minUs, long maxUs) {
        this.breakPauseUs = breakPauseUs;
        this.minUs = minUs;
        this.maxUs = maxUs;
    }

    /** A topic shift this deep (see {@link TopicShifts}) ends a talking point at a pause. */
    static final double TOPIC_SHIFT = 0.3;

    /** The least pause at which a topic shift may end a talking point. */
    static final long TOPIC_PAUSE_US = 250_000;

    public List<TalkingPoint> split(List<TimeSpan> spans, long videoDurationUs) {
        return split(spans, new double[Math.max(0, spans.size() - 1)], videoDurationUs);
    }

    /**
     * Groups sentences (or speech spans) into talking points: a long pause always ends one; a topic
     * shift ends one at a shorter pause once it is long enough to be a clip.
     *
     * @param topicShift the depth of the topic change after each span but the last
     */
    public List<TalkingPoint> split(
            List<TimeSpan> spans, double[] topicShift, long videoDurationUs) {
        List<List<TimeSpan>> groups = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            TimeSpan span = spans.get(i);
            List<TimeSpan> current = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (current == null) {
                groups.add(new ArrayList<>(List.of(span)));
                continue;
            }
            TimeSpan last = current.get(current.size() - 1);
            long gap = span.getStartUs() - last.getEndUs();
            long grown = span.getEndUs() - current.get(0).getStartUs();
            boolean shift =
                    topicShift[i - 1] >= TOPIC_SHIFT
                            && gap >= TOPIC_PAUSE_US
                            && length(current) >= minUs;
            if (gap >= breakPauseUs || grown > maxUs || shift) {
                groups.add(new ArrayList<>(List.of(span)));
            } else {
                current.add(span);
            }
        }
        joinShortGroups(groups);
        List<TalkingPoint> points = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            List<TimeSpan> g = groups.get(i);
            long start = g.get(0).getStartUs();
            long end = g.get(g.size() - 1).getEndUs();
            long before = i == 0 ? start : start - last(groups.get(i - 1)).getEndUs();
            long after =
                    i == groups.size() - 1
                            ? videoDurationUs - end
                            : groups.get(i + 1).get(0).getStartUs() - end;
            long voiced = g.stream().mapToLong(s -> s.getEndUs() - s.getStartUs()).sum();
            points.add(new TalkingPoint(i, start, end, before, after, voiced));
        }
        return points;
    }

    private void joinShortGroups(List<List<TimeSpan>> groups) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < groups.size(); i++) {
                List<TimeSpan> g = groups.get(i);
                if (length(g) >= minUs) {
                    continue;
                }
                int neighbour = bestNeighbour(groups, i);
                if (neighbour >= 0) {
                    int first = Math.min(i, neighbour);
                    groups.get(first).addAll(groups.remove(first + 1));
                    changed = true;
                    break;
                }
            }
        }
    }

    /** The neighbour across the shorter pause whose union still fits, or -1. */
    private int bestNeighbour(List<List<TimeSpan>> groups, int i) {
        int best = -1;
        long bestGap = Long.MAX_VALUE;
        for (int j : new int[] {i - 1, i + 1}) {
            if (j < 0 || j >= groups.size()) {
                continue;
            }
            List<TimeSpan> a = groups.get(Math.min(i, j));
            List<TimeSpan> b = groups.get(Math.max(i, j));
            long union = last(b).getEndUs() - a.get(0).getStartUs();
            long gap = b.get(0).getStartUs() - last(a).getEndUs();
            if (union <= maxUs && gap < bestGap) {
                best = j;
                bestGap = gap;
            }
        }
        return best;
    }

    private static long length(List<TimeSpan> g) {
        return last(g).getEndUs() - g.get(0).getStartUs();
    }

    private static TimeSpan last(List<TimeSpan> g) {
        return g.get(g.size() - 1);
    }
}
