package org.stratus.monitoring;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads Prometheus rule files and promtool unit-test files as data (SnakeYAML, safe constructor). */
final class RuleFiles {

    /** One alerting rule; an alert name may have several rules (one per severity). */
    record Alert(String name, Path file, Map<String, String> labels, Map<String, String> annotations) {
        String severity() {
            return labels.get("severity");
        }
    }

    /** One {@code alert_rule_test} entry: firing when it expects alerts, not firing when it expects none. */
    record AlertCase(String alertname, boolean firing, Set<String> severities) {}

    /** What a promtool test file loads and checks. */
    record UnitTestFile(Path file, Set<Path> ruleFiles, List<AlertCase> alertCases, List<String> exprs) {}

    private RuleFiles() {}

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Alert> alerts(Path rulesDir) {
        List<Alert> alerts = new ArrayList<>();
        for (Path file : yamlFiles(rulesDir)) {
            for (Map<String, Object> rule : rules(file)) {
                if (rule.containsKey("alert")) {
                    alerts.add(new Alert(String.valueOf(rule.get("alert")), file, strings(rule.get("labels")),
                            strings(rule.get("annotations"))));
                }
            }
        }
        return alerts;
    }

    static List<String> recordingRules(Path rulesDir) {
        return yamlFiles(rulesDir).stream()
                .flatMap(file -> rules(file).stream())
                .filter(rule -> rule.containsKey("record"))
                .map(rule -> String.valueOf(rule.get("record")))
                .toList();
    }

    static UnitTestFile unitTestFile(Path file) {
        Map<String, Object> doc = load(file);
        Set<Path> ruleFiles = new LinkedHashSet<>();
        for (Object ruleFile : list(doc.get("rule_files"))) {
            ruleFiles.add(file.getParent().resolve(String.valueOf(ruleFile)).normalize());
        }
        List<AlertCase> cases = new ArrayList<>();
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> test : maps(doc.get("tests"))) {
            for (Map<String, Object> alertTest : maps(test.get("alert_rule_test"))) {
                List<Map<String, Object>> expected = maps(alertTest.get("exp_alerts"));
                Set<String> severities = new LinkedHashSet<>();
                for (Map<String, Object> alert : expected) {
                    String severity = strings(alert.get("exp_labels")).get("severity");
                    if (severity != null) {
                        severities.add(severity);
                    }
                }
                cases.add(new AlertCase(String.valueOf(alertTest.get("alertname")), !expected.isEmpty(), severities));
            }
            for (Map<String, Object> exprTest : maps(test.get("promql_expr_test"))) {
                exprs.add(String.valueOf(exprTest.get("expr")));
            }
        }
        return new UnitTestFile(file, ruleFiles, cases, exprs);
    }

    static Map<String, Object> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return doc == null ? Map.of() : map(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> rules(Path file) {
        return maps(load(file).get("groups")).stream().flatMap(group -> maps(group.get("rules")).stream()).toList();
    }

    static Map<String, String> strings(Object value) {
        Map<String, String> result = new LinkedHashMap<>();
        map(value).forEach((k, v) -> result.put(k, v == null ? null : String.valueOf(v)));
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    static List<Map<String, Object>> maps(Object value) {
        return list(value).stream().map(RuleFiles::map).toList();
    }
}
