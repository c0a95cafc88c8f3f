package io.tributary.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.poll.cursor.KafkaCursorStore;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.mapping.EventMapping;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Route files loaded into a Camel context that is never started (no broker, no HTTP server, no
 * Kafka client): Camel creates their beans and routes, so a value it cannot convert fails here, and
 * every EventMapping compiles (its JSONPaths too) and maps its fixture where fixtures are.
 */
final class RouteLoad {

    /** {@code file:12: ...} or {@code classpath:x.yaml:12: ...} at the start of a message (EventMapping's style). */
    private static final Pattern AT_LINE = Pattern.compile("^(\\S+\\.yaml):(\\d+): (.*)$", Pattern.DOTALL);

    private RouteLoad() {
    }

    /** A context (the caller closes it) with {@code files} loaded; settings override application.properties. */
    static DefaultCamelContext context(Map<String, String> settings) {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        overrides.putAll(settings);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        context.getRegistry().bind("cursorStore", new KafkaCursorStore()); // never attached: nothing reads Kafka
        context.getRegistry().bind("tributaryMetrics", new TributaryMetrics(context));
        return context;
    }

    /** Loads each file; a file Camel refuses is one problem, and the others still load. */
    static List<Problem> load(DefaultCamelContext context, List<RouteCatalogue.RouteFile> files) {
        List<Problem> problems = new ArrayList<>();
        for (RouteCatalogue.RouteFile f : files) {
            try {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, f.location()));
            } catch (Exception | LinkageError e) {
                problems.add(problem(f.shown(), e));
            }
        }
        return problems;
    }

    /** Compiles every mapping and maps its fixture; problems by provider id. */
    static Map<String, Problem> mappings(DefaultCamelContext context, String routesShown) {
        Map<String, Problem> out = new java.util.TreeMap<>();
        for (EventMapping m : context.getRegistry().findByType(EventMapping.class)) {
            try {
                m.checkAtStart();
            } catch (RuntimeException e) {
                out.put(String.valueOf(m.provider()), problem(routesShown + "/" + m.provider() + ".camel.yaml", e));
            }
        }
        return out;
    }

    /** One problem from an exception: the {@code file:line} its message names, else {@code file} and the deepest message. */
    static Problem problem(String file, Throwable e) {
        Throwable deepest = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            Matcher m = AT_LINE.matcher(message);
            if (m.matches()) {
                return new Problem(m.group(1), Integer.parseInt(m.group(2)), m.group(3));
            }
            if (t.getMessage() != null) {
                deepest = t;
            }
        }
        return new Problem(file, 0, deepest.getClass().getSimpleName() + ": " + deepest.getMessage());
    }
}
