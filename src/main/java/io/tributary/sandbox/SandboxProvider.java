package io.tributary.sandbox;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.event.Json;

/**
 * One simulated provider: its API on 127.0.0.1 (answering Tributary's polls and pulls), and, for
 * the sandbox, the settings that point Tributary at it and a {@link #tick} that makes a few new
 * events and sends some of them as signed webhooks to Tributary. The tests use the same classes,
 * built with fixed test credentials and driven by their own knobs instead of ticks.
 */
public abstract class SandboxProvider extends JsonHttpSimulator {

    protected static final ObjectMapper JSON = Json.MAPPER;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String id;

    protected SandboxProvider(String id) throws IOException {
        super();
        this.id = id;
    }

    /** The provider id, as in {@code routes/<id>.camel.yaml}. */
    public final String id() {
        return id;
    }

    /** {@code tributary.<id>.*} settings: generated secrets, this simulator's URL, short intervals. */
    public abstract Map<String, String> properties();

    /** Makes the next few events: some only in the API (for the poller), some also sent as webhooks. */
    public abstract void tick(Webhooks webhooks) throws IOException;

    /** A fresh random secret (32 bytes, base64): the sandbox never uses a fixed or real one. */
    protected static String secret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    protected static String uuid() {
        return UUID.randomUUID().toString();
    }

    protected static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Answers 401 and returns false unless the header has the expected value. */
    protected static boolean authorized(HttpExchange ex, String header, String expected) throws IOException {
        if (expected.equals(ex.getRequestHeaders().getFirst(header))) {
            return true;
        }
        send(ex, 401, "{\"error\":\"unauthorized\"}");
        return false;
    }
}
