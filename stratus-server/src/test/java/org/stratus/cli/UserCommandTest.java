package org.stratus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.stratus.StratusMain;
import org.stratus.testing.DavClient;
import org.stratus.testing.StratusTestServer;
import picocli.CommandLine;

/** {@code stratus user add|passwd|list|delete} against an external database and against the embedded one. */
class UserCommandTest {

    record Result(int exit, String out, String err) {}

    private static synchronized Result run(String stdin, String... args) {
        InputStream originalIn = System.in;
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new StratusMain()).execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(originalIn);
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void usersManagedFromTheCommandLineCanLogInOnARunningServer() {
        try (StratusTestServer server = StratusTestServer.start()) {
            String[] db = {"--db-url", server.dbUrl(), "--db-user", "postgres"};
            Result added = run("bob-password-1\n", concat(new String[] {"user", "add", "bob", "--display-name",
                    "Bob B"}, db));
            assertThat(added.exit()).as(added.err()).isZero();
            DavClient bob = new DavClient(server, "bob", "bob-password-1");
            assertThat(bob.send("PROPFIND", "/remote.php/dav/files/bob/", null, "Depth", "0").statusCode())
                    .isEqualTo(207);

            Result duplicate = run("another-pass\n", concat(new String[] {"user", "add", "BOB"}, db));
            assertThat(duplicate.exit()).isEqualTo(1);
            assertThat(duplicate.err()).contains("already exists");

            Result weak = run("short\n", concat(new String[] {"user", "add", "carol"}, db));
            assertThat(weak.exit()).isEqualTo(1);
            assertThat(weak.err()).contains("at least 8 characters");

            Result passwd = run("bob-password-2\n", concat(new String[] {"user", "passwd", "bob"}, db));
            assertThat(passwd.exit()).as(passwd.err()).isZero();
            // The change takes effect at once, even though the old password was just verified and cached.
            assertThat(bob.send("PROPFIND", "/remote.php/dav/files/bob/", null, "Depth", "0").statusCode())
                    .isEqualTo(401);
            assertThat(new DavClient(server, "bob", "bob-password-2")
                    .send("PROPFIND", "/remote.php/dav/files/bob/", null, "Depth", "0").statusCode()).isEqualTo(207);

            Result list = run("", concat(new String[] {"user", "list"}, db));
            assertThat(list.out()).contains("admin", "bob", "Bob B");

            Result deleted = run("", concat(new String[] {"user", "delete", "bob"}, db));
            assertThat(deleted.exit()).as(deleted.err()).isZero();
            assertThat(run("", concat(new String[] {"user", "list"}, db)).out()).doesNotContain("bob");
            Result missing = run("", concat(new String[] {"user", "delete", "bob"}, db));
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("does not exist");
        }
    }

    @Test
    void worksOnTheEmbeddedDatabaseOfADataFolder() throws Exception {
        Path data = Files.createTempDirectory("cli-embedded");
        Result added = run("dave-password\n", "user", "add", "dave", "--data", data.toString());
        assertThat(added.exit()).as(added.err()).isZero();
        Result list = run("", "user", "list", "--data", data.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("dave");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
