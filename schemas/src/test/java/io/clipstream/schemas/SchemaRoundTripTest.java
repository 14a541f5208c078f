package io.clipstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SchemaRoundTripTest {
    static final Instant T = Instant.ofEpochMilli(1_700_000_000_123L);

    static StreamFacts facts() {
        return StreamFacts.newBuilder()
                .setContainer("mp4")
                .setVideoCodec("h264")
                .setAudioCodec("aac")
                .setFps(29.97)
                .setWidth(1920)
                .setHeight(1080)
                .setRotation(90)
                .setDurationUs(3_600_000_000L)
                .setStartPtsUs(1400)
                .setFrameCount(107_892)
                .setSizeBytes(5L << 30)
                .setAudioSampleRate(48_000)
                .setAudioChannels(2)
                .build();
    }

    static Options options() {
        return Options.newBuilder()
                .setAspectRatios(List.of("9:16", "1:1"))
                .setPrompt("pricing")
                .setLanguage("en")
                .build();
    }

    static List<SpecificRecord> samples() {
        Word word = new Word("hello", 1_000_000L, 1_400_000L, 0.9f, false, 120_000L);
        TimeSpan span = new TimeSpan(1_000_000L, 9_000_000L);
        CropPath crop =
                new CropPath(
                        "9:16",
                        1080,
                        1920,
                        List.of(
                                new CropKeyframe(
                                        1_000_000L,
                                        656,
                                        0,
                                        608,
                                        1080,
                                        "split",
                                        true,
                                        10,
                                        540,
                                        608,
                                        540)),
                        List.of(new ShotFraming(0L, 2_000_000L, "split", "speakers", false)));
        return List.of(
                UploadRequested.newBuilder()
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setSourceUri("s3://b/uploads/acme/v1/a.mp4")
                        .setOptions(options())
                        .setCallbackUrl("https://example.invalid/hook")
                        .setRequestedAt(T)
                        .build(),
                SegmentTask.newBuilder()
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setSourceUri("s3://x")
                        .setAudioUri("s3://y")
                        .setSegmentIndex(2)
                        .setSegmentCount(5)
                        .setStartUs(120_000_000L)
                        .setEndUs(180_000_000L)
                        .setStartFrame(3596)
                        .setEndFrame(5394)
                        .setStream(facts())
                        .setOptions(options())
                        .setRequestedAt(T)
                        .build(),
                SegmentAnalysis.newBuilder()
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setSourceUri("s3://x")
                        .setSegmentIndex(0)
                        .setSegmentCount(1)
                        .setStartUs(0)
                        .setEndUs(10)
                        .setStream(facts())
                        .setOptions(options())
                        .setShotBoundaries(
                                List.of(new ShotBoundary(1_000_000L, 30L, ShotKind.FADE, 31.5f)))
                        .setWords(List.of(word))
                        .setSpeechSpans(List.of(span))
                        .setAudioWindows(
                                List.of(
                                        new AudioWindow(
                                                0L, 20_000, -23.5f, -20.1f, 140f, 1.5f, 4.2f)))
                        .setFaces(
                                List.of(new FaceSample(0L, 1, 0.1f, 0.2f, 0.3f, 0.4f, 0.99f, 3.5f)))
                        .setVisualSamples(
                                List.of(
                                        new VisualSample(
                                                0L,
                                                List.of(1f, 2f),
                                                List.of(3f),
                                                List.of(-1f, -1f),
                                                List.of(-1f))))
                        .setFramesDecoded(300)
                        .setRequestedAt(T)
                        .build(),
                ScoredSegment.newBuilder()
                        .setSegmentId("v1-tp0")
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setStartUs(0)
                        .setEndUs(9)
                        .setText("so here is the thing")
                        .setScore(72.5f)
                        .setComponents(List.of(new ScoreComponent("energy", 0.7f, 0.3f)))
                        .setSelected(true)
                        .setEventTime(T)
                        .build(),
                ClipPlan.newBuilder()
                        .setClipId("c1")
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setSourceUri("s3://x")
                        .setRank(1)
                        .setClipCount(3)
                        .setScore(80f)
                        .setTitle("Clip 1")
                        .setStartUs(0)
                        .setEndUs(9)
                        .setStartFrame(0)
                        .setEndFrame(270)
                        .setKeptIntervals(List.of(span))
                        .setCaptionWords(List.of(word))
                        .setCropPaths(List.of(crop))
                        .setStream(facts())
                        .setRequestedAt(T)
                        .build(),
                ClipRendered.newBuilder()
                        .setClipId("c1")
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setRank(1)
                        .setClipCount(3)
                        .setScore(80f)
                        .setStartUs(0)
                        .setEndUs(9)
                        .setOutputs(
                                List.of(
                                        new RenderedOutput(
                                                "9:16", "s3://c", 1080, 1920, 9L, 270L, 123L, "ab",
                                                "s3://t", -14.1f, -1.2f, List.of())))
                        .setThumbnailUri("s3://t")
                        .setRenderedAt(T)
                        .build(),
                JobStatus.newBuilder()
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setStage(Stage.ANALYSIS)
                        .setState(State.SUCCEEDED)
                        .setProgress(1f)
                        .setMessage("done")
                        .setClipCount(3)
                        .setTime(T)
                        .build(),
                DeadLetter.newBuilder()
                        .setVideoId("v1")
                        .setTenantId("acme")
                        .setStage(Stage.INGEST)
                        .setReason(ReasonCode.TRUNCATED)
                        .setMessage("cut off")
                        .setOriginalSchema("io.clipstream.schemas.UploadRequested")
                        .setOriginalRecord(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .setTime(T)
                        .build());
    }

    @Test
    void everyTopicRecordSurvivesAvroBinaryRoundTrip() throws Exception {
        for (SpecificRecord record : samples()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            SpecificRecord back =
                    new SpecificDatumReader<SpecificRecord>(record.getSchema())
                            .read(
                                    null,
                                    DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            assertThat(back).as(record.getSchema().getName()).isEqualTo(record);
        }
    }

    @Test
    void emptyOptionsTakeDocumentedDefaults() {
        Options o = Options.newBuilder().build();
        assertThat(o.getAspectRatios()).containsExactly("9:16");
        assertThat(o.getMinClipSeconds()).isEqualTo(15.0);
        assertThat(o.getMaxClipSeconds()).isEqualTo(60.0);
        assertThat(o.getMaxClips()).isEqualTo(5);
        assertThat(o.getPrompt()).isNull();
    }

    @Test
    void everyTopicHasAKeyFieldVideoId() {
        for (SpecificRecord record : samples()) {
            Schema.Field id = record.getSchema().getField("videoId");
            assertThat(id).as(record.getSchema().getName()).isNotNull();
            assertThat(id.schema().getType()).isEqualTo(Schema.Type.STRING);
        }
    }

    @Test
    void readersOfTheCurrentSchemaCanReadTheOriginalUploadContract() {
        // The first published UploadRequested had no callbackUrl: new fields must keep defaults.
        Schema original =
                new Schema.Parser()
                        .parse(
                                """
                {"type":"record","name":"UploadRequested","namespace":"io.clipstream.schemas","fields":[
                 {"name":"videoId","type":"string"},{"name":"tenantId","type":"string"},{"name":"sourceUri","type":"string"},
                 {"name":"options","type":{"type":"record","name":"Options","fields":[]}},
                 {"name":"requestedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        UploadRequested.getClassSchema(), original)
                                .getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void framingFieldsKeepOlderCropPathsAndFacesReadable() {
        // Crop paths and face samples written before layouts and mouth motion existed.
        Schema oldCrop =
                new Schema.Parser()
                        .parse(
                                """
                {"type":"record","name":"CropPath","namespace":"io.clipstream.schemas","fields":[
                 {"name":"aspect","type":"string"},{"name":"outputWidth","type":"int"},{"name":"outputHeight","type":"int"},
                 {"name":"keyframes","type":{"type":"array","items":{"type":"record","name":"CropKeyframe","fields":[
                  {"name":"timeUs","type":"long"},{"name":"x","type":"int"},{"name":"y","type":"int"},
                  {"name":"width","type":"int"},{"name":"height","type":"int"}]}}}]}""");
        Schema oldFace =
                new Schema.Parser()
                        .parse(
                                """
                {"type":"record","name":"FaceSample","namespace":"io.clipstream.schemas","fields":[
                 {"name":"timeUs","type":"long"},{"name":"trackId","type":"int","default":-1},
                 {"name":"x","type":"float"},{"name":"y","type":"float"},{"name":"width","type":"float"},
                 {"name":"height","type":"float"},{"name":"confidence","type":"float"}]}""");
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        CropPath.getClassSchema(), oldCrop)
                                .getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        assertThat(
                        SchemaCompatibility.checkReaderWriterCompatibility(
                                        FaceSample.getClassSchema(), oldFace)
                                .getType())
                .isEqualTo(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE);
        CropKeyframe k =
                CropKeyframe.newBuilder()
                        .setTimeUs(0)
                        .setX(0)
                        .setY(0)
                        .setWidth(2)
                        .setHeight(2)
                        .build();
        assertThat(k.getLayout()).isEqualTo("crop");
        assertThat(k.getGlide()).isFalse();
    }
}
