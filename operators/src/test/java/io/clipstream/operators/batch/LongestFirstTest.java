package io.clipstream.operators.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.java.tuple.Tuple2;
import org.junit.jupiter.api.Test;

class LongestFirstTest {
    @Test
    void longestItemsFirstEachToTheLeastLoadedSlot() {
        // dealt round-robin in arrival order, slot 0 gets 60+50+40 = 150 s and slot 1 gets 30 s;
        // longest first evens them out at 90 s each
        List<Integer> seconds = List.of(60, 10, 50, 10, 40, 10);
        List<Tuple2<Integer, Integer>> assigned = LongestFirst.assign(seconds, 2, s -> s);
        int[] load = new int[2];
        assigned.forEach(a -> load[a.f0] += a.f1);
        assertThat(load).containsExactly(90, 90);
        assertThat(assigned).extracting(a -> a.f1).containsExactly(60, 50, 40, 10, 10, 10);
    }

    @Test
    void oneSlotTakesEverythingAndNothingIsLost() {
        List<Tuple2<Integer, String>> assigned =
                LongestFirst.assign(List.of("a", "bb", "ccc"), 1, String::length);
        assertThat(assigned).extracting(a -> a.f0).containsOnly(0);
        assertThat(assigned).extracting(a -> a.f1).containsExactly("ccc", "bb", "a");
        assertThat(LongestFirst.assign(List.<String>of(), 3, String::length)).isEmpty();
    }
}
