package io.clipstream.operators.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/** Bounded sources over a fixed list of records, for running jobs to completion in tests. */
public final class FiniteSources {
    private FiniteSources() {}

    public static <T> DataGeneratorSource<T> of(List<T> records, Class<T> type) {
        ArrayList<T> copy = new ArrayList<>(records);
        GeneratorFunction<Long, T> byIndex = i -> copy.get(i.intValue());
        return new DataGeneratorSource<>(byIndex, copy.size(), TypeInformation.of(type));
    }
}
