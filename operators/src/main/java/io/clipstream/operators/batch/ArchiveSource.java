package io.clipstream.operators.batch;

import io.clipstream.operators.kafka.AvroCodec;
import io.clipstream.schemas.ArchiveEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceReader;
import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of the videos in an archive. The enumerator lists the archive when the job
 * starts (on the job manager, not the client, so a cluster job lists its bucket itself) and hands
 * out one video per split, so the readers of every slot take the next video when they are free.
 */
public final class ArchiveSource
        implements Source<ArchiveEntry, ArchiveSource.Split, Collection<ArchiveSource.Split>>,
                ResultTypeQueryable<ArchiveEntry> {
    private static final long serialVersionUID = 1L;

    private final ArchiveListing.Settings listing;

    public ArchiveSource(ArchiveListing.Settings listing) {
        this.listing = listing;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public TypeInformation<ArchiveEntry> getProducedType() {
        return TypeInformation.of(ArchiveEntry.class);
    }

    @Override
    public SourceReader<ArchiveEntry, Split> createReader(SourceReaderContext context) {
        return new IteratorSourceReader<>(context);
    }

    @Override
    public SplitEnumerator<Split, Collection<Split>> createEnumerator(
            SplitEnumeratorContext<Split> context) throws IOException {
        List<Split> splits = new ArrayList<>();
        for (ArchiveEntry entry : ArchiveListing.list(listing)) {
            splits.add(new Split(String.valueOf(splits.size()), entry, false));
        }
        return new IteratorSourceEnumerator<>(context, splits);
    }

    @Override
    public SplitEnumerator<Split, Collection<Split>> restoreEnumerator(
            SplitEnumeratorContext<Split> context, Collection<Split> checkpoint) {
        return new IteratorSourceEnumerator<>(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
        return new SplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<Split>> getEnumeratorCheckpointSerializer() {
        return new CheckpointSerializer();
    }

    /** One listed video, and whether it has been read. */
    public static final class Split
            implements IteratorSourceSplit<ArchiveEntry, Split.EntryIterator> {
        private final String id;
        private final ArchiveEntry entry;
        private final boolean read;

        Split(String id, ArchiveEntry entry, boolean read) {
            this.id = id;
            this.entry = entry;
            this.read = read;
        }

        @Override
        public String splitId() {
            return id;
        }

        @Override
        public EntryIterator getIterator() {
            return new EntryIterator(read ? null : entry);
        }

        @Override
        public IteratorSourceSplit<ArchiveEntry, EntryIterator> getUpdatedSplitForIterator(
                EntryIterator iterator) {
            return new Split(id, entry, !iterator.hasNext());
        }

        /** Yields the split's entry once. */
        static final class EntryIterator implements Iterator<ArchiveEntry> {
            private ArchiveEntry next;

            EntryIterator(ArchiveEntry next) {
                this.next = next;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ArchiveEntry next() {
                ArchiveEntry e = next;
                if (e == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = null;
                return e;
            }
        }
    }

    static final class SplitSerializer implements SimpleVersionedSerializer<Split> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Split split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                write(split, out);
            }
            return bytes.toByteArray();
        }

        @Override
        public Split deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                return read(in);
            }
        }

        static void write(Split split, DataOutputStream out) throws IOException {
            out.writeUTF(split.id);
            out.writeBoolean(split.read);
            byte[] entry = AvroCodec.encode(split.entry);
            out.writeInt(entry.length);
            out.write(entry);
        }

        static Split read(DataInputStream in) throws IOException {
            String id = in.readUTF();
            boolean read = in.readBoolean();
            byte[] entry = new byte[in.readInt()];
            in.readFully(entry);
            return new Split(id, AvroCodec.decode(entry, ArchiveEntry.class), read);
        }
    }

    static final class CheckpointSerializer
            implements SimpleVersionedSerializer<Collection<Split>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Collection<Split> splits) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(splits.size());
                for (Split s : splits) {
                    SplitSerializer.write(s, out);
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Collection<Split> deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<Split> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(SplitSerializer.read(in));
                }
                return out;
            }
        }
    }
}
