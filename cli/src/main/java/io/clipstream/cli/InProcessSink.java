package io.clipstream.cli;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that hands each record to a listener in this JVM: how the local runner, whose MiniCluster
 * runs in the same process, follows a batch job while it runs. The listener is looked up by an id
 * because the sink itself is serialized into the job graph.
 */
final class InProcessSink<T> implements Sink<T>, AutoCloseable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Consumer<Object>> LISTENERS = new ConcurrentHashMap<>();
    private final String id = UUID.randomUUID().toString();

    @SuppressWarnings("unchecked")
    InProcessSink(Consumer<? super T> listener) {
        Consumer<? super T> safe = listener;
        LISTENERS.put(
                id,
                o -> {
                    synchronized (safe) {
                        safe.accept((T) o);
                    }
                });
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        String key = id;
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                Consumer<Object> listener = LISTENERS.get(key);
                if (listener != null) {
                    listener.accept(element);
                }
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        LISTENERS.remove(id);
    }
}
