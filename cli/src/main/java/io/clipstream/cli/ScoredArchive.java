package io.clipstream.cli;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.schemas.ScoredSegment;
import io.clipstream.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scored segments of local runs, kept beside their clips as an Avro container file ({@value
 * #FILE_NAME}) so that {@code clipstream sql} can load them into the embedded broker later.
 */
final class ScoredArchive {
    static final String FILE_NAME = "scored-segments.avro";

    private ScoredArchive() {}

    /** Reads every committed scored segment of the video from the topic. */
    static List<ScoredSegment> read(String bootstrapServers, String videoId) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ScoredSegment> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.SCORED_SEGMENTS).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("timed out reading " + Topics.SCORED_SEGMENTS);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    ScoredSegment segment = AvroCodec.decode(record.value(), ScoredSegment.class);
                    if (segment.getVideoId().toString().equals(videoId)) {
                        out.add(segment);
                    }
                }
            }
        }
        return out;
    }

    static void write(List<ScoredSegment> segments, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataFileWriter<ScoredSegment> writer =
                new DataFileWriter<>(new SpecificDatumWriter<>(ScoredSegment.class))) {
            writer.create(ScoredSegment.getClassSchema(), file.toFile());
            for (ScoredSegment s : segments) {
                writer.append(s);
            }
        }
    }

    /** Every archived segment under the paths: archive files, or directories searched for them. */
    static List<ScoredSegment> load(List<Path> paths) throws IOException {
        List<ScoredSegment> out = new ArrayList<>();
        for (Path path : paths) {
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    files =
                            walk.filter(p -> p.getFileName().toString().equals(FILE_NAME))
                                    .sorted()
                                    .toList();
                }
            } else if (Files.isRegularFile(path)) {
                files = List.of(path);
            } else {
                throw new IOException(path + ": no such file or directory");
            }
            for (Path file : files) {
                try (DataFileReader<ScoredSegment> reader =
                        new DataFileReader<>(
                                file.toFile(), new SpecificDatumReader<>(ScoredSegment.class))) {
                    reader.forEach(out::add);
                }
            }
        }
        return out;
    }

    /** Publishes the segments to the topic, keyed by videoId, as the analysis job does. */
    static void publish(String bootstrapServers, List<ScoredSegment> segments) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (ScoredSegment s : segments) {
                producer.send(
                        new ProducerRecord<>(
                                Topics.SCORED_SEGMENTS,
                                s.getVideoId().toString(),
                                AvroCodec.encode(s)));
            }
            producer.flush();
        }
    }
}
