package io.clipstream.operators.flink;

import io.clipstream.operators.analysis.AudioFeatures;
import io.clipstream.operators.analysis.VoiceActivity;
import io.clipstream.operators.media.AudioExtractor;
import io.clipstream.operators.media.MediaProbe;
import io.clipstream.operators.media.MediaRejectedException;
import io.clipstream.operators.media.ProbeResult;
import io.clipstream.operators.media.SegmentPlan;
import io.clipstream.operators.media.SegmentPlanner;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.storage.LocalMediaCache;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.operators.timing.StageClock;
import io.clipstream.schemas.AudioWindow;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest of one upload: tenant check, probe, audio extraction to the 16 kHz artifact, segment
 * planning. Emits one {@link SegmentTask} per segment; anything wrong becomes a DeadLetter and a
 * FAILED status, and the function carries on with the next upload.
 */
public class IngestFunction extends ProcessFunction<UploadRequested, SegmentTask> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(IngestFunction.class);

    private final IngestSettings settings;
    private transient Counter accepted;
    private transient Counter rejected;

    public IngestFunction(IngestSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter("uploadsAccepted");
        rejected = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(UploadRequested upload, Context ctx, Collector<SegmentTask> out) {
        String videoId = upload.getVideoId();
        String tenantId = upload.getTenantId();
        try {
            ctx.output(
                    Outputs.STATUS,
                    Outputs.status(videoId, tenantId, Stage.INGEST, State.RUNNING, 0f, "probing"));
            Ingested ingested = ingest(upload, ctx);
            ingested.tasks().forEach(out::collect);
            accepted.inc();
            var done =
                    Outputs.status(
                            videoId,
                            tenantId,
                            Stage.INGEST,
                            State.SUCCEEDED,
                            1f,
                            "planned " + ingested.tasks().size() + " segments");
            done.setWarnings(ingested.warnings());
            ingested.warnings().forEach(w -> LOG.info("Upload {}: {}", videoId, w));
            ctx.output(Outputs.STATUS, done);
        } catch (MediaRejectedException e) {
            reject(ctx, upload, e.reason(), e.getMessage());
        } catch (IOException e) {
            LOG.warn("Storage failure ingesting {}", videoId, e);
            reject(
                    ctx,
                    upload,
                    ReasonCode.STORAGE_ERROR,
                    "Storage failed while ingesting: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure ingesting {}", videoId, e);
            reject(ctx, upload, ReasonCode.INTERNAL, "Internal error while ingesting: " + e);
        }
    }

    private void reject(Context ctx, UploadRequested upload, ReasonCode reason, String message) {
        LOG.info(
                "Rejected upload {} of tenant {}: {} {}",
                upload.getVideoId(),
                upload.getTenantId(),
                reason,
                message);
        rejected.inc();
        ctx.output(
                Outputs.DEAD_LETTERS,
                Outputs.deadLetter(
                        upload.getVideoId(),
                        upload.getTenantId(),
                        Stage.INGEST,
                        reason,
                        message,
                        upload));
        ctx.output(
                Outputs.STATUS,
                Outputs.status(
                        upload.getVideoId(),
                        upload.getTenantId(),
                        Stage.INGEST,
                        State.FAILED,
                        1f,
                        reason + ": " + message));
    }

    /** The segment tasks of an accepted upload, and what it is processed without. */
    record Ingested(List<SegmentTask> tasks, List<String> warnings) {}

    Ingested ingest(UploadRequested upload, Context ctx)
            throws MediaRejectedException, IOException {
        validate(upload);
        String uri = upload.getSourceUri();
        long size = ObjectStore.sizeOf(uri);
        if (size < 0) {
            throw new MediaRejectedException(
                    ReasonCode.OBJECT_NOT_FOUND,
                    "No object at " + uri + ". Check the upload finished and the URI is right.");
        }
        if (size > settings.limits().maxBytes()) {
            throw new MediaRejectedException(
                    ReasonCode.TOO_LARGE,
                    String.format(
                            Locale.ROOT,
                            "The object is %d bytes; the limit is %d bytes. Upload a smaller file or raise clipstream's size limit.",
                            size,
                            settings.limits().maxBytes()));
        }
        Path local;
        try {
            local = LocalMediaCache.localCopy(uri);
        } catch (FileNotFoundException e) {
            throw new MediaRejectedException(
                    ReasonCode.OBJECT_NOT_FOUND,
                    "No object at " + uri + ". Check the upload finished and the URI is right.",
                    e);
        }
        StageClock.Mark mark = StageClock.mark();
        ProbeResult probe = MediaProbe.probe(local, settings.limits());
        StageClock.charge(StageClock.Stage.PROBE, mark);
        ctx.output(
                Outputs.STATUS,
                Outputs.status(
                        upload.getVideoId(),
                        upload.getTenantId(),
                        Stage.INGEST,
                        State.RUNNING,
                        0.3f,
                        "extracting audio"));
        String audioUri = null;
        List<AudioWindow> windows = List.of();
        if (probe.facts().getAudioChannels() > 0) {
            Path wav = Files.createTempFile("audio-" + upload.getVideoId() + "-", ".wav");
            try {
                mark = StageClock.mark();
                AudioExtractor.extract(
                        local, probe.facts().getStartPtsUs(), probe.facts().getDurationUs(), wav);
                StageClock.charge(StageClock.Stage.AUDIO_EXTRACTION, mark);
                audioUri = settings.paths().audioUri(upload.getTenantId(), upload.getVideoId());
                ObjectStore.upload(wav, audioUri);
                windows = coarseWindows(wav);
            } finally {
                Files.deleteIfExists(wav);
            }
        }
        float pauseBelow = VoiceActivity.noiseFloorDb(windows) + 6;
        List<AudioWindow> levels = windows;
        List<SegmentPlan> plans =
                new SegmentPlanner(
                                settings.segmentTargetUs(),
                                settings.contextFrames(probe.facts().getFps()))
                        .plan(probe, t -> isQuiet(levels, t, pauseBelow));
        String artifact = audioUri;
        return new Ingested(
                plans.stream().map(p -> p.toTask(upload, artifact, plans.size(), probe)).toList(),
                probe.warnings());
    }

    private void validate(UploadRequested upload) throws MediaRejectedException {
        if (!TenantPaths.isSafeId(upload.getVideoId())) {
            throw new MediaRejectedException(
                    ReasonCode.INVALID_REQUEST,
                    "videoId '"
                            + upload.getVideoId()
                            + "' must be 1-128 letters, digits, '.', '_' or '-'.");
        }
        String violation = settings.paths().violation(upload.getTenantId(), upload.getSourceUri());
        if (violation != null) {
            throw new MediaRejectedException(
                    ReasonCode.OUTSIDE_TENANT_PREFIX,
                    violation + ". A tenant may only clip its own uploads.");
        }
        var o = upload.getOptions();
        if (o.getTranscriptUri() != null) {
            String bad = settings.paths().violation(upload.getTenantId(), o.getTranscriptUri());
            if (bad != null) {
                throw new MediaRejectedException(
                        ReasonCode.OUTSIDE_TENANT_PREFIX,
                        "transcript: " + bad + ". A tenant may only use its own transcripts.");
            }
            try {
                io.clipstream.operators.speech.SidecarTranscript.read(
                        io.clipstream.operators.storage.LocalMediaCache.localCopy(
                                o.getTranscriptUri()));
            } catch (java.io.IOException e) {
                throw new MediaRejectedException(
                        ReasonCode.INVALID_REQUEST,
                        "The transcript "
                                + o.getTranscriptUri()
                                + " cannot be used: "
                                + e.getMessage());
            }
        }
        if (o.getMinClipSeconds() <= 0
                || o.getMaxClipSeconds() < o.getMinClipSeconds()
                || o.getMaxClips() < 1) {
            throw new MediaRejectedException(
                    ReasonCode.INVALID_REQUEST,
                    String.format(
                            Locale.ROOT,
                            "Clip options are inconsistent: min %.1f s, max %.1f s, maxClips %d.",
                            o.getMinClipSeconds(),
                            o.getMaxClipSeconds(),
                            o.getMaxClips()));
        }
        try {
            io.clipstream.operators.render.captions.CaptionStyle.parse(o.getCaptionStyle());
        } catch (IllegalArgumentException e) {
            throw new MediaRejectedException(ReasonCode.INVALID_REQUEST, e.getMessage());
        }
        if (o.getBrandKit() != null) {
            // checked here, before any work: a kit the renderer could not use fails the upload
            try {
                io.clipstream.operators.render.captions.BrandLook.load(
                        o.getBrandKit(), settings.paths(), upload.getTenantId());
            } catch (io.clipstream.operators.render.captions.BrandLook.InvalidBrandKitException e) {
                throw new MediaRejectedException(
                        e.getMessage().contains("outside tenant")
                                ? ReasonCode.OUTSIDE_TENANT_PREFIX
                                : ReasonCode.INVALID_REQUEST,
                        e.getMessage());
            }
        }
        for (String aspect : o.getAspectRatios()) {
            try {
                io.clipstream.operators.analysis.CropPlanner.outputSize(aspect);
            } catch (IllegalArgumentException e) {
                throw new MediaRejectedException(ReasonCode.INVALID_REQUEST, e.getMessage());
            }
        }
    }

    /** 100 ms loudness windows of the whole artifact, to place segment boundaries in pauses. */
    private static List<AudioWindow> coarseWindows(Path wav) throws IOException {
        long samples = Wav16kMono.sampleCount(wav);
        int per = Wav16kMono.SAMPLE_RATE / 10;
        List<AudioWindow> out = new java.util.ArrayList<>();
        for (long from = 0; from + per <= samples; from += (long) per * 600) {
            long to = Math.min(samples - samples % per, from + (long) per * 600);
            short[] chunk = Wav16kMono.read(wav, from, to);
            for (int i = 0; i + per <= chunk.length; i += per) {
                double sum = 0;
                for (int j = i; j < i + per; j++) {
                    sum += (double) chunk[j] * chunk[j];
                }
                double rms = Math.sqrt(sum / per);
                float db =
                        rms < 1e-3
                                ? AudioFeatures.SILENCE_DB
                                : (float) (20 * Math.log10(rms / 32768.0));
                out.add(
                        new AudioWindow(
                                (from + i) * 1_000_000L / Wav16kMono.SAMPLE_RATE,
                                100_000,
                                db,
                                AudioFeatures.SILENCE_DB,
                                0f,
                                0f,
                                0f));
            }
        }
        return out;
    }

    private static boolean isQuiet(List<AudioWindow> windows, long timeUs, float below) {
        if (windows.isEmpty()) {
            return true;
        }
        int i = (int) Math.min(windows.size() - 1, timeUs / 100_000);
        for (int j = Math.max(0, i - 1); j <= Math.min(windows.size() - 1, i + 1); j++) {
            if (windows.get(j).getLoudnessDb() > below) {
                return false;
            }
        }
        return true;
    }
}
