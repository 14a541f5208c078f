package io.clipstream.cli;

import io.clipstream.analysis.AnalysisJob;
import io.clipstream.ingest.IngestJob;
import io.clipstream.notify.NotifyJob;
import io.clipstream.render.RenderJob;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The jobs in one Flink environment, for the local runner and the end-to-end tests. They stay
 * separate dataflows connected only through Kafka, exactly as when each is deployed alone.
 */
public final class Pipeline {
    private Pipeline() {}

    public static void build(StreamExecutionEnvironment env, Configuration conf) {
        build(env, conf, false);
    }

    /** With {@code notify}, the notify job too, which posts webhooks to uploads' callback URLs. */
    public static void build(StreamExecutionEnvironment env, Configuration conf, boolean notify) {
        IngestJob.fromConfig(conf).build(env);
        AnalysisJob.fromConfig(conf).build(env);
        RenderJob.fromConfig(conf).build(env);
        if (notify) {
            NotifyJob.fromConfig(conf).build(env);
        }
    }
}
