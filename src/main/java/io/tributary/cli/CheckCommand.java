package io.tributary.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.config.LaunchConfig;
import io.tributary.mapping.EventMapping;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code check [routes-dir] [--fixtures <dir>]}: validates the route files Tributary would run (the
 * shipped catalogue plus routes-dir, see {@link RouteCatalogue}) offline, with no Kafka, broker or
 * HTTP server, and prints one line per file: {@code ok} or the first mistake with {@code file:line}.
 * Exit 0 when all are ok, 1 otherwise (for CI). Fixtures and signature vectors are read from
 * {@code <fixtures>/<id>/} and {@code <fixtures>/<id>/vectors/vectors.json} (default
 * {@code tributary.fixtures-dir}, the checkout's src/test/resources/providers).
 */
final class CheckCommand {

    private static final String CONTEXT_LOG = "org.apache.camel.impl.engine.AbstractCamelContext";

    private CheckCommand() {
    }

    /** The check run before Tributary starts anything (no fixtures' vectors): the problems, empty when the files are sound. */
    static List<Problem> beforeStart(Path routesDir, Map<String, String> settings) {
        List<RouteCatalogue.RouteFile> files = RouteCatalogue.files(routesDir);
        List<Problem> problems = new ArrayList<>(RouteFileCheck.check(files));
        // The throwaway context's start and stop lines would read as Tributary's own.
        Configurator.setLevel(CONTEXT_LOG, Level.WARN);
        if (problems.isEmpty()) {
            try (DefaultCamelContext context = RouteLoad.context(settings)) {
                problems.addAll(RouteLoad.load(context, files));
                if (problems.isEmpty()) {
                    problems.addAll(RouteLoad.mappings(context, routesDir.toString()).values());
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        Configurator.setLevel(CONTEXT_LOG, Level.INFO);
        return problems;
    }

    static int run(List<String> args, LaunchConfig config, PrintStream out) throws Exception {
        Path fixtures = Path.of(config.get("tributary.fixtures-dir", "src/test/resources/providers"));
        Path routesDir = Path.of(config.get("tributary.routes-dir", "routes"));
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--fixtures") && i + 1 < args.size()) {
                fixtures = Path.of(args.get(++i));
            } else if (!args.get(i).startsWith("-")) {
                routesDir = Path.of(args.get(i));
            } else {
                out.println("check: unknown option " + args.get(i) + " (check [routes-dir] [--fixtures <dir>])");
                return 2;
            }
        }
        Configurator.setLevel("org.apache.camel", Level.WARN); // stdout is for the report
        List<RouteCatalogue.RouteFile> files = RouteCatalogue.files(routesDir);
        boolean haveFixtures = Files.isDirectory(fixtures);
        out.println("check: " + files.size() + " route files (shipped catalogue + " + routesDir + "), fixtures "
                + (haveFixtures ? "and vectors from " + fixtures : "not run (no " + fixtures + ")"));
        Map<String, Problem> problems = new TreeMap<>();
        for (Problem p : RouteFileCheck.check(files)) {
            problems.putIfAbsent(idOf(p.file()), p);
        }
        Map<String, String> notes = new TreeMap<>();
        Map<String, String> settings = Map.of("tributary.routes-dir", routesDir.toString(), "tributary.fixtures-dir", fixtures.toString());
        try (DefaultCamelContext context = RouteLoad.context(settings)) {
            List<RouteCatalogue.RouteFile> sound = files.stream().filter(f -> !problems.containsKey(f.id())).toList();
            RouteLoad.load(context, sound).forEach(p -> problems.putIfAbsent(idOf(p.file()), p));
            RouteLoad.mappings(context, routesDir.toString()).forEach(problems::putIfAbsent);
            for (EventMapping m : context.getRegistry().findByType(EventMapping.class)) {
                if (!problems.containsKey(m.provider()) && Files.isDirectory(fixtures.resolve(m.provider()))) {
                    try {
                        notes.put(m.provider(), "mapping: " + m.checkFixture().size() + " event(s) from its fixture");
                    } catch (RuntimeException e) {
                        problems.put(m.provider(), RouteLoad.problem(fixtures.resolve(m.provider()).toString(), e));
                    }
                }
            }
        }
        RouteCatalogue.RouteFile core = files.stream().filter(f -> f.id().equals("tributary")).findFirst().orElse(null);
        for (RouteCatalogue.RouteFile f : files) {
            Path vectors = fixtures.resolve(f.id()).resolve("vectors").resolve("vectors.json");
            if (problems.containsKey(f.id()) || !Files.isRegularFile(vectors) || core == null) {
                continue;
            }
            try {
                String verifier = verifier(f);
                int n = VectorCheck.run(vectors, verifier, core, f);
                notes.merge(f.id(), n + " signature vector(s) verify, tampered ones fail", (a, b) -> a + "; " + b);
            } catch (RuntimeException e) {
                problems.put(f.id(), e instanceof IllegalArgumentException ? new Problem(vectors.toString(), 0, e.getMessage())
                        : RouteLoad.problem(vectors.toString(), e));
            }
        }
        for (RouteCatalogue.RouteFile f : files) {
            Problem p = problems.get(f.id());
            out.println(p == null ? String.format("ok    %-18s %s", f.id(), notes.getOrDefault(f.id(), f.shown()))
                    : String.format("FAIL  %-18s %s", f.id(), p));
        }
        out.println("check: " + (files.size() - problems.size()) + " ok, " + problems.size() + " failed");
        return problems.isEmpty() ? 0 : 1;
    }

    /** The verifier parameter of the file's webhook templatedRoute. */
    @SuppressWarnings("unchecked")
    private static String verifier(RouteCatalogue.RouteFile f) {
        for (Object entry : (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(f.text())) {
            if (entry instanceof Map<?, ?> m && m.get("templatedRoute") instanceof Map<?, ?> t && t.get("parameters") instanceof List<?> params) {
                for (Object p : params) {
                    if (p instanceof Map<?, ?> param && "verifier".equals(param.get("name"))) {
                        return String.valueOf(param.get("value"));
                    }
                }
            }
        }
        throw new IllegalArgumentException(f.shown() + ": has signature vectors, but no templatedRoute names a verifier");
    }

    /** The provider id of a problem's file ({@code routes/x.camel.yaml} -> {@code x}). */
    private static String idOf(String file) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        return name.replaceFirst("\\.camel\\.yaml$", "").replaceFirst("\\.yaml$", "");
    }
}
