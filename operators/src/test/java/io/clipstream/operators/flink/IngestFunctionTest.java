package io.clipstream.operators.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.clipstream.operators.media.MediaLimits;
import io.clipstream.operators.storage.TenantPaths;
import io.clipstream.operators.testing.TestVideos;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Options;
import io.clipstream.schemas.ReasonCode;
import io.clipstream.schemas.SegmentTask;
import io.clipstream.schemas.State;
import io.clipstream.schemas.UploadRequested;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestFunctionTest {
    @TempDir Path dir;
    TenantPaths paths;

    @BeforeEach
    void setUp() throws Exception {
        paths =
                new TenantPaths(
                        dir.resolve("uploads").toUri().toString(),
                        dir.resolve("work").toUri().toString(),
                        dir.resolve("clips").toUri().toString());
        Path tenantDir = Files.createDirectories(dir.resolve("uploads/acme"));
        Files.copy(TestVideos.talk(), tenantDir.resolve("talk.mp4"));
        Files.copy(TestVideos.notAVideo(), tenantDir.resolve("notes.mp4"));
        Files.copy(TestVideos.audioOnly(), tenantDir.resolve("audio.m4a"));
        Files.copy(TestVideos.corrupt(), tenantDir.resolve("corrupt.mp4"));
        Files.copy(TestVideos.truncated(), tenantDir.resolve("truncated.mp4"));
        Files.createDirectories(dir.resolve("uploads/other"));
        Files.copy(TestVideos.talk(), dir.resolve("uploads/other/talk.mp4"));
    }

    private OneInputStreamOperatorTestHarness<UploadRequested, SegmentTask> harness(
            MediaLimits limits) throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new IngestFunction(new IngestSettings(paths, limits, 2_000_000)));
    }

    private UploadRequested upload(String videoId, String uri) {
        return UploadRequested.newBuilder()
                .setVideoId(videoId)
                .setTenantId("acme")
                .setSourceUri(uri)
                .setOptions(Options.newBuilder().build())
                .setRequestedAt(Instant.EPOCH)
                .build();
    }

    private String uri(String relative) {
        return dir.resolve("uploads").toUri() + relative;
    }

    @Test
    void validUploadIsPlannedIntoKeyframeAlignedSegmentsWithAudio() throws Exception {
        try (var h = harness(MediaLimits.DEFAULT)) {
            h.processElement(new StreamRecord<>(upload("v1", uri("acme/talk.mp4")), 0));
            List<SegmentTask> tasks = h.extractOutputValues();
            assertThat(tasks).hasSizeGreaterThan(2);
            assertThat(tasks)
                    .allSatisfy(
                            t -> {
                                assertThat(t.getSegmentCount()).isEqualTo(tasks.size());
                                assertThat(t.getAudioUri()).isEqualTo(paths.audioUri("acme", "v1"));
                            });
            assertThat(tasks.get(tasks.size() - 1).getEndFrame()).isEqualTo(330);
            assertThat(Path.of(java.net.URI.create(paths.audioUri("acme", "v1")))).exists();
            assertThat(h.getSideOutput(Outputs.STATUS))
                    .extracting(r -> r.getValue().getState())
                    .contains(State.SUCCEEDED);
            assertThat(h.getSideOutput(Outputs.DEAD_LETTERS)).isNullOrEmpty();
        }
    }

    @Test
    void objectNotFoundGoesToDeadLetterWithReason() throws Exception {
        assertRejected(MediaLimits.DEFAULT, uri("acme/missing.mp4"), ReasonCode.OBJECT_NOT_FOUND);
    }

    @Test
    void textFileGoesToDeadLetterAsNotAVideo() throws Exception {
        assertRejected(MediaLimits.DEFAULT, uri("acme/notes.mp4"), ReasonCode.NOT_A_VIDEO);
    }

    @Test
    void audioOnlyUploadGoesToDeadLetterAsNoVideoStream() throws Exception {
        assertRejected(MediaLimits.DEFAULT, uri("acme/audio.m4a"), ReasonCode.NO_VIDEO_STREAM);
    }

    @Test
    void corruptUploadGoesToDeadLetterWithReason() throws Exception {
        assertRejected(MediaLimits.DEFAULT, uri("acme/corrupt.mp4"), ReasonCode.CORRUPT);
    }

    @Test
    void truncatedUploadGoesToDeadLetterWithReason() throws Exception {
        assertRejected(MediaLimits.DEFAULT, uri("acme/truncated.mp4"), ReasonCode.TRUNCATED);
    }

    @Test
    void tooLongUploadGoesToDeadLetter() throws Exception {
        assertRejected(
                new MediaLimits(5_000_000, Long.MAX_VALUE, Long.MAX_VALUE),
                uri("acme/talk.mp4"),
                ReasonCode.TOO_LONG);
    }

    @Test
    void tooLargeUploadIsRejectedBeforeDownload() throws Exception {
        assertRejected(
                new MediaLimits(Long.MAX_VALUE, 10_000, Long.MAX_VALUE),
                uri("acme/talk.mp4"),
                ReasonCode.TOO_LARGE);
    }

    @Test
    void otherTenantsObjectIsOutsideThePrefix() throws Exception {
        assertRejected(
                MediaLimits.DEFAULT, uri("other/talk.mp4"), ReasonCode.OUTSIDE_TENANT_PREFIX);
        assertRejected(
                MediaLimits.DEFAULT,
                uri("acme/../other/talk.mp4"),
                ReasonCode.OUTSIDE_TENANT_PREFIX);
        assertRejected(MediaLimits.DEFAULT, "file:///etc/passwd", ReasonCode.OUTSIDE_TENANT_PREFIX);
    }

    @Test
    void aVideoIdWithPathCharactersIsRefusedBeforeAnythingIsRead() throws Exception {
        try (var h = harness(MediaLimits.DEFAULT)) {
            h.processElement(
                    new StreamRecord<>(upload("../../clips/acme", uri("acme/talk.mp4")), 0));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(Outputs.DEAD_LETTERS))
                    .singleElement()
                    .satisfies(
                            r -> {
                                assertThat(r.getValue().getReason())
                                        .isEqualTo(ReasonCode.INVALID_REQUEST);
                                assertThat(r.getValue().getMessage()).contains("videoId");
                            });
        }
    }

    @Test
    void transcriptsMustBeTheTenantsOwnAndReadable() throws Exception {
        Files.writeString(
                dir.resolve("uploads/acme/talk.srt"),
                "1\n00:00:00,500 --> 00:00:02,000\nHello there\n");
        Files.writeString(dir.resolve("uploads/acme/notes.srt"), "not a transcript at all");
        Files.writeString(
                dir.resolve("uploads/other/talk.srt"), "1\n00:00:00,500 --> 00:00:02,000\nHi\n");
        try (var h = harness(MediaLimits.DEFAULT)) {
            h.processElement(new StreamRecord<>(withTranscript("ok", uri("acme/talk.srt")), 0));
            h.processElement(new StreamRecord<>(withTranscript("junk", uri("acme/notes.srt")), 1));
            h.processElement(
                    new StreamRecord<>(withTranscript("theirs", uri("other/talk.srt")), 2));
            assertThat(h.extractOutputValues())
                    .isNotEmpty()
                    .allSatisfy(
                            t ->
                                    assertThat(t.getOptions().getTranscriptUri())
                                            .isEqualTo(uri("acme/talk.srt")));
            List<DeadLetter> dead =
                    h.getSideOutput(Outputs.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead).extracting(DeadLetter::getVideoId).containsExactly("junk", "theirs");
            assertThat(dead.get(0).getReason()).isEqualTo(ReasonCode.INVALID_REQUEST);
            assertThat(dead.get(0).getMessage()).contains("transcript").contains("no cues");
            assertThat(dead.get(1).getReason()).isEqualTo(ReasonCode.OUTSIDE_TENANT_PREFIX);
        }
    }

    @Test
    void brandKitsAndCaptionStylesAreCheckedBeforeAnyWork() throws Exception {
        Files.write(dir.resolve("uploads/acme/bad-font.ttf"), new byte[] {1, 2, 3, 4});
        try (var h = harness(MediaLimits.DEFAULT)) {
            UploadRequested font = upload("font", uri("acme/talk.mp4"));
            font.getOptions()
                    .setBrandKit(
                            io.clipstream.schemas.BrandKit.newBuilder()
                                    .setFontUri(uri("acme/bad-font.ttf"))
                                    .build());
            UploadRequested colour = upload("colour", uri("acme/talk.mp4"));
            colour.getOptions()
                    .setBrandKit(
                            io.clipstream.schemas.BrandKit.newBuilder()
                                    .setTextColor("bright")
                                    .build());
            UploadRequested logo = upload("logo", uri("acme/talk.mp4"));
            logo.getOptions()
                    .setBrandKit(
                            io.clipstream.schemas.BrandKit.newBuilder()
                                    .setLogoUri(uri("other/logo.png"))
                                    .build());
            UploadRequested style = upload("style", uri("acme/talk.mp4"));
            style.getOptions().setCaptionStyle("sparkle");
            UploadRequested fine = upload("fine", uri("acme/talk.mp4"));
            fine.getOptions().setCaptionStyle("karaoke");
            fine.getOptions().setBrandKit(io.clipstream.schemas.BrandKit.newBuilder().build());
            long t = 0;
            for (UploadRequested u : List.of(font, colour, logo, style, fine)) {
                h.processElement(new StreamRecord<>(u, t++));
            }
            List<DeadLetter> dead =
                    h.getSideOutput(Outputs.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead)
                    .extracting(DeadLetter::getVideoId)
                    .containsExactly("font", "colour", "logo", "style");
            assertThat(dead.get(0).getMessage()).contains("not a TrueType or OpenType font");
            assertThat(dead.get(1).getMessage()).contains("textColor 'bright' is not a colour");
            assertThat(dead.get(2).getReason()).isEqualTo(ReasonCode.OUTSIDE_TENANT_PREFIX);
            assertThat(dead.get(3).getMessage()).contains("captionStyle 'sparkle'");
            assertThat(h.extractOutputValues())
                    .isNotEmpty()
                    .allSatisfy(task -> assertThat(task.getVideoId()).isEqualTo("fine"));
        }
    }

    private UploadRequested withTranscript(String videoId, String transcriptUri) {
        UploadRequested u = upload(videoId, uri("acme/talk.mp4"));
        u.getOptions().setTranscriptUri(transcriptUri);
        return u;
    }

    /**
     * The rejected upload yields one DeadLetter and a FAILED status; the next upload is still
     * processed.
     */
    private void assertRejected(MediaLimits limits, String sourceUri, ReasonCode reason)
            throws Exception {
        try (var h = harness(limits)) {
            UploadRequested bad = upload("bad", sourceUri);
            h.processElement(new StreamRecord<>(bad, 0));
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetter> dead =
                    h.getSideOutput(Outputs.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .toList();
            assertThat(dead)
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.getReason()).isEqualTo(reason);
                                assertThat(d.getVideoId()).isEqualTo("bad");
                                assertThat(d.getMessage()).isNotBlank();
                                assertThat(d.getOriginalSchema())
                                        .isEqualTo(UploadRequested.getClassSchema().getFullName());
                                assertThat(
                                                io.clipstream.operators.kafka.AvroCodec.decode(
                                                        d.getOriginalRecord().array(),
                                                        UploadRequested.class))
                                        .isEqualTo(bad);
                            });
            List<JobStatus> statuses =
                    h.getSideOutput(Outputs.STATUS).stream().map(StreamRecord::getValue).toList();
            assertThat(statuses.get(statuses.size() - 1).getState()).isEqualTo(State.FAILED);
            assertThat(statuses.get(statuses.size() - 1).getMessage()).startsWith(reason.name());

            if (reason != ReasonCode.TOO_LONG && reason != ReasonCode.TOO_LARGE) {
                h.processElement(new StreamRecord<>(upload("good", uri("acme/talk.mp4")), 1));
                assertThat(h.extractOutputValues()).isNotEmpty();
            }
        }
    }
}
