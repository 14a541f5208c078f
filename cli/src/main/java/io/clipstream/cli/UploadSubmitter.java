package io.clipstream.cli;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.schemas.Topics;
import io.clipstream.schemas.UploadRequested;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes upload events, keyed by videoId, as a clipping service front end would. */
public final class UploadSubmitter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    public UploadSubmitter(String bootstrapServers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("acks", "all");
        props.put("enable.idempotence", "true");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void submit(UploadRequested upload) {
        send(upload.getVideoId(), AvroCodec.encode(upload));
    }

    /** Sends raw bytes, e.g. a malformed record in tests. */
    public void send(String key, byte[] value) {
        try {
            producer.send(
                            new ProducerRecord<>(
                                    Topics.UPLOADS, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not publish upload " + key, e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
