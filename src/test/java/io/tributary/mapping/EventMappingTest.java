package io.tributary.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.tributary.event.Batch;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.UnprocessableEventException;
import io.tributary.providers.stsgen2.StsGen2Normalizer;
import io.tributary.testing.Fixtures;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative mappings on the providers' documented examples, and the start-up errors that name file and line. */
class EventMappingTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private EventMapping mapping(String provider, String fixture, Map<String, String> attributes) {
        EventMapping m = new EventMapping();
        m.setCamelContext(context);
        m.setProvider(provider);
        m.setFixture(fixture);
        attributes.forEach((k, v) -> {
            switch (k) {
                case "id" -> m.setId(v);
                case "type" -> m.setType(v);
                case "source" -> m.setSource(v);
                case "subject" -> m.setSubject(v);
                case "time" -> m.setTime(v);
                case "split" -> m.setSplit(v);
                case "items" -> m.setItems(v);
                case "eventTypes" -> m.setEventTypes(v);
                default -> throw new IllegalArgumentException(k);
            }
        });
        return m;
    }

    private EventMapping github() {
        return mapping("github", "push-event.json", Map.of("id", "header:X-GitHub-Delivery", "type", "header:X-GitHub-Event | prefix:github.",
                "subject", "jsonpath:$.repository.full_name", "source", "'/github/hooks/' + header:X-GitHub-Hook-ID"));
    }

    @Test
    void should_read_ids_and_types_from_headers_and_the_rest_from_the_body() {
        CanonicalEvent e = github().checkFixture().get(0);
        assertEquals("72d3162e-cc78-11e3-81ab-4c9367dc0958", e.id());
        assertEquals("github.push", e.type());
        assertEquals("Codertocat/Hello-World", e.subject());
        assertEquals("/github/hooks/292430182", e.source());
        assertNull(e.time(), "GitHub sends no event time: the time received is filled in later");
        assertEquals("github:72d3162e-cc78-11e3-81ab-4c9367dc0958", e.dedupeKey());
    }

    @Test
    void should_convert_epoch_seconds_and_milliseconds_to_times() {
        CanonicalEvent stripe = mapping("stripe", "event.json", Map.of("id", "jsonpath:$.id", "type", "jsonpath:$.type | prefix:stripe.",
                "subject", "jsonpath:$.data.object.id", "time", "jsonpath:$.created | epoch-seconds", "source", "'/stripe'")).checkFixture().get(0);
        assertEquals("evt_1NG8Du2eZvKYlo2CUI79vXWy", stripe.id());
        assertEquals("stripe.setup_intent.created", stripe.type());
        assertEquals("seti_1NG8Du2eZvKYlo2C9XMqbR0x", stripe.subject());
        assertEquals(OffsetDateTime.parse("2023-06-06T22:19:30Z"), stripe.time());

        CanonicalEvent clerk = mapping("clerk", "user-created.json", Map.of("id", "header:svix-id", "type", "jsonpath:$.type | prefix:clerk.",
                "time", "jsonpath:$.timestamp | epoch-millis", "source", "'/clerk/' + jsonpath:$.instance_id")).checkFixture().get(0);
        assertEquals("msg_p5jXN8AQM9LWM0D4loKWxJek", clerk.id());
        assertEquals(OffsetDateTime.parse("2022-05-31T15:56:31.835Z"), clerk.time());
        assertEquals("/clerk/ins_29w83yT7CwllvXylYLxcslj88O9", clerk.source());
        assertNull(clerk.subject(), "no subject declared");
    }

    @Test
    void should_split_a_batch_like_the_sts_gen2_normaliser_does() {
        EventMapping batch = mapping("sts-gen2", "webhook-check-notification.json", Map.of("split", "jsonpath:$.messages[*]",
                "id", "jsonpath:$.id", "type", "'sts-gen2.' + jsonpath:$.messageType.id", "time", "jsonpath:$.creationDate",
                "source", "'/sts-gen2/' + jsonpath:$.resource.orgShortName"));
        byte[] raw = Fixtures.bytes("sts-gen2", "webhook-check-notification.json");
        CanonicalEvent declared = batch.checkFixture().get(0);
        CanonicalEvent java = new StsGen2Normalizer().normalize(raw, Channel.WEBHOOK).get(0);
        assertEquals(List.of(java.id(), java.type(), java.source(), java.time()), List.of(declared.id(), declared.type(), declared.source(), declared.time()));
        assertEquals(new String(java.data()), new String(declared.data()), "data is the element");
    }

    private EventMapping twilio() {
        return mapping("twilio", null, Map.of("id", "header:I-Twilio-Idempotency-Token || jsonpath:$.MessageSid",
                "type", "jsonpath:$.SmsStatus || 'received' | prefix:twilio.message.", "source", "'/twilio/' + jsonpath:$.AccountSid"));
    }

    @Test
    void should_take_the_first_alternative_that_yields_a_value_and_a_literal_as_the_default() {
        byte[] form = "{\"MessageSid\":\"SM1\",\"AccountSid\":\"AC1\",\"SmsStatus\":\"delivered\"}".getBytes();
        CanonicalEvent withHeader = twilio().normalize(form, Channel.WEBHOOK, Map.of("I-Twilio-Idempotency-Token", "idem-1")).get(0);
        assertEquals("idem-1", withHeader.id());
        assertEquals("twilio.message.delivered", withHeader.type(), "the helper applies to the alternative taken");
        CanonicalEvent noHeader = twilio().normalize("{\"MessageSid\":\"SM2\",\"AccountSid\":\"AC1\"}".getBytes(), Channel.WEBHOOK, Map.of()).get(0);
        assertEquals("SM2", noHeader.id());
        assertEquals("twilio.message.received", noHeader.type(), "the literal default, then the helper");
        UnprocessableEventException none = assertThrows(UnprocessableEventException.class,
                () -> twilio().normalize("{\"AccountSid\":\"AC1\"}".getBytes(), Channel.WEBHOOK, Map.of()));
        assertTrue(none.getMessage().contains("header:I-Twilio-Idempotency-Token yields nothing")
                && none.getMessage().contains("jsonpath:$.MessageSid yields nothing"), none.getMessage());
    }

    private static final byte[] ADYEN = ("{\"live\":\"false\",\"notificationItems\":["
            + "{\"NotificationRequestItem\":{\"eventCode\":\"AUTHORISATION\",\"pspReference\":\"P1\",\"merchantAccountCode\":\"M\"}},"
            + "{\"NotificationRequestItem\":{\"eventCode\":\"AUTHORISATION\",\"merchantAccountCode\":\"M\"}},"
            + "{\"NotificationRequestItem\":{\"eventCode\":\"REPORT_AVAILABLE\",\"pspReference\":\"P3\",\"merchantAccountCode\":\"M\"}},"
            + "{\"NotificationRequestItem\":{\"eventCode\":\"CAPTURE_FAILED\",\"pspReference\":\"P4\",\"merchantAccountCode\":\"M\"}}]}").getBytes();

    private EventMapping adyen(String eventTypes) {
        Map<String, String> spec = new java.util.HashMap<>(Map.of("items", "jsonpath:$.notificationItems[*].NotificationRequestItem",
                "id", "jsonpath:$.pspReference + ':' + jsonpath:$.eventCode", "type", "jsonpath:$.eventCode | prefix:adyen.",
                "source", "'/adyen/' + jsonpath:$.merchantAccountCode"));
        if (eventTypes != null) {
            spec.put("eventTypes", eventTypes);
        }
        return mapping("adyen", null, spec);
    }

    private EventMapping xero(String emptyItems) {
        EventMapping m = mapping("xero", "contact-updated.json", Map.of("split", "jsonpath:$.events[*]",
                "id", "jsonpath:$.resourceId + ':' + jsonpath:$.eventType", "type", "'xero.' + jsonpath:$.eventType",
                "source", "'/xero/tenants/' + jsonpath:$.tenantId"));
        if (emptyItems != null) {
            m.setEmptyItems(emptyItems);
        }
        return m;
    }

    private static final byte[] XERO_INTENT = "{\"events\":[],\"firstEventSequence\":0,\"lastEventSequence\":0,\"entropy\":\"S0m3r4Nd0mt3xt\"}".getBytes();

    @Test
    void should_publish_nothing_and_dead_letter_nothing_for_an_empty_batch_when_the_provider_sends_one_on_purpose() {
        Batch intent = xero("ok").normalizeEach(XERO_INTENT, Channel.WEBHOOK, Map.of());
        assertEquals(List.of(), intent.events());
        assertEquals(List.of(), intent.deadLetters(), "Xero's intent to receive is not poison");
        Batch strict = xero(null).normalizeEach(XERO_INTENT, Channel.WEBHOOK, Map.of());
        assertEquals(List.of(), strict.events());
        assertEquals(1, strict.deadLetters().size(), "by default a delivery without items is dead-lettered: " + strict.deadLetters());
        assertEquals("split jsonpath:$.events[*] yields no item", strict.deadLetters().get(0).error());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> xero("maybe").compile());
        assertTrue(bad.getMessage().contains("emptyItems: 'maybe' is not ok or dead-letter"), bad.getMessage());
    }

    @Test
    void should_dead_letter_a_bad_item_alone_and_publish_the_others() {
        Batch batch = adyen(null).normalizeEach(ADYEN, Channel.WEBHOOK, Map.of());
        assertEquals(List.of("P1:AUTHORISATION", "P3:REPORT_AVAILABLE", "P4:CAPTURE_FAILED"), batch.events().stream().map(CanonicalEvent::id).toList());
        assertEquals(1, batch.deadLetters().size());
        assertEquals("{\"eventCode\":\"AUTHORISATION\",\"merchantAccountCode\":\"M\"}", new String(batch.deadLetters().get(0).raw()),
                "the dead letter is the item, not the whole delivery");
        assertTrue(batch.deadLetters().get(0).error().contains("jsonpath:$.pspReference yields nothing"), batch.deadLetters().get(0).error());
        Batch notJson = adyen(null).normalizeEach("[1,".getBytes(), Channel.WEBHOOK, Map.of());
        assertEquals(List.of(), notJson.events());
        assertEquals("[1,", new String(notJson.deadLetters().get(0).raw()), "a delivery that is not JSON is one dead letter");
    }

    @Test
    void should_drop_the_types_a_user_does_not_want_without_dead_lettering_them() {
        Batch batch = adyen("adyen.AUTHORISATION, adyen.CAPTURE*").normalizeEach(ADYEN, Channel.WEBHOOK, Map.of());
        assertEquals(List.of("P1:AUTHORISATION", "P4:CAPTURE_FAILED"), batch.events().stream().map(CanonicalEvent::id).toList());
        assertEquals(1, batch.deadLetters().size(), "only the item without an id; REPORT_AVAILABLE is dropped, not dead-lettered");

        context.getPropertiesComponent().addInitialProperty("tributary.adyen.event-types", "adyen.REPORT_AVAILABLE");
        Batch fromProperty = adyen(null).normalizeEach(ADYEN, Channel.WEBHOOK, Map.of());
        assertEquals(List.of("P3:REPORT_AVAILABLE"), fromProperty.events().stream().map(CanonicalEvent::id).toList());
    }

    @Test
    void should_make_a_delivery_unprocessable_when_a_required_attribute_yields_nothing() {
        byte[] push = Fixtures.bytes("github", "push-event.json");
        UnprocessableEventException e = assertThrows(UnprocessableEventException.class,
                () -> github().normalize(push, Channel.WEBHOOK, Map.of("X-GitHub-Event", "push", "X-GitHub-Hook-ID", "1")));
        assertTrue(e.getMessage().contains("header:X-GitHub-Delivery yields nothing"), e.getMessage());
        CanonicalEvent noRepo = github().normalize("{\"zen\":\"Keep it logically awesome.\"}".getBytes(),
                Channel.WEBHOOK, Map.of("X-GitHub-Delivery", "d-1", "X-GitHub-Event", "ping", "X-GitHub-Hook-ID", "1")).get(0);
        assertNull(noRepo.subject(), "an optional attribute that yields nothing is left out");
        assertThrows(UnprocessableEventException.class, () -> github().normalize("[1,".getBytes(), Channel.WEBHOOK, Map.of()));
    }

    @Test
    void should_stop_the_start_naming_file_and_line_of_a_missing_attribute(@TempDir Path routes) throws Exception {
        String yaml = """
                - beans:
                    - name: githubEvents
                      type: io.tributary.mapping.EventMapping
                      properties:
                        provider: github
                        fixture: push-event.json
                        type: "header:X-GitHub-Event"
                        source: "'/github'"
                """;
        IllegalArgumentException e = startFails(routes, yaml);
        assertTrue(e.getMessage().startsWith(routes.resolve("github.camel.yaml") + ":4: the github mapping has no id"), e.getMessage());
    }

    @Test
    void should_stop_the_start_naming_file_and_line_of_an_attribute_that_yields_nothing_on_the_fixture(@TempDir Path routes) throws Exception {
        String yaml = """
                - beans:
                    - name: githubEvents
                      type: io.tributary.mapping.EventMapping
                      properties:
                        provider: github
                        fixture: push-event.json
                        id: "header:X-GitHub-Delivery"
                        type: "header:X-GitHub-Event"
                        subject: "jsonpath:$.repository.fullname"
                        source: "'/github'"
                """;
        IllegalArgumentException e = startFails(routes, yaml);
        assertTrue(e.getMessage().startsWith(routes.resolve("github.camel.yaml") + ":9: github subject on src/test/resources/providers/github/push-event.json: jsonpath:$.repository.fullname yields nothing"),
                e.getMessage());
    }

    @Test
    void should_stop_the_start_on_an_expression_that_does_not_compile(@TempDir Path routes) throws Exception {
        String yaml = """
                - beans:
                    - name: githubEvents
                      type: io.tributary.mapping.EventMapping
                      properties:
                        provider: github
                        id: "header:X-GitHub-Delivery | last-word"
                        type: "simple:${header.X-GitHub-Event"
                        source: "'/github'"
                """;
        IllegalArgumentException e = startFails(routes, yaml);
        assertTrue(e.getMessage().startsWith(routes.resolve("github.camel.yaml") + ":6: github id: unknown helper 'last-word'"), e.getMessage());
    }

    private IllegalArgumentException startFails(Path routes, String yaml) throws Exception {
        Path file = routes.resolve("github.camel.yaml");
        Files.writeString(file, yaml);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("tributary.routes-dir", routes.toString());
        context.getPropertiesComponent().setInitialProperties(p);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
        Exception e = assertThrows(Exception.class, context::start);
        Throwable t = e;
        while (!(t instanceof IllegalArgumentException) && t.getCause() != null) {
            t = t.getCause();
        }
        return (IllegalArgumentException) t;
    }
}
