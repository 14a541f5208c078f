package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.schemas.ScoreComponent;
import io.clipstream.schemas.ScoredSegment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped DDL and example queries, run by {@code clipstream sql} on the embedded broker and a
 * MiniCluster over an archive of known scored segments.
 */
class SqlCommandTest {
    @TempDir static Path dir;
    static final Instant HOUR_10 = Instant.parse("2026-03-02T10:00:00Z");

    static ScoredSegment segment(
            String tenant,
            String video,
            int index,
            float score,
            boolean selected,
            Instant at,
            String text) {
        return ScoredSegment.newBuilder()
                .setSegmentId(video + "-tp" + index)
                .setVideoId(video)
                .setTenantId(tenant)
                .setStartUs(index * 20_000_000L)
                .setEndUs(index * 20_000_000L + 15_000_000L)
                .setText(text)
                .setScore(score)
                .setComponents(
                        List.of(
                                new ScoreComponent("hook", 0.5f, 0.22f),
                                new ScoreComponent("energy", 0.7f, 0.17f)))
                .setSelected(selected)
                .setEventTime(at)
                .build();
    }

    @BeforeAll
    static void archive() throws Exception {
        List<ScoredSegment> segments = new ArrayList<>();
        // acme, hour 10: five segments over two videos; hour 11: one
        segments.add(
                segment(
                        "acme",
                        "a1",
                        0,
                        81.5f,
                        true,
                        HOUR_10.plusSeconds(60),
                        "What would you do if your biggest customer left?"));
        segments.add(segment("acme", "a1", 1, 42.0f, false, HOUR_10.plusSeconds(60), "um so yeah"));
        segments.add(
                segment(
                        "acme",
                        "a1",
                        2,
                        67.25f,
                        true,
                        HOUR_10.plusSeconds(60),
                        "Sales doubled in six weeks."));
        segments.add(
                segment(
                        "acme",
                        "a2",
                        0,
                        73.0f,
                        true,
                        HOUR_10.plusSeconds(1200),
                        "Our biggest customer called on Monday."));
        segments.add(
                segment(
                        "acme",
                        "a2",
                        1,
                        55.0f,
                        false,
                        HOUR_10.plusSeconds(1200),
                        "and then some meetings"));
        segments.add(
                segment(
                        "acme",
                        "a3",
                        0,
                        60.0f,
                        true,
                        HOUR_10.plusSeconds(3700),
                        "The story of the flight."));
        // globex, hour 10: two
        segments.add(
                segment(
                        "globex",
                        "g1",
                        0,
                        90.0f,
                        true,
                        HOUR_10.plusSeconds(300),
                        "Pricing is the product."));
        segments.add(
                segment("globex", "g1", 1, 35.5f, false, HOUR_10.plusSeconds(300), "uh, anyway"));
        ScoredArchive.write(
                segments.subList(0, 5), dir.resolve("run1").resolve(ScoredArchive.FILE_NAME));
        ScoredArchive.write(
                segments.subList(5, 8), dir.resolve("run2").resolve(ScoredArchive.FILE_NAME));
    }

    static JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("sql", "--json", "--from", dir.toString()));
        all.addAll(List.of(args));
        var run = ClipCommandITCase.run(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().strip().lines()).hasSize(1);
        return new ObjectMapper().readTree(run.stdout());
    }

    @Test
    void bestSegmentsPerTenantPerHour() throws Exception {
        JsonNode rows = json("--example", "best-per-tenant-hour");
        Map<String, List<String>> byWindow = new HashMap<>();
        for (JsonNode row : rows) {
            String key = row.get("tenantId").asText() + " " + row.get("window_start").asText();
            byWindow.computeIfAbsent(key, k -> new ArrayList<>(List.of("", "", "")))
                    .set(row.get("rank").asInt() - 1, row.get("segmentId").asText());
        }
        assertThat(byWindow)
                .containsOnlyKeys(
                        "acme 2026-03-02T10:00", "acme 2026-03-02T11:00", "globex 2026-03-02T10:00")
                .containsEntry("acme 2026-03-02T10:00", List.of("a1-tp0", "a2-tp0", "a1-tp2"))
                .containsEntry("acme 2026-03-02T11:00", List.of("a3-tp0", "", ""))
                .containsEntry("globex 2026-03-02T10:00", List.of("g1-tp0", "g1-tp1", ""));
    }

    @Test
    void theWindowQueryGivesTheSameRowsAsAStreamOnTheWatermark() throws Exception {
        Set<String> batch = new HashSet<>();
        json("--example", "best-per-tenant-hour").forEach(r -> batch.add(r.toString()));
        Set<String> streaming = new HashSet<>();
        json("--streaming", "--example", "best-per-tenant-hour")
                .forEach(r -> streaming.add(r.toString()));
        assertThat(streaming).hasSize(6).isEqualTo(batch);
    }

    @Test
    void scoreDistributionPerVideo() throws Exception {
        JsonNode rows = json("--example", "score-distribution");
        Set<String> got = new HashSet<>();
        for (JsonNode row : rows) {
            got.add(
                    row.get("videoId").asText()
                            + " "
                            + row.get("band").asInt()
                            + " "
                            + row.get("segments").asLong()
                            + " "
                            + row.get("clips").asInt());
        }
        assertThat(got)
                .containsExactlyInAnyOrder(
                        "a1 80 1 1",
                        "a1 40 1 0",
                        "a1 60 1 1",
                        "a2 70 1 1",
                        "a2 50 1 0",
                        "a3 60 1 1",
                        "g1 90 1 1",
                        "g1 30 1 0");
    }

    @Test
    void segmentsMatchingAPhrase() throws Exception {
        JsonNode rows = json("--example", "matching-phrase");
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.get("segmentId").asText()));
        assertThat(ids).containsExactlyInAnyOrder("a1-tp0", "a2-tp0");
        assertThat(rows.get(0).get("start_s").asDouble()).isEqualTo(0.0);
    }

    @Test
    void adHocQueriesSeeEveryColumnIncludingTheComponents() throws Exception {
        JsonNode rows =
                json(
                        "SELECT segmentId, components[1].name AS first_component, eventTime FROM scored_segments WHERE videoId = 'g1' AND selected");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("segmentId").asText()).isEqualTo("g1-tp0");
        assertThat(rows.get(0).get("first_component").asText()).isEqualTo("hook");
        assertThat(rows.get(0).get("eventTime").asText()).startsWith("2026-03-02T10:05");
    }

    @Test
    void ddlIsPrintedAndBadInputIsExplained() {
        var ddl = ClipCommandITCase.run("sql", "--ddl");
        assertThat(ddl.exitCode()).isZero();
        assertThat(ddl.stdout())
                .contains("CREATE TABLE scored_segments")
                .contains("WATERMARK FOR eventTime")
                .contains("'format' = 'avro'");
        var bad =
                ClipCommandITCase.run(
                        "sql", "--from", dir.toString(), "SELECT nothing FROM nowhere");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.stderr()).contains("the query failed");
        var missing =
                ClipCommandITCase.run(
                        "sql", "--from", dir.resolve("absent").toString(), "SELECT 1");
        assertThat(missing.exitCode()).isEqualTo(2);
    }
}
