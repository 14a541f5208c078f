package io.clipstream.operators.speech;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.vosk.Model;

/**
 * Vosk models loaded once per process and shared by every recogniser that uses them. A model is
 * read-only once loaded (Kaldi's acoustic model and graph) and Vosk lets any number of recognisers,
 * on any threads, decode against one; the slots of a task manager then hold one copy of it in
 * memory instead of one each. A model is freed when its last user lets go of it.
 */
final class SharedVoskModels {
    private static final class Loaded {
        final Model model;
        int users;

        Loaded(Model model) {
            this.model = model;
        }
    }

    private static final Map<Path, Loaded> LOADED = new HashMap<>();

    private SharedVoskModels() {}

    /** The model in {@code dir}, loaded on first use; each call needs one {@link #release}. */
    static synchronized Model acquire(Path dir) throws IOException {
        Path key = dir.toAbsolutePath().normalize();
        Loaded loaded = LOADED.get(key);
        if (loaded == null) {
            loaded = new Loaded(new Model(key.toString()));
            LOADED.put(key, loaded);
        }
        loaded.users++;
        return loaded.model;
    }

    /** Lets go of a model from {@link #acquire}; the last user frees it. */
    static synchronized void release(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        Loaded loaded = LOADED.get(key);
        if (loaded == null) {
            return;
        }
        if (--loaded.users == 0) {
            LOADED.remove(key);
            loaded.model.close();
        }
    }

    /** Models loaded now (for tests). */
    static synchronized int loaded() {
        return LOADED.size();
    }
}
