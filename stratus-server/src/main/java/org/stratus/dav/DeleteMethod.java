package org.stratus.dav;

import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;

/** DELETE of a file or a whole folder (RFC 4918 section 9.6: a folder is always deleted with Depth infinity). */
final class DeleteMethod implements DavMethod {

    private final FileService files;
    private final DavPreconditions preconditions;

    DeleteMethod(FileService files, DavPreconditions preconditions) {
        this.files = files;
        this.preconditions = preconditions;
    }

    @Override
    public String name() {
        return "DELETE";
    }

    @Override
    public void handle(DavRequest request) {
        if (request.depth(-1) != -1) {
            throw new StratusException(ErrorCode.INVALID_HEADER, "DELETE accepts only Depth: infinity");
        }
        files.delete(request.user(), request.location().path(), preconditions.forWrite(request, true, true));
        request.response().setStatus(204);
    }
}
