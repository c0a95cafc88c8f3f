package io.tributary.poll;

import io.tributary.core.Props;
import org.apache.camel.Exchange;

/** The poll error route's step: hands the failure to the provider's poller, which backs off. */
public final class PollFailures {

    public void failed(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        exchange.getContext().getRegistry().findByType(CursorPoller.class).stream()
                .filter(p -> p.provider().equals(provider))
                .forEach(p -> p.failed(exchange));
    }
}
