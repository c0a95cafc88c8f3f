package io.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The route files Tributary runs: the catalogue shipped in the jar ({@code tributary-routes/}, a copy
 * of the checkout's {@code routes/}), plus the files of {@code tributary.routes-dir}, which add
 * providers or replace a shipped file of the same name. A routes-dir that does not exist adds
 * nothing, so the jar runs from any directory.
 */
public final class RouteCatalogue {

    static final String CLASSPATH_DIR = "tributary-routes";

    /** One route file: its name, where Camel loads it from, and how messages name it. */
    public record RouteFile(String name, String location, String shown) {

        public String id() {
            return name.replaceFirst("\\.camel\\.yaml$", "").replaceFirst("\\.yaml$", "");
        }

        public String text() {
            try {
                if (location.startsWith("file:")) {
                    return Files.readString(Path.of(location.substring("file:".length())));
                }
                try (InputStream in = RouteCatalogue.class.getClassLoader().getResourceAsStream(CLASSPATH_DIR + "/" + name)) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the route file " + shown, e);
            }
        }
    }

    private RouteCatalogue() {
    }

    /** The files to run, by name: the shipped ones, replaced or joined by those of {@code routesDir}. */
    public static List<RouteFile> files(Path routesDir) {
        Map<String, RouteFile> byName = new TreeMap<>();
        for (String name : shipped()) {
            byName.put(name, new RouteFile(name, "classpath:" + CLASSPATH_DIR + "/" + name, "classpath:" + CLASSPATH_DIR + "/" + name));
        }
        if (Files.isDirectory(routesDir)) {
            try (Stream<Path> s = Files.list(routesDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).forEach(p -> {
                    String name = p.getFileName().toString();
                    byName.put(name, new RouteFile(name, "file:" + p.toAbsolutePath(), p.toString()));
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list the routes directory " + routesDir, e);
            }
        }
        List<RouteFile> files = new ArrayList<>(byName.values());
        // The shared file first: provider files use its templates, and a context loading file by file needs them first.
        files.sort((a, b) -> Boolean.compare(!a.id().equals("tributary"), !b.id().equals("tributary")));
        return files;
    }

    /** {@code camel.main.routes-include-pattern} for {@link #files}: each file by name, comma separated. */
    public static String includePattern(Path routesDir) {
        return String.join(",", files(routesDir).stream().map(RouteFile::location).toList());
    }

    /** The names of the catalogue's files: a directory of target/classes in a checkout, a folder of the jar otherwise. */
    static List<String> shipped() {
        URL anchor = RouteCatalogue.class.getClassLoader().getResource(CLASSPATH_DIR + "/tributary.camel.yaml");
        List<String> names = new ArrayList<>();
        if (anchor == null) {
            return names; // a build without the catalogue (an IDE that skipped resources): routes-dir alone
        }
        try {
            if (anchor.getProtocol().equals("jar")) {
                JarURLConnection c = (JarURLConnection) anchor.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                        String n = e.nextElement().getName();
                        if (n.startsWith(CLASSPATH_DIR + "/") && n.endsWith(".yaml") && n.indexOf('/', CLASSPATH_DIR.length() + 1) < 0) {
                            names.add(n.substring(CLASSPATH_DIR.length() + 1));
                        }
                    }
                }
            } else {
                try (Stream<Path> s = Files.list(Path.of(anchor.toURI()).getParent())) {
                    s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(names::add);
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the shipped route catalogue at " + anchor, e);
        }
        names.sort(null);
        return names;
    }
}
