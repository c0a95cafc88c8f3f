package io.tributary.webhook;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Checks that a delivery was signed by the provider. It sees the raw bytes before anything parses
 * them, and it fails with a typed {@link WebhookRejectedException} that names the reason.
 */
public interface SignatureVerifier extends Processor {

    /** @throws WebhookRejectedException when the signature is missing, malformed, unknown or wrong */
    void verify(SignedRequest request);

    /** The request headers the scheme needs (the interface docs list them per webhook). */
    List<String> headers();

    /**
     * The route step ({@code process} in the webhook template): resolved once when the route starts,
     * where a {@code bean} step chose between the two {@code verify} methods on every delivery.
     */
    @Override
    default void process(Exchange exchange) {
        verify(exchange);
    }

    /** Verifies the raw body kept by the intake step. */
    default void verify(Exchange exchange) {
        verify(SignedRequest.from(exchange));
    }
}
