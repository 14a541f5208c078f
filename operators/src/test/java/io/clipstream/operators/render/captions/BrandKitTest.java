package io.clipstream.operators.render.captions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.BrandKit;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrandKitTest {

    static TenantPaths paths(Path dir) {
        return new TenantPaths(
                dir.resolve("uploads").toUri().toString(),
                dir.resolve("work").toUri().toString(),
                dir.resolve("clips").toUri().toString());
    }

    static String upload(Path dir, String name, byte[] bytes) throws Exception {
        Path f = dir.resolve("uploads/acme/" + name);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return f.toUri().toString();
    }

    static byte[] font() throws Exception {
        try (InputStream in = BrandLook.class.getResourceAsStream("DejaVuSans-Bold.ttf")) {
            return in.readAllBytes();
        }
    }

    static byte[] png(int w, int h, Color colour) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        var out = new java.io.ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void aTenantsFontColoursAndLogoAreLoaded(@TempDir Path dir) throws Exception {
        BrandKit kit =
                BrandKit.newBuilder()
                        .setFontUri(upload(dir, "brand/font.ttf", font()))
                        .setTextColor("#00FF00")
                        .setHighlightColor("FF00FFCC")
                        .setBacking("box")
                        .setBackingColor("#000000B3")
                        .setUppercase(false)
                        .setPosition("0.5")
                        .setLogoUri(upload(dir, "brand/logo.png", png(200, 100, Color.RED)))
                        .setLogoCorner("bottom-left")
                        .setLogoOpacity(1.0)
                        .build();
        BrandLook look = BrandLook.load(kit, paths(dir), "acme");
        assertThat(look.text()).isEqualTo(new Color(0, 255, 0));
        assertThat(look.highlight().getAlpha()).isEqualTo(0xCC);
        assertThat(look.logo().getWidth()).isEqualTo(200);

        // the logo is drawn at its corner, 16% of the width wide, inside the safe area
        int w = 1080;
        int h = 1920;
        ByteBuffer picture = ByteBuffer.allocate(w * h * 3 / 2);
        new CaptionTrack(CaptionStyle.NONE, look, w, h, List.of(), 1_000_000).draw(picture, 0);
        SafeArea safe = SafeArea.of(w, h);
        int logoW = (int) Math.round(0.16 * w);
        int redY = 81; // Y of pure red in BT.601 limited range
        int x = Math.max(Math.round(w * 0.04f), safe.left() / 2) + logoW / 2;
        int y = h - safe.bottom() - logoW / 4;
        assertThat(picture.get(y * w + x) & 0xff)
                .isCloseTo(redY, org.assertj.core.data.Offset.offset(2));
        assertThat(picture.get(100 * w + w - 100) & 0xff)
                .as("the other corners are untouched")
                .isZero();
    }

    @Test
    void anUnusableKitIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        TenantPaths paths = paths(dir);
        String corrupt = upload(dir, "bad.ttf", "not a font at all".getBytes());
        String notImage = upload(dir, "bad.png", "GIF89a but not really".getBytes());
        Object[][] cases = {
            {
                BrandKit.newBuilder().setFontUri(corrupt).build(),
                "is not a TrueType or OpenType font"
            },
            {
                BrandKit.newBuilder()
                        .setFontUri(dir.resolve("uploads/acme/none.ttf").toUri().toString())
                        .build(),
                "no object at"
            },
            {
                BrandKit.newBuilder()
                        .setFontUri(dir.resolve("uploads/other/f.ttf").toUri().toString())
                        .build(),
                "outside tenant"
            },
            {BrandKit.newBuilder().setLogoUri(notImage).build(), "logo"},
            {
                BrandKit.newBuilder().setTextColor("white").build(),
                "textColor 'white' is not a colour"
            },
            {BrandKit.newBuilder().setHighlightColor("#12345").build(), "highlightColor"},
            {BrandKit.newBuilder().setFontSize(2000).build(), "fontSize 2000.0 is outside 8-300"},
            {BrandKit.newBuilder().setFontSize(Double.NaN).build(), "fontSize NaN"},
            {BrandKit.newBuilder().setBacking("glow").build(), "backing 'glow'"},
            {BrandKit.newBuilder().setPosition("1.5").build(), "position '1.5'"},
            {BrandKit.newBuilder().setLogoCorner("centre").build(), "logoCorner 'centre'"},
            {BrandKit.newBuilder().setLogoOpacity(3).build(), "logoOpacity"},
        };
        for (Object[] c : cases) {
            assertThatThrownBy(() -> BrandLook.load((BrandKit) c[0], paths, "acme"))
                    .isInstanceOf(BrandLook.InvalidBrandKitException.class)
                    .hasMessageContaining((String) c[1]);
        }
        // a huge logo is refused by its header, before its pixels are decoded
        String big = upload(dir, "big.png", png(5000, 10, Color.BLUE));
        assertThatThrownBy(
                        () ->
                                BrandLook.load(
                                        BrandKit.newBuilder().setLogoUri(big).build(),
                                        paths,
                                        "acme"))
                .hasMessageContaining("5000x10");
    }
}
