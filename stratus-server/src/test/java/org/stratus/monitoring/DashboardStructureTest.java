package org.stratus.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stratus.monitoring.Dashboards.Dashboard;
import org.stratus.monitoring.Dashboards.Query;
import tools.jackson.databind.JsonNode;

/**
 * Cheap checks of the dashboard files that need no server: each one is JSON that Grafana can provision (uid,
 * title, unique panel ids, a datasource on every panel, the datasource variables it refers to) and every query
 * names only variables the dashboard defines. {@link DashboardQueriesTest} runs the queries.
 */
class DashboardStructureTest {

    private static final Set<String> UNITLESS = Set.of("row", "logs");

    @Test
    void theDashboardsThisIssueNeedsAreThere() {
        List<String> names = Dashboards.files().stream().map(p -> p.getFileName().toString()).toList();
        assertThat(names).contains("stratus-overview.json", "stratus-storage.json", "database-cluster.json",
                "proxies.json", "logs.json");
    }

    @Test
    void everyDashboardParsesAndIsWellFormed() {
        List<String> problems = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (Path file : Dashboards.files()) {
            String name = file.getFileName().toString();
            JsonNode json;
            try {
                json = Dashboards.JSON.readTree(file);
            } catch (RuntimeException e) {
                problems.add(name + ": not JSON: " + e.getMessage());
                continue;
            }
            Dashboard dashboard = new Dashboard(name, json);
            String uid = json.path("uid").asString("");
            if (uid.isBlank()) {
                problems.add(name + ": no uid");
            } else if (uid.length() > 40) {
                problems.add(name + ": uid longer than Grafana's 40 characters");
            } else if (!uids.add(uid)) {
                problems.add(name + ": uid " + uid + " used twice");
            }
            if (dashboard.title().isBlank()) {
                problems.add(name + ": no title");
            }
            if (!json.path("schemaVersion").isNumber()) {
                problems.add(name + ": no schemaVersion");
            }
            Set<String> variables = new HashSet<>();
            dashboard.variables().forEach(v -> variables.add(v.path("name").asString("")));
            for (String required : List.of("datasource", "loki")) {
                if (!variables.contains(required)) {
                    problems.add(name + ": no ${" + required + "} datasource variable");
                }
            }
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.panels()) {
                String title = name + " / " + panel.path("title").asString("?");
                String type = panel.path("type").asString("");
                if (!panel.path("id").isInt()) {
                    problems.add(title + ": no numeric id");
                } else if (!ids.add(panel.path("id").asInt())) {
                    problems.add(title + ": panel id " + panel.path("id").asInt() + " used twice");
                }
                if (panel.path("title").asString("").isBlank()) {
                    problems.add(name + ": panel " + panel.path("id") + " has no title");
                }
                JsonNode ds = panel.path("datasource");
                String dsUid = ds.path("uid").asString("");
                if (!ds.isObject() || ds.path("type").asString("").isBlank() || dsUid.isBlank()) {
                    problems.add(title + ": no datasource");
                } else if (!dsUid.equals("${datasource}") && !dsUid.equals("${loki}")) {
                    problems.add(title + ": datasource " + dsUid + " is not ${datasource} or ${loki}");
                }
                if (!UNITLESS.contains(type) && panel.path("fieldConfig").path("defaults").path("unit").asString("")
                        .isBlank()) {
                    problems.add(title + ": no unit");
                }
                if (!panel.path("gridPos").path("w").isInt() || !panel.path("gridPos").path("h").isInt()) {
                    problems.add(title + ": no gridPos");
                }
                if (!type.equals("row") && panel.path("targets").isEmpty()) {
                    problems.add(title + ": no query");
                }
            }
            for (Query query : dashboard.queries()) {
                if (query.expr().isBlank()) {
                    problems.add(query + ": empty expression");
                    continue;
                }
                try {
                    dashboard.substitute(query.expr());
                } catch (IllegalArgumentException e) {
                    problems.add(query.dashboard().file() + " / " + query.panel() + ": " + e.getMessage());
                }
            }
        }
        assertThat(problems).as("dashboard problems").isEmpty();
    }

    @Test
    void theLogQlCheckRejectsWhatLokiWouldRejectOrShouldNotBeAsked() {
        assertThat(LogQlSanity.problems("sum by (level) (count_over_time({app=\"stratus\", namespace=~\".*\"} [1m]))"))
                .isEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus\"} | json status=\"status\" | status=~\"5..\"")).isEmpty();
        assertThat(LogQlSanity.problems("")).isNotEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus\"")).isNotEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus}")).isNotEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus\", request_id=\"abc\"}")).isNotEmpty();
        assertThat(LogQlSanity.problems("{namespace=~\".*\"}")).isNotEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus\", level=~\"(\"}")).isNotEmpty();
        assertThat(LogQlSanity.problems("sum(count_over_tme({app=\"stratus\"}[1m]))")).isNotEmpty();
        assertThat(LogQlSanity.problems("sum(count_over_time({app=\"stratus\"}[1x]))")).isNotEmpty();
        assertThat(LogQlSanity.problems("sum(count_over_time({app=\"stratus\"}))")).isNotEmpty();
        assertThat(LogQlSanity.problems("sum({app=\"stratus\"})")).isNotEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus\"} | jsn")).isNotEmpty();
        assertThat(LogQlSanity.problems("{app=\"stratus\"} |= ")).isNotEmpty();
        assertThat(LogQlSanity.problems("up{job=\"stratus\"}")).isNotEmpty();
    }
}
