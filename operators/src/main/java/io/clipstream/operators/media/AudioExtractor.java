package io.clipstream.operators.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Extracts the audio track to the {@link Wav16kMono} artifact, resampled by FFmpeg and aligned so
 * that sample 0 is the first video frame. Audio-only decoding runs at roughly 1000x realtime.
 */
public final class AudioExtractor {
    static {
        FFmpegLogging.quiet();
    }

    private AudioExtractor() {}

    /**
     * Writes the artifact and returns the number of samples written.
     *
     * @param videoStartPtsUs absolute presentation time of the first video frame
     * @param durationUs length of the video timeline; the artifact is padded or cut to it
     */
    public static long extract(Path video, long videoStartPtsUs, long durationUs, Path wav)
            throws IOException {
        long wanted = Wav16kMono.sampleAt(durationUs);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                Wav16kMono.Writer writer = new Wav16kMono.Writer(wav)) {
            grabber.setSampleRate(Wav16kMono.SAMPLE_RATE);
            grabber.setAudioChannels(1);
            grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
            grabber.setVideoStream(-1);
            grabber.start();
            short[] chunk = new short[0];
            boolean first = true;
            Frame frame;
            while ((frame = grabber.grabSamples()) != null && writer.samplesWritten() < wanted) {
                if (frame.samples == null) {
                    continue;
                }
                ShortBuffer samples = (ShortBuffer) frame.samples[0];
                int n = samples.remaining();
                if (chunk.length < n) {
                    chunk = new short[n];
                }
                samples.get(chunk, 0, n);
                int offset = 0;
                if (first) {
                    first = false;
                    long startSample = Wav16kMono.sampleAt(frame.timestamp - videoStartPtsUs);
                    if (startSample > 0) {
                        writer.writeSilence(Math.min(startSample, wanted));
                    } else if (startSample < 0) {
                        offset = (int) Math.min(n, -startSample);
                    }
                }
                int length = (int) Math.min(n - offset, wanted - writer.samplesWritten());
                if (length > 0) {
                    writer.write(chunk, offset, length);
                }
            }
            if (writer.samplesWritten() < wanted) {
                writer.writeSilence(wanted - writer.samplesWritten());
            }
            return writer.samplesWritten();
        } catch (FrameGrabber.Exception e) {
            throw new IOException(
                    "Could not decode the audio of " + video + ": " + e.getMessage(), e);
        }
    }
}
