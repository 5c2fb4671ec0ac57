package org.stratus.dav;

import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.locks.LockService;

/** UNLOCK: removes the lock named in Lock-Token; 409 when it does not cover the request URI. */
final class UnlockMethod implements DavMethod {

    private final FileService files;
    private final LockService locks;

    UnlockMethod(FileService files, LockService locks) {
        this.files = files;
        this.locks = locks;
    }

    @Override
    public String name() {
        return "UNLOCK";
    }

    @Override
    public void handle(DavRequest request) {
        String header = request.header("Lock-Token");
        if (header == null || header.isBlank()) {
            throw new StratusException(ErrorCode.BAD_REQUEST, "UNLOCK needs a Lock-Token header");
        }
        String token = header.trim();
        if (token.startsWith("<") && token.endsWith(">")) {
            token = token.substring(1, token.length() - 1);
        }
        String lockToken = token;
        files.inWriteTransaction(request.user(), request.location().path(), current -> {
            locks.unlock(request.user().id(), request.location().path(), lockToken);
            return null;
        });
        request.response().setStatus(204);
    }
}
