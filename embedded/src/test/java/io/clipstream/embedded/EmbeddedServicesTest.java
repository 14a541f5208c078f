package io.clipstream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServicesTest {
    @Test
    void brokerSupportsTransactionsAndReadCommitted() {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(2, "t");
            kafka.createTopics(2, "t"); // idempotent
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            p.put("transactional.id", "test-tx");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "aborted"));
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "committed"));
                producer.commitTransaction();
            }
            Properties c = new Properties();
            c.put("bootstrap.servers", kafka.bootstrapServers());
            c.put("group.id", "g");
            c.put("auto.offset.reset", "earliest");
            c.put("isolation.level", "read_committed");
            List<String> seen = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (seen.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        seen.add(r.value());
                    }
                }
            }
            assertThat(seen).containsExactly("committed");
        }
    }

    @Test
    void storeServesS3RequestsFromItsDirectory(@TempDir Path dir) throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir, "bucket")) {
            Files.writeString(dir.resolve("bucket").resolve("hello.txt"), "hi");
            HttpClient http = HttpClient.newHttpClient();
            // Path-style GET of an object written into the bucket directory (signed access through
            // Hadoop S3A is exercised by the pipeline ITCase).
            HttpResponse<String> get =
                    http.send(
                            HttpRequest.newBuilder(URI.create(s3.endpoint() + "/bucket/hello.txt"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("hi");
            HttpResponse<String> missing =
                    http.send(
                            HttpRequest.newBuilder(URI.create(s3.endpoint() + "/bucket/none.txt"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(s3.flinkConfig())
                    .containsEntry("s3.path.style.access", "true")
                    .containsKey("s3.endpoint");
        }
    }
}
