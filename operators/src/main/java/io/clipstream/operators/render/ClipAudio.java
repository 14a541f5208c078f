package io.clipstream.operators.render;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;

import io.clipstream.schemas.StreamFacts;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * A clip's sound, built whole before encoding: the source's audio decoded at 48 kHz stereo (a mono
 * source on both channels), the kept pieces joined with short crossfades, then brought to the
 * loudness target with a true-peak limiter.
 *
 * <p>At a join the outgoing piece runs on for half the crossfade past its end while the incoming
 * one starts half the crossfade before its start, with complementary raised-cosine gains that sum
 * to one: no step, and the clip keeps exactly its frames' duration.
 */
public final class ClipAudio {
    public static final int RATE = LoudnessMeter.RATE;

    /** Crossfade at each jump cut. */
    public static final long CROSSFADE_US = 20_000;

    /** The most a quiet clip is raised: beyond this it is noise being raised, and it is said so. */
    public static final double MAX_GAIN_DB = 24;

    private final float[][] channels;
    private double loudness = LoudnessMeter.SILENT;
    private double truePeak = -200;
    private String warning;

    private ClipAudio(float[][] channels) {
        this.channels = channels;
    }

    public float[][] channels() {
        return channels;
    }

    public int samples() {
        return channels[0].length;
    }

    /** Integrated loudness after {@link #normalise}. */
    public double loudness() {
        return loudness;
    }

    public double truePeak() {
        return truePeak;
    }

    /** Why the target was not reached, or null. */
    public String warning() {
        return warning;
    }

    /** Silence as long as the clip (a source without sound still gets a track). */
    static ClipAudio silent(ClipTimeline timeline) {
        int n = (int) Math.round(timeline.durationUs() * RATE / 1e6);
        return new ClipAudio(new float[][] {new float[n], new float[n]});
    }

    /** Decodes the source's audio of the timeline's pieces and joins them. */
    static ClipAudio cut(Path source, StreamFacts facts, ClipTimeline timeline, long crossfadeUs)
            throws FrameGrabber.Exception {
        int half = (int) Math.round(crossfadeUs * RATE / 2e6);
        long firstUs = timeline.pieceSourceStartUs(0);
        int last = timeline.pieces() - 1;
        long lastUs =
                timeline.pieceSourceStartUs(last)
                        + timeline.pieceOutputEndUs(last)
                        - timeline.pieceOutputStartUs(last);
        long originSample = Math.round(firstUs * RATE / 1e6) - half;
        int span = (int) (Math.round(lastUs * RATE / 1e6) + half - originSample);
        float[][] src = decode(source, facts, originSample, span);
        return assemble(src, originSample, timeline, crossfadeUs);
    }

    /** Audio already decoded: 48 kHz, two channels. */
    static ClipAudio of(float[][] channels) {
        return new ClipAudio(channels);
    }

    /**
     * Joins the timeline's pieces out of {@code src} (which starts at source sample {@code
     * originSample}, at least half a crossfade before the first piece).
     */
    static ClipAudio assemble(
            float[][] src, long originSample, ClipTimeline timeline, long crossfadeUs) {
        int half = (int) Math.round(crossfadeUs * RATE / 2e6);
        int last = timeline.pieces() - 1;
        int total = (int) Math.round(timeline.durationUs() * RATE / 1e6);
        float[][] out = new float[2][total];
        for (int i = 0; i < timeline.pieces(); i++) {
            int outFrom = (int) Math.round(timeline.pieceOutputStartUs(i) * RATE / 1e6);
            int outTo =
                    i == last ? total : (int) Math.round(timeline.pieceOutputEndUs(i) * RATE / 1e6);
            int srcFrom =
                    (int) (Math.round(timeline.pieceSourceStartUs(i) * RATE / 1e6) - originSample);
            boolean fadeIn = i > 0 && half > 0;
            boolean fadeOut = i < last && half > 0;
            int from = fadeIn ? outFrom - half : outFrom;
            int to = fadeOut ? outTo + half : outTo;
            for (int c = 0; c < 2; c++) {
                float[] s = src[c];
                float[] o = out[c];
                for (int k = Math.max(0, from); k < Math.min(total, to); k++) {
                    int j = srcFrom + (k - outFrom);
                    float v = j >= 0 && j < s.length ? s[j] : 0;
                    double g = 1;
                    if (fadeIn && k < outFrom + half) {
                        g = rise((k - (outFrom - half) + 0.5) / (2.0 * half));
                    } else if (fadeOut && k >= outTo - half) {
                        g = 1 - rise((k - (outTo - half) + 0.5) / (2.0 * half));
                    }
                    o[k] += (float) (v * g);
                }
            }
        }
        return new ClipAudio(out);
    }

    /** Raised cosine from 0 to 1 over {@code t} in [0, 1]. */
    private static double rise(double t) {
        return 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, Math.min(1, t)));
    }

    /**
     * {@code span} samples of the source's audio from {@code originSample} (48 kHz, on the video's
     * timeline); a gap in the source stays silent.
     */
    private static float[][] decode(Path source, StreamFacts facts, long originSample, int span)
            throws FrameGrabber.Exception {
        float[][] out = new float[2][span];
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
            int sourceChannels = Math.max(1, Math.min(2, facts.getAudioChannels()));
            grabber.setSampleFormat(AV_SAMPLE_FMT_FLTP);
            grabber.setSampleRate(RATE);
            grabber.setAudioChannels(sourceChannels);
            grabber.start();
            long originUs = Math.round(originSample * 1e6 / RATE);
            if (originUs > 200_000) {
                grabber.setAudioTimestamp(
                        originUs - 200_000 + facts.getStartPtsUs() - audioStartUs(grabber));
            }
            long end = originSample + span;
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (frame.samples == null) {
                    continue;
                }
                long first = Math.round((frame.timestamp - facts.getStartPtsUs()) * RATE / 1e6);
                if (first >= end) {
                    break;
                }
                int planes = frame.samples.length;
                for (int c = 0; c < 2; c++) {
                    FloatBuffer buf = (FloatBuffer) frame.samples[Math.min(c, planes - 1)];
                    int n = buf.remaining();
                    int base = buf.position();
                    for (int k = 0; k < n; k++) {
                        long at = first + k - originSample;
                        if (at >= 0 && at < span) {
                            out[c][(int) at] = buf.get(base + k);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The true peak (dBTP) of a file's sound at 48 kHz, two channels, measured as it decodes. */
    static double truePeakOfFile(Path file) throws FrameGrabber.Exception {
        LoudnessMeter.PeakTracker peak = new LoudnessMeter.PeakTracker(2);
        eachPiece(
                file,
                (l, r) -> {
                    peak.add(0, l);
                    peak.add(1, r);
                });
        return peak.finish();
    }

    /** A whole file's sound at 48 kHz, two channels. */
    public static float[][] decodeFile(Path file) throws FrameGrabber.Exception {
        java.util.List<float[]> left = new java.util.ArrayList<>();
        java.util.List<float[]> right = new java.util.ArrayList<>();
        eachPiece(
                file,
                (l, r) -> {
                    float[] a = new float[l.remaining()];
                    float[] b = new float[r.remaining()];
                    l.duplicate().get(a);
                    r.duplicate().get(b);
                    left.add(a);
                    right.add(b);
                });
        int n = left.stream().mapToInt(x -> x.length).sum();
        float[][] out = new float[2][n];
        int at = 0;
        for (int i = 0; i < left.size(); i++) {
            System.arraycopy(left.get(i), 0, out[0], at, left.get(i).length);
            System.arraycopy(right.get(i), 0, out[1], at, right.get(i).length);
            at += left.get(i).length;
        }
        return out;
    }

    /**
     * Hands each decoded piece of a file's sound, at 48 kHz, to {@code piece} as its left and right
     * channel. The file keeps its own channels (JavaCV's swresample crashes turning mono into two):
     * a mono file's one channel is given as both.
     */
    private static void eachPiece(
            Path file, java.util.function.BiConsumer<FloatBuffer, FloatBuffer> piece)
            throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.setSampleFormat(AV_SAMPLE_FMT_FLTP);
            g.setSampleRate(RATE);
            g.start();
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples != null) {
                    piece.accept(
                            (FloatBuffer) f.samples[0],
                            (FloatBuffer) f.samples[Math.min(1, f.samples.length - 1)]);
                }
            }
        }
    }

    private static long audioStartUs(FFmpegFrameGrabber grabber) {
        var oc = grabber.getFormatContext();
        for (int i = 0; i < oc.nb_streams(); i++) {
            var s = oc.streams(i);
            if (s.codecpar().codec_type() == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO) {
                return s.start_time() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE
                        ? 0
                        : 1_000_000L * s.start_time() * s.time_base().num() / s.time_base().den();
            }
        }
        return 0;
    }

    /**
     * Brings the integrated loudness to {@code targetLufs} with true peaks at or under {@code
     * ceilingDbtp}: a gain, then a look-ahead limiter on what would still peak above the ceiling,
     * repeated with the gain corrected for what the limiter took (three rounds at most).
     */
    public void normalise(double targetLufs, double ceilingDbtp) {
        normalise(targetLufs, ceilingDbtp, null);
    }

    /** The true peak (dBTP) of audio after it is encoded and decoded again. */
    @FunctionalInterface
    public interface EncodedPeak {
        double of(float[][] channels) throws java.io.IOException;
    }

    /**
     * As {@link #normalise(double, double)}, and when {@code encoded} is given the result is also
     * encoded, decoded and measured: where the codec pushed a peak over the ceiling, the limiter's
     * aim is lowered by the overshoot and the gain corrected again.
     */
    public void normalise(double targetLufs, double ceilingDbtp, EncodedPeak encoded) {
        float[][] original = new float[][] {channels[0].clone(), channels[1].clone()};
        double measured = LoudnessMeter.integrated(original);
        if (measured <= LoudnessMeter.SILENT) {
            loudness = measured;
            truePeak = LoudnessMeter.truePeak(channels);
            return;
        }
        double gainDb = targetLufs - measured;
        if (gainDb > MAX_GAIN_DB) {
            warning =
                    String.format(
                            java.util.Locale.ROOT,
                            "the clip's sound is very quiet (%.1f LUFS); raised by %.0f dB, not to %.1f LUFS",
                            measured,
                            MAX_GAIN_DB,
                            targetLufs);
            gainDb = MAX_GAIN_DB;
        }
        double aim = ceilingDbtp - ENCODER_HEADROOM_DB;
        for (int round = 0; round < 6; round++) {
            double gain = Math.pow(10, gainDb / 20);
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < original[c].length; i++) {
                    channels[c][i] = (float) (original[c][i] * gain);
                }
            }
            limit(channels, Math.pow(10, aim / 20));
            loudness = LoudnessMeter.integrated(channels);
            truePeak = LoudnessMeter.truePeak(channels);
            boolean peakOk = truePeak <= aim + 0.01;
            boolean loudOk = warning != null || Math.abs(loudness - targetLufs) < 0.2;
            if (peakOk && loudOk && encoded != null) {
                try {
                    double after = encoded.of(channels);
                    if (after > ceilingDbtp) {
                        aim -= after - ceilingDbtp + 0.1;
                        continue;
                    }
                } catch (java.io.IOException e) {
                    return; // the render itself will report an encoder that does not work
                }
            }
            if (peakOk && loudOk) {
                return;
            }
            if (!peakOk) {
                aim -= truePeak - aim + 0.05;
            }
            if (warning == null) {
                gainDb = Math.min(MAX_GAIN_DB + 6, gainDb + targetLufs - loudness);
            }
        }
    }

    /**
     * The limiter aims this far under the ceiling: AAC's quantisation moves peaks by a few tenths
     * of a dB, and the ceiling holds for the encoded file, not only for what goes into it.
     */
    static final double ENCODER_HEADROOM_DB = 0.5;

    /** Look-ahead of the limiter: gain falls over this time before a peak. */
    private static final int LOOK_AHEAD = RATE * 3 / 1000;

    /** Release of the limiter: it recovers over roughly this time after a peak. */
    private static final int RELEASE = RATE * 80 / 1000;

    /**
     * Gain per sample, the same for both channels: the gain that keeps the oversampled peak at the
     * limit, its minimum over a window of the look-ahead on each side, averaged over the same
     * window (every average is of values each at or under the sample's own need, so peaks stay
     * under the limit while the gain moves smoothly), then released exponentially.
     */
    static void limit(float[][] channels, double limit) {
        int n = channels[0].length;
        float[] need = new float[n];
        java.util.Arrays.fill(need, 1f);
        boolean any = false;
        for (float[] ch : channels) {
            for (int i = 0; i < n; i++) {
                float env = LoudnessMeter.peakAround(ch, n, i);
                if (env > limit) {
                    need[i] = (float) Math.min(need[i], limit / env);
                    any = true;
                }
            }
        }
        if (!any) {
            return;
        }
        float[] min = slidingMin(need, LOOK_AHEAD);
        // the average of min over i - w .. i + w (ends held), into need: a running sum, not a
        // second array of the clip's length
        int w = LOOK_AHEAD;
        float[] smooth = need;
        double sum = 0;
        for (int j = -w; j <= w; j++) {
            sum += min[Math.max(0, Math.min(n - 1, j))];
        }
        for (int i = 0; i < n; i++) {
            smooth[i] = (float) (sum / (2 * w + 1));
            sum += min[Math.min(n - 1, i + w + 1)] - min[Math.max(0, i - w)];
        }
        double coef = 1.0 / RELEASE;
        double g = 1;
        for (int i = 0; i < n; i++) {
            g = Math.min(smooth[i], g + (1 - g) * coef);
            for (float[] ch : channels) {
                ch[i] = (float) (ch[i] * g);
            }
        }
    }

    private static float[] slidingMin(float[] x, int w) {
        int n = x.length;
        float[] out = new float[n];
        java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
        int next = 0;
        for (int i = 0; i < n; i++) {
            while (next < n && next <= i + w) {
                while (!q.isEmpty() && x[q.peekLast()] >= x[next]) {
                    q.pollLast();
                }
                q.addLast(next++);
            }
            while (q.peekFirst() < i - w) {
                q.pollFirst();
            }
            out[i] = x[q.peekFirst()];
        }
        return out;
    }

    /** Interleaved 16-bit samples {@code [from, to)}, dithered by rounding. */
    short[] interleaved(int from, int to) {
        short[] out = new short[(to - from) * 2];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < 2; c++) {
                float v = channels[c][i];
                out[(i - from) * 2 + c] =
                        (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            }
        }
        return out;
    }
}
