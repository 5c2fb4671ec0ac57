package org.stratus.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The Grafana dashboards under {@code monitoring/grafana/dashboards}: loading them, walking their panels and
 * queries, and putting concrete values in for Grafana's template variables so that a query can be sent to a real
 * Prometheus.
 */
final class Dashboards {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Dashboards of the Stratus service itself: in the test every one of their panels must return data. */
    static final List<String> SERVICE_DASHBOARDS = List.of("stratus-overview.json", "stratus-storage.json");

    /** What Grafana's built-in interval variables stand for in the tests (Prometheus scrapes every second there). */
    private static final Map<String, String> BUILT_INS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__range", "1h",
            "__auto", "1m");

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\{(\\w+)(?::(\\w+))?}|\\[\\[(\\w+)(?::(\\w+))?]]|\\$(\\w+)");

    private Dashboards() {}

    /** One dashboard file and its parsed JSON. */
    record Dashboard(String file, JsonNode json) {
        String title() {
            return json.path("title").asString("");
        }

        /** Every panel, rows' nested panels included (a collapsed row keeps its panels inside itself). */
        List<JsonNode> panels() {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode panel : json.path("panels").values()) {
                out.add(panel);
                out.addAll(panel.path("panels").values());
            }
            return out;
        }

        List<JsonNode> variables() {
            return new ArrayList<>(json.path("templating").path("list").values());
        }

        /** Every query of every panel, with the datasource type that runs it (the target's, else the panel's). */
        List<Query> queries() {
            List<Query> out = new ArrayList<>();
            for (JsonNode panel : panels()) {
                for (JsonNode target : panel.path("targets").values()) {
                    JsonNode ds = target.path("datasource").isObject() ? target.path("datasource")
                            : panel.path("datasource");
                    out.add(new Query(this, panel.path("title").asString(""), target.path("refId").asString(""),
                            ds.path("type").asString(""), target.path("expr").asString("")));
                }
            }
            return out;
        }

        /**
         * The selectors of Prometheus query variables ({@code label_values(up{job="stratus"}, instance)} gives
         * {@code up{job="stratus"}}): Grafana lists the variable's values from the series they select.
         */
        List<Query> variableSelectors() {
            List<Query> out = new ArrayList<>();
            Pattern labelValues = Pattern.compile("^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$", Pattern.DOTALL);
            for (JsonNode variable : variables()) {
                if (!"query".equals(variable.path("type").asString(""))) {
                    continue;
                }
                JsonNode q = variable.path("query");
                String text = q.isObject() ? q.path("query").asString("") : q.asString("");
                Matcher m = labelValues.matcher(text);
                String selector = m.matches() ? m.group(1) : text;
                out.add(new Query(this, "variable $" + variable.path("name").asString(""), "var",
                        variable.path("datasource").path("type").asString(""), selector));
            }
            return out;
        }

        /**
         * Puts values in for the template variables of {@code expr}: Grafana's interval variables get fixed
         * durations, query variables (replica, cluster, backend...) match everything like their "All" option,
         * constants, custom and text box variables their current value. An undefined variable is an error.
         */
        String substitute(String expr) {
            Map<String, String> values = new HashMap<>();
            for (JsonNode variable : variables()) {
                String name = variable.path("name").asString("");
                String type = variable.path("type").asString("");
                switch (type) {
                    case "query" -> values.put(name, ".*");
                    case "datasource" -> { } // only datasource references name these, never a query
                    default -> {
                        JsonNode current = variable.path("current").path("value");
                        values.put(name, current.isString() ? current.asString()
                                : variable.path("query").asString(""));
                    }
                }
            }
            Matcher m = VARIABLE.matcher(expr);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(5);
                String value = BUILT_INS.containsKey(name) ? BUILT_INS.get(name) : values.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("undefined template variable $" + name + " in: " + expr);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** One query of a panel. */
    record Query(Dashboard dashboard, String panel, String refId, String datasourceType, String expr) {
        @Override
        public String toString() {
            return dashboard.file() + " / " + panel + " [" + refId + "]: " + expr;
        }
    }

    /** The repository's {@code monitoring/grafana/dashboards}, found upwards from the working directory. */
    static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("monitoring/grafana/dashboards");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("monitoring/grafana/dashboards not found above " + Path.of("").toAbsolutePath());
    }

    static List<Path> files() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Dashboard> load() {
        return files().stream().map(p -> new Dashboard(p.getFileName().toString(), JSON.readTree(p))).toList();
    }
}
