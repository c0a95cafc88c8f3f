package io.tributary.mapping;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Reading a route file's YAML nodes (which keep their lines, unlike Camel's model): a key's value, a scalar's text. */
public final class YamlNodes {

    private YamlNodes() {
    }

    /** The value of {@code key} in a mapping node; null when {@code map} is no mapping or lacks the key. */
    public static Node value(Node map, String key) {
        if (map instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (key.equals(scalar(t.getKeyNode()))) {
                    return t.getValueNode();
                }
            }
        }
        return null;
    }

    /** The text of a scalar node; null for any other node, or null. */
    public static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }
}
