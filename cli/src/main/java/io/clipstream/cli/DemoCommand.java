package io.clipstream.cli;

import io.clipstream.operators.media.SyntheticVideo;
import io.clipstream.operators.speech.DemoTalk;
import io.clipstream.operators.speech.SpeechFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code clipstream demo}: generates a one-minute sample talk and clips it. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Generate a sample talk (about a minute) and clip it (5-30 s clips).")
class DemoCommand implements Callable<Integer> {
    @Mixin ClipOptions options;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("clipstream-demo-");
        Path video = dir.resolve("demo-talk.mp4");
        if (SpeechFixtures.available()) {
            DemoTalk.Spoken talk = DemoTalk.speak();
            double seconds = talk.fixture().durationUs() / 1e6 + 0.5;
            System.err.printf(
                    java.util.Locale.ROOT,
                    "Generating a %.0f s sample talk spoken by espeak-ng: %s%n",
                    seconds,
                    video);
            SyntheticVideo.write(SyntheticVideo.demo(seconds), talk.fixture().samples(), video);
        } else {
            System.err.println(
                    "Generating a 60 s sample talk with a synthetic voice (install espeak-ng for a spoken one): "
                            + video);
            SyntheticVideo.write(SyntheticVideo.demo(), video);
        }
        ClipCommand clip = options.toClipCommand();
        clip.minSeconds = 5;
        clip.maxSeconds = 30;
        clip.maxClips = 3;
        return clip.clip(video, clip.options());
    }
}
