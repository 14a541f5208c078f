package io.clipstream.operators.media;

import io.clipstream.schemas.ReasonCode;

/** Input that clipstream will not process, with a reason code and a message a person can act on. */
public final class MediaRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ReasonCode reason;

    public MediaRejectedException(ReasonCode reason, String message) {
        super(message);
        this.reason = reason;
    }

    public MediaRejectedException(ReasonCode reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
