package io.clipstream.operators.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamp rules, alignment and tokenizer, driven with scripted inputs (no model needed). */
class WhisperDecodingTest {
    // 10 text tokens, end of text 10, start 11, no-timestamps 12, timestamps 13..(13 + 100)
    static final WhisperConfig CONFIG =
            new WhisperConfig(
                    80,
                    100,
                    32,
                    2,
                    2,
                    13 + 1501,
                    10,
                    10,
                    new int[] {11},
                    12,
                    13,
                    List.of(new int[] {1, 0}));

    /** Each step prefers the next scripted token; the rules decide what is actually taken. */
    static GreedyDecoder.Step prefer(int... wanted) {
        Deque<Integer> queue = new ArrayDeque<>();
        Arrays.stream(wanted).forEach(queue::add);
        return tokens -> {
            float[] logits = new float[CONFIG.vocabulary()];
            Arrays.fill(logits, -5f);
            logits[0] = -1f; // a text token is always the runner-up
            logits[queue.isEmpty() ? CONFIG.endOfText() : queue.poll()] = 5f;
            return logits;
        };
    }

    static int ts(int position) {
        return CONFIG.timestampBegin() + position;
    }

    @Test
    void firstTokenIsAnEarlyTimestamp() {
        var tokens = new GreedyDecoder(CONFIG).decode(prefer(3, ts(70), 4), 8);
        assertThat(tokens.get(0).id()).isBetween(ts(0), ts(GreedyDecoder.MAX_INITIAL_TIMESTAMP));
    }

    @Test
    void timestampsPairUpAndNeverGoBack() {
        var ids =
                new GreedyDecoder(CONFIG)
                                .decode(
                                        prefer(
                                                ts(5), 3, 4, ts(20), ts(10), 5, ts(30), ts(30),
                                                ts(31), 6),
                                        12)
                                .stream()
                                .map(GreedyDecoder.Token::id)
                                .toList();
        assertThat(ids.subList(0, 4)).containsExactly(ts(5), 3, 4, ts(20));
        // ts(10) would go back in time: the best allowed token is taken instead
        assertThat(ids.get(4)).isNotEqualTo(ts(10));
        int last = -1;
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) >= CONFIG.timestampBegin()) {
                assertThat(ids.get(i)).isGreaterThanOrEqualTo(last);
                last = ids.get(i);
                boolean triple = i >= 2 && ids.get(i - 1) >= ts(0) && ids.get(i - 2) >= ts(0);
                assertThat(triple).as("three timestamps in a row at %d: %s", i, ids).isFalse();
            }
        }
        assertThat(ids).endsWith(CONFIG.endOfText());
    }

    @Test
    void noTimestampsPastTheWindowOrSpecialTokens() {
        var ids =
                new GreedyDecoder(CONFIG)
                        .decode(prefer(ts(2), 11, 12, ts(400), 1, ts(90)), 10).stream()
                                .map(GreedyDecoder.Token::id)
                                .toList();
        assertThat(ids).doesNotContain(11, 12, ts(400));
        assertThat(ids).allMatch(id -> id <= CONFIG.lastTimestamp());
    }

    @Test
    void alignmentFollowsTheAttentionDiagonal() {
        int rows = 6;
        int positions = 60;
        float[][][][] qk = new float[2][2][rows + 1][positions];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < positions; p++) {
                // row r attends to positions [10 r, 10 r + 10)
                qk[1][0][1 + r][p] = p / 10 == r ? 8f : 0f;
            }
        }
        int[] starts =
                WordAligner.startPositions(qk, List.of(new int[] {1, 0}), 1, rows, positions);
        for (int r = 0; r < rows; r++) {
            assertThat(starts[r]).as("row %d", r).isBetween(10 * r - 3, 10 * r + 3);
        }
        for (int r = 1; r < rows; r++) {
            assertThat(starts[r]).isGreaterThanOrEqualTo(starts[r - 1]);
        }
    }

    @Test
    void tokenizerDecodesBytesAndFindsWordStarts(@TempDir Path dir) throws Exception {
        List<String> tokens = List.of("H", "ello", " wor", "ld", " caf", "\u00e9");
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            file.append(
                            Base64.getEncoder()
                                    .encodeToString(tokens.get(i).getBytes(StandardCharsets.UTF_8)))
                    .append(' ')
                    .append(i)
                    .append('\n');
        }
        Files.writeString(dir.resolve("t.tiktoken"), file);
        Tokenizer tokenizer = Tokenizer.read(dir.resolve("t.tiktoken"));
        assertThat(tokenizer.size()).isEqualTo(6);
        assertThat(tokenizer.decode(List.of(0, 1, 2, 3, 4, 5))).isEqualTo("Hello world caf\u00e9");
        assertThat(tokenizer.startsWord(2)).isTrue();
        assertThat(tokenizer.startsWord(3)).isFalse();
        assertThat(tokenizer.bytes(99)).isEmpty();
    }

    @Test
    void melFiltersMatchSlaneyShape() {
        float[][] filters = LogMel.melFilters(80);
        assertThat(filters).hasNumberOfRows(80);
        for (float[] row : filters) {
            double peak = 0;
            for (float v : row) {
                assertThat(v).isGreaterThanOrEqualTo(0f);
                peak = Math.max(peak, v);
            }
            assertThat(peak).isPositive();
        }
        assertThat(LogMel.melToHz(LogMel.hzToMel(3456.0)))
                .isCloseTo(3456.0, org.assertj.core.data.Offset.offset(1e-6));
    }
}
