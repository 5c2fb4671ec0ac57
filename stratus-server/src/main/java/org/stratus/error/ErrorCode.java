package org.stratus.error;

/**
 * Every failure a client can see: its HTTP status, a stable wire code and the default message. Protocol renderers
 * (DAV XML, OCS, problem JSON) turn a {@link StratusException} carrying one of these into a response; nothing else
 * decides a status.
 */
public enum ErrorCode {
    BAD_REQUEST(400, "BadRequest", "The request is malformed"),
    MALFORMED_XML(400, "MalformedXml", "The XML request body is not well-formed or uses forbidden constructs"),
    INVALID_PATH(400, "InvalidPath", "The path is not valid"),
    FORBIDDEN_NAME(400, "ForbiddenName", "This file name is not allowed"),
    CHECKSUM_MISMATCH(400, "ChecksumMismatch", "The uploaded content does not match the checksum sent with it"),
    INCOMPLETE_BODY(400, "IncompleteBody", "The request body ended before the announced length"),
    INVALID_HEADER(400, "InvalidHeader", "A request header has an invalid value"),
    UNAUTHORIZED(401, "NotAuthenticated", "Authentication is required"),
    FORBIDDEN(403, "Forbidden", "You are not allowed to do this"),
    FINITE_DEPTH_REQUIRED(403, "PropfindFiniteDepth", "PROPFIND with Depth: infinity is not supported"),
    CANNOT_MODIFY_PROTECTED_PROPERTY(403, "CannotModifyProtectedProperty", "This property is protected"),
    SAME_SOURCE_AND_DESTINATION(403, "SameSourceAndDestination", "Source and destination are the same"),
    NOT_FOUND(404, "NotFound", "The resource does not exist"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed", "This method is not allowed on this resource"),
    REQUEST_TIMEOUT(408, "RequestTimeout", "The request did not arrive in time"),
    CONFLICT(409, "Conflict", "The parent folder does not exist"),
    PRECONDITION_FAILED(412, "PreconditionFailed", "A precondition of the request is not met"),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLarge", "The request body is larger than this server accepts"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType", "This request does not accept a body"),
    RANGE_NOT_SATISFIABLE(416, "RangeNotSatisfiable", "The requested range lies outside the file"),
    LOCKED(423, "Locked", "The resource is locked"),
    BAD_GATEWAY(502, "BadGateway", "The destination is not on this server"),
    NOT_IMPLEMENTED(501, "NotImplemented", "This method is not implemented"),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable", "The service is temporarily unavailable; try again shortly"),
    INSUFFICIENT_STORAGE(507, "InsufficientStorage", "Not enough free space in your quota"),
    INTERNAL(500, "InternalError", "Internal server error");

    private final int status;
    private final String code;
    private final String message;

    ErrorCode(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    /**
     * The generic code for a status that the servlet container chose (a request it could not parse, a body read
     * that failed): the first code with that status, else 400 for a client error and 500 for anything else.
     */
    public static ErrorCode forStatus(int status) {
        for (ErrorCode code : values()) {
            if (code.status == status) {
                return code;
            }
        }
        return status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
