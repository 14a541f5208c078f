package io.clipstream.operators.flink;

import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.ReasonCode;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts a job's dead letters by reason on their way to the topic: the metric {@code deadLetters}
 * with the label {@code reason} (Prometheus: {@code ..._reason_deadLetters{reason="NOT_A_VIDEO"}}),
 * so an alert can watch the rate of one kind of failure. Records pass unchanged.
 */
public class DeadLetterMetrics extends RichMapFunction<DeadLetter, DeadLetter> {
    private transient MetricGroup group;
    private transient Map<ReasonCode, Counter> byReason;

    @Override
    public void open(OpenContext context) {
        group = getRuntimeContext().getMetricGroup();
        byReason = new EnumMap<>(ReasonCode.class);
    }

    @Override
    public DeadLetter map(DeadLetter letter) {
        byReason.computeIfAbsent(
                        letter.getReason(),
                        reason -> group.addGroup("reason", reason.name()).counter("deadLetters"))
                .inc();
        return letter;
    }
}
