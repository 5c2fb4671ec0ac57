package org.stratus.dav;

/** OPTIONS: advertises WebDAV class 1 and 2 and the methods the resource accepts. */
final class OptionsMethod implements DavMethod {

    static final String ALLOW = "OPTIONS, GET, HEAD, DELETE, PROPFIND, PUT, PROPPATCH, COPY, MOVE, LOCK, UNLOCK, MKCOL";

    @Override
    public String name() {
        return "OPTIONS";
    }

    @Override
    public void handle(DavRequest request) {
        var response = request.response();
        response.setHeader("DAV", "1, 2");
        response.setHeader("MS-Author-Via", "DAV");
        response.setHeader("Allow", ALLOW);
        response.setHeader("Accept-Ranges", "bytes");
        response.setContentLength(0);
        response.setStatus(200);
    }
}
