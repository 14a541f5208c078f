package io.clipstream.operators.flink;

import io.clipstream.schemas.ClipRendered;
import io.clipstream.schemas.DeadLetter;
import io.clipstream.schemas.JobStatus;

/**
 * What rendering one clip plan produced: the clip and its progress status, or a dead letter and a
 * FAILED status. A Flink POJO, so that the asynchronous render can hand all three to one operator
 * that routes them (an async function has no side outputs).
 */
public class RenderOutcome {
    /** The rendered clip; null when rendering failed. */
    public ClipRendered clip;

    /** The progress or failure status to report; never null once built. */
    public JobStatus status;

    /** Why the clip could not be rendered; null when it was. */
    public DeadLetter deadLetter;

    public RenderOutcome() {}

    static RenderOutcome rendered(ClipRendered clip, JobStatus status) {
        RenderOutcome outcome = new RenderOutcome();
        outcome.clip = clip;
        outcome.status = status;
        return outcome;
    }

    static RenderOutcome failed(DeadLetter deadLetter, JobStatus status) {
        RenderOutcome outcome = new RenderOutcome();
        outcome.deadLetter = deadLetter;
        outcome.status = status;
        return outcome;
    }
}
