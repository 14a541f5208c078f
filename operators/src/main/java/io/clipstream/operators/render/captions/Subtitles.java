package io.clipstream.operators.render.captions;

import java.util.List;
import java.util.Locale;

/** SRT and WebVTT files of caption pages, on the clip's own timeline. */
public final class Subtitles {
    private Subtitles() {}

    public static String srt(List<CaptionLayout.Page> pages) {
        StringBuilder b = new StringBuilder();
        int n = 1;
        for (CaptionLayout.Page p : pages) {
            b.append(n++).append('\n');
            b.append(time(p.startUs(), ','))
                    .append(" --> ")
                    .append(time(p.endUs(), ','))
                    .append('\n');
            b.append(p.text()).append("\n\n");
        }
        return b.toString();
    }

    public static String vtt(List<CaptionLayout.Page> pages) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        for (CaptionLayout.Page p : pages) {
            b.append(time(p.startUs(), '.'))
                    .append(" --> ")
                    .append(time(p.endUs(), '.'))
                    .append('\n');
            b.append(p.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                    .append("\n\n");
        }
        return b.toString();
    }

    /** {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (WebVTT). */
    static String time(long us, char separator) {
        long ms = Math.max(0, Math.round(us / 1000.0));
        return String.format(
                Locale.ROOT,
                "%02d:%02d:%02d%c%03d",
                ms / 3_600_000,
                ms / 60_000 % 60,
                ms / 1000 % 60,
                separator,
                ms % 1000);
    }
}
