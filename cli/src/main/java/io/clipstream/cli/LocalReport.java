package io.clipstream.cli;

import io.clipstream.operators.config.CommonOptions;
import io.clipstream.operators.render.VideoReport;
import io.clipstream.operators.storage.ObjectStore;
import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.RenderedOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The video's report beside the clips copied out: the same page the render job writes to storage,
 * linking the local copies of the clips and thumbnails instead.
 */
final class LocalReport {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReport.class);
    static final String FILE_NAME = "report.html";

    private LocalReport() {}

    static Path write(
            Configuration conf,
            String tenant,
            String videoId,
            Path source,
            List<ClipRendered> clips,
            List<ClipRun.LocalClip> local,
            Path outDir) {
        try {
            Path json = Files.createTempFile("timeline-", ".json");
            try {
                ObjectStore.download(
                        CommonOptions.tenantPaths(conf).timelineUri(tenant, videoId), json);
                VideoReport.Timeline timeline = VideoReport.fromJson(Files.readAllBytes(json));
                timeline =
                        new VideoReport.Timeline(
                                source.getFileName().toString(),
                                timeline.tenantId(),
                                timeline.durationUs(),
                                timeline.shotsUs(),
                                timeline.speech(),
                                timeline.fillers(),
                                timeline.points());
                Map<String, String> links = new HashMap<>();
                for (ClipRendered c : clips) {
                    ClipRun.LocalClip copy =
                            local.stream()
                                    .filter(l -> l.rank() == c.getRank())
                                    .findFirst()
                                    .orElse(null);
                    if (copy == null) {
                        continue;
                    }
                    for (RenderedOutput o : c.getOutputs()) {
                        for (ClipRun.LocalOutput lo : copy.outputs()) {
                            if (lo.aspect().equals(o.getAspect())) {
                                links.put(o.getUri(), lo.path().getFileName().toString());
                                if (o.getThumbnailUri() != null && lo.thumbnail() != null) {
                                    links.put(
                                            o.getThumbnailUri(),
                                            lo.thumbnail().getFileName().toString());
                                }
                            }
                        }
                    }
                }
                Path report = outDir.resolve(FILE_NAME);
                Files.writeString(
                        report, VideoReport.html(timeline, clips, u -> links.getOrDefault(u, u)));
                return report.toAbsolutePath();
            } finally {
                Files.deleteIfExists(json);
            }
        } catch (Exception e) {
            LOG.warn("Could not write the report of {}", videoId, e);
            return null;
        }
    }
}
