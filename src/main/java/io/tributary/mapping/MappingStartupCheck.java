package io.tributary.mapping;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;

/**
 * Runs a mapping's checks as the Camel context starts, before any route consumes: an exception here
 * stops the start, so a broken route file fails fast instead of dead-lettering every delivery.
 */
final class MappingStartupCheck implements StartupListener {

    private final EventMapping mapping;

    private MappingStartupCheck(EventMapping mapping) {
        this.mapping = mapping;
    }

    static void register(CamelContext context, EventMapping mapping) {
        try {
            context.addStartupListener(new MappingStartupCheck(mapping));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot register the check of the " + mapping.provider() + " mapping", e);
        }
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        mapping.checkAtStart();
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // checked while starting
    }
}
