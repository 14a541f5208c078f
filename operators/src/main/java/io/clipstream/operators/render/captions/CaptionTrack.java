package io.clipstream.operators.render.captions;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The captions (and logo) of one output, drawn onto each encoded picture. Each caption state (a
 * page with its spoken word, or its entry scale for pop) is laid out and rasterised once, then
 * blended over its own box in every frame that shows it; karaoke blends two rasters of the page
 * (plain and filled) split where the fill has reached on each line.
 */
public final class CaptionTrack {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Scales of a pop page's first frames, then 1. */
    static final double[] POP_SCALES = {1.18, 1.10, 1.04};

    /** How long each pop scale step lasts. */
    static final long POP_STEP_US = 40_000;

    private final CaptionStyle style;
    private final BrandLook look;
    private final int outW;
    private final int outH;
    private final List<CaptionLayout.Page> pages;
    private final Font font;
    private final SafeArea safe;
    private final Overlay logo;
    private final Map<Long, Overlay> cache = new HashMap<>();
    private final Map<Integer, Overlay> filled = new HashMap<>();
    private int cachedPage = -1;
    private int searchFrom;

    public CaptionTrack(
            CaptionStyle style,
            BrandLook look,
            int outW,
            int outH,
            List<CaptionLayout.Word> words,
            long clipEndUs) {
        this.style = style;
        this.look = look;
        this.outW = outW;
        this.outH = outH;
        this.safe = SafeArea.of(outW, outH);
        this.font = look.font().deriveFont(Font.PLAIN, (float) (look.fontSize() * unit()));
        CaptionLayout layout =
                new CaptionLayout(style, font, safe.width() - 2 * padding(), outW > outH);
        this.pages =
                style == CaptionStyle.NONE
                        ? List.of()
                        : layout.pages(shown(words, style, look.uppercase()), clipEndUs);
        this.logo = look.logo() == null ? null : logoOverlay();
    }

    /**
     * The words as displayed: in capitals when the kit asks for them, except in clean captions,
     * which are always in sentence case (a capital after a sentence end or a page-long pause, and
     * for "I").
     */
    static List<CaptionLayout.Word> shown(
            List<CaptionLayout.Word> words, CaptionStyle style, boolean uppercase) {
        List<CaptionLayout.Word> out = new java.util.ArrayList<>();
        boolean sentenceStart = true;
        long previousEnd = -1;
        for (CaptionLayout.Word w : words) {
            String t = w.text().strip();
            if (t.isEmpty()) {
                continue;
            }
            // a pause long enough to start a page starts a sentence as well
            sentenceStart |=
                    previousEnd >= 0 && w.startUs() - previousEnd >= CaptionLayout.PAGE_PAUSE_US;
            previousEnd = w.endUs();
            if (uppercase && style != CaptionStyle.CLEAN) {
                t = t.toUpperCase(Locale.ROOT);
            } else {
                if (t.equals("i") || t.startsWith("i'")) {
                    t = "I" + t.substring(1);
                }
                if (sentenceStart) {
                    t = Character.toUpperCase(t.charAt(0)) + t.substring(1);
                }
            }
            sentenceStart = t.matches(".*[.?!]['\"]?$");
            out.add(new CaptionLayout.Word(t, w.startUs(), w.endUs()));
        }
        return out;
    }

    /**
     * Pages for subtitle files: sentence case, lines of at most about 42 characters of the built-in
     * font, two lines a cue.
     */
    public static List<CaptionLayout.Page> subtitlePages(
            List<CaptionLayout.Word> words, long clipEndUs) {
        Font f = BrandLook.builtInFont().deriveFont(Font.PLAIN, 40f);
        double width =
                f.getStringBounds("abcdefghijklmnopqrstuvwxyzabcdefghijklmnop", FRC).getWidth();
        return new CaptionLayout(CaptionStyle.CLEAN, f, width, true)
                .pages(shown(words, CaptionStyle.CLEAN, false), clipEndUs);
    }

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    public List<CaptionLayout.Page> pages() {
        return pages;
    }

    /** Rasters drawn so far (each caption state once). */
    public int rasterised() {
        return cache.size() + filled.size();
    }

    /** The page showing at a clip time, or -1. */
    int pageAt(long clipUs) {
        if (pages.isEmpty()) {
            return -1;
        }
        if (searchFrom >= pages.size() || pages.get(searchFrom).startUs() > clipUs) {
            searchFrom = 0;
        }
        for (int i = searchFrom; i < pages.size(); i++) {
            CaptionLayout.Page p = pages.get(i);
            if (clipUs < p.startUs()) {
                return -1;
            }
            if (clipUs < p.endUs()) {
                searchFrom = i;
                return i;
            }
        }
        return -1;
    }

    /** Draws the captions and logo showing at clip time {@code clipUs} into a 4:2:0 picture. */
    public void draw(ByteBuffer picture, long clipUs) {
        int p = pageAt(clipUs);
        if (p >= 0) {
            CaptionLayout.Page page = pages.get(p);
            int active = activeWord(page, clipUs);
            switch (style) {
                case CLEAN -> state(p, -1, 0).blend(picture, outW, outH);
                case HIGHLIGHT -> state(p, active, 0).blend(picture, outW, outH);
                case POP -> {
                    int step = (int) ((clipUs - page.startUs()) / POP_STEP_US);
                    state(p, active, step < POP_SCALES.length ? step + 1 : 0)
                            .blend(picture, outW, outH);
                }
                case KARAOKE -> {
                    Overlay plain = state(p, -1, 0);
                    Overlay full = filled.computeIfAbsent(p, k -> paint(pages.get(k), -2, 1));
                    plain.blend(picture, outW, outH, full, fillX(page, clipUs, plain));
                }
                default -> {}
            }
        }
        if (logo != null) {
            logo.blend(picture, outW, outH);
        }
    }

    /** The word being spoken, or the last one spoken (-1 before the first). */
    static int activeWord(CaptionLayout.Page page, long clipUs) {
        int active = -1;
        for (int i = 0; i < page.words().size(); i++) {
            if (page.words().get(i).word().startUs() <= clipUs) {
                active = i;
            }
        }
        return active;
    }

    /** How far the karaoke fill has reached on each line, in overlay pixels. */
    private double[] fillX(CaptionLayout.Page page, long clipUs, Overlay box) {
        double[] fill = new double[page.lines()];
        for (CaptionLayout.Placed w : page.words()) {
            long s = w.word().startUs();
            long e = Math.max(s + 1, w.word().endUs());
            double done = Math.max(0, Math.min(1, (clipUs - s) / (double) (e - s)));
            if (done > 0) {
                double left = lineLeft(page, w.line(), box.width) + w.x();
                fill[w.line()] = Math.max(fill[w.line()], left + done * w.width());
            }
        }
        return fill;
    }

    private Overlay state(int page, int active, int scaleStep) {
        long key = ((long) page << 32) | ((long) (active + 1) << 8) | scaleStep;
        Overlay o = cache.get(key);
        if (o == null) {
            double scale = scaleStep == 0 ? 1 : POP_SCALES[scaleStep - 1];
            o = paint(pages.get(page), active, scale);
            cache.put(key, o);
            if (page != cachedPage) {
                // states of earlier pages are not shown again: keep the cache to this page's
                cache.keySet().removeIf(k -> (k >>> 32) < page);
                filled.keySet().removeIf(k -> k < page);
                cachedPage = page;
            }
        }
        return o;
    }

    private double unit() {
        return Math.min(outW, outH) / 1080.0;
    }

    private double lineHeight() {
        return font.getSize2D() * 1.22;
    }

    private double padding() {
        return look.outlineWidth() * unit() + 12 * unit();
    }

    /** Box width for a page: the widest line at the largest pop scale, with room for outlines. */
    private int boxWidth(CaptionLayout.Page page) {
        double widest = 0;
        for (double w : page.lineWidths()) {
            widest = Math.max(widest, w);
        }
        double grow = style == CaptionStyle.POP ? POP_SCALES[0] : 1;
        return Math.min(outW, (int) Math.ceil(widest * grow + 2 * padding()) + 2) & ~1;
    }

    private int boxHeight(CaptionLayout.Page page) {
        double grow = style == CaptionStyle.POP ? POP_SCALES[0] : 1;
        return Math.min(
                        outH,
                        (int)
                                        Math.ceil(
                                                page.lines() * lineHeight() * page.scale() * grow
                                                        + 2 * padding())
                                + 2)
                & ~1;
    }

    private double lineLeft(CaptionLayout.Page page, int line, int boxW) {
        return (boxW - page.lineWidths()[line]) / 2;
    }

    /**
     * Rasterises a page: {@code active} is the spoken word (-1 none, -2 every word in the highlight
     * colour: karaoke's filled raster), {@code scale} the pop entry scale about the box's centre.
     */
    private Overlay paint(CaptionLayout.Page page, int active, double scale) {
        int w = boxWidth(page);
        int h = boxHeight(page);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(
                RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.transform(AffineTransform.getTranslateInstance(w / 2.0, h / 2.0));
        g.transform(AffineTransform.getScaleInstance(scale, scale));
        g.transform(AffineTransform.getTranslateInstance(-w / 2.0, -h / 2.0));
        Font pageFont = font.deriveFont((float) (font.getSize2D() * page.scale()));
        FontRenderContext frc = g.getFontRenderContext();
        double lh = lineHeight() * page.scale();
        double top = (h - page.lines() * lh) / 2;
        double ascent = pageFont.getLineMetrics("Ag", frc).getAscent();
        double descent = pageFont.getLineMetrics("Ag", frc).getDescent();
        double baselineShift = (lh - ascent - descent) / 2 + ascent;
        double pad = padding();
        boolean box = look.backing().equals("box");
        if (box) {
            g.setColor(look.backingColor());
            for (int l = 0; l < page.lines(); l++) {
                double left = lineLeft(page, l, w);
                g.fill(
                        new RoundRectangle2D.Double(
                                left - pad * 0.8,
                                top + l * lh,
                                page.lineWidths()[l] + pad * 1.6,
                                lh,
                                lh * 0.3,
                                lh * 0.3));
            }
        }
        for (int i = 0; i < page.words().size(); i++) {
            CaptionLayout.Placed p = page.words().get(i);
            double x = lineLeft(page, p.line(), w) + p.x();
            double baseline = top + p.line() * lh + baselineShift;
            GlyphVector gv = pageFont.createGlyphVector(frc, p.word().text());
            Shape shape = gv.getOutline((float) x, (float) baseline);
            boolean lit = active == -2 || (i == active && style != CaptionStyle.CLEAN);
            Color fillColour = look.text();
            if (lit && box && active != -2) {
                g.setColor(look.highlight());
                g.fill(
                        new RoundRectangle2D.Double(
                                x - pad * 0.4,
                                top + p.line() * lh + lh * 0.04,
                                p.width() + pad * 0.8,
                                lh * 0.92,
                                lh * 0.25,
                                lh * 0.25));
            } else if (lit) {
                fillColour = look.highlight();
            }
            if (look.backing().equals("outline") && look.outlineWidth() > 0) {
                g.setColor(look.backingColor());
                g.setStroke(
                        new BasicStroke(
                                (float) (2 * look.outlineWidth() * unit() * page.scale()),
                                BasicStroke.CAP_ROUND,
                                BasicStroke.JOIN_ROUND));
                g.draw(shape);
            }
            g.setColor(fillColour);
            g.fill(shape);
        }
        g.dispose();
        int[] rows = new int[page.lines() - 1];
        for (int l = 1; l < page.lines(); l++) {
            rows[l - 1] = (int) Math.round(top + l * lh);
        }
        int x = (outW - w) / 2;
        int y = (int) Math.round(safe.captionCentre(look.position(), h) - h / 2.0);
        y = Math.max(0, Math.min(outH - h, y));
        return new Overlay(img, x, y, rows);
    }

    private Overlay logoOverlay() {
        BufferedImage src = look.logo();
        int w = Math.max(2, (int) Math.round(look.logoWidth() * outW) & ~1);
        int h = Math.max(2, (int) Math.round((double) w * src.getHeight() / src.getWidth()) & ~1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setComposite(
                java.awt.AlphaComposite.getInstance(
                        java.awt.AlphaComposite.SRC_OVER, (float) look.logoOpacity()));
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        int[] at = safe.corner(look.logoCorner(), w, h);
        return new Overlay(img, at[0], at[1], null);
    }
}
