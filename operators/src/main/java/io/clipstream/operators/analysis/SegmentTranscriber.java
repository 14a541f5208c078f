package io.clipstream.operators.analysis;

import io.clipstream.operators.media.NativeHeap;
import io.clipstream.operators.media.Wav16kMono;
import io.clipstream.operators.speech.SidecarEngine;
import io.clipstream.operators.speech.SidecarTranscript;
import io.clipstream.operators.speech.SpeechEngine;
import io.clipstream.operators.speech.SpeechEngines;
import io.clipstream.operators.speech.SpeechSettings;
import io.clipstream.operators.speech.Transcript;
import io.clipstream.operators.speech.VoiceActivityEngine;
import io.clipstream.schemas.SegmentTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The speech of one segment: the configured engine (or the upload's own transcript) over the
 * segment's audio and enough around it that words crossing its edges are heard whole.
 *
 * <p>An engine holds a lot of memory that nothing else can use: Vosk's small English model is about
 * 105 MB, and each recogniser about 45 MB more once it has heard a minute (measured on this
 * project's 10-minute talk). {@link #releaseIdle} lets go of the engines of every slot that is not
 * recognising a segment, and returns the memory to the system; a slot's next segment loads its
 * engine again. The local run calls it once the analysis of every file it was given has ended, so
 * no segment can be heard by a different recogniser than without it.
 */
final class SegmentTranscriber implements AutoCloseable {
    /**
     * Audio read beyond the overlap on each side, so an utterance that crosses it is heard from its
     * start to its end; longer unbroken speech than this is rare.
     */
    static final long UTTERANCE_CONTEXT_US = 20_000_000;

    private final SpeechSettings settings;

    /** Held while a segment is recognised, and while the engine is let go of. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Null while let go of. */
    private SpeechEngine engine;

    /** Aligns uploads' own transcripts; its recogniser is loaded on first use. */
    private SidecarEngine sidecar;

    /** Every transcriber open in this process. */
    private static final Set<SegmentTranscriber> OPEN = ConcurrentHashMap.newKeySet();

    SegmentTranscriber(SpeechSettings settings) throws IOException {
        this.settings = settings;
        // opened now, so a slot with a missing or broken model fails at start, not at its first
        // segment
        openEngines();
        OPEN.add(this);
    }

    /** Whether the engine is loaded now (for tests). */
    boolean loaded() {
        lock.lock();
        try {
            return engine != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets go of the speech engines of every slot in this process that is not recognising a segment
     * now, and returns the memory freed to the system.
     *
     * @return how many engines were let go of
     */
    static int releaseIdle() {
        int released = 0;
        for (SegmentTranscriber t : OPEN) {
            if (t.lock.tryLock()) {
                try {
                    if (t.closeEngines()) {
                        released++;
                    }
                } finally {
                    t.lock.unlock();
                }
            }
        }
        if (released > 0) {
            NativeHeap.trim();
        }
        return released;
    }

    private void openEngines() throws IOException {
        engine = SpeechEngines.open(settings);
        sidecar = SpeechEngines.sidecar(null, settings);
    }

    /** Closes the engines if they are loaded; returns whether they were. */
    private boolean closeEngines() {
        if (engine == null) {
            return false;
        }
        try {
            engine.close();
        } finally {
            engine = null;
            try {
                sidecar.close();
            } finally {
                sidecar = null;
            }
        }
        return true;
    }

    /**
     * Recognises the segment's speech from its own audio plus the overlap on either side; with a
     * transcript, from the whole extent of every cue the segment touches.
     */
    Transcript transcribe(SegmentTask task, Path wav, SidecarTranscript transcript)
            throws IOException {
        lock.lock();
        try {
            if (engine == null) {
                openEngines();
            }
            return transcribeLoaded(task, wav, transcript);
        } finally {
            lock.unlock();
        }
    }

    private Transcript transcribeLoaded(SegmentTask task, Path wav, SidecarTranscript transcript)
            throws IOException {
        if (wav == null) {
            return new Transcript(VoiceActivityEngine.NAME, List.of(), List.of());
        }
        long duration = task.getStream().getDurationUs();
        long from = Math.max(0, task.getStartUs() - settings.overlapUs());
        long to = Math.min(duration, task.getEndUs() + settings.overlapUs());
        if (transcript != null) {
            for (SidecarTranscript.Cue cue : transcript.cues()) {
                if (cue.startUs() < task.getEndUs() && cue.endUs() > task.getStartUs()) {
                    from =
                            Math.max(
                                    0,
                                    Math.min(from, cue.startUs() - SidecarEngine.ALIGN_MARGIN_US));
                    to = Math.max(to, cue.endUs() + SidecarEngine.ALIGN_MARGIN_US);
                }
            }
        }
        if (transcript == null) {
            // utterances that cross the overlap's edges are decoded whole, from audio reaching
            // further out, exactly as the whole file decodes them
            long readFrom = Math.max(0, from - UTTERANCE_CONTEXT_US);
            long readTo = Math.min(duration, to + UTTERANCE_CONTEXT_US);
            short[] samples =
                    Wav16kMono.read(
                            wav, Wav16kMono.sampleAt(readFrom), Wav16kMono.sampleAt(readTo));
            long startUs = Wav16kMono.timeOf(Wav16kMono.sampleAt(readFrom));
            return engine.transcribe(samples, startUs, from, to);
        }
        short[] samples = Wav16kMono.read(wav, Wav16kMono.sampleAt(from), Wav16kMono.sampleAt(to));
        long startUs = Wav16kMono.timeOf(Wav16kMono.sampleAt(from));
        return sidecar.align(transcript, samples, startUs);
    }

    @Override
    public void close() {
        OPEN.remove(this);
        lock.lock();
        try {
            closeEngines();
        } finally {
            lock.unlock();
        }
    }
}
