package org.stratus.web;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stratus.auth.AuthenticatedUser;
import org.stratus.error.Xml;

/**
 * The browser landing page behind the form login: who is signed in, where to point sync clients, and sign-out.
 * The web UI replaces it; the session it proves (Spring Session in PostgreSQL) is what the UI will use.
 */
@RestController
class HomeController {

    @GetMapping(value = {"/", "/index.php"}, produces = MediaType.TEXT_HTML_VALUE)
    String home(@AuthenticationPrincipal AuthenticatedUser user, CsrfToken csrf) {
        String name = Xml.escape(user.account().displayName());
        String login = Xml.escape(user.account().username());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Stratus</title></head>
                <body>
                <h1>Stratus</h1>
                <p>Signed in as <strong id="user">%s</strong> (%s).</p>
                <p>Connect the Nextcloud desktop or mobile app to this server's address, or any WebDAV client to
                <code>/remote.php/dav/files/%s/</code>.</p>
                <form method="post" action="/logout"><input type="hidden" name="%s" value="%s">
                <button type="submit">Sign out</button></form>
                </body></html>
                """.formatted(name, login, login, Xml.escape(csrf.getParameterName()), Xml.escape(csrf.getToken()));
    }
}
