package io.clipstream.operators.batch;

import io.clipstream.schemas.VideoOutcome;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Writes each video's outcome to the archive outputs ({@link ArchiveOutputs}): talking points, dead
 * letters, summary, then the done marker. One video's files are written by one writer, after all of
 * its work, so a run that dies part-way leaves every marker beside complete outputs.
 */
public final class ArchiveSink implements Sink<VideoOutcome> {
    private static final long serialVersionUID = 1L;

    private final ArchiveOutputs outputs;

    public ArchiveSink(ArchiveOutputs outputs) {
        this.outputs = outputs;
    }

    @Override
    public SinkWriter<VideoOutcome> createWriter(WriterInitContext context) {
        Counter written = context.metricGroup().counter("videosWritten");
        return new SinkWriter<>() {
            @Override
            public void write(VideoOutcome outcome, Context ctx) throws IOException {
                outputs.write(outcome);
                written.inc();
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
