package io.clipstream.operators.render;

import java.io.IOException;

/** A failure that happened on a helper thread, thrown again on the thread that waited for it. */
final class Rethrown {
    private Rethrown() {}

    /**
     * Throws {@code t} itself when it is unchecked or an {@link IOException}; returns any other
     * failure wrapped in an {@link IOException}, for the caller to throw.
     */
    static IOException of(Throwable t) throws IOException {
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t.getMessage(), t);
    }
}
