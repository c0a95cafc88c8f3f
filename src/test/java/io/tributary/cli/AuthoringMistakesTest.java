package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each authoring mistake stops Tributary with exit code 1 and one line naming the file, the line and
 * the mistake, in seconds: most through {@code check} (one child JVM, no broker), the two commonest
 * through a real start, and a start that fails after the embedded broker is up (its port taken) must
 * still exit. Children run what the jar's manifest runs (target/classes + the runtime classpath);
 * measured times are printed for the record.
 */
class AuthoringMistakesTest {

    /** A webhook provider as a user writes one; each mistake changes one line of it. */
    private static String provider(String id) {
        return """
                - beans:
                    - name: %1$sSignature
                      type: io.tributary.webhook.SignatureScheme
                      properties:
                        signed: "{body}"
                        signature: header:X-Acme-Signature
                        encoding: base64
                        secret: "{{?tributary.%1$s.webhook-secret}}"
                    - name: %1$sEvents
                      type: io.tributary.mapping.EventMapping
                      properties:
                        provider: %1$s
                        fixture: event.json
                        id: "jsonpath:$.id"
                        type: "jsonpath:$.type"
                        source: "'/acme'"
                - templatedRoute:
                    routeTemplateRef: tributary-webhook
                    routeId: %1$s-webhook
                    parameters:
                      - name: provider
                        value: %1$s
                      - name: verifier
                        value: %1$sSignature
                """.formatted(id);
    }

    private static final Path CLASSES = Path.of("target", "classes").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void check_names_the_file_the_line_and_the_mistake_of_each_broken_route_file() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Path fixtures = Files.createDirectories(dir.resolve("fixtures"));
        write(routes, "acme-syntax", provider("acme-syntax").replace("signature: header:X-Acme-Signature", "signature: header: X-Acme-Signature"));
        write(routes, "acme-type", provider("acme-type").replace("webhook.SignatureScheme", "webhook.SignatureSchema"));
        write(routes, "acme-property", provider("acme-property").replace("encoding: base64", "encodng: base64"));
        write(routes, "acme-parameter", provider("acme-parameter").replace("- name: verifier", "- name: verifer"));
        write(routes, "acme-jsonpath", provider("acme-jsonpath").replace("jsonpath:$.id", "jsonpath:$.id[graphql").replace("fixture: event.json\n", "fixture: event.json\n"));
        write(routes, "acme-fixture", provider("acme-fixture"));
        write(routes, "acme-bean", provider("acme-bean").replace("value: acme-beanSignature", "value: acme-beanSignatur"));
        Files.createDirectories(fixtures.resolve("acme-fixture")).resolve("other.json").toFile().createNewFile();
        Files.createDirectories(fixtures.resolve("acme-jsonpath")).resolve("event.json").toFile().createNewFile();

        Run check = run(Path.of("."), List.of(), "check", routes.toString(), "--fixtures", fixtures.toString());
        System.out.printf("check over seven broken files: exit %d in %d ms%n%s%n", check.code, check.millis, check.output);
        assertEquals(1, check.code, check.output);
        assertTrue(check.millis < 30_000, "check took " + check.millis + " ms");
        String f = routes.toString();
        assertLine(check, "FAIL  acme-syntax        " + f + "/acme-syntax.camel.yaml:6: YAML syntax: mapping values are not allowed here");
        assertLine(check, "FAIL  acme-type          " + f + "/acme-type.camel.yaml:3: bean acme-typeSignature: type io.tributary.webhook.SignatureSchema is no class on the classpath");
        assertLine(check, "FAIL  acme-property      " + f + "/acme-property.camel.yaml:7: bean acme-propertySignature: SignatureScheme has no property 'encodng' (did you mean 'encoding'?)");
        assertLine(check, "FAIL  acme-parameter     " + f + "/acme-parameter.camel.yaml:23: templatedRoute acme-parameter-webhook: template tributary-webhook has no parameter 'verifer' (did you mean 'verifier'?)");
        assertLine(check, "FAIL  acme-jsonpath      " + f + "/acme-jsonpath.camel.yaml:14: acme-jsonpath id: 'jsonpath:$.id[graphql' does not compile: Could not parse token");
        assertLine(check, "FAIL  acme-fixture       " + f + "/acme-fixture.camel.yaml:13: the acme-fixture mapping names the fixture event.json, which is not in "
                + fixtures.resolve("acme-fixture"));
        assertLine(check, "FAIL  acme-bean          " + f + "/acme-bean.camel.yaml:24: templatedRoute acme-bean-webhook: verifier 'acme-beanSignatur' is no bean (did you mean 'acme-beanSignature'?)");
        assertTrue(check.output.contains("check: 35 ok, 7 failed"), check.output); // the shipped catalogue is fine
    }

    @Test
    void a_start_with_a_yaml_syntax_error_or_a_misspelt_property_exits_at_once_with_one_line() throws Exception {
        for (String mistake : List.of("syntax", "property")) {
            Path routes = Files.createDirectories(dir.resolve("start-" + mistake));
            String id = "acme-" + mistake;
            write(routes, id, mistake.equals("syntax") ? provider(id).replace("signature: header:X-Acme-Signature", "signature: header: X-Acme-Signature")
                    : provider(id).replace("encoding: base64", "encodng: base64"));
            Run start = run(Path.of("."), startOptions(routes, TributaryApp.freePort()));
            System.out.printf("start with a %s mistake: exit %d in %d ms: %s%n", mistake, start.code, start.millis, start.errorLine());
            assertEquals(1, start.code, start.output);
            assertTrue(start.millis < 30_000, "took " + start.millis + " ms");
            String line = routes + "/" + id + ".camel.yaml:" + (mistake.equals("syntax") ? "6: YAML syntax: mapping values are not allowed here"
                    : "7: bean acme-propertySignature: SignatureScheme has no property 'encodng'");
            assertTrue(start.output.lines().anyMatch(l -> l.startsWith("ERROR: Tributary cannot start: " + line)), start.output);
            assertTrue(!start.output.contains("embedded Kafka broker"), "nothing started: " + start.output);
        }
    }

    @Test
    void a_start_whose_webhook_port_is_taken_exits_at_once_and_one_that_fails_once_the_broker_is_up_still_exits() throws Exception {
        // Vert.x fails on its event loop while Camel waits for the server: without the check, a JVM up with its broker and no port.
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run start = run(Path.of("."), startOptions(dir.resolve("no-routes"), taken.getLocalPort()));
            System.out.printf("start with the webhook port taken: exit %d in %d ms: %s%n", start.code, start.millis, start.errorLine());
            assertEquals(1, start.code, start.output);
            assertTrue(start.millis < 30_000, "took " + start.millis + " ms");
            assertTrue(start.output.lines().anyMatch(l -> l.startsWith("ERROR: Tributary cannot start: tributary.http.port " + taken.getLocalPort()
                    + " on 127.0.0.1 is in use")), start.output);
        }
        // Topics that must exist and do not: Kafka answered, the start cannot succeed, after the embedded broker started.
        List<String> options = new ArrayList<>(startOptions(dir.resolve("no-routes"), TributaryApp.freePort()));
        options.add("-Dtributary.kafka.create-topics=false");
        Run start = run(Path.of("."), options);
        System.out.printf("start failing after the broker is up (required topics missing): exit %d in %d ms (broker stopped in order: %s): %s%n",
                start.code, start.millis, start.output.contains("Embedded Kafka broker stopped"), start.errorLine());
        assertEquals(1, start.code, start.output);
        assertTrue(start.millis < 90_000, "took " + start.millis + " ms");
        assertTrue(start.output.contains("Embedded Kafka broker listening"), start.output);
        assertTrue(start.output.lines().anyMatch(l -> l.startsWith("ERROR: Tributary cannot start: ") && l.contains("tributary.inbox")), start.output);
    }

    @Test
    void check_passes_on_the_shipped_routes_and_fails_on_a_tampered_vector() throws Exception {
        Run shipped = run(Path.of("."), List.of(), "check");
        System.out.printf("check of routes/: exit %d in %d ms%n", shipped.code, shipped.millis);
        assertEquals(0, shipped.code, shipped.output);
        assertTrue(shipped.output.contains("check: 35 ok, 0 failed"), shipped.output);
        assertLine(shipped, "ok    shopify            mapping: 1 event(s) from its fixture; 2 signature vector(s) verify, tampered ones fail");

        // From another directory: no routes/ there, so the jar's catalogue alone; fixtures of one provider, its vector tampered.
        Path fixtures = dir.resolve("fixtures");
        copy(Path.of("src/test/resources/providers/shopify"), fixtures.resolve("shopify"));
        Path vectors = fixtures.resolve("shopify/vectors/vectors.json");
        String signed = Files.readString(vectors);
        String tampered = signed.replace("\\\"price\\\": \\\"29.99\\\"", "\\\"price\\\": \\\"2.99\\\"");
        assertNotEquals(signed, tampered, "the fixture's price to tamper with is gone from " + vectors);
        Files.writeString(vectors, tampered);
        Run checked = run(dir, List.of(), "check", "--fixtures", fixtures.toString());
        System.out.printf("check with a tampered vector: exit %d in %d ms%n", checked.code, checked.millis);
        assertEquals(1, checked.code, checked.output);
        assertTrue(checked.output.contains("check: 35 route files (shipped catalogue + routes)"), checked.output);
        assertLine(checked, "FAIL  shopify            " + vectors + ": vector 'signed with the secret' does not verify: bad_signature: ");
        assertTrue(checked.output.contains("check: 34 ok, 1 failed"), checked.output);
    }

    private static void assertLine(Run run, String start) {
        assertTrue(run.output.lines().anyMatch(l -> l.startsWith(start)), "no line starting with\n" + start + "\nin\n" + run.output);
    }

    private static void write(Path routes, String id, String yaml) throws IOException {
        Files.writeString(routes.resolve(id + ".camel.yaml"), yaml);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private List<String> startOptions(Path routes, int httpPort) throws IOException {
        return List.of("-Dtributary.routes-dir=" + routes, "-Dtributary.data-dir=" + Files.createTempDirectory(dir, "data"),
                "-Dtributary.http.port=" + httpPort, "-Dtributary.management.port=" + TributaryApp.freePort(),
                "-Dtributary.kafka.embedded-port=" + TributaryApp.freePort(), "-Dtributary.kafka.embedded-controller-port=" + TributaryApp.freePort(),
                "-Dtributary.shopify.webhook-secret=s");
    }

    private record Run(int code, long millis, String output) {

        /** The one line a failed start prints. */
        String errorLine() {
            return output.lines().filter(l -> l.startsWith("ERROR: ")).findFirst().orElse("(none)");
        }
    }

    /** {@code java <options> io.tributary.Tributary <args>} in {@code workDir}, waited for (at most 2 min). */
    private Run run(Path workDir, List<String> options, String... args) throws Exception {
        Path classpath = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.exists(classpath), "run through Maven: the build writes " + classpath);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", CLASSES + File.pathSeparator + Files.readString(classpath).trim()));
        cmd.addAll(options);
        cmd.add("io.tributary.Tributary");
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "child", ".log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the child did not exit within 120 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), (System.nanoTime() - start) / 1_000_000, Files.readString(log));
    }
}
