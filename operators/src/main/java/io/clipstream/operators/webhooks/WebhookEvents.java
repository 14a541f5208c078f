package io.clipstream.operators.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.RenderedOutput;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The JSON bodies of clipstream's webhooks. Every field comes from the records that caused the
 * event (times included), so the same event always has the same body.
 */
public final class WebhookEvents {
    public static final String PROGRESS = "progress";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookEvents() {}

    /** A stage finished. */
    public static WebhookRequest progress(String url, JobStatus status) {
        ObjectNode body = head(PROGRESS, status.getVideoId(), status.getTenantId());
        body.put("stage", status.getStage().name().toLowerCase(Locale.ROOT));
        body.put("progress", status.getProgress());
        body.put("message", status.getMessage());
        if (status.getClipCount() != null) {
            body.put("clipCount", status.getClipCount());
        }
        body.put("time", status.getTime().toString());
        String stage = status.getStage().name().toLowerCase(Locale.ROOT);
        return request(
                status.getVideoId(), status.getTenantId(), PROGRESS, url, body, stage, false);
    }

    /** Every clip is rendered: their URIs and scores, best first. */
    public static WebhookRequest completed(
            String url,
            String videoId,
            String tenantId,
            Collection<ClipRendered> clips,
            Instant at) {
        ObjectNode body = head(COMPLETED, videoId, tenantId);
        ArrayNode list = body.putArray("clips");
        List<ClipRendered> ranked =
                clips.stream().sorted(Comparator.comparingInt(ClipRendered::getRank)).toList();
        for (ClipRendered clip : ranked) {
            ObjectNode c = list.addObject();
            c.put("clipId", clip.getClipId());
            c.put("rank", clip.getRank());
            c.put("score", clip.getScore());
            c.put("title", clip.getTitle());
            c.put("startSeconds", clip.getStartUs() / 1e6);
            c.put("endSeconds", clip.getEndUs() / 1e6);
            c.put("durationSeconds", clip.getDurationUs() / 1e6);
            ArrayNode outputs = c.putArray("outputs");
            for (RenderedOutput output : clip.getOutputs()) {
                ObjectNode o = outputs.addObject();
                o.put("aspect", output.getAspect());
                o.put("uri", output.getUri());
                o.put("width", output.getWidth());
                o.put("height", output.getHeight());
            }
            putIfSet(c, "thumbnailUri", clip.getThumbnailUri());
            putIfSet(c, "srtUri", clip.getSrtUri());
            putIfSet(c, "vttUri", clip.getVttUri());
            if (!clip.getWarnings().isEmpty()) {
                ArrayNode warnings = c.putArray("warnings");
                clip.getWarnings().forEach(warnings::add);
            }
        }
        body.put("time", at.toString());
        return request(videoId, tenantId, COMPLETED, url, body, null, true);
    }

    /** The video failed: the reason code and what a person can do. */
    public static WebhookRequest failed(String url, DeadLetter letter) {
        ObjectNode body = head(FAILED, letter.getVideoId(), letter.getTenantId());
        body.put("stage", letter.getStage().name().toLowerCase(Locale.ROOT));
        body.put("reason", letter.getReason().name());
        body.put("message", letter.getMessage());
        body.put("time", letter.getTime().toString());
        return request(letter.getVideoId(), letter.getTenantId(), FAILED, url, body, null, true);
    }

    /** The video failed and no dead letter said why: the failed status's message. */
    public static WebhookRequest failed(String url, JobStatus status) {
        ObjectNode body = head(FAILED, status.getVideoId(), status.getTenantId());
        body.put("stage", status.getStage().name().toLowerCase(Locale.ROOT));
        body.put("reason", "FAILED");
        body.put("message", status.getMessage());
        body.put("time", status.getTime().toString());
        return request(status.getVideoId(), status.getTenantId(), FAILED, url, body, null, true);
    }

    private static ObjectNode head(String event, String videoId, String tenantId) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event", event);
        body.put("videoId", videoId);
        body.put("tenantId", tenantId);
        return body;
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static WebhookRequest request(
            String videoId,
            String tenantId,
            String event,
            String url,
            ObjectNode body,
            String qualifier,
            boolean terminal) {
        // stable across retries and restarts: the same event of the same video has the same key;
        // a video ends once, so completed and failed share theirs
        String key = videoId + "." + (terminal ? "end" : event + "." + qualifier);
        return new WebhookRequest(videoId, tenantId, event, url, body.toString(), key, terminal);
    }
}
