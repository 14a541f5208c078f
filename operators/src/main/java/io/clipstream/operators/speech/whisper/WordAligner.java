package io.clipstream.operators.speech.whisper;

/**
 * Word times from the decoder's cross-attention, as Whisper finds them: the attention of the
 * alignment heads over the audio, normalised per head, median-filtered along time and averaged,
 * then a dynamic-time-warping path through it pairs each token with the audio position where it
 * starts.
 */
public final class WordAligner {
    static final int MEDIAN_WIDTH = 7;

    private WordAligner() {}

    /**
     * @param qk cross-attention logits {@code [layer][head][token][position]}
     * @param heads the (layer, head) pairs to use
     * @param firstRow the row of the first text token's prediction
     * @param rows how many rows: one per text token, plus one for end of text
     * @param positions audio positions that hold audio (not padding)
     * @return for each of the {@code rows}, the audio position where it starts
     */
    public static int[] startPositions(
            float[][][][] qk, java.util.List<int[]> heads, int firstRow, int rows, int positions) {
        double[][] matrix = new double[rows][positions];
        for (int[] head : heads) {
            float[][] attention = qk[head[0]][head[1]];
            double[][] w = new double[rows][positions];
            for (int r = 0; r < rows; r++) {
                float[] logits = attention[firstRow + r];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p < positions; p++) {
                    max = Math.max(max, logits[p]);
                }
                double sum = 0;
                for (int p = 0; p < positions; p++) {
                    w[r][p] = Math.exp(logits[p] - max);
                    sum += w[r][p];
                }
                for (int p = 0; p < positions; p++) {
                    w[r][p] /= sum;
                }
            }
            for (int p = 0; p < positions; p++) {
                double mean = 0;
                for (int r = 0; r < rows; r++) {
                    mean += w[r][p];
                }
                mean /= rows;
                double variance = 0;
                for (int r = 0; r < rows; r++) {
                    variance += (w[r][p] - mean) * (w[r][p] - mean);
                }
                double std = Math.sqrt(variance / rows);
                for (int r = 0; r < rows; r++) {
                    w[r][p] = std > 0 ? (w[r][p] - mean) / std : 0;
                }
            }
            for (int r = 0; r < rows; r++) {
                double[] filtered = medianFilter(w[r], MEDIAN_WIDTH);
                for (int p = 0; p < positions; p++) {
                    matrix[r][p] += filtered[p] / heads.size();
                }
            }
        }
        return dtwStarts(matrix);
    }

    /** The path of least cost through {@code -matrix}; for each row the first column it visits. */
    static int[] dtwStarts(double[][] matrix) {
        int n = matrix.length;
        int m = matrix[0].length;
        double[][] cost = new double[n + 1][m + 1];
        byte[][] trace = new byte[n + 1][m + 1];
        for (double[] row : cost) {
            java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
        }
        cost[0][0] = 0;
        for (int j = 1; j <= m; j++) {
            for (int i = 1; i <= n; i++) {
                double diagonal = cost[i - 1][j - 1];
                double up = cost[i - 1][j];
                double left = cost[i][j - 1];
                double best;
                byte t;
                if (diagonal <= up && diagonal <= left) {
                    best = diagonal;
                    t = 0;
                } else if (up <= left) {
                    best = up;
                    t = 1;
                } else {
                    best = left;
                    t = 2;
                }
                cost[i][j] = -matrix[i - 1][j - 1] + best;
                trace[i][j] = t;
            }
        }
        int[] starts = new int[n];
        java.util.Arrays.fill(starts, -1);
        int i = n;
        int j = m;
        while (i > 0 && j > 0) {
            starts[i - 1] = j - 1;
            switch (trace[i][j]) {
                case 0 -> {
                    i--;
                    j--;
                }
                case 1 -> i--;
                default -> j--;
            }
        }
        for (int r = 0; r < n; r++) {
            if (starts[r] < 0) {
                starts[r] = r == 0 ? 0 : starts[r - 1];
            }
        }
        return starts;
    }

    static double[] medianFilter(double[] x, int width) {
        int half = width / 2;
        double[] out = new double[x.length];
        double[] window = new double[width];
        for (int i = 0; i < x.length; i++) {
            for (int k = -half; k <= half; k++) {
                int at = i + k;
                // reflect at the edges, as Whisper pads before filtering
                if (at < 0) {
                    at = -at;
                }
                if (at >= x.length) {
                    at = 2 * x.length - 2 - at;
                }
                window[k + half] = x[Math.max(0, Math.min(x.length - 1, at))];
            }
            double[] sorted = window.clone();
            java.util.Arrays.sort(sorted);
            out[i] = sorted[half];
        }
        return out;
    }
}
