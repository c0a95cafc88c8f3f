package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.event.CanonicalEvent;
import io.tributary.mapping.EventMapping;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/**
 * The providers whose intake needs more than the plain template (handshakes, form bodies, batches):
 * each route file maps its provider's documented example to the event its comment block and the
 * docs/providers.md describe, exactly.
 */
class IntakeProvidersMappingTest {

    /** provider → id, type, subject, time, source of the first event of its fixture. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "slack", List.of("Ev123ABC456", "slack.app_mention", "C123ABC456", "1973-11-29T21:33:09Z", "/slack/T123ABC456"),
            "twilio", List.of("SM1f0e8ae6ade43cb3c0ce4525424e404f", "twilio.message.received", "+14158675310", "-",
                    "/twilio/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
            "microsoft-graph", List.of("lsgTZMr9KwAAA", "microsoft-graph.created", "users/{user_guid}@{tenant_guid}/messages/{long_id_string}", "-",
                    "/microsoft-graph/84bd8158-6d4d-4958-8b9f-9d6445542f95"),
            "okta", List.of("f790999f-fe87-467a-9880-6982a583986c", "okta.user.session.start", "00u1qw6mqitPHM8AJ0g7", "2018-03-28T22:23:07.777Z", "/okta"),
            "adyen", List.of("7914073381342284:AUTHORISATION:true", "adyen.AUTHORISATION", "7914073381342284", "2021-07-17T13:42:40+01:00",
                    "/adyen/TestMerchant"),
            "zoom", List.of("meeting.started:1635885799302:1234567890", "zoom.meeting.started", "4444AAAiAAAAAiAiAiiAii==", "2021-11-02T20:43:19.302Z",
                    "/zoom/AAAAAABBBB"),
            "twitch", List.of("befa7b53-d79d-478f-86b9-120f112b044e", "twitch.channel.follow", "1337", "2019-11-16T10:11:12.634234626Z",
                    "/twitch/f1c2a387-161a-49f9-a165-0f21d7a4e1c4"),
            // Sentry's Request-ID is new on every retry: the id is the SHA-256 of the body's parsed form
            // (Java's text of the JSON map, "{action=created, actor={id=sentry, ...}}"), the same for a re-sent body.
            "sentry", List.of("088e9da9453cc25bfeee757d3c3e2f175de2150231fdb0e5b513f19d00337dd8", "sentry.issue.created", "1170820242", "-",
                    "/sentry/installations/a8e5d37a-696c-4c54-adb5-b3f28d64c7de"));

    @Test
    void should_map_each_provider_s_documented_example_to_the_described_event() throws Exception {
        Map<String, List<String>> mapped = new TreeMap<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/tributary.camel.yaml"));
            for (String id : new TreeMap<>(EXPECTED).keySet()) {
                Path file = Path.of("routes", id + ".camel.yaml");
                assertTrue(Files.isRegularFile(file), file + " exists");
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            }
            for (EventMapping m : context.getRegistry().findByType(EventMapping.class)) {
                m.compile();
                CanonicalEvent e = m.checkFixture().get(0);
                mapped.put(m.provider(), List.of(e.id(), e.type(), e.subject(), e.time() == null ? "-" : e.time().toString(), e.source()));
            }
        }
        assertEquals(new TreeMap<>(EXPECTED), mapped);
    }
}
