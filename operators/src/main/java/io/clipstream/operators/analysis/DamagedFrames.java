package io.clipstream.operators.analysis;

import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.TimeSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Frames that did not decode. A segment logs each concealed frame as it goes; the video's verdict
 * sums the segments: a few damaged frames are clipped around with a warning saying how many and
 * where, more than {@link #MAX_SHARE} of the video is a corrupt file.
 */
public final class DamagedFrames {
    /** Above this share of undecodable frames a video is rejected as corrupt. */
    public static final double MAX_SHARE = 0.05;

    private final long frameUs;
    private final List<TimeSpan> spans = new ArrayList<>();
    private long count;

    DamagedFrames(double fps) {
        this.frameUs = Math.round(1e6 / fps);
    }

    /** Logs the frame at {@code timeUs} as concealed; consecutive frames join one span. */
    void concealed(long timeUs) {
        count++;
        TimeSpan last = spans.isEmpty() ? null : spans.get(spans.size() - 1);
        if (last != null && timeUs <= last.getEndUs() + frameUs / 2) {
            last.setEndUs(Math.max(last.getEndUs(), timeUs + frameUs));
        } else {
            spans.add(new TimeSpan(timeUs, timeUs + frameUs));
        }
    }

    long count() {
        return count;
    }

    List<TimeSpan> spans() {
        return spans;
    }

    /** The video-level verdict over all of its segments. */
    public record Verdict(long concealed, long frames, List<TimeSpan> spans) {
        public boolean corrupt() {
            return concealed > MAX_SHARE * frames;
        }

        /** One line for a person: how much, where, and what was done about it; null if none. */
        public String message() {
            if (concealed == 0) {
                return null;
            }
            StringBuilder where = new StringBuilder();
            for (int i = 0; i < Math.min(5, spans.size()); i++) {
                TimeSpan s = spans.get(i);
                where.append(i == 0 ? "" : ", ")
                        .append(
                                String.format(
                                        Locale.ROOT,
                                        "%.2f-%.2f s",
                                        s.getStartUs() / 1e6,
                                        s.getEndUs() / 1e6));
            }
            if (spans.size() > 5) {
                where.append(" and ").append(spans.size() - 5).append(" more");
            }
            return String.format(
                    Locale.ROOT,
                    "%d of %d video frames (%.1f%%) could not be decoded, at %s; %s",
                    concealed,
                    frames,
                    100.0 * concealed / frames,
                    where,
                    corrupt()
                            ? "that is more than "
                                    + Math.round(MAX_SHARE * 100)
                                    + "% of the video, so it is treated as corrupt. Re-encode or re-upload the file."
                            : "each shows the last good frame.");
        }
    }

    /** Sums the damage the segments of one video reported. */
    public static Verdict of(List<SegmentAnalysis> segments) {
        long concealed = 0;
        long frames = 0;
        List<TimeSpan> spans = new ArrayList<>();
        for (SegmentAnalysis s : segments) {
            concealed += s.getFramesConcealed();
            if (s.getDamagedSpans() != null) {
                spans.addAll(s.getDamagedSpans());
            }
            if (frames == 0) {
                frames = s.getStream().getFrameCount();
            }
        }
        spans.sort(java.util.Comparator.comparingLong(TimeSpan::getStartUs));
        return new Verdict(concealed, Math.max(1, frames), spans);
    }
}
