package io.tributary.webhook;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * One delivery as a {@link SignatureScheme} reads it: headers, the raw body, the signature
 * header's parameters, and, only when the scheme signs or reads a body field, the body parsed
 * once (it is not verified yet: nothing but the named fields is used).
 */
final class SchemeRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignedRequest request;
    private final String publicUrl;
    private final String signedPath;
    private Map<String, List<String>> params = Map.of();
    private String timestamp;
    private JsonNode json;

    SchemeRequest(SignedRequest request, String publicUrl, String signedPath) {
        this.request = request;
        this.publicUrl = publicUrl;
        this.signedPath = signedPath;
    }

    byte[] body() {
        return request.body() == null ? new byte[0] : request.body();
    }

    String method() {
        String m = request.method();
        return m == null ? "POST" : m;
    }

    String url() {
        String q = request.query();
        return q == null ? publicUrl : publicUrl + "?" + q;
    }

    String path() {
        String p = signedPath != null ? signedPath : request.path();
        return p == null ? "" : p;
    }

    String header(String name) {
        return request.header(name);
    }

    String requiredHeader(String name) {
        String v = request.header(name);
        if (v == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + name + " header");
        }
        return v;
    }

    void params(Map<String, List<String>> params) {
        this.params = params;
    }

    String param(String name) {
        List<String> v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, "the signature header has no " + name + "=");
        }
        return v.get(0);
    }

    List<String> params(String name) {
        return params.getOrDefault(name, List.of());
    }

    void timestamp(String timestamp) {
        this.timestamp = timestamp;
    }

    String timestamp() {
        return timestamp;
    }

    static String pointer(String text) {
        JsonPointer.compile(text); // throws IllegalArgumentException on a malformed pointer
        return text;
    }

    /** The same delivery, its body fields read from one signed item (see {@link SignedItems}). */
    SchemeRequest item(JsonNode item) {
        SchemeRequest one = new SchemeRequest(request, publicUrl, signedPath);
        one.params = params;
        one.timestamp = timestamp;
        one.json = item;
        return one;
    }

    /** A body field as text (a string's value, a number as written by Jackson). */
    String field(String pointer) {
        JsonNode node = json().at(pointer);
        if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no body field " + pointer);
        }
        return node.asText();
    }

    /** A body field as text, or "" when it is absent or null (Adyen signs a missing field as nothing). */
    String optionalField(String pointer) {
        JsonNode node = json().at(pointer);
        if (node.isContainerNode()) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, "the signed field " + pointer + " is not a value");
        }
        return node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** The body parsed once (or the item being verified). */
    JsonNode json() {
        if (json == null) {
            try {
                json = JSON.readTree(body());
            } catch (IOException e) {
                throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, "the signed fields are in a body that is not JSON");
            }
            if (json == null) {
                throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, "the signed fields are in an empty body");
            }
        }
        return json;
    }

    /** Twilio's form rule: parameters sorted by name (case-sensitive, stable), each name then value. */
    byte[] sortedForm() {
        String form = new String(body(), StandardCharsets.ISO_8859_1); // percent-encoded: ASCII
        List<String[]> pairs = new ArrayList<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                pairs.add(new String[] {URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8)});
            } catch (IllegalArgumentException e) {
                throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, "the form body has a bad percent escape");
            }
        }
        pairs.sort(Comparator.comparing(p -> p[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream(form.length());
        for (String[] p : pairs) {
            out.writeBytes(p[0].getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p[1].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
