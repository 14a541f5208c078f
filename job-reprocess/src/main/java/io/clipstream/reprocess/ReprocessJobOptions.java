package io.clipstream.reprocess;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Configuration of the batch reprocessing job. Everything else (storage roots, segment length,
 * speech engine, models, render settings) is read from the same keys as the streaming jobs.
 */
public final class ReprocessJobOptions {
    public static final ConfigOption<String> SOURCE =
            ConfigOptions.key("clipstream.reprocess.source")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The archive: a directory, a file:// or s3:// prefix (every file under it is one video of --tenant), or a manifest (.csv/.txt lines tenantId,uri[,options JSON]; .jsonl/.ndjson objects {tenantId, uri, options}).");
    public static final ConfigOption<String> OUTPUT_ROOT =
            ConfigOptions.key("clipstream.reprocess.output-root")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Where talking points (scored/tenantId=/dt=/), dead letters and summaries of the run go.");
    public static final ConfigOption<String> TENANT =
            ConfigOptions.key("clipstream.reprocess.tenant")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "The tenant a directory or prefix belongs to (default 'local'); with a manifest, only this tenant's lines run.");
    public static final ConfigOption<Boolean> FORCE =
            ConfigOptions.key("clipstream.reprocess.force")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription(
                            "Redo every video, even one whose done marker matches the options and code.");
    public static final ConfigOption<String> CODE_VERSION =
            ConfigOptions.key("clipstream.reprocess.code-version")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Pins the code version recorded in done markers; by default a hash of clipstream's classes, so any code change redoes the archive.");

    private ReprocessJobOptions() {}
}
