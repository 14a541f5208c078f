package io.clipstream.schemas;

/** Kafka topic names of the clipstream dataflow. Every topic is keyed by videoId. */
public final class Topics {
    public static final String UPLOADS = "uploads";
    public static final String SEGMENTS = "segments";
    public static final String SCORED_SEGMENTS = "scored-segments";
    public static final String CLIP_PLANS = "clip-plans";
    public static final String CLIPS = "clips";
    public static final String JOB_STATUS = "job-status";
    public static final String DEAD_LETTERS = "dead-letters";

    /** All topics, in dataflow order. */
    public static final String[] ALL = {
        UPLOADS, SEGMENTS, SCORED_SEGMENTS, CLIP_PLANS, CLIPS, JOB_STATUS, DEAD_LETTERS
    };

    private Topics() {}
}
