package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * observability/grafana-dashboard.json: it parses, every panel queries something, and every
 * metric it queries is one Tributary or Camel exports. Tributary's names are derived from the
 * meter names in src/main/java (Micrometer's Prometheus naming: dots to underscores, counters
 * with _total, seconds gauges with _seconds); Camel's are the ones seen on /observe/metrics.
 */
public class ObservabilityFilesTest {

    private static final Path DASHBOARD = Path.of("observability/grafana-dashboard.json");
    /** Seen on the management port's /observe/metrics with camel-micrometer-prometheus 4.18.0. */
    private static final Set<String> CAMEL_METRICS = Set.of("camel_exchanges_total", "camel_exchanges_succeeded_total",
            "camel_routes_running_routes");

    private static StringBuilder queries(JsonNode panels, StringBuilder into, Set<Integer> ids) {
        for (JsonNode panel : panels) {
            assertTrue(ids.add(panel.path("id").asInt()), "unique panel id " + panel.path("id"));
            if ("row".equals(panel.path("type").asText())) {
                queries(panel.path("panels"), into, ids);
                continue;
            }
            assertTrue(panel.path("targets").size() > 0, "panel '" + panel.path("title").asText() + "' has a query");
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertTrue(!expr.isBlank(), "panel '" + panel.path("title").asText() + "' has an empty query");
                assertEquals("${datasource}", target.path("datasource").path("uid").asText(), "queries use the datasource variable");
                into.append(expr).append('\n');
            }
        }
        return into;
    }

    /** Every metric name the dashboard queries (tributary_* and camel_*). */
    public static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        String exprs = queries(dashboard.path("panels"), new StringBuilder(), new HashSet<>()).toString();
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(?:tributary|camel)_[a-z_]+").matcher(exprs);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void should_query_only_metrics_that_exist() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertEquals("tributary-overview", dashboard.path("uid").asText());
        String exprs = queries(dashboard.path("panels"), new StringBuilder(), new HashSet<>()).toString();
        DeploymentManifestsTest.assertMetricsExist(exprs, DASHBOARD.toString());

        Matcher camel = Pattern.compile("\\bcamel_[a-z_]+").matcher(exprs);
        while (camel.find()) {
            assertTrue(CAMEL_METRICS.contains(camel.group()), "the dashboard queries " + camel.group() + ", which Camel does not export here");
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\btributary_[a-z_]+").matcher(exprs);
        while (m.find()) {
            used.add(m.group());
        }
        for (String metric : Set.of("tributary_events_received_total", "tributary_events_published_total",
                "tributary_events_duplicates_total", "tributary_events_deadlettered_total", "tributary_webhook_rejected_total",
                "tributary_poll_errors_total", "tributary_cursor_age_seconds", "tributary_poll_last_success_age_seconds",
                "tributary_spool_depth", "tributary_spool_oldest_age_seconds")) {
            assertTrue(used.contains(metric), "the dashboard shows " + metric);
        }
    }

    @Test
    void should_reject_a_metric_nobody_exports() {
        // The name check must be able to fail.
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> DeploymentManifestsTest.assertMetricsExist("rate(tributary_events_recieved_total[5m])", "a typo"));
        assertTrue(e.getMessage().contains("tributary_events_recieved_total"));
    }

    @Test
    void should_filter_by_a_provider_variable_from_the_metrics() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        Set<String> variables = new TreeSet<>();
        for (JsonNode v : dashboard.path("templating").path("list")) {
            variables.add(v.path("name").asText());
        }
        assertEquals(Set.of("datasource", "provider"), variables);
        String exprs = queries(dashboard.path("panels"), new StringBuilder(), new HashSet<>()).toString();
        for (String line : exprs.split("\n")) {
            if (line.contains("tributary_")) {
                assertTrue(line.contains("provider=~\"$provider\""), "filtered by the provider variable: " + line);
            }
        }
    }
}
