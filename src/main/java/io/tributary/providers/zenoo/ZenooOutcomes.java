package io.tributary.providers.zenoo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;
import io.tributary.providers.zenoo.PendingTokens.Pending;

/**
 * The documents a pull hands to the normaliser: {@code result}, {@code token_invalid} or
 * {@code timed_out}, naming the token by its fingerprint only. A capability never travels in an event.
 */
final class ZenooOutcomes {

    private final UnaryOperator<String> fingerprint;

    ZenooOutcomes(UnaryOperator<String> fingerprint) {
        this.fingerprint = fingerprint;
    }

    byte[] outcome(String kind, Pending p, JsonNode payload) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("kind", kind).put("token_fingerprint", fingerprint.apply(p.token()))
                .put("external_reference", p.externalReference());
        if (payload != null) {
            o.set("payload", withoutToken(payload, p.token()));
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Drops every field whose value is the token itself. */
    static JsonNode withoutToken(JsonNode node, String token) {
        if (node.isObject()) {
            List<String> drop = new ArrayList<>();
            node.fields().forEachRemaining(f -> {
                if (f.getValue().isTextual() && f.getValue().asText().equals(token)) {
                    drop.add(f.getKey());
                } else {
                    withoutToken(f.getValue(), token);
                }
            });
            ((ObjectNode) node).remove(drop);
        } else if (node.isArray()) {
            node.forEach(n -> withoutToken(n, token));
        }
        return node;
    }
}
