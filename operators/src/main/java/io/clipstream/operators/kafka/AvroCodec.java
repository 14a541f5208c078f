package io.clipstream.operators.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Avro binary encoding of clipstream records, as they travel on Kafka. */
public final class AvroCodec {
    private AvroCodec() {}

    public static byte[] encode(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Could not encode " + record.getSchema().getFullName(), e);
        }
    }

    public static <T extends SpecificRecord> T decode(byte[] bytes, Class<T> type)
            throws IOException {
        return new SpecificDatumReader<>(type)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
