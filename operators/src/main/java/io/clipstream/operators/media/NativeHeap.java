package io.clipstream.operators.media;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * The C heap that the native libraries (FFmpeg, Vosk, ONNX Runtime) allocate from. glibc keeps what
 * they free for later: a freed model of a hundred MB stays resident until the process asks for it
 * back ({@code malloc_trim}), which is what {@link #trim} does.
 */
public final class NativeHeap {
    private static final Function MALLOC_TRIM = find();

    private NativeHeap() {}

    private static Function find() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError e) {
            return null; // not glibc: its allocator returns memory in its own way
        }
    }

    /**
     * Gives the C heap's free pages back to the system.
     *
     * @return whether there was a glibc to ask
     */
    public static boolean trim() {
        if (MALLOC_TRIM == null) {
            return false;
        }
        MALLOC_TRIM.invokeInt(new Object[] {0});
        return true;
    }
}
