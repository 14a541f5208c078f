package io.clipstream.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.types.Row;

/** Column names and rows of a finished query, as a table for people or JSON for programs. */
record QueryResult(List<String> columns, List<List<Object>> values) {
    List<Map<String, Object>> asObjects() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> row : values) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                object.put(columns.get(i), row.get(i));
            }
            out.add(object);
        }
        return out;
    }

    void print(PrintStream out) {
        int[] widths = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (List<Object> row : values) {
            List<String> line = new ArrayList<>();
            for (Object v : row) {
                String s = String.valueOf(v);
                line.add(s.length() > 60 ? s.substring(0, 57) + "..." : s);
            }
            cells.add(line);
        }
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> line : cells) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            header.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", columns.get(i)));
        }
        out.println(header.toString().stripTrailing());
        for (List<String> line : cells) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                b.append(String.format(Locale.ROOT, "%-" + widths[i] + "s  ", line.get(i)));
            }
            out.println(b.toString().stripTrailing());
        }
        out.printf(Locale.ROOT, "(%d rows)%n", values.size());
    }

    /** SQL values as JSON-friendly Java values. */
    static Object plain(Object value) {
        if (value instanceof Row row) {
            List<Object> fields = new ArrayList<>();
            for (int i = 0; i < row.getArity(); i++) {
                fields.add(plain(row.getField(i)));
            }
            return fields;
        }
        if (value instanceof Object[] array) {
            List<Object> items = new ArrayList<>();
            for (Object item : array) {
                items.add(plain(item));
            }
            return items;
        }
        if (value instanceof java.time.temporal.TemporalAccessor
                || value instanceof java.math.BigDecimal) {
            return value.toString();
        }
        return value;
    }
}
