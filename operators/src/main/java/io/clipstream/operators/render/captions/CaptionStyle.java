package io.clipstream.operators.render.captions;

import java.util.Locale;

/** How captions are burned in. */
public enum CaptionStyle {
    /** No captions. */
    NONE,
    /** Sentence-case lines, no highlight. */
    CLEAN,
    /** The word being spoken in the highlight colour (or on a highlight box). */
    HIGHLIGHT,
    /** Words fill with the highlight colour from left to right as they are spoken. */
    KARAOKE,
    /** One to three words at a time, scaled up slightly as they appear. */
    POP;

    /** The style named in an upload's options; throws with the accepted names otherwise. */
    public static CaptionStyle parse(String name) {
        if (name == null || name.isBlank()) {
            return NONE;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "captionStyle '"
                            + name
                            + "' is not one of none, clean, highlight, karaoke, pop");
        }
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
