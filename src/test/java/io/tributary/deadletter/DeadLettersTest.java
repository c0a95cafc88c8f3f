package io.tributary.deadletter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tributary.config.Props;
import io.tributary.event.Batch;
import io.tributary.event.DeadLetter;
import io.tributary.metrics.TributaryMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A dead letter keeps what its redrive needs, and no credential. */
class DeadLettersTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final DeadLetters deadLetters = new DeadLetters(new TributaryMetrics(context));

    @SuppressWarnings("unchecked")
    private List<Message> records(Exchange x) {
        deadLetters.toRecords(x);
        return x.getMessage().getBody(List.class);
    }

    private Exchange delivery(String channel) {
        Exchange x = new DefaultExchange(context);
        x.setProperty(Props.PROVIDER, "standard-webhooks");
        x.setProperty(Props.CHANNEL, channel);
        x.setProperty(Props.RECEIVED_AT, Instant.parse("2026-12-01T10:00:00Z"));
        x.getMessage().setHeaders(new java.util.HashMap<>(Map.of("webhook-id", "msg_1", "Content-Type", "application/json",
                "webhook-signature", "v1,abc", "Authorization", "Bearer t", "X-Hub-Signature-256", "sha256=1", "X-Gitlab-Token", "t",
                "CamelHttpUri", "/webhooks/standard-webhooks")));
        x.getMessage().setBody(new Batch(List.of(), List.of(new DeadLetter("{}".getBytes(StandardCharsets.UTF_8), "no id"))));
        return x;
    }

    @Test
    void a_webhook_dead_letter_keeps_receipt_verification_and_the_request_headers_but_no_credential() {
        Message m = records(delivery("webhook")).get(0);
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), m.getBody(byte[].class));
        assertEquals("2026-12-01T10:00:00Z", m.getHeader("tributary-received-at"));
        assertEquals("true", m.getHeader("tributary-verified"));
        assertEquals("no id", m.getHeader("tributary-error"));
        assertEquals("msg_1", m.getHeader("tributary-header-webhook-id"));
        assertEquals("application/json", m.getHeader("tributary-header-Content-Type"));
        assertEquals(List.of("tributary-header-Content-Type", "tributary-header-webhook-id"),
                m.getHeaders().keySet().stream().filter(k -> k.startsWith("tributary-header-")).sorted().toList());
        assertNull(m.getHeader("tributary-redrive-count"));
    }

    @Test
    void a_polled_dead_letter_keeps_no_request_header_and_a_redriven_one_says_how_often_and_what_it_replaces() {
        Exchange x = delivery("poll");
        x.setProperty(DeadLetters.REDRIVE_COUNT, 2);
        x.setProperty(DeadLetters.REDRIVEN_FROM, "1:40");
        Message m = records(x).get(0);
        assertFalse(m.getHeaders().keySet().stream().anyMatch(k -> k.startsWith("tributary-header-")));
        assertEquals("2", m.getHeader("tributary-redrive-count"));
        assertEquals("1:40", m.getHeader("tributary-redriven-from"));
    }

    @Test
    void credential_names_are_not_kept() {
        for (String name : List.of("Authorization", "Proxy-Authorization", "Cookie", "Stripe-Signature", "X-Shopify-Hmac-Sha256",
                "X-Hook-Secret", "X-Api-Key", "Typeform-Signature", "x-slack-sig", "Password")) {
            assertFalse(RedriveHeaders.keep(name), name);
        }
        for (String name : List.of("webhook-id", "X-GitHub-Event", "X-Request-Id", "User-Agent", "Content-Type")) {
            assertTrue(RedriveHeaders.keep(name), name);
        }
    }
}
