package io.tributary.providers.stsgen2;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Json;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;

/**
 * Oracle's OpenID Connect flow for API accounts, as the Simphony API guides document it
 * (docs.oracle.com/en/industries/food-beverage/simphony/ccapi/topic_40.html to topic_42.html,
 * and omsstsg2api/authenticate.html):
 * <ul>
 * <li>documented: GET authorize with {@code scope=openid}, {@code response_type=code},
 * {@code client_id}, {@code redirect_uri} ({@code apiaccount://callback} for machine clients),
 * {@code code_challenge} and {@code code_challenge_method=S256}; POST signin as a form with
 * {@code username}, {@code password}, {@code orgname}, answered 200 with {@code redirectUrl}
 * {@code ?code=...} or 401 {@code invalid.credentials}; POST token as a form with
 * {@code grant_type}, {@code client_id}, {@code code}, {@code code_verifier} (and {@code scope} in
 * the sample), answered with {@code id_token}, {@code expires_in}, {@code refresh_token}.</li>
 * <li>Oracle's refresh passes the refresh token in {@code code}; we also send it as
 * {@code refresh_token} (RFC 6749 section 6), so either reading works.</li>
 * <li>our choices: the query string for authorize parameters (the guide calls them "header
 * parameters" but shows no header names); a random {@code state}, checked when echoed (the guide's
 * sample sends one); {@code redirect_uri} on the code exchange (RFC 6749 section 4.1.3); and one
 * cookie jar per sign-in, because signin names neither the client nor the challenge, so only the
 * session cookie set by authorize can tie them together (inferred, not documented).</li>
 * </ul>
 */
final class StsGen2OidcHttp implements StsGen2Oidc {

    record Endpoints(String authorizeUrl, String signInUrl, String tokenUrl, String redirectUri) {
    }

    static final String SCOPE = "openid";
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Endpoints endpoints;
    private final String clientId;
    private final String username;
    private final String password;
    private final String orgName;
    private final ApiClient client = new ApiClient(TIMEOUT);

    StsGen2OidcHttp(Endpoints endpoints, String clientId, String username, String password, String orgName) {
        this.endpoints = endpoints;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.orgName = orgName;
    }

    @Override
    public JsonNode signIn() {
        Pkce pkce = Pkce.generate();
        String state = UUID.randomUUID().toString();
        ApiClient session = new ApiClient(TIMEOUT, new CookieManager());
        authorize(session, pkce, state);
        String code = code(session, state);
        return token(session, "code exchange", Map.of("grant_type", "authorization_code", "client_id", clientId, "scope", SCOPE,
                "code", code, "code_verifier", pkce.verifier(), "redirect_uri", endpoints.redirectUri()));
    }

    @Override
    public JsonNode refresh(String refreshToken) {
        return token(client, "refresh", Map.of("grant_type", "refresh_token", "client_id", clientId, "scope", SCOPE,
                "code", refreshToken, "refresh_token", refreshToken));
    }

    private void authorize(ApiClient session, Pkce pkce, String state) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("scope", SCOPE);
        query.put("redirect_uri", endpoints.redirectUri());
        query.put("state", state);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        try {
            session.send(session.request(endpoints.authorizeUrl() + "?" + form(query)).GET().build());
        } catch (ApiException e) {
            if (e.status() / 100 != 3) { // a redirect (to a sign-in page) is a normal answer: it set the session cookie
                throw failure("authorize", e);
            }
        }
    }

    /** The authorization code from signin's {@code redirectUrl} ({@code ?code=...}, maybe a full URL). */
    private String code(ApiClient session, String state) {
        JsonNode answer = post(session, endpoints.signInUrl(), "sign-in", Map.of("username", username, "password", password, "orgname", orgName));
        String url = answer.path("redirectUrl").asText("");
        Map<String, String> params = SafeText.query(url);
        if (params.containsKey("state") && !state.equals(params.get("state"))) {
            throw new ApiException("sign-in answered with another request's state", 200, null, null);
        }
        String code = params.get("code");
        if (code == null || code.isEmpty()) {
            throw new ApiException("sign-in answered without a code" + SafeText.reason(answer), 200, null, null);
        }
        return code;
    }

    private JsonNode token(ApiClient http, String step, Map<String, String> fields) {
        return post(http, endpoints.tokenUrl(), step, fields);
    }

    private JsonNode post(ApiClient http, String url, String step, Map<String, String> fields) {
        HttpRequest request = http.request(url).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form(fields))).build();
        byte[] body;
        try {
            body = http.send(request).body();
        } catch (ApiException e) {
            throw failure(step, e);
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException(step + " answered unreadable JSON", 200, null, null);
        }
    }

    /** Names the step and Oracle's reason; never the request, which carries the password or a code. */
    private static ApiException failure(String step, ApiException e) {
        if (e.status() == 0) {
            return new ApiException(step + " failed: " + e.getMessage(), 0, e.retryAfter().orElse(null), e);
        }
        String verb = e.transientFailure() ? " failed: HTTP " : " refused: HTTP ";
        return new ApiException(step + verb + e.status() + SafeText.reason(e.body()), e.status(), e.retryAfter().orElse(null), e);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
