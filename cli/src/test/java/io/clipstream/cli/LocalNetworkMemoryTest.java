package io.clipstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

class LocalNetworkMemoryTest {
    private static MemorySize sized(int parallelism) {
        Configuration conf = new Configuration();
        LocalStack.sizeNetworkMemory(conf, parallelism);
        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX))
                .isEqualTo(conf.get(TaskManagerOptions.NETWORK_MEMORY_MIN));
        return conf.get(TaskManagerOptions.NETWORK_MEMORY_MIN);
    }

    @Test
    void smallRunsGetSixteenMegabytesInsteadOfFlinksSixtyFour() {
        assertThat(sized(1)).isEqualTo(MemorySize.parse("16m"));
        assertThat(sized(2)).isEqualTo(MemorySize.parse("16m"));
    }

    @Test
    void largerRunsGetWhatTheirBufferPoolsAskFor() {
        // what the pipeline's pools asked for, from Flink's own warning when given less
        long[][] requested = {{8, 67}, {16, 174}};
        for (long[] r : requested) {
            assertThat(sized((int) r[0]).getMebiBytes()).isGreaterThanOrEqualTo((int) r[1]);
        }
        assertThat(sized(16).getBytes()).isGreaterThan(sized(8).getBytes());
    }

    @Test
    void neverMoreThanHalfTheDirectMemory() {
        assertThat(sized(10_000).getBytes())
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 2)
                .isGreaterThan(Runtime.getRuntime().maxMemory() / 2 - 32 * 1024);
    }

    @Test
    void leavesAUsersOwnSettingAlone() {
        Configuration conf = new Configuration();
        conf.setString("taskmanager.memory.network.max", "128m");
        LocalStack.sizeNetworkMemory(conf, 2);
        assertThat(conf.contains(TaskManagerOptions.NETWORK_MEMORY_MIN)).isFalse();
        assertThat(conf.get(TaskManagerOptions.NETWORK_MEMORY_MAX))
                .isEqualTo(MemorySize.parse("128m"));
    }
}
