package io.tributary.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Keeps Camel's per-route timers and counters on the routes a delivery starts in (a provider's
 * webhook, poll and backfill routes, the spool drain, the dead-letter route) and off the shared
 * hops it passes inside them. Each timed route costs every delivery a timer sample and three
 * {@code String.format} calls for its exchange property; a webhook passed six timed routes, five
 * of them hops whose time its provider route's timer already holds.
 */
public final class RouteTimers {

    /** The shared routes entered only from inside another route (their time is that route's). */
    public static final String HOPS = "tributary-webhook-no-steps,tributary-accept,tributary-ingest,tributary-publish";

    private RouteTimers() {
    }

    /** Before the routes start: the policy reads the exclusion when each route starts. */
    public static void skipHops(CamelContext context) {
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStarting(CamelContext started) {
                for (RoutePolicyFactory f : started.getRoutePolicyFactories()) {
                    if (f instanceof MicrometerRoutePolicyFactory micrometer) {
                        micrometer.getPolicyConfiguration().setExcludePattern(HOPS);
                    }
                }
            }
        });
    }
}
