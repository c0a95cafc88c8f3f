package io.tributary.poll;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.config.Settings;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import io.tributary.http.ByteSize;
import io.tributary.http.Credentials;
import io.tributary.http.LimitedUntil;
import io.tributary.http.ResponsePolicy;

/**
 * The {@code request} block of a declarative poller: the API's {@code baseUrl} and the list's
 * {@code path} (placeholders already resolved by Camel), the credentials bean, fixed headers, the
 * page size and its parameter, and the query that restricts a read to items after a time
 * ({@code sinceQuery}, e.g. {@code filter=create_time > "{since}"}). Answers go through the
 * shared {@link ResponsePolicy}.
 */
public final class PageRequest {

    private String baseUrl;
    private String path = "";
    private Credentials credentials;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int pageSize = 100;
    private String pageSizeParam;
    private String sinceQuery;
    private String limitedUntilField;
    private Duration timeout = Duration.ofSeconds(30);
    private long maxPageBytes = ByteSize.pageDefault();
    private String provider;
    private ApiClient client;
    private ResponsePolicy policy;

    /** The URL of one page: the list URL, the page size, the cursor's parameters, then the time filter. */
    public String url(Map<String, String> cursorParams, String since) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalStateException("the poller's request needs baseUrl");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (pageSizeParam != null && !pageSizeParam.isBlank()) {
            query.put(pageSizeParam, String.valueOf(pageSize));
        }
        query.putAll(cursorParams);
        if (since != null && sinceQuery != null) {
            int eq = sinceQuery.indexOf('=');
            query.put(sinceQuery.substring(0, eq), sinceQuery.substring(eq + 1).replace("{since}", since));
        }
        // A base URL may end in a slash; the path is taken as written, so a missing setting in it shows in the URL.
        StringBuilder b = new StringBuilder(baseUrl.replaceAll("/+$", "")).append(path);
        char separator = path.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : query.entrySet()) {
            b.append(separator).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
            separator = '&';
        }
        return b.toString();
    }

    public JsonNode get(Map<String, String> cursorParams, String since) {
        String target = url(cursorParams, since);
        byte[] body = policy().send(() -> {
            HttpRequest.Builder r = client.request(target).header("Accept", "application/json").GET();
            headers.forEach(r::header);
            return r;
        }).body();
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException("The API answered unreadable JSON", 200, null, e, null, ApiException.Reason.UNREADABLE);
        }
    }

    private synchronized ResponsePolicy policy() {
        if (policy == null) {
            client = new ApiClient(timeout, maxPageBytes, provider == null ? "the request's maxPageBytes" : "tributary." + provider + ".max-page-bytes");
            LimitedUntil limits = limitedUntilField == null || limitedUntilField.isBlank() ? null : new LimitedUntil(limitedUntilField);
            policy = new ResponsePolicy(client, credentials, limits, Clock.systemUTC());
        }
        return policy;
    }

    /** Whether reads can start from a time (a backfill needs it). */
    public boolean filtersBySince() {
        return sinceQuery != null;
    }

    public int pageSize() {
        return pageSize;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The list's path under the base URL, e.g. {@code /v1/events}; it may carry a fixed query. */
    public void setPath(String path) {
        this.path = path == null ? "" : path;
    }

    public void setCredentials(Credentials credentials) {
        this.credentials = credentials;
    }

    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /**
     * Fixed headers, one {@code Name: value} a line, e.g. an API version. (Text rather than a map:
     * Camel's property binding would turn a map key {@code X-Api-Version} into {@code XApiVersion}.)
     */
    public void setHeaders(String lines) {
        for (String line : lines.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("a request header must read 'Name: value', not '" + line.trim() + "'");
            }
            headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
    }

    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    /** Unset when the API takes no page size (its pages are full at {@code pageSize} all the same). */
    public void setPageSizeParam(String pageSizeParam) {
        this.pageSizeParam = pageSizeParam;
    }

    /** {@code name=value} with {@code {since}} where the RFC 3339 time goes; sent with every page. */
    public void setSinceQuery(String sinceQuery) {
        if (sinceQuery != null && !sinceQuery.isBlank() && (!sinceQuery.contains("=") || !sinceQuery.contains("{since}"))) {
            throw new IllegalArgumentException("sinceQuery must read name=value with {since} in the value, not '" + sinceQuery + "'");
        }
        this.sinceQuery = sinceQuery == null || sinceQuery.isBlank() ? null : sinceQuery;
    }

    /** The field of a 429 body that says until when calls are refused (Alcmeon: rate_limited_until). */
    public void setLimitedUntilField(String limitedUntilField) {
        this.limitedUntilField = limitedUntilField;
    }

    /** The deadline of each page's whole exchange, connecting to the body's last byte. */
    public void setTimeout(String timeout) {
        this.timeout = Settings.parseDuration(timeout);
    }

    /** The most bytes one page may have ({@code 4MiB}, {@code auto}: a sixteenth of the heap, at most 16 MiB); a larger page fails the poll. */
    public void setMaxPageBytes(String maxPageBytes) {
        this.maxPageBytes = ByteSize.parse(maxPageBytes);
    }

    public long maxPageBytes() {
        return maxPageBytes;
    }

    /** The provider id, to name {@code tributary.<id>.max-page-bytes} in a too-large error. */
    public void setProvider(String provider) {
        this.provider = provider;
    }
}
