package io.tributary.mapping;

import static io.tributary.mapping.YamlNodes.scalar;
import static io.tributary.mapping.YamlNodes.value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;

/**
 * Finds where a provider's mapping is written, so a start-up error points at {@code file:line}.
 * Camel keeps no line numbers for beans; the provider id names the file
 * ({@code <routes-dir>/<provider>.camel.yaml}) and the bean is the one whose {@code provider}
 * property is that id.
 */
final class RouteFileLines {

    private final String file;
    private final MappingNode properties;
    private final boolean shipped;

    private RouteFileLines(String file, MappingNode properties) {
        this.file = file;
        this.shipped = file.startsWith("classpath:");
        this.properties = properties;
    }

    static RouteFileLines of(Path routesDir, String provider) {
        Path local = routesDir.resolve(provider + ".camel.yaml");
        // Not in the routes directory: the file of the catalogue shipped in the jar (see cli.RouteCatalogue).
        String shipped = "tributary-routes/" + provider + ".camel.yaml";
        boolean inJar = !Files.isRegularFile(local) && RouteFileLines.class.getClassLoader().getResource(shipped) != null;
        String file = inJar ? "classpath:" + shipped : local.toString();
        MappingNode found = null;
        try {
            String text;
            if (inJar) {
                try (var in = RouteFileLines.class.getClassLoader().getResourceAsStream(shipped)) {
                    text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } else {
                text = Files.readString(local);
            }
            Optional<Node> root = new Compose(LoadSettings.builder().build()).composeString(text);
            if (root.isPresent() && root.get() instanceof SequenceNode docs) {
                for (Node doc : docs.getValue()) {
                    Node beans = value(doc, "beans");
                    if (beans instanceof SequenceNode list) {
                        for (Node bean : list.getValue()) {
                            if (value(bean, "properties") instanceof MappingNode props && provider.equals(scalar(value(props, "provider")))) {
                                found = props;
                            }
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no file, or not YAML: the message names the provider without a line
        }
        return new RouteFileLines(file, found);
    }

    /** Whether the file is the jar's own (not replaced in the routes directory). */
    boolean shipped() {
        return shipped;
    }

    /** {@code routes/x.camel.yaml:12} for the property, or the bean's properties when it is absent. */
    String at(String property) {
        if (properties == null) {
            return file;
        }
        for (NodeTuple t : properties.getValue()) {
            if (property.equals(scalar(t.getKeyNode()))) {
                return file + ":" + (t.getKeyNode().getStartMark().map(m -> m.getLine() + 1).orElse(0));
            }
        }
        return file + ":" + properties.getStartMark().map(m -> m.getLine()).orElse(0);
    }
}
