package io.tributary.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import io.tributary.config.Props;
import io.tributary.testing.ManualClock;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NormalizeStepTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    /** A normaliser that takes its source from the body, as providers take it from an org id. */
    private Exchange normalize(String source) {
        return normalize(source, OffsetDateTime.parse("2024-01-01T00:00:00Z"), null);
    }

    private Exchange normalize(String source, OffsetDateTime time, Object receivedAt) {
        context.getRegistry().bind("fakeNormalizer", new Normalizer() {
            @Override
            public String provider() {
                return "fake";
            }

            @Override
            public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
                return List.of(new CanonicalEvent("fake", "e1", new String(raw, StandardCharsets.UTF_8), "fake.t", "s",
                        time, "{}".getBytes(StandardCharsets.UTF_8), channel));
            }
        });
        Exchange ex = new DefaultExchange(context);
        ex.setProperty(Props.PROVIDER, "fake");
        ex.setProperty(Props.CHANNEL, "webhook");
        ex.setProperty(Props.RECEIVED_AT, receivedAt);
        ex.getMessage().setBody(source.getBytes(StandardCharsets.UTF_8));
        new NormalizeStep(clock).normalize(ex);
        return ex;
    }

    @Test
    void should_dead_letter_an_event_whose_source_is_not_a_uri() {
        Exchange ex = normalize("/fake/acme corp");
        assertTrue(ex.getMessage().getBody(Batch.class).isDeadLettered(), "dead-lettered, not failed at serialisation");
        assertEquals(0, ex.getMessage().getBody(Batch.class).events().size());
        assertTrue(ex.getMessage().getBody(Batch.class).deadLetters().get(0).error().contains("acme corp"));
    }

    @SuppressWarnings("unchecked")
    private static CanonicalEvent first(Exchange ex) {
        return ex.getMessage().getBody(Batch.class).events().get(0);
    }

    @Test
    void should_give_an_event_without_the_providers_time_the_time_of_receipt() {
        java.time.Instant received = java.time.Instant.parse("2025-03-04T05:06:07Z");
        assertEquals(OffsetDateTime.parse("2025-03-04T05:06:07Z"), first(normalize("/fake", null, received)).time());
        assertEquals(OffsetDateTime.parse("2025-03-04T05:06:07Z"), first(normalize("/fake", null, List.of(received))).time(), "per spooled item");
        assertEquals(OffsetDateTime.parse("2024-01-01T00:00:00Z"), first(normalize("/fake", OffsetDateTime.parse("2024-01-01T00:00:00Z"), received)).time(),
                "the provider's time wins");
        clock.set(java.time.Instant.parse("2026-05-06T07:08:09.123Z"));
        assertEquals(OffsetDateTime.parse("2026-05-06T07:08:09.123Z"), first(normalize("/fake", null, null)).time(), "a poll without a time gets now");
    }

    @Test
    void should_pass_a_valid_source() {
        Exchange ex = normalize("/fake/acme-corp");
        assertEquals(1, ex.getMessage().getBody(Batch.class).events().size());
    }
}
