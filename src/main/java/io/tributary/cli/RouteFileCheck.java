package io.tributary.cli;

import static io.tributary.mapping.YamlNodes.scalar;
import static io.tributary.mapping.YamlNodes.value;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Checks route files as written, before Camel reads them, so each mistake names its file and line
 * (Camel keeps no line numbers for beans and template parameters): YAML syntax, a bean type that is
 * no class, a bean property that the class cannot set, a templatedRoute of an unknown template, a
 * parameter the template does not declare or a required one left out.
 */
final class RouteFileCheck {

    private record Parsed(RouteCatalogue.RouteFile file, Node root) {
    }

    private record Template(Map<String, Boolean> parameters, java.util.Set<String> beanRefs) { // name -> required; parameters used as ref:
    }

    private RouteFileCheck() {
    }

    static List<Problem> check(List<RouteCatalogue.RouteFile> files) {
        List<Problem> problems = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        for (RouteCatalogue.RouteFile f : files) {
            try {
                Optional<Node> root = new Compose(LoadSettings.builder().setLabel(f.shown()).build()).composeString(f.text());
                root.ifPresent(r -> parsed.add(new Parsed(f, r)));
            } catch (MarkedYamlEngineException e) {
                problems.add(new Problem(f.shown(), line(e.getProblemMark()), "YAML syntax: " + e.getProblem()
                        + (e.getContext() == null ? "" : " (" + e.getContext() + ")")));
            } catch (YamlEngineException e) {
                problems.add(new Problem(f.shown(), 0, "YAML syntax: " + e.getMessage()));
            }
        }
        Map<String, Template> templates = new HashMap<>();
        for (Parsed p : parsed) {
            for (Node entry : entries(p.root())) {
                if (value(entry, "routeTemplate") instanceof MappingNode t && scalar(value(t, "id")) != null) {
                    Map<String, Boolean> params = new LinkedHashMap<>();
                    if (value(t, "parameters") instanceof SequenceNode list) {
                        for (Node param : list.getValue()) {
                            params.put(scalar(value(param, "name")), value(param, "defaultValue") == null
                                    && !"false".equals(scalar(value(param, "required"))));
                        }
                    }
                    java.util.Set<String> refs = new java.util.HashSet<>();
                    beanRefs(t, refs);
                    templates.put(scalar(value(t, "id")), new Template(params, refs));
                }
            }
        }
        java.util.Set<String> beanNames = new java.util.TreeSet<>();
        for (Parsed p : parsed) {
            for (Node entry : entries(p.root())) {
                if (value(entry, "beans") instanceof SequenceNode beans) {
                    beans.getValue().stream().map(b -> scalar(value(b, "name"))).filter(n -> n != null).forEach(beanNames::add);
                }
            }
        }
        for (Parsed p : parsed) {
            if (!(p.root() instanceof SequenceNode)) {
                problems.add(new Problem(p.file().shown(), line(p.root()), "a route file is a YAML list (- beans:, - route:, - templatedRoute:, ...)"));
                continue;
            }
            for (Node entry : entries(p.root())) {
                if (value(entry, "beans") instanceof SequenceNode beans) {
                    beans.getValue().forEach(b -> checkBean(p.file().shown(), b, problems));
                }
                if (value(entry, "templatedRoute") instanceof MappingNode t) {
                    checkTemplated(p.file().shown(), t, templates, beanNames, problems);
                }
            }
        }
        return problems;
    }

    private static void checkBean(String file, Node bean, List<Problem> problems) {
        String name = scalar(value(bean, "name"));
        Node typeNode = value(bean, "type");
        String type = scalar(typeNode);
        if (type == null || value(bean, "builderClass") != null || value(bean, "factoryBean") != null || value(bean, "script") != null) {
            return; // beans made by a builder, a factory or a script: Camel checks them when it loads the file
        }
        type = type.replaceFirst("^#class:", "").replaceFirst("^#type:", "");
        Class<?> cls;
        try {
            cls = Class.forName(type, false, RouteFileCheck.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(new Problem(file, line(typeNode), "bean " + name + ": type " + type + " is no class on the classpath"));
            return;
        }
        if (value(bean, "properties") instanceof MappingNode props) {
            for (NodeTuple t : props.getValue()) {
                String key = scalar(t.getKeyNode());
                String first = key == null ? "" : key.split("[.\\[]", 2)[0];
                if (!first.isEmpty() && setter(cls, first) == null && !nested(cls, first)) {
                    problems.add(new Problem(file, line(t.getKeyNode()), "bean " + name + ": " + cls.getSimpleName() + " has no property '" + first + "'"
                            + closest(cls, first).map(c -> " (did you mean '" + c + "'?)").orElse("")));
                }
            }
        }
    }

    private static void checkTemplated(String file, MappingNode t, Map<String, Template> templates, java.util.Set<String> beanNames,
            List<Problem> problems) {
        String routeId = scalar(value(t, "routeId"));
        Node refNode = value(t, "routeTemplateRef");
        String ref = scalar(refNode);
        Template template = templates.get(ref);
        if (template == null) {
            problems.add(new Problem(file, line(refNode == null ? t : refNode), "templatedRoute " + routeId + ": no routeTemplate '" + ref
                    + "' (templates: " + String.join(", ", templates.keySet().stream().sorted().toList()) + ")"));
            return;
        }
        Map<String, Boolean> missing = new LinkedHashMap<>(template.parameters());
        missing.values().removeIf(required -> !required);
        if (value(t, "parameters") instanceof SequenceNode list) {
            for (Node param : list.getValue()) {
                Node nameNode = value(param, "name");
                String name = scalar(nameNode);
                missing.remove(name);
                String bean = scalar(value(param, "value"));
                if (template.beanRefs().contains(name) && bean != null && !beanNames.contains(bean)) {
                    // A bean named in no route file may be bound in Java; one near a declared name is a misspelling.
                    beanNames.stream().filter(b -> distance(b, bean) <= 2).findFirst().ifPresent(b -> problems.add(new Problem(file,
                            line(value(param, "value")), "templatedRoute " + routeId + ": " + name + " '" + bean + "' is no bean (did you mean '" + b + "'?)")));
                }
                // A parameter near a declared one is a misspelling; another one Camel ignores, as it does (a provider file
                // may pass a parameter that a newer template declares).
                Optional<String> near = template.parameters().keySet().stream().filter(d -> name != null && distance(d, name) <= 2).findFirst();
                if (!template.parameters().containsKey(name) && near.isPresent()) {
                    problems.add(new Problem(file, line(nameNode == null ? param : nameNode), "templatedRoute " + routeId + ": template " + ref
                            + " has no parameter '" + name + "' (did you mean '" + near.get() + "'?)"));
                }
            }
        }
        if (!missing.isEmpty()) {
            problems.add(new Problem(file, line(t), "templatedRoute " + routeId + ": template " + ref + " requires the parameter(s) "
                    + String.join(", ", missing.keySet())));
        }
    }

    /** A public one-argument setter for a property written {@code fooBar} or {@code foo-bar}, as Camel binds them. */
    private static Method setter(Class<?> cls, String property) {
        String wanted = "set" + property.replace("-", "").toLowerCase(Locale.ROOT);
        for (Method m : cls.getMethods()) {
            if (m.getParameterCount() == 1 && !Modifier.isStatic(m.getModifiers()) && m.getName().toLowerCase(Locale.ROOT).equals(wanted)) {
                return m;
            }
        }
        return null;
    }

    /** A property Camel binds through its getter or field ({@code plan: {fastInterval: ..}}, {@code request.url}). */
    private static boolean nested(Class<?> cls, String property) {
        String wanted = property.replace("-", "").toLowerCase(Locale.ROOT);
        for (Method m : cls.getMethods()) {
            String n = m.getName().toLowerCase(Locale.ROOT);
            if (m.getParameterCount() == 0 && (n.equals("get" + wanted) || n.equals("is" + wanted))) {
                return true;
            }
        }
        for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getName().toLowerCase(Locale.ROOT).equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The settable property nearest to a misspelt one (edit distance at most 3). */
    private static Optional<String> closest(Class<?> cls, String property) {
        String best = null;
        int bestDistance = Math.min(3, property.length() / 2 + 1);
        for (Method m : cls.getMethods()) {
            if (m.getName().startsWith("set") && m.getName().length() > 3 && m.getParameterCount() == 1) {
                String p = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                int d = distance(p.toLowerCase(Locale.ROOT), property.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    best = p;
                    bestDistance = d;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    /** The template's parameters used as {@code ref: "{{name}}"}: they name beans. */
    private static void beanRefs(Node node, java.util.Set<String> out) {
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String v = scalar(t.getValueNode());
                if ("ref".equals(scalar(t.getKeyNode())) && v != null && v.matches("\\{\\{[\\w-]+\\}\\}")) {
                    out.add(v.substring(2, v.length() - 2));
                }
                beanRefs(t.getValueNode(), out);
            }
        } else if (node instanceof SequenceNode s) {
            s.getValue().forEach(n -> beanRefs(n, out));
        }
    }

    private static List<Node> entries(Node root) {
        return root instanceof SequenceNode s ? s.getValue() : List.of();
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static int line(Optional<Mark> mark) {
        return mark.map(m -> m.getLine() + 1).orElse(0);
    }
}
