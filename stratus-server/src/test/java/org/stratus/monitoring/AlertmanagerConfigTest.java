package org.stratus.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.stratus.monitoring.RuleFiles.Alert;

/**
 * {@code monitoring/alertmanager/alertmanager.yml}: valid for amtool, every severity routed to its receivers, the
 * Telegram token kept out of the file, inhibitions naming real alerts, the Telegram template rendering.
 */
class AlertmanagerConfigTest {

    private static final Path ROOT = RepositoryRoot.find();
    private static final Path CONFIG = ROOT.resolve("monitoring/alertmanager/alertmanager.yml");
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final Pattern ALERTNAME_MATCHER = Pattern.compile("alertname\\s*(=~|=)\\s*\"([^\"]+)\"");

    @TempDir
    static Path tmp;

    private static ExternalTool amtool;
    private static Path checkedConfig;

    @BeforeAll
    static void prepare() throws IOException {
        amtool = ExternalTool.require("amtool", "prometheus-alertmanager");
        checkedConfig = AlertmanagerCompat.configFor(amtool, CONFIG, tmp);
    }

    @Test
    void amtoolAcceptsTheConfiguration() {
        ExternalTool.Result result = amtool.run(ROOT, TIMEOUT, "check-config", checkedConfig.toString());
        assertThat(result.exitCode()).as("amtool check-config %s:%n%s", checkedConfig, result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @TestFactory
    Stream<DynamicTest> representativeAlertsReachTheirReceivers() {
        return Stream.of(
                route("telegram,webhook", "alertname=PatroniNoLeader", "severity=critical", "service=postgresql",
                        "scope=stratus"),
                route("telegram,webhook", "alertname=StratusErrorBudgetBurn", "severity=critical", "service=stratus",
                        "slo=availability", "window=1h"),
                route("telegram", "alertname=StratusReplicaDown", "severity=warning", "service=stratus",
                        "instance=stratus-0:8080"),
                route("telegram", "alertname=EdgeCertificateExpiring", "severity=warning", "service=edge"),
                route("webhook", "alertname=SomethingToRecord", "severity=info", "service=stratus"),
                route("heartbeat", "alertname=Watchdog", "severity=info", "service=prometheus"),
                // A rule that forgot its severity is a bug: it must still reach people.
                route("telegram", "alertname=RuleWithoutSeverity", "service=stratus"));
    }

    @TestFactory
    Stream<DynamicTest> everyAlertRuleReachesTheReceiversOfItsSeverity() {
        Set<String> seen = new LinkedHashSet<>();
        return RuleFiles.alerts(ROOT.resolve("monitoring/prometheus/rules")).stream()
                .filter(alert -> seen.add(alert.name() + "/" + alert.severity()))
                .map(alert -> route(expectedReceivers(alert), labels(alert)));
    }

    @Test
    void inhibitionsAndRoutesNameOnlyAlertsThatExist() throws IOException {
        Set<String> alerts = AlertRulesTest.alertNames();
        Matcher matcher = ALERTNAME_MATCHER.matcher(Files.readString(CONFIG, StandardCharsets.UTF_8));
        List<String> unknown = new ArrayList<>();
        int found = 0;
        while (matcher.find()) {
            List<String> names = matcher.group(1).equals("=~") ? List.of(matcher.group(2).split("\\|"))
                    : List.of(matcher.group(2));
            for (String name : names) {
                found++;
                if (!alerts.contains(name)) {
                    unknown.add(name);
                }
            }
        }
        assertThat(found).as("alertname matchers in %s", CONFIG).isPositive();
        assertThat(unknown).as("alert names in alertmanager.yml that no rule defines").isEmpty();
    }

    @Test
    void theTelegramBotTokenIsReadFromAFileAndNeverWrittenInTheConfig() {
        List<Map<String, Object>> telegram = RuleFiles.maps(RuleFiles.load(CONFIG).get("receivers")).stream()
                .flatMap(receiver -> RuleFiles.maps(receiver.get("telegram_configs")).stream())
                .toList();
        assertThat(telegram).isNotEmpty();
        for (Map<String, Object> config : telegram) {
            assertThat(config).doesNotContainKey("bot_token").containsKey("bot_token_file");
            assertThat(config.get("chat_id")).isInstanceOf(Number.class);
        }
    }

    @Test
    void theTelegramMessageShowsSummaryDescriptionAndRunbookOfEachAlert() throws IOException {
        Path data = tmp.resolve("notification.json");
        Files.writeString(data, """
                {"receiver": "telegram", "status": "firing",
                 "alerts": [{"status": "firing",
                   "labels": {"alertname": "StratusReplicaDown", "severity": "warning", "instance": "stratus-0:8080"},
                   "annotations": {"summary": "Stratus replica stratus-0:8080 is down",
                                   "description": "Prometheus has not been able to scrape it.",
                                   "runbook_url": "https://example.org/runbooks/StratusReplicaDown.md"},
                   "startsAt": "2026-01-01T00:00:00Z", "endsAt": "0001-01-01T00:00:00Z"}],
                 "groupLabels": {"alertname": "StratusReplicaDown"},
                 "commonLabels": {"alertname": "StratusReplicaDown", "severity": "warning", "cluster": "prod"},
                 "commonAnnotations": {}, "externalURL": "http://alertmanager:9093"}
                """);
        ExternalTool.Result result = amtool.run(ROOT, TIMEOUT, "template", "render",
                "--template.glob=" + CONFIG.getParent().resolve("templates") + "/*.tmpl",
                "--template.text={{ template \"stratus.telegram.message\" . }}",
                "--template.data=" + data);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("<b>FIRING [1]</b> StratusReplicaDown (warning) on prod",
                "<b>Stratus replica stratus-0:8080 is down</b>", "Prometheus has not been able to scrape it.",
                "<a href=\"https://example.org/runbooks/StratusReplicaDown.md\">Runbook</a>");
    }

    private static DynamicTest route(String receivers, String... labels) {
        return dynamicTest(String.join(" ", labels) + " -> " + receivers, () -> {
            List<String> args = new ArrayList<>(List.of("config", "routes", "test", "--config.file=" + checkedConfig,
                    "--verify.receivers=" + receivers));
            args.addAll(List.of(labels));
            ExternalTool.Result result = amtool.run(ROOT, TIMEOUT, args.toArray(String[]::new));
            assertThat(result.exitCode()).as("amtool config routes test %s:%n%s", String.join(" ", labels),
                    result.output()).isZero();
            assertThat(result.output().lines()).contains(receivers);
        });
    }

    private static String expectedReceivers(Alert alert) {
        if (alert.name().equals("Watchdog")) {
            return "heartbeat";
        }
        return switch (alert.severity()) {
            case "critical" -> "telegram,webhook";
            case "warning" -> "telegram";
            case "info" -> "webhook";
            default -> throw new IllegalStateException(alert.name() + " has severity " + alert.severity());
        };
    }

    private static String[] labels(Alert alert) {
        List<String> labels = new ArrayList<>(List.of("alertname=" + alert.name()));
        alert.labels().forEach((name, value) -> labels.add(name + "=" + value));
        return labels.toArray(String[]::new);
    }
}
