package io.clipstream.operators.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Shares a batch stage's work out among its {@code slots} by cost, longest first: each item goes to
 * the slot with the least work so far. A round-robin exchange deals items out blind, and a stage of
 * a batch job lasts as long as its busiest slot; sixteen segments of 20 to 60 s, or thirty clips of
 * 10 to 60 s, dealt round-robin leave one slot working long after the other is idle.
 *
 * <p>Keyed by one constant key: it sees the whole stage's input and assigns it when that input ends
 * (the end-of-key timer of BATCH mode). The output pairs each item with its slot, for a custom
 * partitioner. Only meaningful on bounded input.
 */
public class LongestFirst<T> extends KeyedProcessFunction<Integer, T, Tuple2<Integer, T>> {
    private static final long serialVersionUID = 1L;

    /** An item's expected cost, in any unit (seconds of media to decode or render). */
    @FunctionalInterface
    public interface Cost<T> extends Serializable {
        double of(T item);
    }

    private final int slots;
    private final Cost<T> cost;
    private final TypeInformation<T> type;
    private transient ListState<T> items;

    public LongestFirst(int slots, Cost<T> cost, TypeInformation<T> type) {
        this.slots = slots;
        this.cost = cost;
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        items = getRuntimeContext().getListState(new ListStateDescriptor<>("items", type));
    }

    @Override
    public void processElement(T item, Context ctx, Collector<Tuple2<Integer, T>> out)
            throws Exception {
        items.add(item);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<Integer, T>> out)
            throws Exception {
        List<T> all = new ArrayList<>();
        items.get().forEach(all::add);
        items.clear();
        assign(all, slots, cost).forEach(out::collect);
    }

    /** The items with their slots, longest first; ties keep their order. */
    public static <T> List<Tuple2<Integer, T>> assign(List<T> items, int slots, Cost<T> cost) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingDouble((T t) -> cost.of(t)).reversed());
        double[] load = new double[slots];
        List<Tuple2<Integer, T>> out = new ArrayList<>();
        for (T item : sorted) {
            int least = 0;
            for (int s = 1; s < slots; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            load[least] += cost.of(item);
            out.add(Tuple2.of(least, item));
        }
        return out;
    }
}
