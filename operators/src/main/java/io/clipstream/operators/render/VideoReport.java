package io.clipstream.operators.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.analysis.VideoAssembler;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.ScoreComponent;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.ShotBoundary;
import io.clipstream.schemas.TimeSpan;
import io.clipstream.schemas.Word;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A video's report: one self-contained HTML page (no script, font or style from elsewhere) with the
 * whole video's timeline drawn as SVG (every talking point's score, shots, speech, fillers and the
 * clips chosen) and a card per clip (thumbnail, title, score components, a playable video).
 */
public final class VideoReport {
    /** What the analysis found, kept as JSON beside the video's work files until the report. */
    public record Timeline(
            String videoId,
            String tenantId,
            long durationUs,
            List<Long> shotsUs,
            List<long[]> speech,
            List<long[]> fillers,
            List<Point> points) {}

    /** A scored talking point. */
    public record Point(
            long startUs,
            long endUs,
            float score,
            boolean selected,
            String text,
            Map<String, Float> components) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private VideoReport() {}

    public static Timeline timeline(
            String videoId, String tenantId, long durationUs, VideoAssembler.Result result) {
        List<Long> shots = new ArrayList<>();
        for (ShotBoundary b : result.shots()) {
            shots.add(b.getTimeUs());
        }
        List<long[]> speech = new ArrayList<>();
        for (TimeSpan s : result.speech()) {
            speech.add(new long[] {s.getStartUs(), s.getEndUs()});
        }
        List<long[]> fillers = new ArrayList<>();
        for (Word w : result.words()) {
            if (w.getFiller()) {
                fillers.add(new long[] {w.getStartUs(), w.getEndUs()});
            }
        }
        List<Point> points = new ArrayList<>();
        for (ScoredSegment s : result.scored()) {
            Map<String, Float> parts = new LinkedHashMap<>();
            for (ScoreComponent c : s.getComponents()) {
                parts.put(c.getName(), c.getValue());
            }
            points.add(
                    new Point(
                            s.getStartUs(),
                            s.getEndUs(),
                            s.getScore(),
                            s.getSelected(),
                            s.getText(),
                            parts));
        }
        return new Timeline(videoId, tenantId, durationUs, shots, speech, fillers, points);
    }

    public static byte[] toJson(Timeline t) throws IOException {
        return JSON.writeValueAsBytes(t);
    }

    public static Timeline fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, Timeline.class);
    }

    /** Colour of the chosen clips on the timeline and of the cards' edge. */
    static final String CLIP_COLOUR = "#ff5a1f";

    /**
     * The page. {@code href} turns a stored URI (a clip, a thumbnail) into the link the page uses:
     * relative to where the page is written.
     */
    public static String html(Timeline t, List<ClipRendered> clips, Function<String, String> href) {
        List<ClipRendered> ordered = new ArrayList<>(clips);
        ordered.sort(java.util.Comparator.comparingInt(ClipRendered::getRank));
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        b.append("<title>clipstream report: ").append(esc(t.videoId())).append("</title>");
        b.append("<style>")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:24px;background:#f6f6f4;color:#1d1d1f}")
                .append("h1{font-size:22px;margin:0 0 4px}.sub{color:#666;margin-bottom:16px}")
                .append(
                        "#timeline{background:#fff;border:1px solid #ddd;border-radius:8px;padding:8px}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:16px;margin-top:20px}")
                .append(".card{background:#fff;border:1px solid #ddd;border-left:6px solid ")
                .append(CLIP_COLOUR)
                .append(";border-radius:8px;padding:12px;width:340px}")
                .append(
                        ".card h2{font-size:16px;margin:0 0 6px}.card img{display:block;max-width:100%;max-height:240px;margin:0 auto 8px;border-radius:4px}")
                .append(
                        ".card video{display:block;max-width:100%;max-height:420px;margin:8px auto 0;background:#000}")
                .append(
                        "table{border-collapse:collapse;font-size:12px;width:100%}td{padding:1px 4px}")
                .append(".bar{background:#4a7bd0;height:8px;border-radius:2px}")
                .append(".legend span{display:inline-block;margin-right:14px;font-size:12px}")
                .append("</style></head><body>\n");
        b.append("<h1>").append(esc(t.videoId())).append("</h1>");
        b.append("<div class=\"sub\">")
                .append(clock(t.durationUs()))
                .append(" · ")
                .append(t.points().size())
                .append(" talking points · ")
                .append(t.shotsUs().size() + 1)
                .append(" shots · ")
                .append(ordered.size())
                .append(" clips</div>\n");
        svg(b, t, ordered);
        b.append(
                        "<div class=\"legend\"><span style=\"color:#4a7bd0\">■ score of a talking point</span>")
                .append("<span style=\"color:")
                .append(CLIP_COLOUR)
                .append("\">■ clip</span><span style=\"color:#2e9d57\">■ speech</span>")
                .append(
                        "<span style=\"color:#d62f2f\">▮ filler</span><span>│ shot change</span></div>\n");
        b.append("<div class=\"cards\">\n");
        for (ClipRendered c : ordered) {
            card(b, t, c, href);
        }
        b.append("</div>\n</body></html>\n");
        return b.toString();
    }

    private static void svg(StringBuilder b, Timeline t, List<ClipRendered> clips) {
        int w = 1000;
        int h = 190;
        double d = Math.max(1, t.durationUs());
        b.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(w + 20)
                .append("\" height=\"")
                .append(h)
                .append("\" viewBox=\"0 0 ")
                .append(w + 20)
                .append(' ')
                .append(h)
                .append("\">");
        // clips: bands behind everything
        for (ClipRendered c : clips) {
            double x0 = 10 + w * c.getStartUs() / d;
            double x1 = 10 + w * c.getEndUs() / d;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"clip\" x=\"%.1f\" y=\"4\" width=\"%.1f\" height=\"126\" fill=\"%s\" fill-opacity=\"0.28\"/>",
                            x0,
                            Math.max(1, x1 - x0),
                            CLIP_COLOUR));
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"16\" font-size=\"11\" fill=\"%s\">#%d</text>",
                            x0 + 2,
                            CLIP_COLOUR,
                            c.getRank()));
        }
        // scores: one bar per talking point, 0-100 over 100 px
        for (Point p : t.points()) {
            double x0 = 10 + w * p.startUs() / d;
            double x1 = 10 + w * p.endUs() / d;
            double bh = Math.max(1, p.score());
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"point\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bd0\" fill-opacity=\"%s\"><title>%s: %.1f</title></rect>",
                            x0,
                            120 - bh,
                            Math.max(1, x1 - x0 - 1),
                            bh,
                            p.selected() ? "0.95" : "0.55",
                            esc(shorten(p.text(), 80)),
                            p.score()));
        }
        // shots
        for (long s : t.shotsUs()) {
            double x = 10 + w * s / d;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<line class=\"shot\" x1=\"%.1f\" x2=\"%.1f\" y1=\"4\" y2=\"130\" stroke=\"#333\" stroke-width=\"1\"/>",
                            x,
                            x));
        }
        // speech and fillers
        for (long[] s : t.speech()) {
            double x0 = 10 + w * s[0] / d;
            double x1 = 10 + w * s[1] / d;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"speech\" x=\"%.1f\" y=\"136\" width=\"%.1f\" height=\"10\" fill=\"#2e9d57\"/>",
                            x0,
                            Math.max(1, x1 - x0)));
        }
        for (long[] f : t.fillers()) {
            double x = 10 + w * f[0] / d;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<rect class=\"filler\" x=\"%.1f\" y=\"150\" width=\"3\" height=\"10\" fill=\"#d62f2f\"/>",
                            x));
        }
        // time axis
        long step = axisStep(t.durationUs());
        for (long at = 0; at <= t.durationUs(); at += step) {
            double x = 10 + w * at / d;
            b.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"178\" font-size=\"11\" fill=\"#555\" text-anchor=\"middle\">%s</text>",
                            x,
                            clock(at)));
        }
        b.append("</svg>\n");
    }

    private static long axisStep(long durationUs) {
        long[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
        for (long s : steps) {
            if (durationUs / (s * 1_000_000L) <= 10) {
                return s * 1_000_000L;
            }
        }
        return 7200L * 1_000_000L;
    }

    private static void card(
            StringBuilder b, Timeline t, ClipRendered c, Function<String, String> href) {
        RenderedOutput first = c.getOutputs().isEmpty() ? null : c.getOutputs().get(0);
        b.append("<div class=\"card\"><h2>#")
                .append(c.getRank())
                .append(' ')
                .append(esc(c.getTitle()))
                .append("</h2>");
        long duration = c.getDurationUs() > 0 ? c.getDurationUs() : c.getEndUs() - c.getStartUs();
        b.append(
                String.format(
                        Locale.ROOT,
                        "<div class=\"sub\">%s–%s · %.1f s · score %.1f</div>",
                        clock(c.getStartUs()),
                        clock(c.getEndUs()),
                        duration / 1e6,
                        c.getScore()));
        if (first != null && first.getThumbnailUri() != null) {
            b.append("<img alt=\"thumbnail\" src=\"")
                    .append(esc(href.apply(first.getThumbnailUri())))
                    .append("\">");
        }
        Point point = bestPoint(t, c);
        if (point != null && !point.components().isEmpty()) {
            b.append("<table>");
            for (Map.Entry<String, Float> e : point.components().entrySet()) {
                double v = Math.max(0, Math.min(1, e.getValue()));
                b.append(
                        String.format(
                                Locale.ROOT,
                                "<tr><td>%s</td><td style=\"width:60%%\"><div class=\"bar\" style=\"width:%.0f%%\"></div></td><td>%.2f</td></tr>",
                                esc(e.getKey()),
                                v * 100,
                                e.getValue()));
            }
            b.append("</table>");
        }
        for (RenderedOutput o : c.getOutputs()) {
            b.append("<video controls preload=\"none\" src=\"")
                    .append(esc(href.apply(o.getUri())))
                    .append('"');
            if (o.getThumbnailUri() != null) {
                b.append(" poster=\"").append(esc(href.apply(o.getThumbnailUri()))).append('"');
            }
            b.append("></video><div class=\"sub\">")
                    .append(esc(o.getAspect()))
                    .append(' ')
                    .append(o.getWidth())
                    .append('x')
                    .append(o.getHeight())
                    .append("</div>");
        }
        b.append("</div>\n");
    }

    /** The talking point that overlaps the clip most. */
    private static Point bestPoint(Timeline t, ClipRendered c) {
        Point best = null;
        long bestOverlap = 0;
        for (Point p : t.points()) {
            long overlap =
                    Math.min(p.endUs(), c.getEndUs()) - Math.max(p.startUs(), c.getStartUs());
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                best = p;
            }
        }
        return best;
    }

    private static String shorten(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static String clock(long us) {
        long s = Math.round(us / 1e6);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
