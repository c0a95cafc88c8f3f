package io.tributary.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The log format switch in src/main/resources/log4j2.properties: each case runs
 * {@link LogFormatProbe} in a child JVM (Log4j reads -D options and the environment only when it
 * starts) and looks at what it printed.
 */
class LogFormatTest {

    private static final String TEXT_LINE = "\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[main\\] LogFormatProbe - probe message with \"quotes\"";

    private static String run(Map<String, String> env, String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LogFormatProbe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("TRIBUTARY_LOG_FORMAT");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe finished");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    private static void assertText(String out) {
        assertTrue(out.matches(TEXT_LINE), "one text line, got: " + out);
    }

    private static void assertJson(String out) throws IOException {
        assertEquals(1, out.lines().count(), "one line per event: " + out);
        JsonNode event = new ObjectMapper().readTree(out);
        assertEquals("probe message with \"quotes\"", event.path("message").asText());
        assertEquals("INFO", event.path("log.level").asText());
        assertEquals(LogFormatProbe.class.getName(), event.path("log.logger").asText());
        assertTrue(event.hasNonNull("@timestamp"), out);
    }

    @Test
    void should_log_text_by_default() throws Exception {
        assertText(run(Map.of()));
    }

    @Test
    void should_log_json_with_the_system_property() throws Exception {
        assertJson(run(Map.of(), "-Dtributary.log.format=json"));
    }

    @Test
    void should_log_json_with_the_environment_variable_in_any_case() throws Exception {
        assertJson(run(Map.of("TRIBUTARY_LOG_FORMAT", "JSON")));
    }

    @Test
    void should_prefer_the_system_property_over_the_environment() throws Exception {
        assertText(run(Map.of("TRIBUTARY_LOG_FORMAT", "json"), "-Dtributary.log.format=text"));
    }

    @Test
    void should_fall_back_to_text_for_an_unknown_format() throws Exception {
        assertText(run(Map.of("TRIBUTARY_LOG_FORMAT", "xml")));
    }

    @Test
    void should_run_the_probe_on_the_test_class_path() {
        assertTrue(System.getProperty("java.class.path").contains("target" + File.separator + "classes"),
                "the child JVMs load the production log4j2.properties from target/classes");
    }
}
