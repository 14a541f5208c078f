package io.clipstream.operators.analysis;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;

import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.StreamFacts;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one segment: shot boundary candidates from downscaled frames and audio windows on the
 * global grid.
 *
 * <p>Segment {@code k} decodes its frames and the first frame of segment {@code k+1} (a keyframe,
 * so cheap), and reports boundaries at every frame after its own first one. The cut into segment
 * {@code k+1}'s first frame is therefore found exactly once, by segment {@code k}.
 */
public final class SegmentAnalyzer {
    static {
        io.clipstream.operators.media.FFmpegLogging.quiet();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SegmentAnalyzer.class);

    /** Tunables of the analysis. */
    public record Settings(int analysisWidth, double cutThreshold, int decodeThreads)
            implements Serializable {
        public static final Settings DEFAULT = new Settings(128, 27.0, 0);
    }

    private final Settings settings;

    public SegmentAnalyzer(Settings settings) {
        this.settings = settings;
    }

    public SegmentAnalysis analyse(SegmentTask task, Path video, Path audioWav) throws IOException {
        StreamFacts facts = task.getStream();
        ContentShotDetector detector = new ContentShotDetector(settings.cutThreshold());
        boolean last = task.getSegmentIndex() == task.getSegmentCount() - 1;
        long lastFrame = last ? task.getEndFrame() - 1 : task.getEndFrame();
        long decoded = decodeFrames(video, facts, task.getStartFrame(), lastFrame, detector);
        List<AudioWindow> windows = audioWindows(audioWav, task.getStartUs(), task.getEndUs());
        return SegmentAnalysis.newBuilder()
                .setVideoId(task.getVideoId())
                .setTenantId(task.getTenantId())
                .setSourceUri(task.getSourceUri())
                .setSegmentIndex(task.getSegmentIndex())
                .setSegmentCount(task.getSegmentCount())
                .setStartUs(task.getStartUs())
                .setEndUs(task.getEndUs())
                .setStream(facts)
                .setOptions(task.getOptions())
                .setShotBoundaries(detector.boundaries())
                .setAudioWindows(windows)
                .setFramesDecoded(decoded)
                .setRequestedAt(task.getRequestedAt())
                .build();
    }

    static List<AudioWindow> audioWindows(Path wav, long startUs, long endUs) throws IOException {
        long first = AudioFeatures.firstWindowAtOrAfter(startUs);
        long last = AudioFeatures.firstWindowAtOrAfter(endUs);
        if (wav == null || last <= first) {
            return List.of();
        }
        short[] samples =
                Wav16kMono.read(
                        wav,
                        first * AudioFeatures.WINDOW_SAMPLES,
                        last * AudioFeatures.WINDOW_SAMPLES);
        return AudioFeatures.windows(samples, first, last);
    }

    /** Decodes frames {@code [firstFrame, lastFrame]} into the detector; returns how many. */
    private long decodeFrames(
            Path video,
            StreamFacts facts,
            long firstFrame,
            long lastFrame,
            ContentShotDetector detector)
            throws IOException {
        int width = settings.analysisWidth();
        int height =
                Math.max(
                        2,
                        (int) Math.round(width * (double) facts.getHeight() / facts.getWidth())
                                & ~1);
        double fps = facts.getFps();
        long halfFrameUs = Math.round(500_000 / fps);
        long startUs = Math.round(firstFrame * 1_000_000 / fps);
        long decoded = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
            grabber.setPixelFormat(AV_PIX_FMT_BGR24);
            grabber.setAudioStream(-1);
            if (settings.decodeThreads() > 0) {
                grabber.setVideoOption("threads", String.valueOf(settings.decodeThreads()));
            }
            grabber.start();
            FrameSeeker.seekToFrameTime(grabber, facts, startUs);
            byte[] bgr = new byte[width * height * 3];
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                long relUs = frame.timestamp - facts.getStartPtsUs();
                long index = Math.round(relUs * fps / 1_000_000);
                if (relUs < startUs - halfFrameUs) {
                    continue;
                }
                if (index > lastFrame) {
                    break;
                }
                copyPacked(frame, bgr, width, height);
                detector.accept(bgr, index, relUs, index > firstFrame);
                decoded++;
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("Decoding failed: " + e.getMessage(), e);
        }
        LOG.debug("Decoded {} frames [{}, {}] of {}", decoded, firstFrame, lastFrame, video);
        return decoded;
    }

    /** Copies a BGR frame, dropping any row padding. */
    static void copyPacked(Frame frame, byte[] out, int width, int height) {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        int row = width * 3;
        for (int y = 0; y < height; y++) {
            buf.position(y * stride);
            buf.get(out, y * row, row);
        }
        buf.rewind();
    }
}
