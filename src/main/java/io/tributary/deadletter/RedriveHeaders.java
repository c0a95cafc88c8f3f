package io.tributary.deadletter;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.tributary.config.Props;
import io.tributary.event.NormalizeStep;
import org.apache.camel.Exchange;

/**
 * The request headers a dead letter keeps so that {@code redrive} can hand its mapping what the
 * mapping saw at receipt ({@link NormalizeStep} gives a webhook's headers to the Normalizer, and a
 * mapping may read any of them, e.g. {@code header:webhook-id}). Kept: every request header except
 * Camel's own and any that can carry a credential (Authorization, Cookie, signatures, tokens, keys,
 * secrets): a dead-letter topic is read by more people than the webhook secret is. A mapping that
 * reads such a header cannot be redriven; none of the catalogue's does.
 */
public final class RedriveHeaders {

    private static final Pattern CREDENTIAL = Pattern.compile("authorization|cookie|signature|sig$|token|secret|key|hmac|password");

    private RedriveHeaders() {
    }

    /** The headers to keep for a dead letter of this exchange (none for a polled page). */
    public static Map<String, String> kept(Exchange exchange) {
        Map<String, String> kept = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (!"webhook".equals(exchange.getProperty(Props.CHANNEL, String.class))) {
            return kept;
        }
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v instanceof String s && keep(k)) {
                kept.put(k, s);
            }
        });
        return kept;
    }

    static boolean keep(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !n.startsWith("camel") && !n.startsWith("tributary") && !CREDENTIAL.matcher(n).find();
    }
}
