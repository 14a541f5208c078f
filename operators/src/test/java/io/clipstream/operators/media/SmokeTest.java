package io.clipstream.operators.media;

import io.clipstream.operators.analysis.SegmentAnalyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @Test
    void smoke(@TempDir Path dir) throws Exception {
        Path video = dir.resolve("demo.mp4");
        long t0 = System.nanoTime();
        var truth = SyntheticVideo.write(SyntheticVideo.demo(), video);
        System.err.println("write ms " + (System.nanoTime() - t0) / 1e6 + " bytes " + Files.size(video) + " cuts " + truth.cutFrames());
        t0 = System.nanoTime();
        ProbeResult p = MediaProbe.probe(video, MediaLimits.DEFAULT);
        System.err.println("probe ms " + (System.nanoTime() - t0) / 1e6 + " " + p.facts() + " keyframes " + Arrays.toString(p.keyframes()) + " first times " + p.frameTimesUs()[0] + "," + p.frameTimesUs()[1]);
        Path wav = dir.resolve("a.wav");
        t0 = System.nanoTime();
        long n = AudioExtractor.extract(video, p.facts().getStartPtsUs(), p.facts().getDurationUs(), wav);
        System.err.println("audio ms " + (System.nanoTime() - t0) / 1e6 + " samples " + n);
        var plans = new SegmentPlanner(10_000_000).plan(p, t -> true);
        System.err.println(plans);
        var task = io.clipstream.schemas.SegmentTask.newBuilder().setVideoId("v").setTenantId("t").setSourceUri("x").setSegmentIndex(0).setSegmentCount(1)
            .setStartUs(0).setEndUs(p.facts().getDurationUs()).setStartFrame(0).setEndFrame(p.frameCount()).setStream(p.facts())
            .setOptions(io.clipstream.schemas.Options.newBuilder().build()).setRequestedAt(java.time.Instant.now()).build();
        t0 = System.nanoTime();
        var a = new SegmentAnalyzer(SegmentAnalyzer.Settings.DEFAULT).analyse(task, video, wav);
        System.err.println("analyse ms " + (System.nanoTime() - t0) / 1e6 + " decoded " + a.getFramesDecoded() + " cuts " + a.getShotBoundaries());
        var res = new io.clipstream.operators.analysis.VideoAssembler(io.clipstream.operators.analysis.VideoAssembler.Settings.DEFAULT).assemble(java.util.List.of(a), 0);
        System.err.println("speech " + res.speech());
        res.scored().forEach(s -> System.err.println(s.getStartUs() + " " + s.getEndUs() + " " + s.getScore() + " " + s.getSelected()));
        res.plans().forEach(pl -> System.err.println(pl.getClipId() + " " + pl.getStartFrame() + " " + pl.getEndFrame() + " " + pl.getScore()));
        var renderer = new io.clipstream.operators.render.ClipRenderer(io.clipstream.operators.render.ClipRenderer.Settings.DEFAULT, new io.clipstream.operators.storage.TenantPaths("file:///tmp/u", "file:///tmp/w", "file:///tmp/c"));
        t0 = System.nanoTime();
        long frames = renderer.encode(res.plans().get(0), res.plans().get(0).getCropPaths().get(0), video, dir.resolve("clip.mp4"));
        System.err.println("render ms " + (System.nanoTime() - t0) / 1e6 + " frames " + frames);
        ProbeResult c = MediaProbe.probe(dir.resolve("clip.mp4"), MediaLimits.DEFAULT);
        System.err.println("clip " + c.facts());
    }
}
