package io.clipstream.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM on a
 * free loopback port.
 *
 * <p>It wraps Kafka's internal test kit so that nothing else in clipstream depends on that API.
 * Replication factors are 1 and transactions are enabled, so exactly-once Flink sinks work against
 * it as against a real cluster.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    /** Formats and starts a fresh broker; blocks until it accepts clients. */
    public static EmbeddedKafka start() {
        long begin = System.nanoTime();
        try {
            KafkaClusterTestKit cluster =
                    new KafkaClusterTestKit.Builder(
                                    new TestKitNodes.Builder()
                                            .setCombined(true)
                                            .setNumBrokerNodes(1)
                                            .setNumControllerNodes(1)
                                            .build())
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("min.insync.replicas", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .setConfigProp("transaction.max.timeout.ms", "3600000")
                            .setConfigProp("auto.create.topics.enable", "false")
                            .setConfigProp("message.max.bytes", String.valueOf(16 << 20))
                            .build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            EmbeddedKafka kafka = new EmbeddedKafka(cluster);
            LOG.info(
                    "Embedded Kafka ready at {} in {} ms",
                    kafka.bootstrapServers(),
                    (System.nanoTime() - begin) / 1_000_000);
            return kafka;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting embedded Kafka", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start embedded Kafka", e);
        }
    }

    /**
     * Formats the broker's storage. Kafka's formatter prints its bootstrap metadata to standard
     * output; nothing else runs yet, so the streams are muted for that call only.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.PrintStream mute = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        System.setOut(mute);
        System.setErr(mute);
        try {
            cluster.format();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics that do not exist yet, with the given partition count. */
    public void createTopics(int partitions, String... topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(
                        new NewTopic(topic, partitions, (short) 1)
                                .configs(Map.of("max.message.bytes", String.valueOf(16 << 20))));
            }
            for (var entry : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    entry.getValue().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "Could not create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            LOG.warn("Embedded Kafka did not shut down cleanly", e);
        }
    }
}
