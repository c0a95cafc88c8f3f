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
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STS Gen2 notification management calls. Each carries a bearer token from
 * {@link StsGen2Tokens}; a 401 (a token revoked or expired early) renews it and retries once.
 */
final class StsGen2Api {

    private static final Logger LOG = LoggerFactory.getLogger(StsGen2Api.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final StsGen2Tokens tokens;
    private final ApiClient client = new ApiClient(Duration.ofSeconds(15));

    StsGen2Api(String baseUrl, StsGen2Tokens tokens) {
        this.apiUrl = baseUrl.replaceAll("/+$", "") + "/api/v1/notifications";
        this.tokens = tokens;
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
        String token = tokens.current();
        try {
            return client.send(request(method, path, body, token));
        } catch (ApiException e) {
            if (e.status() != 401 || !tokens.rejected(token)) {
                throw e;
            }
            LOG.info("STS Gen2 refused token {} on {} {}: renewing it and retrying once", StsGen2TokenSet.fingerprint(token), method, path);
            return client.send(request(method, path, body, tokens.current()));
        }
    }

    private HttpRequest request(String method, String path, JsonNode body, String token) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString());
        return client.request(apiUrl + path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, publisher).build();
    }

    private static JsonNode read(byte[] body) {
        try {
            return body.length == 0 ? JSON.createArrayNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException("STS Gen2 answered unreadable JSON", 0, null, e);
        }
    }
}
