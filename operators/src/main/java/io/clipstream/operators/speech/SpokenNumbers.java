package io.clipstream.operators.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers as recognisers spell them ("forty two", "fourteen fifty five", "two thousand and twenty")
 * found in a run of words, with their value and form. Word error rates compare numbers by value, so
 * "1455" and "fourteen fifty-five" are the same words for every engine; captions write a year or a
 * count as digits.
 */
public final class SpokenNumbers {
    /** How a number was said. */
    public enum Form {
        /** Two pairs of digits, as years are read: "fourteen fifty five", "nineteen oh four". */
        PAIRS,
        /** An ordinary cardinal: "forty two", "three hundred and six", "two thousand". */
        CARDINAL
    }

    /** Words {@code [first, last]} say {@code value}. */
    public record Number(int first, int last, long value, Form form) {}

    private static final Map<String, Integer> UNITS =
            Map.ofEntries(
                    Map.entry("zero", 0),
                    Map.entry("one", 1),
                    Map.entry("two", 2),
                    Map.entry("three", 3),
                    Map.entry("four", 4),
                    Map.entry("five", 5),
                    Map.entry("six", 6),
                    Map.entry("seven", 7),
                    Map.entry("eight", 8),
                    Map.entry("nine", 9),
                    Map.entry("ten", 10),
                    Map.entry("eleven", 11),
                    Map.entry("twelve", 12),
                    Map.entry("thirteen", 13),
                    Map.entry("fourteen", 14),
                    Map.entry("fifteen", 15),
                    Map.entry("sixteen", 16),
                    Map.entry("seventeen", 17),
                    Map.entry("eighteen", 18),
                    Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS =
            Map.of(
                    "twenty", 20, "thirty", 30, "forty", 40, "fifty", 50, "sixty", 60, "seventy",
                    70, "eighty", 80, "ninety", 90);
    private static final Map<String, Long> SCALES =
            Map.of("thousand", 1_000L, "million", 1_000_000L, "billion", 1_000_000_000L);

    private SpokenNumbers() {}

    /** Lower case without surrounding punctuation; hyphenated numbers are split by the caller. */
    static String bare(String word) {
        return word.toLowerCase(Locale.ROOT).replaceAll("^[^a-z0-9']+|[^a-z0-9']+$", "");
    }

    /** Every number said in {@code words}, longest first from each start, in order. */
    public static List<Number> find(List<String> words) {
        List<Number> out = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            Number n = pairs(words, i);
            if (n == null) {
                n = cardinal(words, i);
            }
            if (n == null) {
                i++;
            } else {
                out.add(n);
                i = n.last() + 1;
            }
        }
        return out;
    }

    /** "fourteen fifty five", "nineteen ninety", "nineteen oh four", "twenty twenty four". */
    private static Number pairs(List<String> words, int i) {
        Integer high = twoDigits(words, i);
        if (high == null || high < 10) {
            return null;
        }
        int next = i + width(words, i);
        if (next >= words.size()) {
            return null;
        }
        String w = bare(words.get(next));
        int low;
        int last;
        if ((w.equals("oh") || w.equals("o")) && next + 1 < words.size()) {
            Integer digit = UNITS.get(bare(words.get(next + 1)));
            if (digit == null || digit > 9) {
                return null;
            }
            low = digit;
            last = next + 1;
        } else {
            Integer two = twoDigits(words, next);
            if (two == null || two < 10) {
                return null;
            }
            low = two;
            last = next + width(words, next) - 1;
        }
        if (high == 20 && low < 10) {
            return null; // "twenty oh" is not said; leave it to the cardinal reading
        }
        return new Number(i, last, high * 100L + low, Form.PAIRS);
    }

    /** A value from 0 to 99 said in one or two words at {@code i}, or null. */
    private static Integer twoDigits(List<String> words, int i) {
        String w = bare(words.get(i));
        if (UNITS.containsKey(w)) {
            return UNITS.get(w);
        }
        Integer tens = TENS.get(w);
        if (tens == null) {
            return null;
        }
        if (i + 1 < words.size()) {
            Integer unit = UNITS.get(bare(words.get(i + 1)));
            if (unit != null && unit > 0 && unit < 10) {
                return tens + unit;
            }
        }
        return tens;
    }

    private static int width(List<String> words, int i) {
        String w = bare(words.get(i));
        if (TENS.containsKey(w) && i + 1 < words.size()) {
            Integer unit = UNITS.get(bare(words.get(i + 1)));
            if (unit != null && unit > 0 && unit < 10) {
                return 2;
            }
        }
        return 1;
    }

    /** "three hundred and six", "two thousand and twenty", "forty two", "seven". */
    private static Number cardinal(List<String> words, int i) {
        long total = 0;
        long group = 0;
        int at = i;
        int last = -1;
        boolean any = false;
        while (at < words.size()) {
            String w = bare(words.get(at));
            Integer small = twoDigits(words, at);
            if (small != null) {
                if (group % 100 != 0 || (any && group == 0 && total == 0)) {
                    break; // "forty two three" is two numbers
                }
                group += small;
                last = at + width(words, at) - 1;
                at = last + 1;
                any = true;
            } else if (w.equals("hundred") && any && group > 0 && group < 10) {
                group *= 100;
                last = at++;
            } else if (SCALES.containsKey(w) && any && group > 0) {
                total += group * SCALES.get(w);
                group = 0;
                last = at++;
            } else if (w.equals("and")
                    && any
                    && at + 1 < words.size()
                    && twoDigits(words, at + 1) != null
                    && (group >= 100 || (group == 0 && total > 0))) {
                at++;
            } else {
                break;
            }
        }
        return any ? new Number(i, last, total + group, Form.CARDINAL) : null;
    }
}
