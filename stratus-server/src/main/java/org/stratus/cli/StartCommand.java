package org.stratus.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.stratus.StratusApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code stratus start}: runs the server. Options become Spring properties, so every one of them can also be set
 * in the environment ({@code STRATUS_DB_URL}, {@code SERVER_PORT}, ...) as the config reference describes.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start the Stratus server.")
public final class StartCommand implements Runnable {

    @Option(names = "--port", description = "HTTP port (default 8080).")
    Integer port;

    @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--data", description = "Folder for file contents and the embedded database (default ./data).")
    Path data;

    @Option(names = "--db-url", description = "JDBC URL of an external PostgreSQL (or STRATUS_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", description = "Database user (or STRATUS_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", description = "Database password (prefer STRATUS_DB_PASSWORD).")
    String dbPassword;

    @Override
    public void run() {
        List<String> args = new ArrayList<>();
        add(args, "server.port", port);
        add(args, "server.address", bind);
        add(args, "stratus.data-dir", data == null ? null : data.toAbsolutePath().normalize());
        add(args, "stratus.db.url", dbUrl);
        add(args, "stratus.db.user", dbUser);
        add(args, "stratus.db.password", dbPassword);
        if (!attachedToTerminal() && System.getenv("LOGGING_STRUCTURED_FORMAT_CONSOLE") == null) {
            args.add("--logging.structured.format.console=ecs");
        }
        SpringApplication.run(StratusApplication.class, args.toArray(String[]::new));
    }

    private static void add(List<String> args, String property, Object value) {
        if (value != null) {
            args.add("--" + property + "=" + value);
        }
    }

    /** JSON logs for machines, plain text for a person at a terminal. */
    static boolean attachedToTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal"); // JDK 22+: console may exist without a tty
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
