package io.clipstream.operators.render.captions;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a clip's words into caption pages and each page into at most two lines, measured in pixels
 * with the real font.
 *
 * <p>A page ends at a pause, at the end of a sentence, when the style's word or time budget is
 * spent, or when the next word would not fit in two lines of the safe width. Two lines are broken
 * where their widths are closest, but a line does not end on an article, preposition, conjunction
 * or possessive ("the", "of", "and", "your") unless no other break fits. A word wider than the line
 * on its own gets a page to itself, drawn smaller so it fits.
 */
public final class CaptionLayout {
    /** A word on the clip's timeline as it will be shown. */
    public record Word(String text, long startUs, long endUs) {}

    /** One word placed on a page: its line and its left edge and width in pixels. */
    public record Placed(Word word, int line, double x, double width) {}

    /**
     * A page: the words shown together from {@code startUs} to {@code endUs}, at {@code scale} of
     * the kit's font size.
     */
    public record Page(
            long startUs,
            long endUs,
            List<Placed> words,
            int lines,
            double[] lineWidths,
            double scale) {
        public String text(int line) {
            StringBuilder b = new StringBuilder();
            for (Placed p : words) {
                if (p.line() == line) {
                    b.append(b.length() == 0 ? "" : " ").append(p.word().text());
                }
            }
            return b.toString();
        }

        /** The page's lines joined by a newline. */
        public String text() {
            StringBuilder b = new StringBuilder();
            for (int l = 0; l < lines; l++) {
                b.append(l == 0 ? "" : "\n").append(text(l));
            }
            return b.toString();
        }
    }

    /** A line should not end on one of these. */
    static final Set<String> WEAK_ENDINGS =
            Set.of(
                    "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "from", "by",
                    "and", "or", "but", "so", "if", "as", "my", "your", "our", "their", "his",
                    "her", "its", "this", "that", "these", "those", "i", "we", "you", "very");

    /** A pause at least this long starts a new page. */
    static final long PAGE_PAUSE_US = 600_000;

    /** A page stays up this long after its last word when no page follows at once. */
    static final long HOLD_US = 500_000;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private final CaptionStyle style;
    private final Font font;
    private final double maxWidth;
    private final boolean wide;

    /**
     * @param font the kit's font at its pixel size for this output
     * @param maxWidth the safe area's width in pixels
     * @param wide whether the output is landscape (one line is preferred when it fits)
     */
    public CaptionLayout(CaptionStyle style, Font font, double maxWidth, boolean wide) {
        this.style = style;
        this.font = font;
        this.maxWidth = maxWidth;
        this.wide = wide;
    }

    double width(String text) {
        return font.getStringBounds(text, FRC).getWidth();
    }

    private int maxWords() {
        return switch (style) {
            case POP -> 3;
            case CLEAN -> 14;
            default -> 7;
        };
    }

    private long maxDurationUs() {
        return switch (style) {
            case POP -> 1_500_000;
            case CLEAN -> 5_000_000;
            default -> 3_000_000;
        };
    }

    private int maxLines() {
        return style == CaptionStyle.POP ? 1 : 2;
    }

    /** The pages of the clip, on the clip's timeline; the last ends by {@code clipEndUs}. */
    public List<Page> pages(List<Word> words, long clipEndUs) {
        List<List<Word>> groups = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            Word w = words.get(i);
            if (!current.isEmpty()) {
                Word prev = current.get(current.size() - 1);
                boolean pause = w.startUs() - prev.endUs() >= PAGE_PAUSE_US;
                boolean sentence = prev.text().matches(".*[.?!]['\"]?$");
                boolean full = current.size() >= maxWords();
                boolean long_ = w.endUs() - current.get(0).startUs() > maxDurationUs();
                List<Word> tried = new ArrayList<>(current);
                tried.add(w);
                // a page that could only break after "the" ends before the word instead
                boolean fits = arrange(tried) != null && (!weakBreak(tried) || weakBreak(current));
                if (pause || sentence || full || long_ || !fits) {
                    groups.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(w);
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        List<Page> pages = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Word> group = groups.get(g);
            long start = group.get(0).startUs();
            long lastEnd = group.get(group.size() - 1).endUs();
            long next = g + 1 < groups.size() ? groups.get(g + 1).get(0).startUs() : Long.MAX_VALUE;
            long end = next - lastEnd < 1_000_000 ? next : Math.min(next, lastEnd + HOLD_US);
            end = Math.min(end, clipEndUs);
            if (end <= start) {
                continue;
            }
            pages.add(page(group, start, end));
        }
        return pages;
    }

    private Page page(List<Word> group, long start, long end) {
        int[] breaks = arrange(group);
        double scale = 1;
        if (breaks == null) {
            // one word wider than a line: shrink it to fit
            double w = width(group.get(0).text());
            scale = Math.max(0.2, maxWidth / w * 0.98);
            breaks = new int[] {};
        }
        List<Placed> placed = new ArrayList<>();
        int lines = breaks.length + 1;
        double[] widths = new double[lines];
        double space = width(" ");
        int line = 0;
        double x = 0;
        for (int i = 0; i < group.size(); i++) {
            if (line < breaks.length && i == breaks[line]) {
                widths[line] = x - space;
                line++;
                x = 0;
            }
            double w = width(group.get(i).text()) * scale;
            placed.add(new Placed(group.get(i), line, x, w));
            x += w + space * scale;
        }
        widths[line] = x - space * scale;
        return new Page(start, end, placed, lines, widths, scale);
    }

    /** Whether the words' best arrangement ends a line on a weak word. */
    boolean weakBreak(List<Word> words) {
        int[] breaks = arrange(words);
        return breaks != null && breaks.length == 1 && weak(words.get(breaks[0] - 1));
    }

    private static boolean weak(Word w) {
        return WEAK_ENDINGS.contains(w.text().toLowerCase(Locale.ROOT).replaceAll("[^a-z']", ""));
    }

    /**
     * Where the words break into lines (the index of each later line's first word), or null when
     * they do not fit in the style's lines.
     */
    int[] arrange(List<Word> words) {
        double space = width(" ");
        double[] w = new double[words.size()];
        double total = -space;
        for (int i = 0; i < w.length; i++) {
            w[i] = width(words.get(i).text());
            total += w[i] + space;
        }
        boolean oneFits = total <= maxWidth;
        if (oneFits && (maxLines() == 1 || wide || words.size() <= 3)) {
            return new int[] {};
        }
        if (maxLines() == 1 || words.size() < 2) {
            return oneFits ? new int[] {} : null;
        }
        int best = -1;
        double bestCost = Double.MAX_VALUE;
        double left = -space;
        for (int k = 1; k < words.size(); k++) {
            left += w[k - 1] + space;
            double right = total - left - space;
            if (left > maxWidth || right > maxWidth) {
                continue;
            }
            double cost = Math.abs(left - right) + (weak(words.get(k - 1)) ? maxWidth : 0);
            if (cost < bestCost) {
                bestCost = cost;
                best = k;
            }
        }
        if (best < 0) {
            return oneFits ? new int[] {} : null;
        }
        return new int[] {best};
    }
}
