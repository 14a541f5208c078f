package io.clipstream.operators.render;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;

import io.clipstream.operators.analysis.FrameSeeker;
import io.clipstream.operators.analysis.framing.CropWindows;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.StreamFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameFilter;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a {@link ClipPlan}: exactly frames {@code [startFrame, endFrame)} of the source, cropped
 * along the plan's crop path and scaled to the output size, H.264 (openh264) and AAC in an MP4 with
 * the index at the front (faststart), written to the clip's deterministic key.
 *
 * <p>Audio is cut sample-exactly to the same interval and interleaved with the video as it is
 * encoded.
 */
public final class ClipRenderer {
    static {
        io.clipstream.operators.media.FFmpegLogging.quiet();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClipRenderer.class);

    /** Encoder settings. */
    public record Settings(String videoEncoder, int videoBitrate, int audioBitrate, String preset)
            implements Serializable {
        public static final Settings DEFAULT = new Settings("libopenh264", 6_000_000, 128_000, "");
    }

    /** Frames a clip may lack at the very end of a damaged source before rendering fails. */
    private static final long MISSING_TAIL_FRAMES = 12;

    private final Settings settings;
    private final TenantPaths paths;

    public ClipRenderer(Settings settings, TenantPaths paths) {
        this.settings = settings;
        this.paths = paths;
    }

    /** Renders every aspect ratio of the plan and uploads it; returns the outputs. */
    public List<RenderedOutput> render(ClipPlan plan, Path source) throws IOException {
        List<RenderedOutput> outputs = new ArrayList<>();
        for (CropPath crop : plan.getCropPaths()) {
            Path local = Files.createTempFile("clip-" + plan.getClipId() + "-", ".mp4");
            try {
                long begin = System.nanoTime();
                long frames = encode(plan, crop, source, local);
                String uri =
                        paths.clipUri(
                                plan.getTenantId(),
                                plan.getVideoId(),
                                plan.getClipId(),
                                crop.getAspect());
                String sha = sha256(local);
                long bytes = Files.size(local);
                ObjectStore.upload(local, uri);
                double fps = plan.getStream().getFps();
                LOG.info(
                        "Rendered {} {} ({} frames) in {} ms",
                        plan.getClipId(),
                        crop.getAspect(),
                        frames,
                        (System.nanoTime() - begin) / 1_000_000);
                outputs.add(
                        RenderedOutput.newBuilder()
                                .setAspect(crop.getAspect())
                                .setUri(uri)
                                .setWidth(crop.getOutputWidth())
                                .setHeight(crop.getOutputHeight())
                                .setDurationUs(Math.round(frames * 1e6 / fps))
                                .setFrameCount(frames)
                                .setBytes(bytes)
                                .setSha256(sha)
                                .setShots(crop.getShots() == null ? List.of() : crop.getShots())
                                .build());
            } finally {
                Files.deleteIfExists(local);
            }
        }
        return outputs;
    }

    /** Encodes one output to a local file; returns the number of video frames written. */
    public long encode(ClipPlan plan, CropPath crop, Path source, Path out) throws IOException {
        StreamFacts facts = plan.getStream();
        double fps = facts.getFps();
        long halfFrameUs = Math.round(500_000 / fps);
        long wanted = plan.getEndFrame() - plan.getStartFrame();
        boolean withAudio = facts.getAudioChannels() > 0;
        int channels = Math.min(2, Math.max(1, facts.getAudioChannels()));
        int sampleRate = facts.getAudioSampleRate() > 0 ? facts.getAudioSampleRate() : 48_000;
        try (FFmpegFrameGrabber video = new FFmpegFrameGrabber(source.toFile());
                AudioCutter audio =
                        withAudio
                                ? new AudioCutter(
                                        source,
                                        facts,
                                        plan.getStartUs(),
                                        plan.getEndUs(),
                                        sampleRate,
                                        channels)
                                : null;
                FFmpegFrameRecorder recorder =
                        new FFmpegFrameRecorder(
                                out.toFile(),
                                crop.getOutputWidth(),
                                crop.getOutputHeight(),
                                withAudio ? channels : 0)) {
            video.setPixelFormat(AV_PIX_FMT_YUV420P);
            video.setAudioStream(-1);
            video.start();
            configure(recorder, fps, sampleRate, withAudio);
            recorder.start();
            FrameSeeker.seekToFrameTime(video, facts, plan.getStartUs());
            long written = 0;
            String graph = filterGraph(facts);
            try (FFmpegFrameFilter filter =
                            graph == null
                                    ? null
                                    : new FFmpegFrameFilter(
                                            graph, video.getImageWidth(), video.getImageHeight());
                    PackedPicture packer = new PackedPicture();
                    Compositor compositor =
                            new Compositor(crop.getOutputWidth(), crop.getOutputHeight())) {
                if (filter != null) {
                    filter.setPixelFormat(AV_PIX_FMT_YUV420P);
                    filter.setFrameRate(fps);
                    filter.start();
                }
                // Output frame k shows the source frame at startUs + k / fps. A source frame that
                // did not decode leaves a gap, filled by the next good frame, so the cut stays in
                // time with its audio; filters here are one frame in, one frame out, in order.
                // Each frame is cropped where the crop path is at its own time.
                java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>();
                Frame frame;
                Frame direct = null;
                boolean flushed = false;
                long lastUs = Long.MIN_VALUE;
                while (written < wanted && !flushed) {
                    frame = video.grabImage();
                    if (frame == null) {
                        if (filter != null) {
                            filter.push(null); // end of input: let a deinterlacer emit its last
                        }
                        flushed = true;
                    } else {
                        long relUs = frame.timestamp - facts.getStartPtsUs();
                        if (relUs <= lastUs && lastUs >= plan.getStartUs()) {
                            relUs = lastUs + 2 * halfFrameUs; // a flushed frame without a time
                        }
                        lastUs = relUs;
                        if (relUs < plan.getStartUs() - halfFrameUs) {
                            continue;
                        }
                        times.add(relUs);
                        if (filter != null) {
                            int format = PackedPicture.formatOf(frame, AV_PIX_FMT_YUV420P);
                            filter.push(packer.pack(frame), format);
                        } else {
                            direct = frame;
                        }
                    }
                    Frame filtered;
                    while (written < wanted
                            && !times.isEmpty()
                            && (filtered = filter != null ? filter.pull() : direct) != null) {
                        direct = null;
                        long timeUs = times.poll();
                        long slot = Math.round((timeUs - plan.getStartUs()) * fps / 1e6);
                        Frame composed = compositor.compose(filtered, CropWindows.at(crop, timeUs));
                        while (written <= Math.min(slot, wanted - 1)) {
                            recorder.record(composed, AV_PIX_FMT_YUV420P);
                            written++;
                            if (audio != null) {
                                audio.recordUntil(
                                        recorder,
                                        plan.getStartUs() + Math.round(written * 1e6 / fps));
                            }
                        }
                    }
                }
            }
            if (written < wanted && wanted - written <= MISSING_TAIL_FRAMES) {
                LOG.warn(
                        "Clip {} ends {} frames early: the source's last frames did not decode",
                        plan.getClipId(),
                        wanted - written);
            } else if (written < wanted) {
                throw new IOException(
                        String.format(
                                Locale.ROOT,
                                "Source ended after %d of %d frames of clip %s",
                                written,
                                wanted,
                                plan.getClipId()));
            }
            if (audio != null) {
                audio.recordUntil(recorder, plan.getEndUs());
            }
            recorder.stop();
            return written;
        } catch (FrameGrabber.Exception | FrameRecorder.Exception | FrameFilter.Exception e) {
            throw new IOException(
                    "Rendering clip " + plan.getClipId() + " failed: " + e.getMessage(), e);
        }
    }

    private void configure(
            FFmpegFrameRecorder recorder, double fps, int sampleRate, boolean withAudio) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setVideoCodecName(settings.videoEncoder());
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        recorder.setVideoBitrate(settings.videoBitrate());
        recorder.setOption("movflags", "+faststart");
        if (!settings.preset().isEmpty()) {
            recorder.setVideoOption("preset", settings.preset());
        }
        if (withAudio) {
            recorder.setAudioCodec(AV_CODEC_ID_AAC);
            recorder.setSampleRate(sampleRate);
            recorder.setAudioBitrate(settings.audioBitrate());
        }
    }

    /**
     * Deinterlacing and rotation to the displayed orientation, or null when the decoded picture is
     * already what is displayed; cropping and scaling follow per frame in the {@link Compositor}.
     */
    static String filterGraph(StreamFacts facts) {
        String rotate =
                switch (facts.getRotation()) {
                    case 90 -> "transpose=clock,";
                    case 180 -> "hflip,vflip,";
                    case 270 -> "transpose=cclock,";
                    default -> "";
                };
        // Fields are interpolated into whole frames (one frame per frame, so numbering holds).
        String deinterlace = facts.getInterlaced() ? "bwdif=mode=send_frame:deint=all," : "";
        if (rotate.isEmpty() && deinterlace.isEmpty()) {
            return null;
        }
        return deinterlace + rotate + "format=yuv420p";
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in =
                new DigestInputStream(
                        Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes the source's audio and hands the recorder exactly the samples of the clip. */
    private static final class AudioCutter implements AutoCloseable {
        private final FFmpegFrameGrabber grabber;
        private final StreamFacts facts;
        private final int sampleRate;
        private final int channels;
        private final long startSample;
        private final long endSample;
        private long position;
        private boolean exhausted;

        AudioCutter(
                Path source,
                StreamFacts facts,
                long startUs,
                long endUs,
                int sampleRate,
                int channels)
                throws FrameGrabber.Exception {
            this.facts = facts;
            this.sampleRate = sampleRate;
            this.channels = channels;
            this.startSample = Math.round(startUs * sampleRate / 1e6);
            this.endSample = Math.round(endUs * sampleRate / 1e6);
            this.position = startSample;
            grabber = new FFmpegFrameGrabber(source.toFile());
            grabber.setSampleFormat(AV_SAMPLE_FMT_S16);
            grabber.setSampleRate(sampleRate);
            grabber.setAudioChannels(channels);
            grabber.start();
            if (startUs > 0) {
                grabber.setAudioTimestamp(
                        Math.max(0, startUs - 200_000) + facts.getStartPtsUs() - audioStartUs());
            }
        }

        private long audioStartUs() {
            var oc = grabber.getFormatContext();
            for (int i = 0; i < oc.nb_streams(); i++) {
                var s = oc.streams(i);
                if (s.codecpar().codec_type()
                        == org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO) {
                    return s.start_time() == org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE
                            ? 0
                            : 1_000_000L
                                    * s.start_time()
                                    * s.time_base().num()
                                    / s.time_base().den();
                }
            }
            return 0;
        }

        /** Records samples up to (excluding) the given time on the video timeline. */
        void recordUntil(FFmpegFrameRecorder recorder, long untilUs)
                throws FrameGrabber.Exception, FrameRecorder.Exception {
            long until = Math.min(endSample, Math.round(untilUs * sampleRate / 1e6));
            while (!exhausted && position < until) {
                Frame frame = grabber.grabSamples();
                if (frame == null) {
                    exhausted = true;
                    break;
                }
                if (frame.samples == null) {
                    continue;
                }
                ShortBuffer buf = (ShortBuffer) frame.samples[0];
                long frameStart =
                        Math.round((frame.timestamp - facts.getStartPtsUs()) * sampleRate / 1e6);
                int n = buf.remaining() / channels;
                long from = Math.max(position, frameStart);
                long to = Math.min(endSample, frameStart + n);
                if (from > position) {
                    recordSilence(recorder, from - position); // a gap in the source audio
                }
                if (to > from) {
                    // Copy rather than pass a positioned slice of the decoder's buffer: JavaCV's
                    // recordSamples applies a direct buffer's position twice and reads past it.
                    short[] part = new short[(int) (to - from) * channels];
                    ShortBuffer source = buf.duplicate();
                    source.position((int) (from - frameStart) * channels);
                    source.get(part);
                    recorder.recordSamples(sampleRate, channels, ShortBuffer.wrap(part));
                    position = to;
                }
            }
            if (exhausted && position < until) {
                recordSilence(recorder, until - position);
            }
        }

        private void recordSilence(FFmpegFrameRecorder recorder, long samples)
                throws FrameRecorder.Exception {
            recorder.recordSamples(
                    sampleRate, channels, ShortBuffer.wrap(new short[(int) samples * channels]));
            position += samples;
        }

        @Override
        public void close() throws FrameGrabber.Exception {
            grabber.close();
        }
    }
}
