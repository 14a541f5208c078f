package io.clipstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipstream.embedded.EmbeddedKafka;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code clipstream sql QUERY}: Flink SQL over the scored segments of local runs. The archived
 * segments go onto the embedded broker's scored-segments topic, the shipped DDL declares the table
 * over it, and the query runs as a bounded job on a local MiniCluster.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description =
                "Run a Flink SQL query over the scored segments of earlier clip and demo runs.")
class SqlCommand implements Callable<Integer> {
    static final List<String> EXAMPLES =
            List.of("best-per-tenant-hour", "score-distribution", "matching-phrase");

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "QUERY",
            description = "The query, over the table scored_segments.")
    String query;

    @Option(
            names = "--example",
            paramLabel = "NAME",
            description = "Run a shipped example: ${COMPLETION-CANDIDATES}.",
            completionCandidates = Examples.class)
    String example;

    @Option(
            names = "--from",
            paramLabel = "PATH",
            split = ",",
            defaultValue = "clipstream-out",
            description =
                    "Directories (searched for "
                            + ScoredArchive.FILE_NAME
                            + ") or archive files (default: ${DEFAULT-VALUE}).")
    List<Path> from;

    @Option(names = "--ddl", description = "Print the table's DDL and exit.")
    boolean ddl;

    @Option(
            names = "--json",
            description = "Print the rows as one JSON array of objects on stdout.")
    boolean json;

    @Option(
            names = "--streaming",
            description =
                    "Run in streaming mode (event-time windows fire on the watermark) instead of batch;"
                            + " the table is still read up to its current end.")
    boolean streaming;

    static final class Examples extends ArrayList<String> {
        Examples() {
            super(EXAMPLES);
        }
    }

    @Override
    public Integer call() throws Exception {
        return ResultStream.run(
                out -> {
                    if (ddl) {
                        out.println(resource("sql/scored-segments.sql") + ";");
                        return 0;
                    }
                    String sql;
                    if (example != null) {
                        if (!EXAMPLES.contains(example)) {
                            System.err.println(
                                    "clipstream: no example '"
                                            + example
                                            + "'; there are "
                                            + EXAMPLES);
                            return 2;
                        }
                        sql = resource("sql/examples/" + example + ".sql");
                    } else if (query != null && !query.isBlank()) {
                        sql = query;
                    } else {
                        System.err.println("clipstream: give a QUERY or --example NAME");
                        return 2;
                    }
                    Path batch = batchOutput(from);
                    if (batch != null) {
                        System.err.printf(
                                Locale.ROOT,
                                "Reading the talking points of a reprocessed archive in %s%n",
                                batch);
                        QueryResult rows;
                        try {
                            rows = query(List.of(filesDdl(batch)), sql, streaming);
                        } catch (RuntimeException e) {
                            System.err.println("clipstream: the query failed: " + rootMessage(e));
                            return 1;
                        }
                        print(rows, out);
                        return 0;
                    }
                    List<ScoredSegment> segments;
                    try {
                        segments = ScoredArchive.load(from);
                    } catch (IOException e) {
                        System.err.println("clipstream: " + e.getMessage());
                        return 2;
                    }
                    System.err.printf(
                            Locale.ROOT,
                            "Loaded %d scored segments from %s%n",
                            segments.size(),
                            from);
                    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
                        kafka.createTopics(1, Topics.SCORED_SEGMENTS);
                        ScoredArchive.publish(kafka.bootstrapServers(), segments);
                        QueryResult rows;
                        try {
                            rows = run(kafka.bootstrapServers(), sql, streaming);
                        } catch (RuntimeException e) {
                            System.err.println("clipstream: the query failed: " + rootMessage(e));
                            return 1;
                        }
                        print(rows, out);
                    }
                    return 0;
                });
    }

    private void print(QueryResult rows, java.io.PrintStream out) throws IOException {
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(rows.asObjects()));
        } else {
            rows.print(out);
        }
    }

    /**
     * The {@code scored/} directory when the only path is the output of {@code clipstream
     * reprocess} (or that directory itself); null for the archives of clip and demo runs.
     */
    static Path batchOutput(List<Path> from) {
        if (from.size() != 1) {
            return null;
        }
        Path p = from.get(0).toAbsolutePath().normalize();
        Path scored =
                p.getFileName() != null && p.getFileName().toString().equals("scored")
                        ? p
                        : p.resolve("scored");
        try (var children = java.nio.file.Files.list(scored)) {
            return children.anyMatch(c -> c.getFileName().toString().startsWith("tenantId="))
                    ? scored
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The table over a reprocessed archive's talking point files. */
    static String filesDdl(Path scored) throws IOException {
        return resource("sql/scored-segments-files.sql")
                .replace("${path}", scored.toUri().toString());
    }

    /** Declares the table over the topic, bounded at its current end, and runs the query. */
    static QueryResult run(String bootstrapServers, String sql, boolean streaming)
            throws Exception {
        return query(
                List.of(
                        resource("sql/scored-segments.sql")
                                .replace("${bootstrap.servers}", bootstrapServers),
                        "ALTER TABLE scored_segments SET ('scan.bounded.mode' = 'latest-offset')"),
                sql,
                streaming);
    }

    /** Declares the table ({@code ddl}) on a MiniCluster of its own and runs the query. */
    static QueryResult query(List<String> ddl, String sql, boolean streaming) throws Exception {
        // A MiniCluster of our own that outlives the job: with the per-job local executor the
        // cluster can stop before the last results are fetched.
        Configuration clusterConf = new Configuration();
        clusterConf.set(RestOptions.BIND_PORT, "0");
        try (MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(clusterConf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(2)
                                .build())) {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            Configuration conf = new Configuration();
            conf.set(DeploymentOptions.TARGET, "remote");
            conf.set(RestOptions.ADDRESS, rest.getHost());
            conf.set(RestOptions.PORT, rest.getPort());
            conf.setString("parallelism.default", "1");
            return run(conf, ddl, sql, streaming);
        }
    }

    private static QueryResult run(
            Configuration conf, List<String> ddl, String sql, boolean streaming) throws Exception {
        TableEnvironment tables =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .withConfiguration(runtimeMode(streaming))
                                .withConfiguration(conf)
                                .build());
        for (String statement : ddl) {
            tables.executeSql(statement);
        }
        TableResult result = tables.executeSql(sql.strip().replaceAll(";\\s*$", ""));
        List<String> columns = result.getResolvedSchema().getColumnNames();
        List<List<Object>> values = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                List<Object> line = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    line.add(QueryResult.plain(row.getField(i)));
                }
                values.add(line);
            }
        }
        return new QueryResult(columns, values);
    }

    private static Configuration runtimeMode(boolean streaming) {
        Configuration mode = new Configuration();
        mode.set(
                ExecutionOptions.RUNTIME_MODE,
                streaming ? RuntimeExecutionMode.STREAMING : RuntimeExecutionMode.BATCH);
        return mode;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = SqlCommand.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String first =
                e.getMessage() == null
                        ? e.toString()
                        : e.getMessage().lines().findFirst().orElse("");
        return t == e ? first : first + " (" + t.getMessage() + ")";
    }
}
