package org.stratus.dav;

import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.identity.InstanceIdentity;

/** MKCOL: creates one folder; the parent must exist (409), a body is refused (415). */
final class MkcolMethod implements DavMethod {

    private final FileService files;
    private final DavPreconditions preconditions;
    private final InstanceIdentity identity;

    MkcolMethod(FileService files, DavPreconditions preconditions, InstanceIdentity identity) {
        this.files = files;
        this.preconditions = preconditions;
        this.identity = identity;
    }

    @Override
    public String name() {
        return "MKCOL";
    }

    @Override
    public void handle(DavRequest request) {
        if (request.hasBody()) {
            throw new StratusException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "MKCOL with a request body is not supported");
        }
        Node folder = files.mkdir(request.user(), request.location().path(),
                preconditions.forWrite(request, true, false));
        Long mtime = PutMethod.mtimeOf(request.header("X-OC-MTime"));
        if (mtime != null) {
            files.setMtime(request.user(), folder, mtime);
            folder = files.require(request.user(), folder.path());
            request.response().setHeader("X-OC-MTime", "accepted");
        }
        NodeHeaders.write(request.response(), folder, identity);
        request.response().setContentLength(0);
        request.response().setStatus(201);
    }
}
