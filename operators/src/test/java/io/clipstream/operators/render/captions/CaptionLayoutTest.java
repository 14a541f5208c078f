package io.clipstream.operators.render.captions;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class CaptionLayoutTest {
    static final Font FONT = BrandLook.builtInFont().deriveFont(Font.PLAIN, 72f);

    static List<CaptionLayout.Word> words(String text, double startS, double each) {
        List<CaptionLayout.Word> out = new ArrayList<>();
        double t = startS;
        for (String w : text.split(" ")) {
            out.add(
                    new CaptionLayout.Word(
                            w, Math.round(t * 1e6), Math.round((t + each * 0.9) * 1e6)));
            t += each;
        }
        return out;
    }

    @Test
    void linesFitTheWidthAndDoNotEndOnAWeakWord() {
        double width = 760;
        CaptionLayout layout = new CaptionLayout(CaptionStyle.HIGHLIGHT, FONT, width, false);
        List<CaptionLayout.Page> pages =
                layout.pages(
                        words(
                                "WE WENT TO THE STORE AND BOUGHT THE MILK FOR THE WHOLE WEEK",
                                0,
                                0.3),
                        10_000_000);
        assertThat(pages).hasSizeGreaterThan(1);
        for (CaptionLayout.Page p : pages) {
            assertThat(p.lines()).isBetween(1, 2);
            for (double w : p.lineWidths()) {
                assertThat(w).isLessThanOrEqualTo(width);
            }
            if (p.lines() == 2) {
                String first = p.text(0);
                String last = first.substring(first.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
                assertThat(CaptionLayout.WEAK_ENDINGS).as("line '%s'", first).doesNotContain(last);
            }
        }
        // every word is shown, in order, once
        StringBuilder all = new StringBuilder();
        pages.forEach(
                p -> all.append(all.length() == 0 ? "" : " ").append(p.text().replace('\n', ' ')));
        assertThat(all.toString())
                .isEqualTo("WE WENT TO THE STORE AND BOUGHT THE MILK FOR THE WHOLE WEEK");
    }

    @Test
    void pagesBreakAtPausesAndPopShowsAtMostThreeWords() {
        List<CaptionLayout.Word> w = new ArrayList<>(words("so here is the thing", 0, 0.25));
        w.addAll(words("nobody tells you", 3.0, 0.25));
        List<CaptionLayout.Page> pages =
                new CaptionLayout(CaptionStyle.HIGHLIGHT, FONT, 900, false).pages(w, 10_000_000);
        assertThat(pages)
                .extracting(p -> p.text().replace('\n', ' '))
                .containsExactly("so here is the thing", "nobody tells you");
        // the first page stays up a moment after its last word, not until the next one
        assertThat(pages.get(0).endUs()).isEqualTo(1_225_000L + CaptionLayout.HOLD_US);
        List<CaptionLayout.Page> pop =
                new CaptionLayout(CaptionStyle.POP, FONT, 900, false).pages(w, 10_000_000);
        assertThat(pop).allSatisfy(p -> assertThat(p.words()).hasSizeBetween(1, 3));
        assertThat(pop).allSatisfy(p -> assertThat(p.lines()).isEqualTo(1));
    }

    @Test
    void aWordWiderThanTheLineIsDrawnSmallerAndStaysInTheFrame() {
        CaptionLayout layout = new CaptionLayout(CaptionStyle.HIGHLIGHT, FONT, 600, false);
        List<CaptionLayout.Page> pages =
                layout.pages(words("SUPERCALIFRAGILISTICEXPIALIDOCIOUS indeed", 0, 0.5), 5_000_000);
        assertThat(pages.get(0).words()).hasSize(1);
        assertThat(pages.get(0).scale()).isLessThan(1);
        assertThat(pages.get(0).lineWidths()[0]).isLessThanOrEqualTo(600);

        // drawn into a 1080x1920 picture, no caption pixel lies outside the safe width
        int w = 1080;
        int h = 1920;
        ByteBuffer picture = ByteBuffer.allocate(w * h * 3 / 2);
        for (int i = 0; i < w * h; i++) {
            picture.put(i, (byte) 128);
        }
        for (int i = w * h; i < w * h * 3 / 2; i++) {
            picture.put(i, (byte) 128);
        }
        CaptionTrack track =
                new CaptionTrack(
                        CaptionStyle.HIGHLIGHT,
                        BrandLook.defaults(),
                        w,
                        h,
                        words("Pneumonoultramicroscopicsilicovolcanoconiosis", 0, 1.0),
                        2_000_000);
        track.draw(picture, 500_000);
        int minX = w;
        int maxX = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (picture.get(y * w + x) != (byte) 128) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                }
            }
        }
        SafeArea safe = SafeArea.of(w, h);
        assertThat(maxX).as("something was drawn").isPositive();
        assertThat(minX).isGreaterThanOrEqualTo(safe.left());
        assertThat(maxX).isLessThan(w - safe.right());
    }

    @Test
    void eachCaptionStateIsRasterisedOnce() {
        int w = 1080;
        int h = 1920;
        ByteBuffer picture = ByteBuffer.allocate(w * h * 3 / 2);
        CaptionTrack track =
                new CaptionTrack(
                        CaptionStyle.HIGHLIGHT,
                        BrandLook.defaults(),
                        w,
                        h,
                        words("one two three four", 0, 0.5),
                        3_000_000);
        for (long t = 0; t < 2_000_000; t += 33_333) {
            track.draw(picture, t);
        }
        // 60 frames, four states: one per spoken word
        assertThat(track.rasterised()).isEqualTo(4);
    }

    @Test
    void cleanCaptionsAreInSentenceCase() {
        List<CaptionLayout.Word> shown =
                CaptionTrack.shown(
                        words("so i think. it works", 0, 0.3), CaptionStyle.CLEAN, false);
        assertThat(shown)
                .extracting(CaptionLayout.Word::text)
                .containsExactly("So", "I", "think.", "It", "works");
        // clean captions stay in sentence case with the default kit's capitals; after a long
        // pause a new sentence starts; the other styles take the kit's capitals
        List<CaptionLayout.Word> spoken = new java.util.ArrayList<>(words("we shipped it", 0, 0.3));
        spoken.addAll(words("then it broke", 2.0, 0.3));
        assertThat(CaptionTrack.shown(spoken, CaptionStyle.CLEAN, true))
                .extracting(CaptionLayout.Word::text)
                .containsExactly("We", "shipped", "it", "Then", "it", "broke");
        assertThat(CaptionTrack.shown(spoken, CaptionStyle.HIGHLIGHT, true))
                .extracting(CaptionLayout.Word::text)
                .startsWith("WE", "SHIPPED");
    }
}
