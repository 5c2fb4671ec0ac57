package org.stratus.error;

/** The one exception type that carries a client-visible failure; see {@link ErrorCode}. */
public class StratusException extends RuntimeException {

    private final ErrorCode code;

    public StratusException(ErrorCode code) {
        this(code, code.message());
    }

    public StratusException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public StratusException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
