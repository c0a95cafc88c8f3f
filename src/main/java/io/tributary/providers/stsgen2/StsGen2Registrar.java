package io.tributary.providers.stsgen2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.tributary.http.ApiException;
import io.tributary.loop.Backoff;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Tributary with STS Gen2 at start-up (route steps {@code due} and {@code register}):
 * PUT the HMAC key (the first of {@code tributary.sts-gen2.keys}), then create the missing
 * subscriptions. A failure, a refused sign-in included, is logged, shown in {@code /observe/health}
 * and retried with backoff from 1 s to 5 min; it never stops the webhook route.
 */
public final class StsGen2Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(StsGen2Registrar.class);

    private String baseUrl;
    private StsGen2Tokens tokens;
    private String keyId;
    private String hmacKey;
    private List<String> messageTypes = List.of();
    private String orgShortName;
    private String locRef;
    private String rvcRef;
    private String callbackUri;
    private final Clock clock = Clock.systemUTC();
    private final Backoff schedule = new Backoff(Duration.ofDays(3650), Duration.ofSeconds(1), Duration.ofMinutes(5));
    private StsGen2Api api;
    private volatile String state = "pending";
    private volatile boolean registered;
    private boolean healthRegistered;

    public synchronized boolean due(Exchange exchange) {
        if (!healthRegistered) {
            healthRegistered = true;
            HealthCheckRegistry health = HealthCheckRegistry.get(exchange.getContext());
            if (health != null) {
                health.register(new StsGen2RegistrationCheck(this));
            }
        }
        return !registered && schedule.due(clock.instant());
    }

    public synchronized void register(Exchange exchange) {
        StsGen2RegistrationPlan plan = new StsGen2RegistrationPlan(keyId, hmacKey, messageTypes, orgShortName, locRef, rvcRef, callbackUri);
        try {
            StsGen2Api calls = api();
            calls.putRegistration(plan.registration());
            for (String type : plan.missing(calls.subscriptions())) {
                calls.postSubscription(plan.subscription(type));
            }
            registered = true;
            state = "registered";
            LOG.info("Registered with STS Gen2: key {} and subscriptions for {}", plan.keyId(), plan.messageTypes());
        } catch (RuntimeException e) {
            Instant now = clock.instant();
            Duration delay = schedule.failed(now, e instanceof ApiException a ? a.retryAfter() : Optional.empty());
            state = "failed: " + e.getMessage();
            LOG.warn("STS Gen2 registration failed, retrying in {}: {}", delay, e.getMessage());
        }
    }

    /** The calls, for tests that go on calling STS Gen2 after the registration. */
    synchronized StsGen2Api api() {
        if (api == null) {
            api = new StsGen2Api(baseUrl, tokens);
        }
        return api;
    }

    public boolean registered() {
        return registered;
    }

    String state() {
        return state;
    }

    String auth() {
        return tokens == null ? "no token source" : tokens.describe();
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The {@code stsGen2Tokens} bean: a static token or the API account's sign-in. */
    public void setTokens(StsGen2Tokens tokens) {
        this.tokens = tokens;
    }

    /** The first {@code keyId=base64Key} of the configured keys is the one registered. */
    public void setKeys(String keys) {
        if (keys != null && !keys.isBlank()) {
            String first = keys.split(",")[0];
            int eq = first.indexOf('=');
            if (eq > 0) {
                keyId = first.substring(0, eq).trim();
                hmacKey = first.substring(eq + 1).trim();
            }
        }
    }

    public void setMessageTypes(String types) {
        this.messageTypes = types == null || types.isBlank() ? List.of()
                : Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        StsGen2RegistrationPlan.validate(messageTypes, rvcRef); // refused at start-up, not at the first attempt
    }

    public void setOrgShortName(String orgShortName) {
        this.orgShortName = blankToNull(orgShortName);
    }

    public void setLocRef(String locRef) {
        this.locRef = blankToNull(locRef);
    }

    public void setRvcRef(String rvcRef) {
        this.rvcRef = blankToNull(rvcRef);
        StsGen2RegistrationPlan.validate(messageTypes, this.rvcRef);
    }

    public void setCallbackUri(String callbackUri) {
        this.callbackUri = blankToNull(callbackUri);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
