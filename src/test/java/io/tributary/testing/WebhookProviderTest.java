package io.tributary.testing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The set-up the webhook tests of route-file providers share: one Tributary on the test broker,
 * with the real routes/ and only this provider's webhook secret set.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WebhookProviderTest {

    protected final String run = UUID.randomUUID().toString().substring(0, 8);
    protected TributaryApp app;
    protected ProviderEvents events;
    private final String provider;
    private final String secret;

    protected WebhookProviderTest(String provider, String secret) {
        this.provider = provider;
        this.secret = secret;
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary." + provider + ".webhook-secret", secret);
        app = TributaryApp.start(p);
        events = new ProviderEvents(app, provider);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    protected static long now() {
        return Instant.now().getEpochSecond();
    }
}
