package org.stratus.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.stratus.monitoring.RuleFiles.Alert;
import org.stratus.monitoring.RuleFiles.AlertCase;
import org.stratus.monitoring.RuleFiles.UnitTestFile;

/**
 * The Prometheus alerting and recording rules in {@code monitoring/prometheus/rules/}: valid for promtool, passing
 * their promtool unit tests, every alert tested firing and not firing, labelled, annotated and backed by a runbook.
 */
class AlertRulesTest {

    private static final String RUNBOOK_BASE = "https://github.com/stratus-cloud/stratus/blob/main/docs/runbooks/";
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final List<String> RUNBOOK_SECTIONS = List.of("## Meaning", "## Impact", "## Diagnosis",
            "## Mitigation");

    private static final Path ROOT = RepositoryRoot.find();
    private static final Path RULES = ROOT.resolve("monitoring/prometheus/rules");
    private static final Path TESTS = ROOT.resolve("monitoring/prometheus/tests");
    private static final Path RUNBOOKS = ROOT.resolve("docs/runbooks");

    @TestFactory
    Stream<DynamicTest> everyRuleFilePassesPromtoolCheck() {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        return RuleFiles.yamlFiles(RULES).stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            ExternalTool.Result result = promtool.run(RULES, Duration.ofMinutes(1), "check", "rules",
                    file.getFileName().toString());
            assertThat(result.exitCode()).as("promtool check rules %s:%n%s", file, result.output()).isZero();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPromtoolUnitTestFilePasses() {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        List<Path> testFiles = RuleFiles.yamlFiles(TESTS);
        assertThat(testFiles).as("promtool test files in %s", TESTS).isNotEmpty();
        // The SLO cases replay days of samples: allow a loaded CI machine its time.
        return testFiles.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
            ExternalTool.Result result = promtool.run(TESTS, Duration.ofMinutes(10), "test", "rules",
                    file.getFileName().toString());
            assertThat(result.exitCode()).as("promtool test rules %s:%n%s", file, result.output()).isZero();
        }));
    }

    @Test
    void everyAlertHasASeverityAServiceASummaryADescriptionAndARunbookUrl() {
        List<Alert> alerts = RuleFiles.alerts(RULES);
        assertThat(alerts).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Alert alert : alerts) {
            String where = alert.name() + " (" + alert.file().getFileName() + ")";
            if (!SEVERITIES.contains(alert.severity())) {
                problems.add(where + ": labels.severity is '" + alert.severity() + "', not one of " + SEVERITIES);
            }
            if (isBlank(alert.labels().get("service"))) {
                problems.add(where + ": no labels.service");
            }
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (isBlank(alert.annotations().get(annotation))) {
                    problems.add(where + ": no annotations." + annotation);
                }
            }
            String expectedUrl = RUNBOOK_BASE + alert.name() + ".md";
            if (!expectedUrl.equals(alert.annotations().get("runbook_url"))) {
                problems.add(where + ": runbook_url should be " + expectedUrl);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyAlertHasARunbookWithMeaningImpactDiagnosisAndMitigation() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : alertNames()) {
            Path runbook = RUNBOOKS.resolve(name + ".md");
            if (!Files.isRegularFile(runbook)) {
                problems.add(name + ": no runbook " + ROOT.relativize(runbook));
                continue;
            }
            List<String> lines = Files.readAllLines(runbook);
            int previous = -1;
            for (String section : RUNBOOK_SECTIONS) {
                int at = lines.indexOf(section);
                if (at < 0) {
                    problems.add(name + ": runbook has no '" + section + "' heading");
                } else if (at < previous) {
                    problems.add(name + ": '" + section + "' is out of order (Meaning, Impact, Diagnosis, Mitigation)");
                } else if (sectionIsEmpty(lines, at)) {
                    problems.add(name + ": '" + section + "' is empty");
                }
                previous = Math.max(previous, at);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRunbookBelongsToAnAlert() throws IOException {
        Set<String> names = alertNames();
        try (Stream<Path> files = Files.list(RUNBOOKS)) {
            List<String> orphans = files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".md") && !f.equals("README.md"))
                    .map(f -> f.substring(0, f.length() - ".md".length()))
                    .filter(name -> !names.contains(name))
                    .sorted()
                    .toList();
            assertThat(orphans).as("runbooks without an alert").isEmpty();
        }
    }

    /**
     * promtool passes a test that expects no alert from an alert name that does not exist, so coverage is checked
     * here: every alert is expected to fire (in each of its severities) and expected not to fire somewhere, in a
     * test file that loads the rule file defining it; and every tested alert name exists.
     */
    @Test
    void everyAlertIsTestedFiringInEachSeverityAndNotFiring() {
        List<Alert> alerts = RuleFiles.alerts(RULES);
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path file : RuleFiles.yamlFiles(TESTS)) {
            UnitTestFile tests = RuleFiles.unitTestFile(file);
            Set<String> loaded = alerts.stream().filter(a -> tests.ruleFiles().contains(a.file()))
                    .map(Alert::name).collect(Collectors.toSet());
            for (AlertCase c : tests.alertCases()) {
                if (!loaded.contains(c.alertname())) {
                    problems.add(file.getFileName() + " tests '" + c.alertname()
                            + "', which no rule file it loads defines");
                } else if (c.firing()) {
                    c.severities().forEach(severity -> firing.add(c.alertname() + "/" + severity));
                } else {
                    quiet.add(c.alertname());
                }
            }
        }
        for (Alert alert : alerts) {
            if (!firing.contains(alert.name() + "/" + alert.severity())) {
                problems.add(alert.name() + " (" + alert.severity() + ") is never expected to fire");
            }
            if (!quiet.contains(alert.name())) {
                problems.add(alert.name() + " is never expected to stay quiet");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRecordingRuleIsCheckedByAPromqlExpressionTest() {
        String exprs = RuleFiles.yamlFiles(TESTS).stream()
                .flatMap(file -> RuleFiles.unitTestFile(file).exprs().stream())
                .collect(Collectors.joining("\n"));
        List<String> untested = RuleFiles.recordingRules(RULES).stream()
                .filter(name -> !mentions(exprs, name))
                .toList();
        assertThat(untested).as("recording rules without a promql_expr_test").isEmpty();
    }

    /** Table rows of docs/operations.md: | `AlertName` | severities | meaning | [runbook](runbooks/AlertName.md) |. */
    @Test
    void theOperationsGuideListsEveryAlertWithItsSeveritiesAndRunbook() throws IOException {
        String guide = Files.readString(ROOT.resolve("docs/operations.md"));
        Matcher rows = Pattern.compile("(?m)^\\|\\s*`?(\\w+)`?\\s*\\|([^|]*)\\|.*\\]\\(runbooks/(\\w+)\\.md\\)")
                .matcher(guide);
        Map<String, String> listed = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        while (rows.find()) {
            listed.put(rows.group(1), rows.group(2));
            if (!rows.group(1).equals(rows.group(3))) {
                problems.add(rows.group(1) + " links the runbook of " + rows.group(3));
            }
        }
        for (Alert alert : RuleFiles.alerts(RULES)) {
            String severities = listed.get(alert.name());
            if (severities == null) {
                problems.add(alert.name() + " is missing from the alert table of docs/operations.md");
            } else if (!severities.contains(alert.severity())) {
                problems.add(alert.name() + " is listed without its severity " + alert.severity());
            }
        }
        assertThat(problems).isEmpty();
    }

    static Set<String> alertNames() {
        return RuleFiles.alerts(RULES).stream().map(Alert::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether {@code text} uses the metric {@code name} (metric names are words of letters, digits, _ and :). */
    private static boolean mentions(String text, String name) {
        return Pattern.compile("(?<![\\w:])" + Pattern.quote(name) + "(?![\\w:])").matcher(text).find();
    }

    private static boolean sectionIsEmpty(List<String> lines, int heading) {
        for (int i = heading + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            if (!lines.get(i).isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
