package io.tributary.testing;

import java.util.Map;
import java.util.Properties;

import io.tributary.poll.cursor.CursorStore;
import io.tributary.metrics.TributaryMetrics;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * A Camel context (not started) with the beans of real route files, configured from
 * application.properties and the given settings: poller tests use the bean exactly as the route
 * file declares it, and drive the route's steps by hand.
 */
public final class RouteFileBeans {

    private RouteFileBeans() {
    }

    /** Loads {@code routes/tributary.camel.yaml} (its templates) then each of {@code files}; binds {@code store} and metrics. */
    public static DefaultCamelContext load(Map<String, String> settings, CursorStore store, String... files) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties overrides = new Properties();
        overrides.putAll(settings);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        context.getRegistry().bind("cursorStore", store);
        context.getRegistry().bind("tributaryMetrics", new TributaryMetrics(context));
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/tributary.camel.yaml"));
        for (String file : files) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
        }
        return context;
    }

    /** The bean {@code name} exactly as {@code file} declares it, configured with {@code settings}; e.g. a signature verifier. */
    public static <T> T bean(String file, String name, Class<T> type, Map<String, String> settings) throws Exception {
        try (DefaultCamelContext context = load(settings, new MemoryCursorStore(), file)) {
            T bean = context.getRegistry().lookupByNameAndType(name, type);
            if (bean == null) {
                throw new IllegalArgumentException(file + " declares no " + type.getSimpleName() + " named " + name);
            }
            return bean;
        }
    }
}
