package io.clipstream.operators.analysis.framing;

import io.clipstream.operators.media.TalkingScenes;
import io.clipstream.schemas.CropPath;
import java.util.List;

/**
 * Scores a crop path against the known faces of a scene, frame by frame.
 *
 * <ul>
 *   <li><b>contained</b>: the share of frames in which the window shows the whole face of everyone
 *       speaking (in a split, either half; a letterbox shows everything); in frames where nobody
 *       speaks, at least one whole face when there is any.
 *   <li><b>jitter</b>: mean movement of the window's edge from one frame to the next, in source
 *       pixels, within shots (a cut may move it), leaving out the window's deliberate switches from
 *       one speaker to the other, which are counted apart.
 *   <li><b>settle</b>: after each cut, the frames shown before the window first holds the speaker.
 * </ul>
 */
public final class FramingScore {
    private FramingScore() {}

    public record Result(
            int frames,
            int contained,
            double meanJitterPx,
            double maxJitterPx,
            int settleFrames,
            int switches) {
        public double containedShare() {
            return frames == 0 ? 0 : (double) contained / frames;
        }
    }

    /** Scores frames {@code [fromFrame, toFrame)} of the scene. */
    public static Result score(
            CropPath path, TalkingScenes.Truth truth, int fromFrame, int toFrame) {
        int good = 0;
        double moved = 0;
        double maxMoved = 0;
        int steps = 0;
        int settle = 0;
        CropWindows.Window previous = null;
        int previousKey = -1;
        int switches = 0;
        int sinceCut = -1;
        for (int f = fromFrame; f < toFrame; f++) {
            long t = Math.round(f * 1e6 / truth.fps());
            CropWindows.Window w = CropWindows.at(path, t);
            boolean ok = shows(w, truth.faces().get(f));
            if (ok) {
                good++;
            }
            boolean cut = truth.cutFrames().contains(f);
            if (cut) {
                sinceCut = 0;
            }
            if (sinceCut >= 0) {
                if (ok) {
                    sinceCut = -1;
                } else {
                    settle++;
                }
            }
            int key = CropWindows.keyIndex(path, t);
            boolean hardSwitch =
                    previousKey >= 0
                            && key != previousKey
                            && !path.getKeyframes().get(previousKey).getGlide();
            if (hardSwitch && !cut) {
                switches++;
            }
            previousKey = key;
            if (previous != null && !cut && !hardSwitch) {
                double d = Math.max(Math.abs(w.x() - previous.x()), Math.abs(w.y() - previous.y()));
                moved += d;
                maxMoved = Math.max(maxMoved, d);
                steps++;
            }
            previous = w;
        }
        return new Result(
                toFrame - fromFrame,
                good,
                steps == 0 ? 0 : moved / steps,
                maxMoved,
                settle,
                switches);
    }

    static boolean shows(CropWindows.Window w, List<TalkingScenes.Face> faces) {
        if (w.letterbox() || faces.isEmpty()) {
            return true;
        }
        boolean anySpeaking = faces.stream().anyMatch(TalkingScenes.Face::speaking);
        if (!anySpeaking) {
            return faces.stream().anyMatch(f -> inside(w, f));
        }
        return faces.stream().filter(TalkingScenes.Face::speaking).allMatch(f -> inside(w, f));
    }

    private static boolean inside(CropWindows.Window w, TalkingScenes.Face f) {
        if (!w.split()) {
            return within(f, w.x(), w.width());
        }
        return (within(f, w.x(), w.width()) && f.top() >= w.y() && f.bottom() <= w.y() + w.height())
                || (within(f, w.x2(), w.width2())
                        && f.top() >= w.y2()
                        && f.bottom() <= w.y2() + w.height2());
    }

    /** Horizontally inside; the scenes' windows span the face's height. */
    private static boolean within(TalkingScenes.Face f, int x, int width) {
        return f.left() >= x && f.right() <= x + width;
    }
}
