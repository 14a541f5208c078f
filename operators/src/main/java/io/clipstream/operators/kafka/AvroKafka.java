package io.clipstream.operators.kafka;

import io.clipstream.operators.config.CommonOptions;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;
import io.clipstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka sources and sinks for clipstream's Avro topics: values are Avro binary of the topic's
 * record, keys the record's videoId, sinks transactional (exactly-once), sources {@code
 * read_committed}.
 */
public final class AvroKafka {
    private AvroKafka() {}

    /** A source reading committed records of a topic, resuming from the group's offsets. */
    public static <T extends SpecificRecordBase> KafkaSource<T> source(
            String bootstrapServers,
            String topic,
            String groupId,
            Class<T> type,
            Properties extra) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(
                                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new TolerantAvroDeserializer<>(type))
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .setProperties(extra)
                .build();
    }

    /**
     * An exactly-once sink keyed by videoId; records become visible when a checkpoint completes.
     */
    public static <T extends SpecificRecordBase> KafkaSink<T> sink(
            String bootstrapServers,
            String topic,
            Class<T> type,
            String transactionalIdPrefix,
            Properties extra) {
        Properties props = new Properties();
        props.setProperty("transaction.timeout.ms", "900000");
        props.setProperty("max.request.size", String.valueOf(16 << 20));
        props.putAll(extra);
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(
                        KafkaRecordSerializationSchema.<T>builder()
                                .setTopic(topic)
                                .setKeySerializationSchema(new VideoIdKey<T>())
                                .setValueSerializationSchema(
                                        AvroSerializationSchema.forSpecific(type))
                                .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(props)
                .build();
    }

    /** A source of a topic, with brokers and client properties from the job configuration. */
    public static <T extends SpecificRecordBase> KafkaSource<T> source(
            org.apache.flink.configuration.Configuration conf,
            String topic,
            String groupId,
            Class<T> type) {
        return source(
                CommonOptions.bootstrap(conf),
                topic,
                groupId,
                type,
                CommonOptions.kafkaProperties(conf));
    }

    /**
     * An exactly-once sink of a topic for one job; the transactional id prefix names job and topic,
     * so no two sinks in a cluster share one.
     */
    public static <T extends SpecificRecordBase> KafkaSink<T> sink(
            org.apache.flink.configuration.Configuration conf,
            String job,
            String topic,
            Class<T> type) {
        return sink(
                CommonOptions.bootstrap(conf),
                topic,
                type,
                "clipstream-" + job + "-" + topic,
                CommonOptions.kafkaProperties(conf));
    }

    /** The job-status sink of a job. */
    public static KafkaSink<JobStatus> statusSink(
            org.apache.flink.configuration.Configuration conf, String job) {
        return sink(conf, job, Topics.JOB_STATUS, JobStatus.class);
    }

    /** The dead-letters sink of a job. */
    public static KafkaSink<DeadLetter> deadLetterSink(
            org.apache.flink.configuration.Configuration conf, String job) {
        return sink(conf, job, Topics.DEAD_LETTERS, DeadLetter.class);
    }

    /**
     * The uploads topic, undecoded: customers' systems write it, so decoding happens in the job
     * ({@code DecodeUploads}), where a malformed record can become a dead letter.
     */
    public static KafkaSource<UploadMessage> uploadsSource(
            org.apache.flink.configuration.Configuration conf, String topic, String groupId) {
        return KafkaSource.<UploadMessage>builder()
                .setBootstrapServers(CommonOptions.bootstrap(conf))
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(
                                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawUploads())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "10000")
                .setProperties(CommonOptions.kafkaProperties(conf))
                .build();
    }

    /** Keeps each uploads record's key, bytes and position, for {@code DecodeUploads}. */
    static final class RawUploads implements KafkaRecordDeserializationSchema<UploadMessage> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(
                ConsumerRecord<byte[], byte[]> record, Collector<UploadMessage> out) {
            out.collect(
                    new UploadMessage(
                            UploadMessage.key(record.key()),
                            record.value(),
                            record.topic(),
                            record.partition(),
                            record.offset()));
        }

        @Override
        public TypeInformation<UploadMessage> getProducedType() {
            return TypeInformation.of(UploadMessage.class);
        }
    }

    /** The record's {@code videoId} field as UTF-8, so one video's events share a partition. */
    static final class VideoIdKey<T extends SpecificRecordBase> implements SerializationSchema<T> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(T element) {
            Object id = element.get("videoId");
            return id == null ? null : id.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Avro deserialisation that logs and counts a malformed record instead of failing the job: a
     * poisoned topic must not stop every other upload. Each message gets a fresh decoder and
     * record, so a malformed message cannot leave state behind that breaks the next one (Flink's
     * reusing AvroDeserializationSchema did exactly that in our end-to-end test).
     */
    static final class TolerantAvroDeserializer<T extends SpecificRecordBase>
            implements KafkaRecordDeserializationSchema<T> {
        private static final long serialVersionUID = 1L;
        private static final Logger LOG = LoggerFactory.getLogger(TolerantAvroDeserializer.class);
        private final Class<T> type;
        private transient org.apache.flink.metrics.Counter malformed;

        TolerantAvroDeserializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            malformed = context.getMetricGroup().counter("malformedRecords");
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
            try {
                T value = record.value() == null ? null : AvroCodec.decode(record.value(), type);
                if (value != null) {
                    out.collect(value);
                }
            } catch (Exception e) {
                if (malformed != null) {
                    malformed.inc();
                }
                LOG.error(
                        "Skipping malformed {} at {}-{} offset {}: {}",
                        type.getSimpleName(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.toString());
            }
        }

        @Override
        public TypeInformation<T> getProducedType() {
            return new org.apache.flink.formats.avro.typeutils.AvroTypeInfo<>(type);
        }
    }
}
