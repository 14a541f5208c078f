package io.clipstream.operators.batch;

import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.schemas.BatchStatus;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.VideoOutcome;
import io.clipstream.schemas.VideoSummary;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where a batch run's per-video results live, and how one video's are written together.
 *
 * <pre>
 * {out}scored/tenantId={t}/dt={yyyy-MM-dd}/{videoId}.avro   talking points (Flink SQL filesystem table)
 * {out}dead-letters/tenantId={t}/{videoId}.avro           why a video failed
 * {out}summaries/tenantId={t}/{videoId}.json              the video's summary (Avro JSON)
 * {clips}{t}/{videoId}/_DONE.json                          done marker: the summary, written last
 * </pre>
 *
 * Every file is keyed by the video, so rewriting a video replaces its files and never adds rows
 * beside the old ones. The date partition is the day the source was last modified, which a rerun
 * finds again.
 */
public final class ArchiveOutputs implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String MARKER = "_DONE.json";

    private final String root;
    private final TenantPaths paths;

    public ArchiveOutputs(String root, TenantPaths paths) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.paths = paths;
    }

    public String root() {
        return root;
    }

    public TenantPaths paths() {
        return paths;
    }

    /** The root of the talking points table, for {@code 'path'} in its DDL. */
    public String scoredRoot() {
        return root + "scored/";
    }

    public String markerUri(String tenantId, String videoId) {
        return paths.videoFileUri(tenantId, videoId, MARKER);
    }

    String scoredUri(String tenantId, Instant day, String videoId) {
        return scoredRoot()
                + "tenantId="
                + partition(tenantId)
                + "/dt="
                + day.atZone(ZoneOffset.UTC).toLocalDate()
                + "/"
                + videoId
                + ".avro";
    }

    /** Where a done video's talking points go: its tenant, the day of its source. */
    public String scoredUri(VideoOutcome outcome) {
        VideoSummary s = outcome.getSummary();
        Instant day =
                outcome.getModifiedAt().toEpochMilli() > 0
                        ? outcome.getModifiedAt()
                        : s.getFinishedAt();
        return scoredUri(s.getTenantId(), day, s.getVideoId());
    }

    String deadLettersUri(String tenantId, String key) {
        return root + "dead-letters/tenantId=" + partition(tenantId) + "/" + key + ".avro";
    }

    public String summaryUri(String tenantId, String key) {
        return root + "summaries/tenantId=" + partition(tenantId) + "/" + key + ".json";
    }

    /** Every prefix of this output root that holds the tenant's records (for tenant deletion). */
    public java.util.List<String> tenantPrefixes(String tenantId) {
        String t = "tenantId=" + partition(tenantId) + "/";
        return java.util.List.of(
                scoredRoot() + t, root + "dead-letters/" + t, root + "summaries/" + t);
    }

    private static String partition(String tenantId) {
        return TenantPaths.isSafeId(tenantId) ? tenantId : "_unknown";
    }

    /** The video's done marker, or null when there is none (or it cannot be read). */
    public VideoSummary readMarker(String tenantId, String videoId) {
        String uri = markerUri(tenantId, videoId);
        try {
            if (!ObjectStore.exists(uri)) {
                return null;
            }
            try (InputStream in = ObjectStore.open(uri)) {
                return fromJson(in.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable marker is no marker: the video is redone
        }
    }

    /**
     * Removes what an earlier run wrote for the video before it is redone: the marker first (so a
     * crash from here on leaves no marker), then its talking points and clips.
     */
    public void clear(String tenantId, String videoId) throws IOException {
        VideoSummary old = readMarker(tenantId, videoId);
        ObjectStore.delete(markerUri(tenantId, videoId));
        if (old != null && old.getScoredUri() != null) {
            ObjectStore.delete(old.getScoredUri());
        }
        ObjectStore.deleteTree(paths.videoFileUri(tenantId, videoId, ""));
    }

    /**
     * Writes one video's results, the done marker last: a marker is only ever beside complete
     * outputs. Returns the summary as written (with where its talking points went).
     */
    public VideoSummary write(VideoOutcome outcome) throws IOException {
        VideoSummary s = outcome.getSummary();
        String tenant = s.getTenantId();
        String key = s.getVideoId();
        if (s.getStatus() == BatchStatus.SKIPPED) {
            return s; // nothing new: the earlier run's files stand
        }
        if (s.getStatus() == BatchStatus.DONE) {
            String uri = s.getScoredUri() != null ? s.getScoredUri() : scoredUri(outcome);
            writeContainer(
                    uri, ScoredSegment.class, ScoredSegment.getClassSchema(), outcome.getScored());
            s.setScoredUri(uri);
            s.setScoredCount(outcome.getScored().size());
            ObjectStore.delete(deadLettersUri(tenant, key));
        } else {
            writeContainer(
                    deadLettersUri(tenant, key),
                    DeadLetter.class,
                    DeadLetter.getClassSchema(),
                    outcome.getDeadLetters());
        }
        byte[] json = toJson(s);
        put(summaryUri(tenant, key), json);
        if (s.getStatus() == BatchStatus.DONE) {
            put(markerUri(tenant, key), json);
        }
        return s;
    }

    private static <T extends SpecificRecord> void writeContainer(
            String uri, Class<T> type, org.apache.avro.Schema schema, List<T> records)
            throws IOException {
        Path local = Files.createTempFile("batch-", ".avro");
        try {
            try (DataFileWriter<T> writer = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
                writer.create(schema, local.toFile());
                for (T r : records) {
                    writer.append(r);
                }
            }
            ObjectStore.upload(local, uri);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static void put(String uri, byte[] bytes) throws IOException {
        Path local = Files.createTempFile("batch-", ".json");
        try {
            Files.write(local, bytes);
            ObjectStore.upload(local, uri);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    public static byte[] toJson(VideoSummary summary) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(VideoSummary.getClassSchema(), out);
        new SpecificDatumWriter<>(VideoSummary.class).write(summary, encoder);
        encoder.flush();
        out.write('\n');
        return out.toByteArray();
    }

    public static VideoSummary fromJson(byte[] json) throws IOException {
        return new SpecificDatumReader<>(VideoSummary.class)
                .read(
                        null,
                        DecoderFactory.get()
                                .jsonDecoder(
                                        VideoSummary.getClassSchema(),
                                        new String(json, java.nio.charset.StandardCharsets.UTF_8)));
    }
}
