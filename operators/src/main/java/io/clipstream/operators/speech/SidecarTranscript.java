package io.clipstream.operators.speech;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript supplied with an upload: SubRip (.srt), WebVTT (.vtt) or JSON words. Cues carry text
 * for a time range; JSON words carry their own times and need no alignment.
 */
public record SidecarTranscript(List<Cue> cues, boolean wordTimed) {
    /** Text spoken within {@code [startUs, endUs)}. */
    public record Cue(long startUs, long endUs, String text) {}

    /** Transcripts larger than this are rejected rather than parsed. */
    public static final long MAX_BYTES = 16L << 20;

    private static final Pattern TIMING =
            Pattern.compile(
                    "^\\s*((?:\\d+:)?\\d{1,2}:\\d{2}[,.]\\d{1,3})\\s*-->\\s*((?:\\d+:)?\\d{1,2}:\\d{2}[,.]\\d{1,3})");
    private static final Pattern TAG = Pattern.compile("<[^>]*>|\\{[^}]*}");

    public SidecarTranscript {
        cues = List.copyOf(cues);
    }

    /**
     * Parses by content: JSON when it starts with { or [, WebVTT after a WEBVTT header, else SRT.
     */
    public static SidecarTranscript read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(
                    "transcript " + file.getFileName() + " is larger than " + MAX_BYTES + " bytes");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static SidecarTranscript parse(String content) throws IOException {
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        String head = text.stripLeading();
        if (head.startsWith("{") || head.startsWith("[")) {
            return parseJson(head);
        }
        return parseCues(text);
    }

    private static SidecarTranscript parseCues(String text) throws IOException {
        List<Cue> cues = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = TIMING.matcher(lines[i]);
            if (!m.find()) {
                continue;
            }
            long start = parseTime(m.group(1));
            long end = parseTime(m.group(2));
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !lines[j].isBlank(); j++) {
                if (TIMING.matcher(lines[j]).find()) {
                    break;
                }
                body.append(body.length() == 0 ? "" : " ").append(lines[j].trim());
            }
            i = j - 1;
            String spoken = TAG.matcher(body).replaceAll("").replaceAll("\\s+", " ").trim();
            if (end <= start) {
                throw new IOException("cue at line " + (i + 1) + " ends before it starts");
            }
            if (!spoken.isEmpty()) {
                cues.add(new Cue(start, end, spoken));
            }
        }
        if (cues.isEmpty()) {
            throw new IOException("the transcript has no cues: expected SRT, WebVTT or JSON words");
        }
        cues.sort(java.util.Comparator.comparingLong(Cue::startUs));
        return new SidecarTranscript(cues, false);
    }

    /** {"words": [{"text"|"word": "...", "start": s, "end": s}, ...]} or the bare array. */
    private static SidecarTranscript parseJson(String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode words = root.isArray() ? root : root.path("words");
        if (!words.isArray() || words.isEmpty()) {
            throw new IOException("the JSON transcript has no \"words\" array");
        }
        List<Cue> cues = new ArrayList<>();
        for (JsonNode word : words) {
            String text =
                    word.hasNonNull("text")
                            ? word.get("text").asText()
                            : word.path("word").asText();
            if (!word.path("start").isNumber() || !word.path("end").isNumber() || text.isBlank()) {
                throw new IOException(
                        "every JSON word needs text, start and end (seconds): " + word);
            }
            long start = Math.round(word.get("start").asDouble() * 1e6);
            long end = Math.round(word.get("end").asDouble() * 1e6);
            if (end < start || start < 0) {
                throw new IOException("JSON word with bad times: " + word);
            }
            cues.add(new Cue(start, end, text.trim()));
        }
        cues.sort(java.util.Comparator.comparingLong(Cue::startUs));
        return new SidecarTranscript(cues, true);
    }

    /** hh:mm:ss,mmm or mm:ss.mmm (WebVTT allows leaving out hours). */
    static long parseTime(String value) {
        String[] parts = value.trim().replace(',', '.').split(":");
        long seconds = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            seconds = seconds * 60 + Long.parseLong(parts[i]);
        }
        String[] last = parts[parts.length - 1].split("\\.");
        seconds = seconds * 60 + Long.parseLong(last[0]);
        String fraction = (last.length > 1 ? last[1] : "0");
        long micros =
                Long.parseLong(String.format(Locale.ROOT, "%-6s", fraction).replace(' ', '0'));
        return seconds * 1_000_000L + micros;
    }

    /** The latest cue end, i.e. how far into the audio the transcript reaches. */
    public long endUs() {
        return cues.stream().mapToLong(Cue::endUs).max().orElse(0);
    }
}
