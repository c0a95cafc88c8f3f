package io.tributary.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The start of an error answer, fit for a log line and the health detail: the first 512 bytes,
 * one line, with the caller's secrets and anything that looks like a token or a secret replaced
 * by {@code ***}. A provider's own words ("No such event: evt_...") are what an operator needs;
 * an echoed credential is what they must never see.
 */
final class ErrorExcerpt {

    static final int MAX_BYTES = 512;

    // "access_token": "x", client_secret=x, 'password': 'x' ... in JSON, forms and Python-ish reprs.
    private static final Pattern NAMED = Pattern.compile(
            "(?i)([\"']?[a-z_-]*(?:token|secret|password|api[_-]?key|authorization)[\"']?\\s*[:=]\\s*[\"']?)(?:bearer\\s+|basic\\s+)?[^\"'&,;\\s}]+");
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");

    private ErrorExcerpt() {
    }

    /** Empty for no body; otherwise ": " and the excerpt, ready to append to a message. */
    static String of(byte[] body, Collection<String> secrets) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = decode(body);
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 4) {
                text = text.replace(secret, "***");
            }
        }
        text = NAMED.matcher(text).replaceAll("$1***");
        text = SCHEME.matcher(text).replaceAll("$1 ***");
        text = text.replaceAll("[\\p{Cntrl}\\s]+", " ").trim(); // one line: no forged log lines
        return text.isEmpty() ? "" : ": " + text + (body.length > MAX_BYTES ? " ..." : "");
    }

    /** The first 512 bytes as UTF-8; a character cut at the end is dropped, invalid bytes become U+FFFD. */
    private static String decode(byte[] body) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(MAX_BYTES);
        utf8.decode(ByteBuffer.wrap(body, 0, Math.min(body.length, MAX_BYTES)), out, false);
        return out.flip().toString();
    }
}
