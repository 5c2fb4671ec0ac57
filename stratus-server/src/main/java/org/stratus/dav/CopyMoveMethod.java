package org.stratus.dav;

import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.WriteGuard;
import org.stratus.identity.InstanceIdentity;

/** COPY (Depth 0 or infinity) and MOVE (Depth infinity) within the user's tree, honouring Overwrite. */
final class CopyMoveMethod implements DavMethod {

    private final FileService files;
    private final DavPreconditions preconditions;
    private final InstanceIdentity identity;
    private final boolean move;

    CopyMoveMethod(FileService files, DavPreconditions preconditions, InstanceIdentity identity, boolean move) {
        this.files = files;
        this.preconditions = preconditions;
        this.identity = identity;
        this.move = move;
    }

    @Override
    public String name() {
        return move ? "MOVE" : "COPY";
    }

    @Override
    public void handle(DavRequest request) {
        int depth = request.depth(-1);
        if (depth == 1 || (move && depth != -1)) {
            throw new StratusException(ErrorCode.INVALID_HEADER,
                    move ? "MOVE accepts only Depth: infinity" : "COPY accepts Depth 0 or infinity");
        }
        DavLocation destination = DavPaths.resolveDestination(request.header("Destination"),
                request.header("Host"), request.user().username());
        if (!destination.owner().equalsIgnoreCase(request.user().username())) {
            throw new StratusException(ErrorCode.FORBIDDEN, "The destination is in another user's files");
        }
        boolean overwrite = request.overwrite();
        WriteGuard sourceGuard = move ? preconditions.forWrite(request, true, true)
                : current -> {
                    DavPreconditions.checkHttpConditions(request, current);
                    preconditions.checkIfHeader(request, current);
                };
        WriteGuard guard = current -> {
            sourceGuard.check(current);
            preconditions.checkLocks(request, destination.path(), true, true);
        };
        FileService.TransferResult result = move
                ? files.move(request.user(), request.location().path(), destination.path(), overwrite, guard)
                : files.copy(request.user(), request.location().path(), destination.path(), overwrite, depth != 0,
                        guard);
        NodeHeaders.write(request.response(), result.node(), identity);
        request.response().setContentLength(0);
        request.response().setStatus(result.created() ? 201 : 204);
    }
}
