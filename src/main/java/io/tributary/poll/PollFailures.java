package io.tributary.poll;

import io.tributary.loop.LoopHealth;
import io.tributary.config.Props;
import io.tributary.metrics.TributaryMetrics;
import org.apache.camel.Exchange;

/** The poll error route's step: hands the failure to the provider's poller, which backs off. */
public final class PollFailures {

    public void failed(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LoopHealth health = LoopHealth.of(exchange);
        if (health != null) {
            health.failed(exchange.getFromRouteId(), error, PollFailure.reason(error));
        }
        var registry = exchange.getContext().getRegistry();
        var backfills = registry.findByType(Backfill.class).stream().map(Backfill::poller).filter(java.util.Objects::nonNull);
        var pollers = java.util.stream.Stream.concat(registry.findByType(CursorPoller.class).stream(), backfills)
                .filter(p -> p.provider().equals(provider))
                // a backfill's failure backs off the backfill only, and a live poll's the live poller only
                .filter(p -> p.isBackfill() == String.valueOf(exchange.getFromRouteId()).endsWith("-backfill")).toList();
        if (pollers.isEmpty()) {
            // A scheduled route without a cursor (e.g. Zenoo pulls): count and log; its next tick retries.
            exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class)
                    .pollError(provider, PollFailure.reason(error));
            LOG.warn("{} scheduled work failed, retried on its next tick: {}", provider, error == null ? "?" : error.getMessage());
        }
        pollers.forEach(p -> p.failed(exchange));
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PollFailures.class);
}
