package io.clipstream.cli;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Stage;
import io.clipstream.schemas.State;
import io.clipstream.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows one video through the pipeline by reading the committed job-status, clips and
 * dead-letters records keyed by its id, until it has succeeded or failed.
 */
public final class VideoWatcher implements AutoCloseable {
    /** How a video ended. */
    public record Outcome(
            boolean succeeded,
            List<ClipRendered> clips,
            List<DeadLetter> deadLetters,
            String failure,
            List<String> warnings) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String videoId;
    private final Map<String, ClipRendered> clips = new LinkedHashMap<>();
    private final List<ClipRendered> clipEvents = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
    private Integer expectedClips;
    private String failure;
    private boolean renderDone;
    private long failedAt;
    private JobStatus webhookEnd;

    public VideoWatcher(String bootstrapServers, String videoId) {
        this.consumer = committedConsumer(bootstrapServers, "clipstream-watch-");
        this.videoId = videoId;
    }

    /**
     * A consumer of job-status, clips and dead-letters from the beginning, committed records only
     * ({@code read_committed}), in a group of its own.
     */
    static KafkaConsumer<byte[], byte[]> committedConsumer(String bootstrapServers, String group) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", group + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("isolation.level", "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.JOB_STATUS, Topics.CLIPS, Topics.DEAD_LETTERS));
        return consumer;
    }

    /** Polls until the video is done or the timeout passes; every status goes to the listener. */
    public Outcome await(Duration timeout, Consumer<JobStatus> listener) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done()) {
            if (System.nanoTime() > deadline) {
                return new Outcome(
                        false,
                        List.copyOf(clips.values()),
                        deadLetters,
                        "timed out after " + timeout.toSeconds() + " s",
                        List.copyOf(warnings));
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (!isOurs(record)) {
                    continue;
                }
                switch (record.topic()) {
                    case Topics.JOB_STATUS ->
                            onStatus(AvroCodec.decode(record.value(), JobStatus.class), listener);
                    case Topics.CLIPS -> {
                        ClipRendered clip = AvroCodec.decode(record.value(), ClipRendered.class);
                        clipEvents.add(clip);
                        clips.put(clip.getClipId(), clip);
                    }
                    case Topics.DEAD_LETTERS -> {
                        DeadLetter letter = AvroCodec.decode(record.value(), DeadLetter.class);
                        if (letter.getStage() != Stage.NOTIFY) {
                            deadLetters.add(letter);
                        }
                    }
                    default -> {}
                }
            }
        }
        List<ClipRendered> ranked = new ArrayList<>(clips.values());
        ranked.sort(java.util.Comparator.comparingInt(ClipRendered::getRank));
        return new Outcome(failure == null, ranked, deadLetters, failure, List.copyOf(warnings));
    }

    /** Every ClipRendered event seen, duplicates included. */
    public List<ClipRendered> clipEvents() {
        return clipEvents;
    }

    /**
     * After {@link #await}: polls until the notify job reports the video's last webhook (delivered
     * or given up) and returns its report, or null when none came within the timeout.
     */
    public JobStatus awaitWebhook(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (webhookEnd == null && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.topic().equals(Topics.JOB_STATUS) && isOurs(record)) {
                    onStatus(AvroCodec.decode(record.value(), JobStatus.class), s -> {});
                }
            }
        }
        return webhookEnd;
    }

    private boolean isOurs(ConsumerRecord<byte[], byte[]> record) {
        return record.key() != null
                && videoId.equals(new String(record.key(), StandardCharsets.UTF_8));
    }

    private void onStatus(JobStatus status, Consumer<JobStatus> listener) {
        if (status.getStage() == Stage.NOTIFY) {
            // a webhook's delivery says nothing about the video's own success
            if (status.getProgress() >= 1f && webhookEnd == null) {
                webhookEnd = status;
            }
            return;
        }
        listener.accept(status);
        warnings.addAll(status.getWarnings());
        if (status.getState() == State.FAILED && failure == null) {
            failure = status.getMessage();
        }
        if (status.getStage() == Stage.ANALYSIS && status.getState() == State.SUCCEEDED) {
            expectedClips = status.getClipCount();
        }
        if (status.getStage() == Stage.RENDER && status.getState() == State.SUCCEEDED) {
            renderDone = true;
        }
    }

    private boolean done() {
        if (failure != null) {
            // The DeadLetter is committed in the same checkpoint as the FAILED status; wait for it.
            if (failedAt == 0) {
                failedAt = System.nanoTime();
            }
            return !deadLetters.isEmpty() || System.nanoTime() - failedAt > 5_000_000_000L;
        }
        if (expectedClips == null) {
            return false;
        }
        return expectedClips == 0 || renderDone && clips.size() >= expectedClips;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
