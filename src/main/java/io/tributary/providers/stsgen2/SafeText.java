package io.tributary.providers.stsgen2;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Json;

/** Reads the OpenID provider's answers into text that is safe for logs and health: short, plain, no tokens. */
final class SafeText {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final int MAX = 80;

    private SafeText() {
    }

    /** " invalid.credentials (AUTHENTICATION_INVALID)" from Oracle's error JSON; empty when unreadable. */
    static String reason(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            return reason(JSON.readTree(body));
        } catch (IOException e) {
            return "";
        }
    }

    static String reason(JsonNode answer) {
        String message = first(answer, "message", "error_description", "error", "nextOp");
        String code = first(answer, "code");
        if (message.isEmpty()) {
            return code.isEmpty() ? "" : " " + code;
        }
        return " " + message + (code.isEmpty() ? "" : " (" + code + ")");
    }

    private static String first(JsonNode answer, String... fields) {
        for (String f : fields) {
            JsonNode v = answer.path(f);
            if (v.isValueNode() && !v.asText().isBlank()) {
                String s = v.asText().replaceAll("[^A-Za-z0-9._ :-]", "").trim();
                return s.length() > MAX ? s.substring(0, MAX) : s;
            }
        }
        return "";
    }

    /** The query parameters of a URL or of a bare {@code ?a=1&b=2}. */
    static Map<String, String> query(String url) {
        Map<String, String> params = new HashMap<>();
        int q = url.indexOf('?');
        if (q < 0) {
            return params;
        }
        String query = url.substring(q + 1);
        int hash = query.indexOf('#');
        for (String kv : (hash < 0 ? query : query.substring(0, hash)).split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
