package io.clipstream.operators.render.captions;

import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.BrandKit;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A {@link BrandKit} checked and loaded: its font, colours, position and logo, ready to draw. The
 * default kit uses DejaVu Sans Bold, which ships with clipstream (Bitstream Vera licence, with
 * DejaVu's changes in the public domain; see {@code DejaVuSans-Bold.LICENSE.txt} beside it).
 */
public record BrandLook(
        Font font,
        double fontSize,
        Color text,
        Color highlight,
        String backing,
        Color backingColor,
        double outlineWidth,
        boolean uppercase,
        String position,
        BufferedImage logo,
        String logoCorner,
        double logoOpacity,
        double logoWidth) {

    /** Largest font or logo file read. */
    static final long MAX_FILE_BYTES = 20L << 20;

    /** Largest logo picture, either side. */
    static final int MAX_LOGO_SIDE = 4096;

    private static final Pattern COLOUR = Pattern.compile("#?([0-9a-fA-F]{6})([0-9a-fA-F]{2})?");

    private static volatile Font builtIn;

    /** The built-in font: DejaVu Sans Bold. */
    public static Font builtInFont() {
        Font f = builtIn;
        if (f == null) {
            try (InputStream in = BrandLook.class.getResourceAsStream("DejaVuSans-Bold.ttf")) {
                f = Font.createFont(Font.TRUETYPE_FONT, in);
            } catch (IOException | FontFormatException e) {
                throw new IllegalStateException("the built-in caption font is missing", e);
            }
            builtIn = f;
        }
        return f;
    }

    /** The look of the default kit. */
    public static BrandLook defaults() {
        try {
            return load(BrandKit.newBuilder().build(), null, null);
        } catch (InvalidBrandKitException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a brand kit was refused. */
    public static final class InvalidBrandKitException extends Exception {
        public InvalidBrandKitException(String message) {
            super(message);
        }
    }

    /**
     * Checks and loads a kit (null: the default). Fonts and logos must lie under the tenant's
     * upload prefix; every field must be usable, or the whole kit is refused with the reason.
     */
    public static BrandLook load(BrandKit kit, TenantPaths paths, String tenantId)
            throws InvalidBrandKitException {
        if (kit == null) {
            kit = BrandKit.newBuilder().build();
        }
        double size = kit.getFontSize();
        if (!(size >= 8 && size <= 300)) {
            throw new InvalidBrandKitException(
                    "brand kit fontSize " + size + " is outside 8-300 (pixels at 1080 px width)");
        }
        double outline = kit.getOutlineWidth();
        if (!(outline >= 0 && outline <= 40)) {
            throw new InvalidBrandKitException(
                    "brand kit outlineWidth " + outline + " is outside 0-40");
        }
        String backing = kit.getBacking().toLowerCase(Locale.ROOT);
        if (!backing.equals("outline") && !backing.equals("box") && !backing.equals("none")) {
            throw new InvalidBrandKitException(
                    "brand kit backing '" + kit.getBacking() + "' is not outline, box or none");
        }
        String position = kit.getPosition().toLowerCase(Locale.ROOT);
        if (!position.equals("top") && !position.equals("middle") && !position.equals("bottom")) {
            double p;
            try {
                p = Double.parseDouble(position);
            } catch (NumberFormatException e) {
                p = -1;
            }
            if (!(p >= 0 && p <= 1)) {
                throw new InvalidBrandKitException(
                        "brand kit position '"
                                + kit.getPosition()
                                + "' is not top, middle, bottom or a number 0-1");
            }
        }
        String corner = kit.getLogoCorner().toLowerCase(Locale.ROOT);
        if (!corner.matches("(top|bottom)-(left|right)")) {
            throw new InvalidBrandKitException(
                    "brand kit logoCorner '"
                            + kit.getLogoCorner()
                            + "' is not top-left, top-right, bottom-left or bottom-right");
        }
        double opacity = kit.getLogoOpacity();
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new InvalidBrandKitException(
                    "brand kit logoOpacity " + opacity + " is outside 0-1");
        }
        double logoWidth = kit.getLogoWidth();
        if (!(logoWidth >= 0.02 && logoWidth <= 0.5)) {
            throw new InvalidBrandKitException(
                    "brand kit logoWidth " + logoWidth + " is outside 0.02-0.5 of the width");
        }
        Font font =
                kit.getFontUri() == null
                        ? builtInFont()
                        : font(fetch(kit.getFontUri(), "font", paths, tenantId), kit.getFontUri());
        BufferedImage logo =
                kit.getLogoUri() == null
                        ? null
                        : logo(fetch(kit.getLogoUri(), "logo", paths, tenantId), kit.getLogoUri());
        return new BrandLook(
                font,
                size,
                colour(kit.getTextColor(), "textColor"),
                colour(kit.getHighlightColor(), "highlightColor"),
                backing,
                colour(kit.getBackingColor(), "backingColor"),
                outline,
                kit.getUppercase(),
                position,
                logo,
                corner,
                opacity,
                logoWidth);
    }

    /** #RRGGBB or #RRGGBBAA (the # optional). */
    static Color colour(String value, String field) throws InvalidBrandKitException {
        var m = value == null ? null : COLOUR.matcher(value.trim());
        if (m == null || !m.matches()) {
            throw new InvalidBrandKitException(
                    "brand kit "
                            + field
                            + " '"
                            + value
                            + "' is not a colour like #FFD21F or #000000B3");
        }
        int rgb = Integer.parseInt(m.group(1), 16);
        int alpha = m.group(2) == null ? 255 : Integer.parseInt(m.group(2), 16);
        return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
    }

    private static Path fetch(String uri, String what, TenantPaths paths, String tenantId)
            throws InvalidBrandKitException {
        if (paths != null) {
            String bad = paths.violation(tenantId, uri);
            if (bad != null) {
                throw new InvalidBrandKitException(
                        "brand kit "
                                + what
                                + ": "
                                + bad
                                + ". A tenant may only use its own files.");
            }
        }
        try {
            long size = ObjectStore.sizeOf(uri);
            if (size < 0) {
                throw new InvalidBrandKitException("brand kit " + what + ": no object at " + uri);
            }
            if (size > MAX_FILE_BYTES) {
                throw new InvalidBrandKitException(
                        "brand kit "
                                + what
                                + " "
                                + uri
                                + " is "
                                + size
                                + " bytes; the limit is "
                                + MAX_FILE_BYTES);
            }
            return LocalMediaCache.localCopy(uri);
        } catch (IOException e) {
            throw new InvalidBrandKitException(
                    "brand kit " + what + " " + uri + " cannot be read: " + e.getMessage());
        }
    }

    private static Font font(Path file, String uri) throws InvalidBrandKitException {
        try {
            Font f = Font.createFont(Font.TRUETYPE_FONT, file.toFile());
            if (f.canDisplayUpTo("Aa") != -1) {
                throw new InvalidBrandKitException(
                        "brand kit font " + uri + " has no Latin letters");
            }
            return f;
        } catch (FontFormatException | IOException e) {
            throw new InvalidBrandKitException(
                    "brand kit font "
                            + uri
                            + " is not a TrueType or OpenType font: "
                            + e.getMessage());
        }
    }

    private static BufferedImage logo(Path file, String uri) throws InvalidBrandKitException {
        try (var in = javax.imageio.ImageIO.createImageInputStream(file.toFile())) {
            var readers = ImageIO.getImageReaders(in);
            if (in == null || !readers.hasNext()) {
                throw new InvalidBrandKitException(
                        "brand kit logo " + uri + " is not a PNG or JPEG picture");
            }
            var reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_LOGO_SIDE || h > MAX_LOGO_SIDE || w < 1 || h < 1) {
                    throw new InvalidBrandKitException(
                            "brand kit logo "
                                    + uri
                                    + " is "
                                    + w
                                    + "x"
                                    + h
                                    + "; the limit is "
                                    + MAX_LOGO_SIDE
                                    + " pixels a side");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidBrandKitException(
                    "brand kit logo " + uri + " cannot be decoded: " + e.getMessage());
        }
    }
}
