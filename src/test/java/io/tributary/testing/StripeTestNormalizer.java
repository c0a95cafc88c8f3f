package io.tributary.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.CanonicalEvent;
import io.tributary.core.Channel;
import io.tributary.core.Json;
import io.tributary.core.Normalizer;
import io.tributary.core.UnprocessableEventException;

/**
 * A stand-in for Stripe's normaliser in the poller's end-to-end test: the real one is declared in
 * routes/stripe.camel.yaml on another branch. The id is the event's {@code evt_...} id.
 */
public final class StripeTestNormalizer implements Normalizer {

    @Override
    public String provider() {
        return "stripe";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode e = Json.read(raw);
        String id = Json.text(e, "id");
        if (id == null) {
            throw new UnprocessableEventException("a Stripe event needs id");
        }
        return List.of(new CanonicalEvent(provider(), id, "/stripe", "stripe." + e.path("type").asText(),
                e.path("data").path("object").path("id").asText(null),
                Instant.ofEpochSecond(e.path("created").asLong()).atOffset(ZoneOffset.UTC), raw, channel));
    }
}
