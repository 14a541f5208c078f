package io.clipstream.operators.analysis;

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

/**
 * The speech of one segment: the configured engine (or the upload's own transcript) over the
 * segment's audio and enough around it that words crossing its edges are heard whole.
 */
final class SegmentTranscriber implements AutoCloseable {
    /**
     * Audio read beyond the overlap on each side, so an utterance that crosses it is heard from its
     * start to its end; longer unbroken speech than this is rare.
     */
    static final long UTTERANCE_CONTEXT_US = 20_000_000;

    private final SpeechSettings settings;
    private final SpeechEngine engine;

    /** Aligns uploads' own transcripts; its recogniser is loaded once, on first use. */
    private final SidecarEngine sidecar;

    SegmentTranscriber(SpeechSettings settings) throws IOException {
        this.settings = settings;
        this.engine = SpeechEngines.open(settings);
        this.sidecar = SpeechEngines.sidecar(null, settings);
    }

    /**
     * Recognises the segment's speech from its own audio plus the overlap on either side; with a
     * transcript, from the whole extent of every cue the segment touches.
     */
    Transcript transcribe(SegmentTask task, Path wav, SidecarTranscript transcript)
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
        engine.close();
        sidecar.close();
    }
}
