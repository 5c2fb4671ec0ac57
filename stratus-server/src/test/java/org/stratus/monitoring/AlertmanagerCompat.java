package org.stratus.monitoring;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped Alertmanager configuration reads the Telegram bot token from a file ({@code bot_token_file}), which
 * Alertmanager supports from 0.26 on. Debian bookworm ships amtool 0.25, which rejects the key. With such an amtool
 * the tests check a copy that differs in exactly that: {@code bot_token_file} becomes a placeholder
 * {@code bot_token}, and template globs become absolute so the copy can live elsewhere. Everything else -- routes,
 * inhibitions, receivers, templates -- is checked as shipped. With amtool 0.26 or later the file is checked as is.
 */
final class AlertmanagerCompat {

    private static final Pattern VERSION = Pattern.compile("version (\\d+)\\.(\\d+)\\.");

    private AlertmanagerCompat() {}

    static Path configFor(ExternalTool amtool, Path config, Path workDir) throws IOException {
        ExternalTool.Result version = amtool.run(workDir, Duration.ofSeconds(30), "--version");
        Matcher matcher = VERSION.matcher(version.output());
        if (!matcher.find()) {
            throw new IllegalStateException("Cannot read the amtool version from: " + version.output());
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major > 0 || minor >= 26) {
            return config;
        }
        Map<String, Object> doc = new LinkedHashMap<>(RuleFiles.load(config));
        List<String> templates = RuleFiles.list(doc.get("templates")).stream()
                .map(glob -> config.getParent().resolve(String.valueOf(glob)).toString())
                .toList();
        doc.put("templates", templates);
        for (Map<String, Object> receiver : RuleFiles.maps(doc.get("receivers"))) {
            for (Map<String, Object> telegram : RuleFiles.maps(receiver.get("telegram_configs"))) {
                if (telegram.remove("bot_token_file") != null) {
                    telegram.put("bot_token", "0:placeholder-for-amtool-0.25");
                }
            }
        }
        Path copy = workDir.resolve("alertmanager-0.25.yml");
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try (Writer writer = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            new Yaml(options).dump(doc, writer);
        }
        return copy;
    }
}
