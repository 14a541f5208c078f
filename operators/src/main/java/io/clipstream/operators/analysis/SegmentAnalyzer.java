package io.clipstream.operators.analysis;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.clipstream.operators.analysis.faces.FaceDetector;
import io.clipstream.operators.analysis.faces.FaceSampler;
import io.clipstream.operators.analysis.shots.FrameFeatureExtractor;
import io.clipstream.operators.analysis.shots.model.ModelFrameScorer;
import io.clipstream.operators.analysis.shots.model.TransitionModel;
import io.clipstream.operators.media.FrameScaler;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.speech.ChunkedSpeech;
import io.clipstream.operators.speech.SidecarTranscript;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.Transcript;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.operators.timing.StageClock;
import io.clipstream.operators.timing.StageClock.Stage;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.FrameSignals;
import io.clipstream.schemas.SegmentAnalysis;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.StreamFacts;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Analyses one segment: per-frame visual features of its frames and audio windows on the global
 * grid.
 *
 * <p>Decoding starts at the keyframe {@code decodeFromFrame}, at least one feature lag before the
 * segment's first frame, and frames are numbered by counting from it, which is exact for constant
 * and variable frame rates alike. Frames before {@code startFrame} only give the features their
 * look-back, so every frame's features equal those of a whole-file pass.
 */
public final class SegmentAnalyzer implements AutoCloseable {
    static {
        io.clipstream.operators.media.FFmpegLogging.quiet();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SegmentAnalyzer.class);

    /** Tunables of the analysis. */
    /**
     * @param fastDecode skip H.264's in-loop deblocking filter: every frame is still decoded and
     *     counted, so detection stays frame-exact, but decoding costs less; on the accuracy set it
     *     finds exactly what a full decode finds (tested)
     */
    public record Settings(
            int analysisWidth,
            int decodeThreads,
            boolean fastDecode,
            TransitionModel.Spec model,
            SpeechSettings speech,
            FaceSampler.Settings faces)
            implements Serializable {
        public static final Settings DEFAULT =
                new Settings(
                        128, 0, true, null, SpeechSettings.DEFAULT, FaceSampler.Settings.DEFAULT);

        /** Settings with the default face sampling. */
        public Settings(
                int analysisWidth,
                int decodeThreads,
                boolean fastDecode,
                TransitionModel.Spec model,
                SpeechSettings speech) {
            this(
                    analysisWidth,
                    decodeThreads,
                    fastDecode,
                    model,
                    speech,
                    FaceSampler.Settings.DEFAULT);
        }

        /** The defaults for shot detection alone: no speech recognition. */
        public static final Settings SHOTS_ONLY = new Settings(128, 0, true);

        /** Settings for shot detection alone: no speech recognition. */
        public Settings(int analysisWidth, int decodeThreads, boolean fastDecode) {
            this(analysisWidth, decodeThreads, fastDecode, null);
        }

        /** Settings for shot detection alone, with a shot model: no speech recognition. */
        public Settings(
                int analysisWidth,
                int decodeThreads,
                boolean fastDecode,
                TransitionModel.Spec model) {
            this(
                    analysisWidth,
                    decodeThreads,
                    fastDecode,
                    model,
                    SpeechSettings.DEFAULT.withEngine(VoiceActivityEngine.NAME),
                    FaceSampler.Settings.NONE);
        }

        public Settings withSpeech(SpeechSettings speech) {
            return new Settings(analysisWidth, decodeThreads, fastDecode, model, speech, faces);
        }

        public Settings withFaces(FaceSampler.Settings faces) {
            return new Settings(analysisWidth, decodeThreads, fastDecode, model, speech, faces);
        }
    }

    private final Settings settings;
    private final TransitionModel model;
    private final SegmentTranscriber speech;
    private final FaceDetector faceDetector;

    /**
     * Loads the shot model and the speech engine as configured; close the analyzer to release them.
     */
    public SegmentAnalyzer(Settings settings) throws IOException {
        this.settings = settings;
        this.model = settings.model() == null ? null : TransitionModel.load(settings.model());
        SegmentTranscriber transcriber = null;
        FaceDetector detector = null;
        try {
            transcriber = new SegmentTranscriber(settings.speech());
            detector =
                    settings.faces() != null && settings.faces().enabled()
                            ? settings.faces().open()
                            : null;
        } catch (IOException | RuntimeException e) {
            this.speech = transcriber;
            this.faceDetector = null;
            close();
            throw e;
        }
        this.speech = transcriber;
        this.faceDetector = detector;
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
        if (speech != null) {
            speech.close();
        }
        if (faceDetector != null) {
            faceDetector.close();
        }
    }

    /** Whether the speech engine is loaded now (for tests). */
    boolean speechLoaded() {
        return speech.loaded();
    }

    /**
     * Lets go of the speech engines (Vosk's model and recognisers, say) of every analyzer in this
     * process that is not analysing a segment now, and returns their memory to the system; an
     * analyzer's next segment loads its engine again. For a process that knows no more segments are
     * coming for a while, such as the local run once its files are analysed.
     *
     * @return how many engines were let go of
     */
    public static int releaseIdleSpeechEngines() {
        return SegmentTranscriber.releaseIdle();
    }

    public SegmentAnalysis analyse(SegmentTask task, Path video, Path audioWav) throws IOException {
        return analyse(task, video, audioWav, null);
    }

    /**
     * Analyses the segment; {@code transcript} is the upload's own transcript, already read, or
     * null to recognise the speech with the configured engine.
     */
    public SegmentAnalysis analyse(
            SegmentTask task, Path video, Path audioWav, SidecarTranscript transcript)
            throws IOException {
        return analyse(task, video, audioWav, transcript, Long.MIN_VALUE, 0);
    }

    /**
     * Analyses the segment decoding only reference frames (frames no other frame is predicted from
     * are skipped) until {@code lead} frames before frame {@code fullFrom}, and every frame from
     * there on: the features of frames from {@code fullFrom + lag} on are those of a full decode,
     * for less decoding when the keyframe is far before. Returns null when some frame from {@code
     * fullFrom} on did not come out of the decoder (the switch came too late for the frames the
     * decoder held, or a frame is damaged): try a longer lead, or analyse such a segment in full.
     *
     * @param lead frames before {@code fullFrom} at which the decoder is switched to every frame:
     *     the decoder has taken the packets of the frames it still holds, and skips those it has
     *     taken already (see {@link #DECODER_DELAY_FRAMES})
     */
    public SegmentAnalysis analyseFullFrom(SegmentTask task, Path video, long fullFrom, int lead)
            throws IOException {
        return analyse(task, video, null, null, fullFrom, lead);
    }

    private SegmentAnalysis analyse(
            SegmentTask task,
            Path video,
            Path audioWav,
            SidecarTranscript transcript,
            long fullFrom,
            int lead)
            throws IOException {
        StreamFacts facts = task.getStream();
        FrameFeatureExtractor features = features(facts);
        long decodeFrom = decodeFrom(task);
        long decodeFromUs =
                task.getDecodeFromUs() >= 0 ? task.getDecodeFromUs() : task.getStartUs();
        if (model != null
                && decodeFrom > Math.max(0, task.getStartFrame() - ModelFrameScorer.CONTEXT)) {
            throw new IOException(
                    "the shot model needs "
                            + ModelFrameScorer.CONTEXT
                            + " frames before segment "
                            + task.getSegmentIndex()
                            + " but decoding starts at frame "
                            + decodeFrom
                            + "; run ingest with clipstream.ingest.model-context=true");
        }
        TreeMap<Long, byte[]> small = model == null ? null : new TreeMap<>();
        Decoded decoded;
        FaceSampler faces =
                faceDetector == null
                        ? null
                        : new FaceSampler(settings.faces(), faceDetector, facts);
        try {
            decoded =
                    decodeFrames(
                            video,
                            task,
                            decodeFrom,
                            decodeFromUs,
                            features,
                            small,
                            faces,
                            fullFrom,
                            lead);
        } finally {
            if (faces != null) {
                faces.close();
            }
        }
        if (decoded.incomplete()) {
            return null;
        }
        FrameSignals signals = features.signals();
        if (model != null && signals != null) {
            float[] p =
                    new ModelFrameScorer(model)
                            .score(
                                    small,
                                    task.getStartFrame(),
                                    task.getEndFrame(),
                                    facts.getFrameCount());
            List<Float> probabilities = new java.util.ArrayList<>(p.length);
            for (float v : p) {
                probabilities.add(v);
            }
            signals.setModel(probabilities);
        }
        long own = signals == null ? 0 : signals.getTimesUs().size();
        if (own != task.getEndFrame() - task.getStartFrame()) {
            throw new IOException(
                    String.format(
                            java.util.Locale.ROOT,
                            "decoded %d of the segment's %d frames [%d, %d)",
                            own,
                            task.getEndFrame() - task.getStartFrame(),
                            task.getStartFrame(),
                            task.getEndFrame()));
        }
        StageClock.Mark mark = StageClock.mark();
        List<AudioWindow> windows = audioWindows(audioWav, task.getStartUs(), task.getEndUs());
        mark = StageClock.charge(Stage.AUDIO_FEATURES, mark);
        Transcript words = speech.transcribe(task, audioWav, transcript);
        StageClock.charge(Stage.SPEECH, mark);
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
                .setFrameSignals(signals)
                .setShotBoundaries(List.of())
                .setAudioWindows(windows)
                .setSpeechEngine(words.engine())
                .setAudioFindings(words.findings())
                .setWords(ChunkedSpeech.owned(words.words(), task.getStartUs(), task.getEndUs()))
                .setFaces(faces == null ? List.of() : faces.faces())
                .setVisualSamples(faces == null ? List.of() : faces.visualSamples())
                .setFramesDecoded(decoded.framesDecoded())
                .setFramesConcealed(decoded.damage().count())
                .setDamagedSpans(decoded.damage().spans())
                .setRequestedAt(task.getRequestedAt())
                .build();
    }

    /**
     * A cheap first look at a segment's pictures for shot detection: only the frames other frames
     * are predicted from are decoded (FFmpeg's {@code skip_frame=noref}: frames no other frame
     * refers to are skipped, so every decoded picture is exactly the full decode's). B-frames that
     * are references (x264's B-pyramid) are decoded for the frames predicted from them but not
     * looked at: the pass judges the frames that are not B-frames, and each frame it does not look
     * at takes the next picture it does. The features of a decoded frame then compare it with the
     * decoded frame before it, however many frames lie between. Skipped frames are not damage. No
     * faces, speech or shot model.
     *
     * @return the segment's frame signals and how many frames were decoded, look-back included
     */
    public ReferenceFrames analyseReferenceFrames(SegmentTask task, Path video) throws IOException {
        StreamFacts facts = task.getStream();
        FrameFeatureExtractor features = features(facts);
        long decodeFrom = decodeFrom(task);
        long decodeFromUs =
                task.getDecodeFromUs() >= 0 ? task.getDecodeFromUs() : task.getStartUs();
        Decoded decoded =
                decodeFrames(
                        video,
                        task,
                        decodeFrom,
                        decodeFromUs,
                        features,
                        null,
                        null,
                        Long.MAX_VALUE,
                        0);
        return new ReferenceFrames(
                features.signals(), decoded.framesDecoded(), task.getEndFrame() - decodeFrom);
    }

    /**
     * What {@link #analyseReferenceFrames} gave.
     *
     * @param framesDecoded frames decoded, look-back included
     * @param framesPassed frames from the first decoded to the segment's end, look-back included
     */
    public record ReferenceFrames(FrameSignals signals, long framesDecoded, long framesPassed) {}

    static List<AudioWindow> audioWindows(Path wav, long startUs, long endUs) throws IOException {
        long first = AudioFeatures.firstWindowAtOrAfter(startUs);
        long last = AudioFeatures.firstWindowAtOrAfter(endUs);
        if (wav == null || last <= first) {
            return List.of();
        }
        // context on both sides; past the end of the audio reads as silence for every segment alike
        long from =
                Math.max(0, first * AudioFeatures.WINDOW_SAMPLES - AudioFeatures.CONTEXT_SAMPLES);
        long to = last * AudioFeatures.WINDOW_SAMPLES + AudioFeatures.CONTEXT_SAMPLES;
        short[] samples = Wav16kMono.read(wav, from, to);
        int offset = (int) (first * AudioFeatures.WINDOW_SAMPLES - from);
        return AudioFeatures.windows(samples, offset, first, last);
    }

    private FrameFeatureExtractor features(StreamFacts facts) {
        return new FrameFeatureExtractor(
                FrameFeatureExtractor.lagFor(facts.getFps()), settings.analysisWidth());
    }

    /** The keyframe decoding starts at: the task's, or its first frame when it names none. */
    private static long decodeFrom(SegmentTask task) {
        return task.getDecodeFromFrame() >= 0 ? task.getDecodeFromFrame() : task.getStartFrame();
    }

    /** What decoding a segment's frames gave. */
    /**
     * @param incomplete a frame that had to be decoded in full came out of the decoder skipped
     */
    record Decoded(long framesDecoded, DamagedFrames damage, boolean incomplete) {}

    /**
     * Frames a decoder may hold between taking a packet and giving back its picture: reordering (at
     * most 16 B-frames in H.264) and frame threads. The safe lead for switching a decoder from
     * reference frames to every frame.
     */
    public static final int DECODER_DELAY_FRAMES = 48;

    /**
     * The lead to try first with this analyzer's decoders: enough, for one decode thread, for the
     * usual reorder depth of one or two pictures with a few B-frames between references; each
     * further frame thread holds one more picture; with as many threads as cores (0), the safe
     * lead. A switch too late is seen (a frame is missing) and costs a second try.
     */
    public int shortLead() {
        int threads = settings.decodeThreads();
        return threads <= 0 ? DECODER_DELAY_FRAMES : Math.min(DECODER_DELAY_FRAMES, 8 * threads);
    }

    /** Makes the grabber's decoder decode every frame from the next packet on. */
    private static boolean decodeEveryFrame(FFmpegFrameGrabber grabber) {
        try {
            java.lang.reflect.Field field = FFmpegFrameGrabber.class.getDeclaredField("video_c");
            field.setAccessible(true);
            var context = (org.bytedeco.ffmpeg.avcodec.AVCodecContext) field.get(grabber);
            if (context == null || context.isNull()) {
                return false;
            }
            context.skip_frame(org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Cannot switch the decoder to every frame", e);
            return false;
        }
    }

    /**
     * Decodes frames {@code [decodeFrom, endFrame)}, emitting those from {@code startFrame}. Frames
     * are numbered by their time; one that does not decode is concealed by repeating the nearest
     * decoded picture (the one before it, or the first one after it at the start) and logged.
     */
    private Decoded decodeFrames(
            Path video,
            SegmentTask task,
            long decodeFrom,
            long decodeFromUs,
            FrameFeatureExtractor features,
            TreeMap<Long, byte[]> small,
            FaceSampler faces,
            long fullFrom,
            int lead)
            throws IOException {
        // reference frames only before fullFrom (all the way for MAX_VALUE), every frame after
        boolean referenceFirst = fullFrom > decodeFrom;
        boolean referenceOnly = fullFrom == Long.MAX_VALUE;
        boolean skipping = referenceFirst;
        boolean incomplete = false;
        StreamFacts facts = task.getStream();
        long startFrame = task.getStartFrame();
        long endFrame = task.getEndFrame();
        FrameNumbering numbering = FrameNumbering.of(task);
        DamagedFrames damage = new DamagedFrames(facts.getFps());
        int width = settings.analysisWidth();
        int height =
                Math.max(
                        2,
                        (int) Math.round(width * (double) facts.getHeight() / facts.getWidth())
                                & ~1);
        long decoded = 0;
        AVFrame held = null;
        // The model also looks ahead: decode past the segment's end when it runs.
        long lastNeeded =
                small == null
                        ? endFrame
                        : Math.min(facts.getFrameCount(), endFrame + ModelFrameScorer.CONTEXT);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
                FrameScaler scaler = new FrameScaler(width, height, AV_PIX_FMT_BGR24, 3)) {
            // The decoder's own pictures, scaled here: once to analysisWidth for the shot features,
            // and for face samples to a larger grey frame. Downscaling by swscale's bilinear filter
            // averages every source line into an analysed line, both fields of interlaced material
            // included: a blend deinterlace at no extra cost.
            grabber.setImageMode(FrameGrabber.ImageMode.RAW);
            grabber.setAudioStream(-1);
            if (settings.decodeThreads() > 0) {
                grabber.setVideoOption("threads", String.valueOf(settings.decodeThreads()));
            }
            if (settings.fastDecode()) {
                grabber.setVideoOption("skip_loop_filter", "all");
                grabber.setVideoOption("flags2", "+fast");
            }
            if (referenceFirst) {
                // Not "bidir": H.264 and HEVC B-frames can be references (x264's default B-pyramid
                // makes one in each run of B-frames, and P-frames refer to it too), and skipping
                // them leaves the frames predicted from them wrong until the next keyframe.
                // "noref" skips only what nothing refers to, so every decoded picture is exact.
                grabber.setVideoOption("skip_frame", "noref");
            }
            StageClock.Mark mark = StageClock.mark();
            grabber.start();
            FrameSeeker.seekToKeyframe(grabber, facts, decodeFromUs);
            mark = StageClock.charge(Stage.DECODE, mark);
            byte[] bgr = new byte[width * height * 3];
            // No feature looks further back than the lag, nor the model than its context: frames
            // before that are decoded only to reach the segment, and their pictures are neither
            // scaled nor fed (the features are those of feeding them; tested against whole-file
            // passes). The last such picture is kept by reference in case the end is concealed
            // with it.
            long firstLooked = startFrame - features.lag();
            if (small != null) {
                firstLooked = Math.min(firstLooked, startFrame - ModelFrameScorer.CONTEXT);
            }
            boolean stale = false; // bgr is not the last decoded picture, held is
            held = av_frame_alloc();
            long next = decodeFrom; // the next frame number to feed
            long pending = 0; // frames missing before the first decoded one
            long lastUs = 0;
            long previousUs = Long.MIN_VALUE; // time of the last frame offered for face samples
            long frameUs = Math.round(1e6 / facts.getFps());
            boolean any = false;
            Frame frame;
            while (next < lastNeeded) {
                mark = StageClock.charge(Stage.SHOT_FEATURES, mark);
                frame = grabber.grabImage();
                mark = StageClock.charge(Stage.DECODE, mark);
                if (frame == null) {
                    break;
                }
                long relUs = frame.timestamp - facts.getStartPtsUs();
                if (!any && !numbering.byTime()) {
                    if (relUs < decodeFromUs - FrameSeeker.TIME_TOLERANCE_US) {
                        continue; // landed before the keyframe: skip up to it
                    }
                    if (relUs > decodeFromUs + FrameSeeker.TIME_TOLERANCE_US) {
                        throw new IOException(
                                "seek to frame "
                                        + decodeFrom
                                        + " at "
                                        + decodeFromUs
                                        + " us landed at "
                                        + relUs
                                        + " us");
                    }
                }
                // A decoder flushing its last frame may give it no time (FFmpeg's MPEG-1 in a
                // program stream does): presentation order never goes back, so count it.
                long index = any && relUs <= lastUs ? next : numbering.indexOf(relUs, next);
                if (index < next) {
                    continue; // before the segment's frames, a repeat, or a time off the list
                }
                if (skipping && !referenceOnly && index >= fullFrom - lead) {
                    skipping = false;
                    if (!decodeEveryFrame(grabber)) {
                        incomplete = true;
                        break;
                    }
                }
                AVFrame picture = (AVFrame) frame.opaque;
                if (referenceOnly
                        && any
                        && picture.pict_type()
                                == org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_B) {
                    // a B-frame others refer to (x264's B-pyramid): decoded for them, not looked
                    // at,
                    // so the first pass judges the frames that are not B-frames, as without one
                    decoded++;
                    continue;
                }
                boolean looked = index >= firstLooked; // gaps fed with it come before it
                if (looked) {
                    scaler.scale(picture, bgr);
                    if (stale) {
                        av_frame_unref(held);
                        stale = false;
                    }
                } else {
                    av_frame_unref(held);
                    if (av_frame_ref(held, picture) < 0) {
                        throw new IOException("could not keep a decoded picture");
                    }
                    stale = true;
                }
                if (!any) {
                    pending = index - next;
                    any = true;
                }
                for (long gap = next; gap < Math.min(index, lastNeeded); gap++) {
                    if (looked) {
                        feed(
                                bgr,
                                gap,
                                numbering.timeOf(gap, relUs),
                                startFrame,
                                endFrame,
                                features,
                                small,
                                width,
                                height);
                    }
                    if (referenceFirst && gap >= fullFrom) {
                        incomplete = true;
                    }
                    if (!referenceFirst && gap >= startFrame && gap < endFrame) {
                        damage.concealed(numbering.timeOf(gap, relUs));
                    }
                    if (faces != null && gap < endFrame) {
                        long gapUs = numbering.timeOf(gap, relUs);
                        mark = StageClock.charge(Stage.SHOT_FEATURES, mark);
                        faces.accept(
                                picture,
                                gapUs,
                                previousFaceUs(previousUs, gap, gapUs, frameUs),
                                gap >= startFrame);
                        mark = StageClock.charge(Stage.FACES, mark);
                        previousUs = gapUs;
                    }
                }
                if (index < lastNeeded) {
                    if (looked) {
                        feed(
                                bgr,
                                index,
                                relUs,
                                startFrame,
                                endFrame,
                                features,
                                small,
                                width,
                                height);
                    }
                    if (faces != null && index < endFrame) {
                        mark = StageClock.charge(Stage.SHOT_FEATURES, mark);
                        faces.accept(
                                picture,
                                relUs,
                                previousFaceUs(previousUs, index, relUs, frameUs),
                                index >= startFrame);
                        mark = StageClock.charge(Stage.FACES, mark);
                        previousUs = relUs;
                    }
                    lastUs = relUs;
                    decoded++;
                }
                next = index + 1;
            }
            if (!any) {
                throw new IOException(
                        "no frame of segment " + task.getSegmentIndex() + " could be decoded");
            }
            if (stale && next < endFrame) {
                scaler.scale(held, bgr);
            }
            for (; next < endFrame; next++) { // frames missing at the end: repeat the last one
                lastUs = numbering.timeOf(next, lastUs + frameUs);
                feed(bgr, next, lastUs, startFrame, endFrame, features, small, width, height);
                if (referenceFirst && next >= fullFrom) {
                    incomplete = true;
                }
                if (!referenceFirst && next >= startFrame) {
                    damage.concealed(lastUs);
                }
            }
            LOG.debug(
                    "Decoded {} frames from {} for [{}, {}) of {}; {} concealed, {} before the first",
                    decoded,
                    decodeFrom,
                    startFrame,
                    endFrame,
                    video,
                    damage.count(),
                    pending);
        } catch (FrameGrabber.Exception e) {
            throw new IOException("Decoding failed: " + e.getMessage(), e);
        } finally {
            if (held != null) {
                av_frame_free(held);
            }
        }
        return new Decoded(decoded, damage, incomplete);
    }

    /** The time of the frame before, for face sampling: estimated for the first one decoded. */
    private static long previousFaceUs(long previousUs, long index, long timeUs, long frameUs) {
        if (previousUs != Long.MIN_VALUE) {
            return previousUs;
        }
        return index == 0 ? -1 : timeUs - frameUs;
    }

    private static void feed(
            byte[] bgr,
            long index,
            long timeUs,
            long startFrame,
            long endFrame,
            FrameFeatureExtractor features,
            TreeMap<Long, byte[]> small,
            int width,
            int height) {
        if (index < endFrame) {
            features.accept(bgr, index, timeUs, index >= startFrame);
        }
        if (small != null && index >= startFrame - ModelFrameScorer.CONTEXT) {
            small.put(index, ModelFrameScorer.toNetworkInput(bgr, width, height));
        }
    }
}
