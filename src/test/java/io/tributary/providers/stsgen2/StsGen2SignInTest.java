package io.tributary.providers.stsgen2;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.tributary.http.ApiException;
import io.tributary.testing.OracleIdentitySimulator;
import io.tributary.sandbox.StsGen2Simulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sign-in over HTTP against the simulator, whose tokens expire in seconds and whose API refuses expired ones. */
class StsGen2SignInTest {

    private StsGen2Simulator sim;
    private OracleIdentitySimulator identity;

    @BeforeEach
    void setUp() throws Exception {
        identity = new OracleIdentitySimulator(StsGen2Simulator.ORG);
        sim = new StsGen2Simulator(identity);
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private StsGen2Api api(String password) {
        StsGen2TokenSource source = new StsGen2TokenSource();
        source.setBaseUrl(sim.baseUrl()); // auth-url defaults to it
        source.setClientId(OracleIdentitySimulator.CLIENT_ID);
        source.setUsername(OracleIdentitySimulator.USERNAME);
        source.setPassword(password);
        source.setOrgShortName(StsGen2Simulator.ORG);
        return new StsGen2Api(sim.baseUrl(), source);
    }

    private static StsGen2RegistrationPlan plan() {
        return new StsGen2RegistrationPlan("key-1", "a2V5", List.of("CheckNotification"), StsGen2Simulator.ORG, null, null,
                "https://tributary.example.com/webhooks/sts-gen2");
    }

    @Test
    void should_keep_every_call_working_across_two_refreshes_and_a_new_sign_in() {
        identity.lifetimes(Duration.ofSeconds(2), Duration.ofSeconds(4)); // refreshes at ~1.5 s and ~3 s; at ~4.5 s the refresh token is dead
        StsGen2Api api = api(OracleIdentitySimulator.PASSWORD);
        StsGen2RegistrationPlan plan = plan();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(150)).until(() -> {
            api.putRegistration(plan.registration()); // any failure throws and fails the test
            if (!plan.missing(api.subscriptions()).isEmpty()) {
                api.postSubscription(plan.subscription("CheckNotification"));
            }
            return identity.refreshes() >= 2 && identity.signIns() >= 2;
        });
        assertEquals(0, sim.refusedCalls(), "tokens were renewed before they expired, not after a 401");
        assertTrue(identity.refusedRefreshes() >= 1, "the second sign-in followed a refused refresh");
        assertEquals(1, sim.subscriptions().size());
        assertTrue(sim.registrations() > 3);
    }

    @Test
    void should_renew_the_token_and_retry_once_when_sts_gen2_answers_401() {
        StsGen2Api api = api(OracleIdentitySimulator.PASSWORD);
        api.putRegistration(plan().registration());
        identity.revokeIdTokens(); // Oracle revoked the token before its expiry
        api.putRegistration(plan().registration());
        assertEquals(1, sim.refusedCalls());
        assertEquals(1, identity.refreshes());
        assertEquals(2, sim.registrations());
    }

    @Test
    void should_say_why_a_wrong_password_is_refused_without_repeating_it() {
        StsGen2Api api = api("wrong password");
        ApiException e = assertThrows(ApiException.class, () -> api.putRegistration(plan().registration()));
        assertTrue(e.getMessage().startsWith("sign-in refused: HTTP 401 invalid.credentials (AUTHENTICATION_INVALID)"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong password"));
        assertThrows(ApiException.class, () -> api.putRegistration(plan().registration()));
        assertEquals(1, identity.signInAttempts(), "the second call waits for the backoff instead of signing in again");
        assertEquals(0, sim.apiCalls());
    }
}
