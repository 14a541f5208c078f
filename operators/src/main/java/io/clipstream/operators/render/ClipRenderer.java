package io.clipstream.operators.render;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.clipstream.operators.analysis.FrameSeeker;
import io.clipstream.operators.analysis.framing.CropWindows;
import io.clipstream.operators.render.captions.BrandLook;
import io.clipstream.operators.render.captions.CaptionLayout;
import io.clipstream.operators.render.captions.CaptionStyle;
import io.clipstream.operators.render.captions.CaptionTrack;
import io.clipstream.operators.render.captions.Subtitles;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.operators.timing.StageClock;
import io.clipstream.schemas.ClipPlan;
import io.clipstream.schemas.CropPath;
import io.clipstream.schemas.RenderedOutput;
import io.clipstream.schemas.StreamFacts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
 * Renders a {@link ClipPlan}: the kept intervals of the source (all of {@code [startFrame,
 * endFrame)} without jump cuts), cropped along the plan's crop path and scaled to the output size,
 * captions and logo burned in, H.264 (openh264) and 48 kHz stereo AAC brought to the loudness
 * target, in an MP4 with the index at the front (faststart), written to the clip's deterministic
 * key; beside it a JPEG thumbnail per aspect ratio and the clip's subtitles (SRT and WebVTT).
 *
 * <p>Audio is cut sample-exactly to the frames kept, crossfaded at each join, and interleaved with
 * the video as it is encoded.
 */
public final class ClipRenderer {
    static {
        io.clipstream.operators.media.FFmpegLogging.quiet();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClipRenderer.class);

    /**
     * Encoder settings.
     *
     * @param videoBitrate bits per second; 0 chooses by resolution and frame rate ({@link
     *     #bitrateFor})
     * @param loudnessTarget integrated loudness of every output, LUFS
     * @param truePeakCeiling highest true peak, dBTP
     */
    public record Settings(
            String videoEncoder,
            int videoBitrate,
            int audioBitrate,
            String preset,
            double loudnessTarget,
            double truePeakCeiling)
            implements Serializable {
        public static final Settings DEFAULT =
                new Settings("libopenh264", 0, 160_000, "", -14.0, -1.0);
    }

    /**
     * The bitrate for an output: about what the vertical-video platforms re-encode uploads to, with
     * headroom (8 Mbit/s at 1080x1920 and 30 fps, scaled by pixels and frame rate, within 1.5-12
     * Mbit/s).
     */
    public static int bitrateFor(int width, int height, double fps) {
        double pixels = (double) width * height / (1080.0 * 1920.0);
        double rate = Math.min(60, Math.max(24, fps)) / 30.0;
        double bits = 8_000_000 * Math.pow(pixels, 0.75) * Math.pow(rate, 0.6);
        return (int)
                Math.max(1_500_000, Math.min(12_000_000, Math.round(bits / 100_000) * 100_000));
    }

    /** What one output's encode produced beside the video file. */
    public record Encoded(
            long frames,
            long durationUs,
            double loudness,
            double truePeak,
            BufferedImage thumbnail,
            List<CaptionLayout.Page> pages) {}

    /** Frames a clip may lack at the very end of a damaged source before rendering fails. */
    private static final long MISSING_TAIL_FRAMES = 12;

    private final Settings settings;
    private final TenantPaths paths;

    public ClipRenderer(Settings settings, TenantPaths paths) {
        this.settings = settings;
        this.paths = paths;
    }

    /** What {@link #render} wrote. */
    public record Rendered(
            List<RenderedOutput> outputs,
            long durationUs,
            String srtUri,
            String vttUri,
            List<String> warnings) {}

    /**
     * Renders every aspect ratio of the plan and uploads it with its thumbnail, and the clip's
     * subtitles beside them.
     */
    public Rendered render(ClipPlan plan, Path source) throws IOException {
        List<RenderedOutput> outputs = new ArrayList<>();
        // the timeline, words, look and sound are the clip's, the same for every aspect ratio
        StageClock.Mark mark = StageClock.markProcess();
        Prepared clip = prepare(plan, source);
        mark = StageClock.charge(StageClock.Stage.RENDER_PREPARE, mark);
        long durationUs = clip.timeline().durationUs();
        for (CropPath crop : plan.getCropPaths()) {
            Path local = Files.createTempFile("clip-" + plan.getClipId() + "-", ".mp4");
            Path jpeg = Files.createTempFile("thumb-" + plan.getClipId() + "-", ".jpg");
            try {
                long begin = System.nanoTime();
                Encoded encoded = encode(plan, crop, source, local, clip);
                mark = StageClock.charge(StageClock.Stage.RENDER_ENCODE, mark);
                String uri =
                        paths.clipUri(
                                plan.getTenantId(),
                                plan.getVideoId(),
                                plan.getClipId(),
                                crop.getAspect());
                String sha = sha256(local);
                long bytes = Files.size(local);
                ObjectStore.upload(local, uri);
                String thumbUri = null;
                if (encoded.thumbnail() != null) {
                    Thumbnails.writeJpeg(encoded.thumbnail(), jpeg);
                    thumbUri = uri.substring(0, uri.length() - ".mp4".length()) + ".jpg";
                    ObjectStore.upload(jpeg, thumbUri);
                }
                mark = StageClock.charge(StageClock.Stage.UPLOAD, mark);
                LOG.info(
                        "Rendered {} {} ({} frames, {} LUFS) in {} ms",
                        plan.getClipId(),
                        crop.getAspect(),
                        encoded.frames(),
                        String.format(Locale.ROOT, "%.1f", encoded.loudness()),
                        (System.nanoTime() - begin) / 1_000_000);
                outputs.add(
                        RenderedOutput.newBuilder()
                                .setAspect(crop.getAspect())
                                .setUri(uri)
                                .setWidth(crop.getOutputWidth())
                                .setHeight(crop.getOutputHeight())
                                .setDurationUs(encoded.durationUs())
                                .setFrameCount(encoded.frames())
                                .setBytes(bytes)
                                .setSha256(sha)
                                .setThumbnailUri(thumbUri)
                                .setLoudnessLufs((float) encoded.loudness())
                                .setTruePeakDbtp((float) encoded.truePeak())
                                .setShots(retimed(crop.getShots(), clip.timeline()))
                                .build());
            } finally {
                Files.deleteIfExists(local);
                Files.deleteIfExists(jpeg);
            }
        }
        String srtUri = null;
        String vttUri = null;
        List<CaptionLayout.Page> pages = CaptionTrack.subtitlePages(clip.words(), durationUs);
        if (!pages.isEmpty()) {
            srtUri = sidecar(plan, "captions.srt", Subtitles.srt(pages));
            vttUri = sidecar(plan, "captions.vtt", Subtitles.vtt(pages));
        }
        StageClock.charge(StageClock.Stage.UPLOAD, mark);
        return new Rendered(outputs, durationUs, srtUri, vttUri, clip.warnings());
    }

    private String sidecar(ClipPlan plan, String name, String text) throws IOException {
        Path local = Files.createTempFile("sidecar-" + plan.getClipId() + "-", name);
        try {
            Files.writeString(local, text, java.nio.charset.StandardCharsets.UTF_8);
            String uri =
                    paths.clipFileUri(
                            plan.getTenantId(), plan.getVideoId(), plan.getClipId(), name);
            ObjectStore.upload(local, uri);
            return uri;
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** The plan's caption words on the clip's timeline; words in a cut are left out. */
    static List<CaptionLayout.Word> clipWords(ClipPlan plan, ClipTimeline timeline) {
        List<CaptionLayout.Word> out = new ArrayList<>();
        for (var w : plan.getCaptionWords()) {
            long mid = (w.getStartUs() + w.getEndUs()) / 2;
            if (!timeline.kept(mid)) {
                continue;
            }
            long start = timeline.toClipUs(w.getStartUs());
            long end = Math.max(start + 1, timeline.toClipUs(w.getEndUs()));
            out.add(new CaptionLayout.Word(w.getText(), start, end));
        }
        return out;
    }

    /** Shot framings moved onto the clip's timeline (shots wholly cut out are dropped). */
    static List<io.clipstream.schemas.ShotFraming> retimed(
            List<io.clipstream.schemas.ShotFraming> shots, ClipTimeline timeline) {
        List<io.clipstream.schemas.ShotFraming> out = new ArrayList<>();
        if (shots == null) {
            return out;
        }
        for (var s : shots) {
            long start = timeline.toClipUs(s.getStartUs());
            long end = timeline.toClipUs(s.getEndUs());
            if (end > start) {
                out.add(
                        io.clipstream.schemas.ShotFraming.newBuilder(s)
                                .setStartUs(start)
                                .setEndUs(end)
                                .build());
            }
        }
        return out;
    }

    /**
     * What every output of a clip shares: its timeline, its words on that timeline, the caption
     * style and brand look, and its sound, cut and brought to the loudness target.
     */
    record Prepared(
            ClipTimeline timeline,
            List<CaptionLayout.Word> words,
            CaptionStyle style,
            BrandLook look,
            PendingSound sound,
            int rank) {

        /** What the sound's preparation found worth saying, once the sound is ready. */
        List<String> warnings() throws IOException {
            String warning = sound.get().warning();
            return warning == null ? List.of() : List.of("clip " + rank + ": " + warning);
        }
    }

    /**
     * A clip's sound, cut and brought to the loudness target on a thread of its own while the first
     * pictures are encoded: the encoder, not the sound, is what a render waits for, and the muxer
     * holds the first second or so of video until the sound catches up. With the stage clock on
     * ({@code clipstream bench pipeline}) it is made before the pictures, so each stage is timed on
     * its own.
     */
    static final class PendingSound {
        private final CompletableFuture<ClipAudio> future = new CompletableFuture<>();

        PendingSound(String name, Callable<ClipAudio> work, boolean wait) {
            Runnable run =
                    () -> {
                        try {
                            future.complete(work.call());
                        } catch (Throwable t) {
                            future.completeExceptionally(t);
                        }
                    };
            if (wait) {
                run.run();
            } else {
                Thread thread = new Thread(run, name);
                thread.setDaemon(true);
                thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
                thread.start();
            }
        }

        /** Whether {@link #get} returns without waiting. */
        boolean ready() {
            return future.isDone();
        }

        /** The sound, once made; its failure as it was thrown. */
        ClipAudio get() throws IOException {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for the sound");
            } catch (ExecutionException e) {
                throw Rethrown.of(e.getCause());
            }
        }
    }

    Prepared prepare(ClipPlan plan, Path source) throws IOException {
        StreamFacts facts = plan.getStream();
        ClipTimeline timeline = ClipTimeline.of(plan);
        CaptionStyle style;
        BrandLook look;
        try {
            style = CaptionStyle.parse(plan.getCaptionStyle());
            look = BrandLook.load(plan.getBrandKit(), paths, plan.getTenantId());
        } catch (IllegalArgumentException | BrandLook.InvalidBrandKitException e) {
            throw new IOException(e.getMessage(), e);
        }
        Callable<ClipAudio> work =
                () -> {
                    ClipAudio sound;
                    try {
                        sound =
                                facts.getAudioChannels() > 0
                                        ? ClipAudio.cut(
                                                source, facts, timeline, ClipAudio.CROSSFADE_US)
                                        : ClipAudio.silent(timeline);
                    } catch (FrameGrabber.Exception e) {
                        throw new IOException(
                                "Reading the sound of "
                                        + plan.getClipId()
                                        + " failed: "
                                        + e.getMessage(),
                                e);
                    }
                    sound.normalise(
                            settings.loudnessTarget(),
                            settings.truePeakCeiling(),
                            channels -> encodedTruePeak(channels, settings.audioBitrate()));
                    return sound;
                };
        PendingSound sound =
                new PendingSound("render-sound-" + plan.getClipId(), work, StageClock.isOn());
        return new Prepared(
                timeline, clipWords(plan, timeline), style, look, sound, plan.getRank());
    }

    /** Encodes one output of the plan to a local file. */
    public Encoded encode(ClipPlan plan, CropPath crop, Path source, Path out) throws IOException {
        return encode(plan, crop, source, out, prepare(plan, source));
    }

    private Encoded encode(ClipPlan plan, CropPath crop, Path source, Path out, Prepared clip)
            throws IOException {
        ClipTimeline timeline = clip.timeline();
        long wanted = timeline.frames();
        double outFps = timeline.outputFps();
        int outW = crop.getOutputWidth();
        int outH = crop.getOutputHeight();
        CaptionTrack captions =
                new CaptionTrack(
                        clip.style(), clip.look(), outW, outH, clip.words(), timeline.durationUs());
        PendingSound pending = clip.sound();
        Thumbnails.Picker thumbs =
                new Thumbnails.Picker(
                        outW,
                        outH,
                        outFps,
                        thumbnailAvoid(plan, crop, timeline),
                        faceShots(crop, timeline));
        // pictures are decoded, cropped, scaled and captioned on a thread of their own, a few
        // ahead of the encoder on this one (see PictureQueue)
        PictureQueue.Producer producer =
                queue -> makePictures(plan, crop, source, timeline, captions, thumbs, queue);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), outW, outH, 2);
                PictureQueue pictures =
                        new PictureQueue(
                                "render-pictures-" + plan.getClipId(), outW, outH, producer)) {
            configure(recorder, outFps, outW, outH);
            recorder.start();
            long written = 0;
            int audioAt = 0;
            ClipAudio sound = null;
            PictureQueue.Picture picture;
            while ((picture = pictures.next()) != null) {
                recorder.record(picture.frame(), AV_PIX_FMT_YUV420P);
                pictures.release(picture);
                written++;
                if (sound == null && pending.ready()) {
                    sound = pending.get();
                }
                if (sound != null) {
                    audioAt = recordAudio(recorder, sound, audioAt, written, outFps);
                }
            }
            if (sound == null) {
                sound = pending.get();
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
            recordAudio(recorder, sound, audioAt, wanted, outFps);
            recorder.stop();
            return new Encoded(
                    written,
                    Math.round(written * 1e6 / outFps),
                    sound.loudness(),
                    sound.truePeak(),
                    thumbs.best(),
                    captions.pages());
        } catch (FrameRecorder.Exception e) {
            throw new IOException(
                    "Rendering clip " + plan.getClipId() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Makes the clip's output pictures in order, on the picture queue's thread: output picture k
     * shows source frame {@code timeline.sourceFrame(k)}, cropped where the crop path is at that
     * frame's time, with the thumbnail picker shown it and then the captions drawn over it.
     */
    private static void makePictures(
            ClipPlan plan,
            CropPath crop,
            Path source,
            ClipTimeline timeline,
            CaptionTrack captions,
            Thumbnails.Picker thumbs,
            PictureQueue queue)
            throws IOException, InterruptedException {
        StreamFacts facts = plan.getStream();
        double fps = facts.getFps();
        long halfFrameUs = Math.round(500_000 / fps);
        long wanted = timeline.frames();
        double outFps = timeline.outputFps();
        int outW = crop.getOutputWidth();
        int outH = crop.getOutputHeight();
        try (FFmpegFrameGrabber video = new FFmpegFrameGrabber(source.toFile())) {
            video.setPixelFormat(AV_PIX_FMT_YUV420P);
            video.setAudioStream(-1);
            video.start();
            FrameSeeker.seekToFrameTime(video, facts, timeline.sourceUsOfFrame(0));
            long firstUs = timeline.sourceUsOfFrame(0);
            long written = 0;
            String graph = filterGraph(facts);
            try (FFmpegFrameFilter filter =
                            graph == null
                                    ? null
                                    : new FFmpegFrameFilter(
                                            graph, video.getImageWidth(), video.getImageHeight());
                    PackedPicture packer = new PackedPicture();
                    Compositor compositor = new Compositor(outW, outH)) {
                if (filter != null) {
                    filter.setPixelFormat(AV_PIX_FMT_YUV420P);
                    filter.setFrameRate(fps);
                    filter.start();
                }
                // A source frame that did not decode leaves a gap, filled by the next good frame,
                // so the cut stays in time with its audio; frames in a jump cut are decoded and
                // passed over; filters here are one frame in, one frame out, in order.
                java.util.ArrayDeque<Long> times = new java.util.ArrayDeque<>();
                Frame frame;
                Frame direct = null;
                boolean flushed = false;
                long lastUs = Long.MIN_VALUE;
                while (written < wanted && !flushed) {
                    if (Thread.interrupted()) {
                        throw new InterruptedException("stopped while decoding");
                    }
                    frame = video.grabImage();
                    if (frame == null) {
                        if (filter != null) {
                            filter.push(null); // end of input: let a deinterlacer emit its last
                        }
                        flushed = true;
                    } else {
                        long relUs = frame.timestamp - facts.getStartPtsUs();
                        if (relUs <= lastUs && lastUs >= firstUs) {
                            relUs = lastUs + 2 * halfFrameUs; // a flushed frame without a time
                        }
                        lastUs = relUs;
                        if (relUs < firstUs - halfFrameUs) {
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
                        long sourceFrame = Math.round(timeUs * fps / 1e6);
                        while (written < wanted && timeline.sourceFrame(written) <= sourceFrame) {
                            PictureQueue.Picture picture = queue.blank();
                            compositor.compose(
                                    filtered, CropWindows.at(crop, timeUs), picture.memory());
                            thumbs.offer(written, picture.buffer());
                            captions.draw(picture.buffer(), Math.round(written * 1e6 / outFps));
                            queue.put(picture);
                            written++;
                        }
                    }
                }
            }
        } catch (FrameGrabber.Exception | FrameFilter.Exception e) {
            throw new IOException(
                    "Rendering clip " + plan.getClipId() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The true peak of the sound as the output will carry it: encoded with the output's AAC
     * settings into a scratch file and decoded again (AAC moves peaks by tenths of a dB).
     */
    static double encodedTruePeak(float[][] channels, int audioBitrate) throws IOException {
        Path scratch = Files.createTempFile("loudness-", ".m4a");
        try {
            try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(scratch.toFile(), 2)) {
                r.setFormat("mp4");
                r.setAudioCodec(AV_CODEC_ID_AAC);
                r.setSampleRate(ClipAudio.RATE);
                r.setAudioChannels(2);
                r.setAudioBitrate(audioBitrate);
                r.start();
                ClipAudio sound = ClipAudio.of(channels);
                int step = ClipAudio.RATE;
                for (int from = 0; from < sound.samples(); from += step) {
                    int to = Math.min(sound.samples(), from + step);
                    r.recordSamples(
                            ClipAudio.RATE,
                            2,
                            java.nio.ShortBuffer.wrap(sound.interleaved(from, to)));
                }
                r.stop();
            }
            return ClipAudio.truePeakOfFile(scratch);
        } catch (FrameRecorder.Exception | FrameGrabber.Exception e) {
            throw new IOException("AAC encoder check failed: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    /** Records the clip's sound up to the end of video frame {@code frames}. */
    private static int recordAudio(
            FFmpegFrameRecorder recorder, ClipAudio sound, int from, long frames, double fps)
            throws FrameRecorder.Exception {
        int until = (int) Math.min(sound.samples(), Math.round(frames * ClipAudio.RATE / fps));
        if (until > from) {
            recorder.recordSamples(
                    ClipAudio.RATE, 2, java.nio.ShortBuffer.wrap(sound.interleaved(from, until)));
            return until;
        }
        return from;
    }

    /**
     * Clip times near which no thumbnail is taken: the clip's ends, its jump cuts and the shot
     * changes inside it (a frame there may be mid-dissolve or show the other shot).
     */
    static List<Long> thumbnailAvoid(ClipPlan plan, CropPath crop, ClipTimeline timeline) {
        List<Long> avoid = new ArrayList<>();
        avoid.add(0L);
        avoid.add(timeline.durationUs());
        for (int i = 1; i < timeline.pieces(); i++) {
            avoid.add(timeline.pieceOutputStartUs(i));
        }
        if (crop.getShots() != null) {
            for (var s : crop.getShots()) {
                avoid.add(timeline.toClipUs(s.getStartUs()));
            }
        }
        return avoid;
    }

    /** Clip-time spans of the shots where the camera framed a face. */
    static List<long[]> faceShots(CropPath crop, ClipTimeline timeline) {
        List<long[]> spans = new ArrayList<>();
        if (crop.getShots() != null) {
            for (var s : crop.getShots()) {
                String subject = s.getSubject();
                if (subject.equals("speaker")
                        || subject.equals("speakers")
                        || subject.equals("face")) {
                    spans.add(
                            new long[] {
                                timeline.toClipUs(s.getStartUs()), timeline.toClipUs(s.getEndUs())
                            });
                }
            }
        }
        return spans;
    }

    private void configure(FFmpegFrameRecorder recorder, double fps, int width, int height) {
        recorder.setFormat("mp4");
        recorder.setVideoCodec(AV_CODEC_ID_H264);
        recorder.setVideoCodecName(settings.videoEncoder());
        recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        recorder.setVideoBitrate(
                settings.videoBitrate() > 0
                        ? settings.videoBitrate()
                        : bitrateFor(width, height, fps));
        recorder.setOption("movflags", "+faststart");
        if (!settings.preset().isEmpty()) {
            recorder.setVideoOption("preset", settings.preset());
        }
        recorder.setAudioCodec(AV_CODEC_ID_AAC);
        recorder.setSampleRate(ClipAudio.RATE);
        recorder.setAudioChannels(2);
        recorder.setAudioBitrate(settings.audioBitrate());
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
}
