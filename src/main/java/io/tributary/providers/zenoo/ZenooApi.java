package io.tributary.providers.zenoo;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Zenoo's sharable-payload call: a result, an invalid token, or nothing yet (try again on the plan). */
final class ZenooApi {

    sealed interface Answer permits Result, Invalid, NotYet {
    }

    record Result(JsonNode payload) implements Answer {
    }

    record Invalid() implements Answer {
    }

    record NotYet() implements Answer {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ZenooApi.class);

    private final ApiClient client = new ApiClient(Duration.ofSeconds(15));
    String baseUrl = "https://instance.prod.onboardapp.io";
    String apiKey;

    boolean enabled() {
        return apiKey != null && !apiKey.isBlank();
    }

    Answer pull(String token) {
        try {
            HttpResponse<byte[]> r = client.send(client.request(baseUrl.replaceAll("/+$", "") + "/api/gateway/sharable-payload/"
                    + URLEncoder.encode(token, StandardCharsets.UTF_8)).header("X-API-KEY", apiKey).GET().build());
            return r.statusCode() == 200 ? new Result(Json.MAPPER.readTree(r.body())) : new NotYet();
        } catch (ApiException e) {
            if (e.status() == 404) {
                return new Invalid();
            }
            // By status only: the message holds the URL, whose path is the pull token.
            LOG.warn("Zenoo pull failed ({}{}), retrying on the plan", e.reason(), e.status() == 0 ? "" : ", HTTP " + e.status());
        } catch (IOException e) {
            LOG.warn("Zenoo answered an unreadable result; retrying on the plan");
        }
        return new NotYet();
    }
}
