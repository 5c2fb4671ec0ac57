package org.stratus;

import org.stratus.cli.StartCommand;
import org.stratus.cli.UserCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code stratus start} runs the server, {@code stratus user ...} manages users. */
@Command(name = "stratus", mixinStandardHelpOptions = true, version = "Stratus 0.1.0",
        description = "A fault-tolerant, self-hosted, Nextcloud-compatible file cloud.",
        subcommands = {StartCommand.class, UserCommand.class})
public final class StratusMain implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = new CommandLine(new StratusMain()).execute(args);
        if (exit != 0 || args.length == 0 || !"start".equals(args[0])) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
