package io.tributary.poll;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link Backfill} on the platform MBean server as {@code io.tributary:type=Backfill,provider=<p>}:
 * a management operation that needs no network listener (Camel's management HTTP server takes no
 * custom routes, and the webhook port is public). Removed when the context stops.
 */
final class BackfillJmx {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillJmx.class);

    private BackfillJmx() {
    }

    static void register(BackfillMBean backfill, String provider, CamelContext context) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.tributary:type=Backfill,provider=" + provider);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by an earlier context in the same JVM (tests)
            }
            server.registerMBean(backfill, name);
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    if (server.isRegistered(name)) {
                        server.unregisterMBean(name);
                    }
                }
            }, true, true);
        } catch (Exception e) {
            LOG.warn("{}: the backfill management operation is not available: {}", provider, e.toString());
        }
    }
}
