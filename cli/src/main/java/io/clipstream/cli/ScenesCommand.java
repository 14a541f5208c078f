package io.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.operators.analysis.SegmentAnalyzer;
import io.clipstream.operators.analysis.shots.CombinedShotDetector;
import io.clipstream.operators.analysis.shots.SceneDetection;
import io.clipstream.operators.media.MediaRejectedException;
import io.clipstream.schemas.ShotBoundary;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code clipstream scenes FILE}: shot detection on a local file, without Kafka. */
@Command(
        name = "scenes",
        mixinStandardHelpOptions = true,
        description = "Detect the shots of a local video file.")
class ScenesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Video file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Option(
            names = "--workers",
            defaultValue = "2",
            description = "Segments analysed at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--segment-seconds",
            defaultValue = "30",
            description = "Segment length (default: ${DEFAULT-VALUE}).")
    double segmentSeconds;

    @Option(names = "--no-dissolves", description = "Report hard cuts and fades only.")
    boolean noDissolves;

    @Option(
            names = "--full-decode",
            description =
                    "Decode every frame; by default only reference frames are decoded first, and every frame only where that pass cannot rule a boundary out (the same boundaries).")
    boolean fullDecode;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "Detect with a trained TransitionNetwork from this directory.")
    Path modelDir;

    @Option(
            names = "--model-name",
            defaultValue = "transition-net",
            description = "Model name (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(
            names = "--model-filters",
            defaultValue = "8",
            description = "First-layer channels of the model (default: ${DEFAULT-VALUE}).")
    int modelFilters;

    @Option(
            names = "--model-threshold",
            defaultValue = "0.5",
            description = "Transition probability threshold (default: ${DEFAULT-VALUE}).")
    double modelThreshold;

    @Override
    public Integer call() throws Exception {
        return ResultStream.run(
                out -> {
                    if (!Files.isRegularFile(file)) {
                        System.err.println("clipstream: " + file + ": no such file");
                        return 2;
                    }
                    var detection =
                            CombinedShotDetector.Settings.DEFAULT
                                    .withDissolves(!noDissolves)
                                    .withModelThreshold(modelDir == null ? 0 : modelThreshold);
                    SceneDetection.Result result;
                    try {
                        result =
                                new SceneDetection(
                                                modelDir == null
                                                        ? SegmentAnalyzer.Settings.SHOTS_ONLY
                                                        : new SegmentAnalyzer.Settings(
                                                                128,
                                                                0,
                                                                false,
                                                                new io.clipstream.operators.analysis
                                                                        .shots.model.TransitionModel
                                                                        .Spec(
                                                                        modelDir.toString(),
                                                                        modelName,
                                                                        modelFilters)),
                                                detection,
                                                Math.round(segmentSeconds * 1e6),
                                                workers,
                                                !fullDecode)
                                        .detect(file);
                    } catch (MediaRejectedException e) {
                        System.err.println(
                                "clipstream: " + file + ": " + e.reason() + ": " + e.getMessage());
                        return 1;
                    }
                    if (json) {
                        out.println(new ObjectMapper().writeValueAsString(toJson(result)));
                    } else {
                        printTable(result, out);
                    }
                    return 0;
                });
    }

    static Map<String, Object> toJson(SceneDetection.Result result) {
        List<Map<String, Object>> cuts = new ArrayList<>();
        for (ShotBoundary b : result.boundaries()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("frame", b.getFrame());
            c.put("time", Math.round(b.getTimeUs() / 1000.0) / 1000.0);
            c.put("kind", b.getKind().name().toLowerCase(Locale.ROOT));
            cuts.add(c);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("fps", result.probe().facts().getFps());
        root.put("frames", result.probe().frameCount());
        root.put("cuts", cuts);
        root.put("framesDecoded", result.framesDecoded());
        root.put("framesFullyDecoded", result.framesFullyDecoded());
        root.put("segmentsDecodedInFull", result.segmentsDecodedInFull());
        return root;
    }

    private static void printTable(SceneDetection.Result result, PrintStream out) {
        var facts = result.probe().facts();
        out.printf(
                Locale.ROOT,
                "%d frames, %.3f fps, %.2f s; %d shots; %.0f%% of the frames decoded in full%n",
                result.probe().frameCount(),
                facts.getFps(),
                facts.getDurationUs() / 1e6,
                result.boundaries().size() + 1,
                100.0 * result.framesFullyDecoded() / Math.max(1, result.probe().frameCount()));
        out.printf(
                Locale.ROOT,
                "%-5s  %8s  %10s  %10s  %-8s%n",
                "shot",
                "frame",
                "start",
                "duration",
                "begins by");
        long previousFrame = 0;
        long previousUs = 0;
        String kind = "start";
        int shot = 1;
        for (ShotBoundary b : result.boundaries()) {
            out.printf(
                    Locale.ROOT,
                    "%-5d  %8d  %9.3fs  %9.3fs  %-8s%n",
                    shot++,
                    previousFrame,
                    previousUs / 1e6,
                    (b.getTimeUs() - previousUs) / 1e6,
                    kind);
            previousFrame = b.getFrame();
            previousUs = b.getTimeUs();
            kind = b.getKind().name().toLowerCase(Locale.ROOT);
        }
        out.printf(
                Locale.ROOT,
                "%-5d  %8d  %9.3fs  %9.3fs  %-8s%n",
                shot,
                previousFrame,
                previousUs / 1e6,
                (facts.getDurationUs() - previousUs) / 1e6,
                kind);
    }
}
