package io.tributary.providers.thirdfort;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import io.tributary.http.ClientCredentialsToken;
import io.tributary.poll.CursorPoller;

/**
 * ListNotifications, oldest first. The cursor is the last {@code nextPageToken}; an empty page
 * without a token keeps the old cursor. With no cursor yet, {@code backfillSince} starts from
 * {@code filter=create_time > "..."}. The same class is the backfill poller ({@link #backfillFrom}).
 */
public final class ThirdfortPoller extends CursorPoller {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String baseUrl;
    private String organization;
    private int pageSize = 100;
    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String backfillSince;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private ApiClient client;
    private ClientCredentialsToken token;

    @Override
    public String provider() {
        return "thirdfort";
    }

    @Override
    protected Page fetch(Optional<String> cursor) {
        StringBuilder url = new StringBuilder(baseUrl.replaceAll("/+$", ""))
                .append("/v1/organizations/").append(enc(organization)).append("/notifications?page_size=").append(pageSize);
        cursor.ifPresent(c -> url.append("&page_token=").append(enc(c)));
        if (backfillSince != null) {
            // Sent on every call, so page tokens always travel with the filter they were issued for.
            url.append("&filter=").append(enc("create_time > \"" + backfillSince + "\""));
        }
        JsonNode body = get(url.toString());
        List<byte[]> items = new ArrayList<>();
        try {
            for (JsonNode n : body.path("notifications")) {
                items.add(JSON.writeValueAsBytes(n));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String nextToken = body.path("nextPageToken").asText("");
        String next = nextToken.isEmpty() ? cursor.orElse(null) : nextToken;
        boolean more = !items.isEmpty() && !nextToken.isEmpty() && !cursor.equals(Optional.of(nextToken));
        return new Page(items, next, more);
    }

    private JsonNode get(String url) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest request = client().request(url).header("Accept", "application/json")
                    .header("Authorization", "Bearer " + token.get()).GET().build();
            try {
                return JSON.readTree(client.send(request).body());
            } catch (ApiException e) {
                if (e.status() == 401 && attempt == 1) {
                    token.rejected(token.get()); // the token may have been revoked early: refresh once
                    continue;
                }
                throw e;
            } catch (IOException e) {
                throw new ApiException("Thirdfort answered unreadable JSON", 0, null, e);
            }
        }
    }

    private synchronized ApiClient client() {
        if (client == null) {
            client = new ApiClient(requestTimeout);
            token = new ClientCredentialsToken();
            token.setTokenUrl(tokenUrl);
            token.setClientId(clientId);
            token.setClientSecret(clientSecret);
        }
        return client;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void setOrganization(String organization) {
        this.organization = organization;
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public void setBackfillSince(String backfillSince) {
        if (backfillSince == null || backfillSince.isBlank()) {
            this.backfillSince = null;
            return;
        }
        OffsetDateTime.parse(backfillSince.trim()); // a clear error at start-up instead of a 400 at every poll
        this.backfillSince = backfillSince.trim();
    }

    /** The filter is sent with every page, so the backfill's page tokens stay with the filter they came from. */
    @Override
    public void backfillFrom(String since) {
        setBackfillSince(since);
        useBackfillCursor(provider() + ":backfill:" + this.backfillSince);
    }

    public void setRequestTimeout(String requestTimeout) {
        this.requestTimeout = io.tributary.core.Settings.parseDuration(requestTimeout);
    }
}
