package io.tributary.webhook;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Limits of the embedded HTTP server that camel-platform-http-vertx 4.18.0 does not expose: its
 * server configuration has no idle timeout and no connection cap, and it builds its
 * {@code HttpServerOptions} itself. It does take the Vert.x instance from the registry, so this
 * binds one whose {@code createHttpServer} sets the idle timeout and installs a connection handler
 * that closes connections past the cap, at accept time, before a byte of the request is read.
 */
public final class HttpServerLimits {

    private final Duration idleTimeout;
    private final int maxConnections;
    private final RejectionLog rejections;
    private final AtomicInteger open = new AtomicInteger();

    HttpServerLimits(Duration idleTimeout, int maxConnections, RejectionLog rejections) {
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
        this.rejections = rejections;
    }

    /** The Vert.x instance of the webhook (and management) servers, closed when Camel stops. */
    public static Vertx vertx(CamelContext context, RejectionLog rejections) throws Exception {
        Settings s = Settings.of(context);
        HttpServerLimits limits = new HttpServerLimits(s.duration("tributary.http.idle-timeout", Duration.ofSeconds(60)),
                s.integer("tributary.http.max-connections", 1000), rejections);
        HttpRequestGuard guard = new HttpRequestGuard(s.integer("tributary.http.max-body-size", 1024 * 1024),
                s.duration("tributary.http.request-timeout", Duration.ofSeconds(30)), rejections);
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // The router is registered under a name derived from its port: find the webhook server's by type.
                started.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                        .filter(VertxPlatformHttpRouter::isMainServer).forEach(guard::install);
            }
        });
        // Each webhook holds a worker thread until Kafka acknowledged its events (platform-http runs
        // routes blocking): the pool bounds how many deliveries are in flight, so size it for the acks' latency.
        Vertx real = Vertx.vertx(new io.vertx.core.VertxOptions().setWorkerPoolSize(s.integer("tributary.http.worker-threads", 64)));
        // Closed once the context (and so both HTTP servers on this Vert.x) has stopped.
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                real.close();
                rejections.close();
            }
        });
        return (Vertx) Proxy.newProxyInstance(HttpServerLimits.class.getClassLoader(), new Class<?>[] {VertxInternal.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer") && args != null && args.length == 1 && args[0] instanceof HttpServerOptions o) {
                        return limits.configure(real.createHttpServer(limits.options(o)));
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    HttpServerOptions options(HttpServerOptions o) {
        // Without h2c detection Vert.x creates the HTTP/1 connection at accept, so the cap sees
        // connections that never send a byte; providers send HTTP/1.1 webhooks.
        return o.setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHttp2ClearTextEnabled(false);
    }

    HttpServer configure(HttpServer server) {
        return server.connectionHandler(this::accepted);
    }

    private void accepted(HttpConnection connection) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            rejections.rejected("http", "too_many_connections");
            connection.close();
            return;
        }
        connection.closeHandler(v -> open.decrementAndGet());
    }
}
