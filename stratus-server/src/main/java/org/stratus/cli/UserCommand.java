package org.stratus.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.stratus.users.InvalidUserException;
import org.stratus.users.UserAccount;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stratus user add|passwd|list|delete}. Passwords are read from the terminal (twice) or, when input is not
 * a terminal, from the first line of standard input; never from the command line, where {@code ps} would show them.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.ListUsers.class,
                UserCommand.Delete.class})
public final class UserCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Shared plumbing: open the database, run, report a clear error and exit code. */
    abstract static class UserSubcommand implements Callable<Integer> {
        @Mixin
        DatabaseHolder database = new DatabaseHolder();

        @Override
        public Integer call() throws Exception {
            quietLogging();
            try (CliDatabase db = new CliDatabase(database.options)) {
                run(db);
                return 0;
            } catch (InvalidUserException e) {
                System.err.println("error: " + e.getMessage());
                return 1;
            }
        }

        abstract void run(CliDatabase db) throws Exception;
    }

    /** Lets the database options be mixed into every subcommand. */
    static final class DatabaseHolder {
        @ArgGroup(exclusive = false)
        DatabaseOptions options = new DatabaseOptions();
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class Add extends UserSubcommand {
        @Parameters(index = "0", description = "User name.")
        String username;

        @Option(names = "--display-name", description = "Name shown in clients.")
        String displayName;

        @Option(names = "--quota", description = "Quota in bytes (default: unlimited).", defaultValue = "-1")
        long quota;

        @Override
        void run(CliDatabase db) throws Exception {
            UserAccount user = db.users().create(username, readPassword(), displayName, quota);
            System.out.println("Created user '" + user.username() + "'");
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Change a user's password.")
    static final class Passwd extends UserSubcommand {
        @Parameters(index = "0", description = "User name.")
        String username;

        @Override
        void run(CliDatabase db) throws Exception {
            db.users().changePassword(username, readPassword());
            System.out.println("Changed the password of '" + username + "'");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers extends UserSubcommand {
        @Override
        void run(CliDatabase db) {
            System.out.printf("%-24s %-32s %s%n", "USER", "DISPLAY NAME", "QUOTA");
            for (UserAccount user : db.users().list()) {
                System.out.printf("%-24s %-32s %s%n", user.username(), user.displayName(),
                        user.hasQuota() ? user.quotaBytes() + " B" : "unlimited");
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user and all their files.")
    static final class Delete extends UserSubcommand {
        @Parameters(index = "0", description = "User name.")
        String username;

        @Override
        void run(CliDatabase db) {
            db.users().delete(username);
            System.out.println("Deleted user '" + username + "'");
        }
    }

    /** The command's own output is the answer; library start-up chatter (pool, migrations) only hides it. */
    static void quietLogging() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    static String readPassword() throws Exception {
        Console console = System.console();
        if (console != null && StartCommand.attachedToTerminal()) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || !Arrays.equals(first, second)) {
                throw new InvalidUserException("The passwords do not match");
            }
            return new String(first);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new InvalidUserException("No password on standard input");
        }
        return line;
    }
}
