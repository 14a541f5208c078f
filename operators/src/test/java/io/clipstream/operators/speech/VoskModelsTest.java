package io.clipstream.operators.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoskModelsTest {
    @Test
    void theBundledModelIsUnpackedOnceAndComplete() throws Exception {
        Path first = VoskModels.resolve(null);
        Path again = VoskModels.resolve("  ");
        assertThat(again).isEqualTo(first);
        assertThat(VoskModels.problem(first)).isNull();
        assertThat(first.resolve(".complete")).isRegularFile();
        assertThat(Files.readString(first.resolve("conf/mfcc.conf"))).contains("--dither=0");
    }

    @Test
    void anUnpackAKilledProcessLeftBehindIsRemovedAndAFreshOneIsKept(@TempDir Path dir)
            throws Exception {
        Path stale = Files.createDirectories(dir.resolve("unpacking-1/am"));
        Files.writeString(stale.resolve("final.mdl"), "half");
        Files.setLastModifiedTime(
                dir.resolve("unpacking-1"),
                FileTime.fromMillis(System.currentTimeMillis() - 7_200_000L));
        Path fresh = Files.createDirectories(dir.resolve("unpacking-2"));
        Path model = Files.createDirectories(dir.resolve("vosk-model-en-us-1"));
        Files.setLastModifiedTime(model, FileTime.fromMillis(0));
        VoskModels.removeAbandonedUnpacks(dir);
        assertThat(dir.resolve("unpacking-1")).doesNotExist();
        assertThat(fresh).isDirectory();
        assertThat(model).isDirectory();
    }
}
