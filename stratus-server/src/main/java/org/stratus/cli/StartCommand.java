package org.stratus.cli;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.stratus.StratusApplication;
import org.stratus.ops.EcsLogFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Override
    public void run() {
        List<String> args = new ArrayList<>();
        add(args, "server.port", port);
        add(args, "server.address", bind);
        // Only what was given on the command line: Spring reads the STRATUS_* environment itself.
        add(args, "stratus.data-dir", database.data == null ? null : database.data.toAbsolutePath().normalize());
        add(args, "stratus.db.url", database.dbUrl);
        add(args, "stratus.db.user", database.dbUser);
        add(args, "stratus.db.password", database.dbPassword);
        if (!attachedToTerminal() && System.getenv("LOGGING_STRUCTURED_FORMAT_CONSOLE") == null) {
            args.add("--logging.structured.format.console=" + EcsLogFormat.NAME);
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
