package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and docs/*.md link to each other and to files of the repository by relative links:
 * a moved file or a renamed heading must not leave a link that leads nowhere. Checks every relative
 * link (outside code) for its file, and for a #fragment into a markdown file, for a heading that
 * produces that anchor by GitHub's rules.
 */
class DocsLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    /** GitHub's anchor of a heading: its text lower-cased, without punctuation, spaces to hyphens. */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link in a heading anchors on its text
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}_ -]", "").replace(' ', '-');
    }

    /** The lines of a markdown file that are not inside a fenced code block. */
    private static List<String> prose(Path file) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.stripLeading().startsWith("```")) {
                    fenced = !fenced;
                } else if (!fenced) {
                    out.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Every anchor the file's headings produce; a repeated heading gets -1, -2, ... */
    static Set<String> anchors(Path file) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(file)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String a = anchor(m.group(1));
                int n = seen.merge(a, 1, Integer::sum) - 1;
                out.add(n == 0 ? a : a + "-" + n);
            }
        }
        return out;
    }

    record Result(int checked, List<String> broken) {
    }

    /** Checks the relative links of the given markdown files. */
    static Result check(List<Path> files) {
        int checked = 0;
        List<String> broken = new ArrayList<>();
        for (Path file : files) {
            for (String line : prose(file)) {
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``")); // a link inside code is not a link
                while (m.find()) {
                    String target = m.group(1);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    checked++;
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path to = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
                    if (!Files.exists(to)) {
                        broken.add(file + ": " + target + " (no such file)");
                    } else if (hash >= 0 && to.toString().endsWith(".md") && !anchors(to).contains(target.substring(hash + 1))) {
                        broken.add(file + ": " + target + " (no such heading)");
                    }
                }
            }
        }
        return new Result(checked, broken);
    }

    @Test
    void should_find_the_file_and_heading_of_every_relative_link_in_the_readme_and_docs() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        Result r = check(files);
        System.out.println("DocsLinksTest: " + r.checked() + " relative links checked in " + files.size() + " files, "
                + r.broken().size() + " broken");
        assertTrue(files.size() >= 7, "the README and the docs: " + files);
        assertTrue(r.checked() >= 80, "links found: " + r.checked());
        assertEquals(List.of(), r.broken());
    }

    @Test
    void should_derive_anchors_as_github_does() {
        assertEquals("the-canonical-event-the-contract-with-consumers", anchor("The canonical event (the contract with consumers)"));
        assertEquals("when-a-providers-api-misbehaves", anchor("When a provider's API misbehaves"));
        assertEquals("one-caller-per-provider-leader-election", anchor("One caller per provider (leader election)"));
        assertEquals("a-poller-is-configured-not-coded", anchor("A poller is configured, not coded"));
        assertEquals("tributarykafka_create-topics", anchor("`tributary.kafka_create-topics`"));
        assertEquals("see-the-guide", anchor("See [the guide](x.md)"));
    }

    @Test
    void should_report_a_missing_file_a_missing_heading_and_nothing_else(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.md"), "# Title\n\n## Same\n\n## Same\n\n```\n## In code\n```\n");
        Files.writeString(dir.resolve("a.md"), String.join("\n",
                "# A", "",
                "[ok](b.md) [ok](b.md#title) [ok](b.md#same-1) [ok](#a) [web](https://example.com/x#y)",
                "[gone](c.md) [no heading](b.md#same-2) [in code](b.md#in-code) [self](#nowhere)",
                "`[not a link](missing.md)`",
                "```", "[fenced](missing.md)", "```", ""));
        Result r = check(List.of(dir.resolve("a.md")));
        assertEquals(8, r.checked());
        Path a = dir.resolve("a.md");
        assertEquals(List.of(a + ": c.md (no such file)", a + ": b.md#same-2 (no such heading)",
                a + ": b.md#in-code (no such heading)", a + ": #nowhere (no such heading)"), r.broken());
    }
}
