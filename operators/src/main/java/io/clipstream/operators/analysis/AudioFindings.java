package io.clipstream.operators.analysis;

import io.clipstream.operators.speech.AudioCondition;
import io.clipstream.schemas.SegmentAnalysis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The video's audio findings as job warnings: each condition a segment reported (silent, clipped,
 * narrow band, little speech recognised, ...) once, with the stretches of the video it was found
 * in, so a user sees why a clip has few or no captions.
 */
public final class AudioFindings {
    private AudioFindings() {}

    /** One warning per condition found, e.g. "speech audio: clipped (0:00-1:30)". */
    public static List<String> warnings(List<SegmentAnalysis> segments) {
        List<SegmentAnalysis> ordered = new ArrayList<>(segments);
        ordered.sort(Comparator.comparingLong(SegmentAnalysis::getStartUs));
        List<String> out = new ArrayList<>();
        for (AudioCondition.Finding finding : AudioCondition.Finding.values()) {
            List<long[]> runs = new ArrayList<>();
            for (SegmentAnalysis s : ordered) {
                if (s.getAudioFindings() == null
                        || !s.getAudioFindings().contains(finding.name())) {
                    continue;
                }
                long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last[1] >= s.getStartUs()) {
                    last[1] = Math.max(last[1], s.getEndUs());
                } else {
                    runs.add(new long[] {s.getStartUs(), s.getEndUs()});
                }
            }
            if (!runs.isEmpty()) {
                List<String> spans = new ArrayList<>();
                for (long[] r : runs) {
                    spans.add(clock(r[0]) + "-" + clock(r[1]));
                }
                out.add(
                        "speech audio: "
                                + finding.description()
                                + " ("
                                + String.join(", ", spans)
                                + ")");
            }
        }
        return out;
    }

    private static String clock(long us) {
        long s = Math.round(us / 1e6);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
