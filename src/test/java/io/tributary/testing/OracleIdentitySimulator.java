package io.tributary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;
import io.tributary.sandbox.StsGen2Simulator;

/**
 * Oracle's OpenID provider for API accounts, as its guides document it: authorize (PKCE S256,
 * which sets a session cookie), signin (form, the session cookie required), token (code exchange
 * checked against the challenge; refresh with the refresh token in {@code code}). Tokens expire
 * for real: an id_token lives {@link #lifetimes id-token lifetime}, a refresh token a fixed time
 * from its sign-in (refreshes do not extend it), so a long enough run needs a new sign-in.
 * The sign-in tests plug it into {@link StsGen2Simulator}, whose API then accepts its id_tokens.
 */
public final class OracleIdentitySimulator implements StsGen2Simulator.Identity {

    public static final String PREFIX = "/oidc-provider/v1/oauth2/";
    public static final String CLIENT_ID = "sts-test-client";
    public static final String USERNAME = "tributary-api";
    public static final String PASSWORD = "sts test password ";
    public static final String REDIRECT_URI = "apiaccount://callback";
    private static final String COOKIE = "OIDC_SESSION";

    private record Pending(String challenge, String redirectUri) {
    }

    private final String org;
    private final Map<String, Pending> sessions = new ConcurrentHashMap<>();
    private final Map<String, Pending> codes = new ConcurrentHashMap<>();
    private final Map<String, Instant> idTokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger signInAttempts = new AtomicInteger();
    private final AtomicInteger signIns = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger refusedRefreshes = new AtomicInteger();
    private volatile Duration idTokenLifetime = Duration.ofHours(24);
    private volatile Duration refreshTokenLifetime = Duration.ofDays(14);

    public OracleIdentitySimulator(String org) {
        this.org = org;
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    public void lifetimes(Duration idToken, Duration refreshToken) {
        idTokenLifetime = idToken;
        refreshTokenLifetime = refreshToken;
    }

    /** STS Gen2 accepts the id_token: issued here and not expired. */
    @Override
    public boolean accepts(String idToken) {
        Instant expiry = idTokens.get(idToken);
        return expiry != null && Instant.now().isBefore(expiry);
    }

    /** Every id_token issued so far stops working (refresh tokens still do). */
    public void revokeIdTokens() {
        idTokens.clear();
    }

    public int signInAttempts() {
        return signInAttempts.get();
    }

    /** Completed sign-ins: codes exchanged for tokens. */
    public int signIns() {
        return signIns.get();
    }

    public int refreshes() {
        return refreshes.get();
    }

    public int refusedRefreshes() {
        return refusedRefreshes.get();
    }

    /** Serves {@code PREFIX + step}; the caller has decoded the query or the form body. */
    @Override
    public void handle(HttpExchange ex, String step, Map<String, String> f) throws IOException {
        if (step.equals("authorize") && ex.getRequestMethod().equals("GET")) {
            authorize(ex, f);
        } else if (step.equals("signin") && ex.getRequestMethod().equals("POST")) {
            signIn(ex, f);
        } else if (step.equals("token") && ex.getRequestMethod().equals("POST")) {
            if (!CLIENT_ID.equals(f.get("client_id")) || !"openid".equals(f.get("scope"))) {
                answer(ex, 400, "{\"error\":\"invalid_client\"}");
            } else if ("authorization_code".equals(f.get("grant_type"))) {
                exchange(ex, f);
            } else if ("refresh_token".equals(f.get("grant_type"))) {
                refresh(ex, f);
            } else {
                answer(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
            }
        } else {
            answer(ex, 404, "{}");
        }
    }

    private void authorize(HttpExchange ex, Map<String, String> q) throws IOException {
        if (!"code".equals(q.get("response_type")) || !"openid".equals(q.get("scope")) || !CLIENT_ID.equals(q.get("client_id"))
                || !REDIRECT_URI.equals(q.get("redirect_uri")) || !"S256".equals(q.get("code_challenge_method"))
                || q.getOrDefault("code_challenge", "").length() != 43) {
            answer(ex, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String session = UUID.randomUUID().toString();
        sessions.put(session, new Pending(q.get("code_challenge"), q.get("redirect_uri")));
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + session + "; Path=/oidc-provider; HttpOnly");
        ex.getResponseHeaders().add("Location", "/oidc-provider/v1/login");
        answer(ex, 302, "");
    }

    private void signIn(HttpExchange ex, Map<String, String> f) throws IOException {
        signInAttempts.incrementAndGet();
        String cookie = String.valueOf(ex.getRequestHeaders().getFirst("Cookie"));
        Pending pending = cookie.startsWith(COOKIE + "=") ? sessions.remove(cookie.substring(COOKIE.length() + 1).split(";")[0]) : null;
        if (pending == null) {
            answer(ex, 400, "{\"status\":400,\"message\":\"no.authorization.request\",\"code\":\"BAD_REQUEST\"}");
        } else if (!USERNAME.equals(f.get("username")) || !PASSWORD.equals(f.get("password")) || !org.equals(f.get("orgname"))) {
            answer(ex, 401, "{\"status\":401,\"message\":\"invalid.credentials\",\"code\":\"AUTHENTICATION_INVALID\"}");
        } else {
            String code = UUID.randomUUID().toString();
            codes.put(code, pending);
            answer(ex, 200, "{\"nextOp\":\"redirect\",\"success\":\"true\",\"redirectUrl\":\"?code=" + code + "\"}");
        }
    }

    private void exchange(HttpExchange ex, Map<String, String> f) throws IOException {
        Pending pending = codes.remove(f.getOrDefault("code", ""));
        if (pending == null || !pending.redirectUri().equals(f.get("redirect_uri"))
                || !pending.challenge().equals(s256(f.getOrDefault("code_verifier", "")))) {
            answer(ex, 401, "{\"status\":401,\"message\":\"AUTHENTICATION_CODE_NOT_FOUND\",\"code\":\"RECORD_NOT_FOUND\"}");
            return;
        }
        String refresh = UUID.randomUUID().toString();
        refreshTokens.put(refresh, Instant.now().plus(refreshTokenLifetime));
        signIns.incrementAndGet();
        issue(ex, refresh);
    }

    /** Oracle's guide puts the refresh token in {@code code}; a client may add {@code refresh_token}, which must agree. */
    private void refresh(HttpExchange ex, Map<String, String> f) throws IOException {
        String refresh = f.getOrDefault("code", "");
        Instant expiry = refreshTokens.get(refresh);
        if (expiry == null || !Instant.now().isBefore(expiry) || (f.containsKey("refresh_token") && !refresh.equals(f.get("refresh_token")))) {
            refusedRefreshes.incrementAndGet();
            answer(ex, 401, "{\"status\":401,\"message\":\"invalid.refresh.token\",\"code\":\"AUTHENTICATION_INVALID\"}");
            return;
        }
        refreshes.incrementAndGet();
        issue(ex, refresh);
    }

    private void issue(HttpExchange ex, String refresh) throws IOException {
        Instant expiry = Instant.now().plus(idTokenLifetime);
        String id = jwt(expiry);
        idTokens.put(id, expiry);
        answer(ex, 200, "{\"id_token\":\"" + id + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetime.toSeconds()
                + ",\"refresh_token\":\"" + refresh + "\"}");
    }

    private static String jwt(Instant expiry) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"sub\":\"" + USERNAME + "\",\"exp\":" + expiry.getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        JsonHttpSimulator.send(ex, status, body);
    }
}
