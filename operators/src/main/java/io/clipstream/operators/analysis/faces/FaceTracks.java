package io.clipstream.operators.analysis.faces;

import io.clipstream.schemas.FaceSample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Links face detections into tracks, one per person on screen, within each shot. Samples are taken
 * in time order; a face continues the track whose last box it overlaps most (intersection over
 * union at least {@link #MIN_OVERLAP}, or, for a face that moved quickly between samples, a centre
 * within one face width and a size within a factor of 1.5), each track taking at most one face per
 * sample. A track ends at a shot boundary, or when it has not been seen for {@link #MAX_GAP_US}; a
 * face that continues none starts a new track. Ids count up from 0 in order of first appearance, so
 * the same detections always give the same ids.
 */
public final class FaceTracks {
    /** Boxes of one face in consecutive samples overlap at least this much (IoU). */
    static final double MIN_OVERLAP = 0.3;

    /** A track not seen for this long has left (or the detector lost it for good). */
    static final long MAX_GAP_US = 1_000_000;

    private FaceTracks() {}

    /**
     * The samples with their track ids set.
     *
     * @param samples detections of the video in any order; {@code trackId} is ignored
     * @param shotStartsUs the first time of every shot after the first, ascending
     */
    public static List<FaceSample> link(List<FaceSample> samples, List<Long> shotStartsUs) {
        List<FaceSample> ordered = new ArrayList<>(samples);
        ordered.sort(
                Comparator.comparingLong(FaceSample::getTimeUs)
                        .thenComparing(FaceSample::getX)
                        .thenComparing(FaceSample::getY));
        List<Track> open = new ArrayList<>();
        List<FaceSample> out = new ArrayList<>(ordered.size());
        int nextId = 0;
        int i = 0;
        while (i < ordered.size()) {
            long time = ordered.get(i).getTimeUs();
            int j = i;
            while (j < ordered.size() && ordered.get(j).getTimeUs() == time) {
                j++;
            }
            open.removeIf(
                    t ->
                            time - t.last.getTimeUs() > MAX_GAP_US
                                    || crossesCut(t, time, shotStartsUs));
            List<FaceSample> faces = ordered.subList(i, j);
            int[] assigned = assign(open, faces);
            for (int k = 0; k < faces.size(); k++) {
                FaceSample face = FaceSample.newBuilder(faces.get(k)).build();
                Track track;
                if (assigned[k] >= 0) {
                    track = open.get(assigned[k]);
                } else {
                    track = new Track(nextId++);
                    open.add(track);
                }
                face.setTrackId(track.id);
                track.last = face;
                out.add(face);
            }
            i = j;
        }
        return out;
    }

    private static boolean crossesCut(Track t, long time, List<Long> shotStartsUs) {
        for (long cut : shotStartsUs) {
            if (cut > t.last.getTimeUs() && cut <= time) {
                return true;
            }
        }
        return false;
    }

    /** For each face, the index of the open track it continues, or -1; best matches first. */
    private static int[] assign(List<Track> open, List<FaceSample> faces) {
        int[] assigned = new int[faces.size()];
        java.util.Arrays.fill(assigned, -1);
        boolean[] taken = new boolean[open.size()];
        List<double[]> pairs = new ArrayList<>();
        for (int f = 0; f < faces.size(); f++) {
            for (int t = 0; t < open.size(); t++) {
                double score = match(open.get(t).last, faces.get(f));
                if (score > 0) {
                    pairs.add(new double[] {score, f, t});
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(b[0], a[0]));
        for (double[] p : pairs) {
            int f = (int) p[1];
            int t = (int) p[2];
            if (assigned[f] < 0 && !taken[t]) {
                assigned[f] = t;
                taken[t] = true;
            }
        }
        return assigned;
    }

    /** How well {@code b} continues {@code a}: its IoU, or a small score for a near centre. */
    static double match(FaceSample a, FaceSample b) {
        double iou = iou(a, b);
        if (iou >= MIN_OVERLAP) {
            return iou;
        }
        double dx = (a.getX() + a.getWidth() / 2) - (b.getX() + b.getWidth() / 2);
        double dy = (a.getY() + a.getHeight() / 2) - (b.getY() + b.getHeight() / 2);
        double size = Math.max(a.getWidth(), b.getWidth());
        double ratio = Math.max(a.getWidth(), b.getWidth()) / Math.min(a.getWidth(), b.getWidth());
        return Math.hypot(dx, dy) < size && ratio < 1.5 ? 0.01 : 0;
    }

    static double iou(FaceSample a, FaceSample b) {
        double x0 = Math.max(a.getX(), b.getX());
        double y0 = Math.max(a.getY(), b.getY());
        double x1 = Math.min(a.getX() + a.getWidth(), b.getX() + b.getWidth());
        double y1 = Math.min(a.getY() + a.getHeight(), b.getY() + b.getHeight());
        double inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        double union = a.getWidth() * a.getHeight() + b.getWidth() * b.getHeight() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    private static final class Track {
        final int id;
        FaceSample last;

        Track(int id) {
            this.id = id;
        }
    }
}
