package io.clipstream.cli;

import io.clipstream.operators.media.SyntheticVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code clipstream demo}: generates a one-minute sample talk and clips it. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Generate a 60 s sample talk and clip it (5-20 s clips).")
class DemoCommand implements Callable<Integer> {
    @Mixin ClipOptions options;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("clipstream-demo-");
        Path video = dir.resolve("demo-talk.mp4");
        System.err.println("Generating a 60 s sample talk: " + video);
        SyntheticVideo.write(SyntheticVideo.demo(), video);
        ClipCommand clip = options.toClipCommand();
        clip.minSeconds = 5;
        clip.maxSeconds = 20;
        clip.maxClips = 3;
        return clip.clip(video, clip.options());
    }
}
