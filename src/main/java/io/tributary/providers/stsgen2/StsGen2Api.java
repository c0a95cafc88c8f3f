package io.tributary.providers.stsgen2;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Json;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import io.tributary.http.Credentials;
import io.tributary.http.ResponsePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STS Gen2 notification management calls. Each carries a bearer token from
 * {@link StsGen2Tokens}; a 401 (a token revoked or expired early) renews it and retries once.
 */
final class StsGen2Api {

    private static final Logger LOG = LoggerFactory.getLogger(StsGen2Api.class);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final String apiUrl;
    private final ApiClient client = new ApiClient(Duration.ofSeconds(15));
    private final ResponsePolicy policy;

    StsGen2Api(String baseUrl, StsGen2Tokens tokens) {
        this.apiUrl = baseUrl.replaceAll("/+$", "") + "/api/v1/notifications";
        this.policy = new ResponsePolicy(client, bearer(tokens));
    }

    void putRegistration(JsonNode registration) {
        send("PUT", "/registration", registration);
    }

    void postSubscription(JsonNode subscription) {
        send("POST", "/subscriptions", subscription);
    }

    /** The listing's shape is not documented: a bare array, or the first array inside an object. */
    List<JsonNode> subscriptions() {
        JsonNode body = read(send("GET", "/subscriptions", null).body());
        JsonNode list = body.isArray() ? body : null;
        for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) body::fields) {
            if (list == null && f.getValue().isArray()) {
                list = f.getValue();
            }
        }
        List<JsonNode> out = new ArrayList<>();
        if (list != null) {
            list.forEach(out::add);
        }
        return out;
    }

    private HttpResponse<byte[]> send(String method, String path, JsonNode body) {
        return policy.send(() -> request(method, path, body));
    }

    private HttpRequest.Builder request(String method, String path, JsonNode body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString());
        return client.request(apiUrl + path).header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, publisher);
    }

    /** The token source as the response policy's credentials: a 401 renews the token (when it can) and retries once. */
    private static Credentials bearer(StsGen2Tokens tokens) {
        return new Credentials() {
            @Override
            public String applyTo(HttpRequest.Builder request) {
                String token = tokens.current();
                request.header("Authorization", "Bearer " + token);
                return token;
            }

            @Override
            public boolean rejected(String token) {
                boolean retry = tokens.rejected(token);
                if (retry) {
                    LOG.info("STS Gen2 refused token {}: renewing it and retrying once", StsGen2TokenSet.fingerprint(token));
                }
                return retry;
            }
        };
    }

    private static JsonNode read(byte[] body) {
        try {
            return body.length == 0 ? JSON.createArrayNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException("STS Gen2 answered unreadable JSON", 0, null, e);
        }
    }
}
