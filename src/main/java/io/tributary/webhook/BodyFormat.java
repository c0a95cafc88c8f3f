package io.tributary.webhook;

import java.util.Locale;

/**
 * How a delivery's body is read after its signature passed: JSON (the default), or a form
 * ({@code application/x-www-form-urlencoded}, Twilio) that becomes a JSON object for the mapping.
 */
enum BodyFormat {
    JSON, FORM;

    static final String FORM_TYPE = "application/x-www-form-urlencoded";

    /**
     * The format of {@code contentType} when it is one of {@code accepted} (comma separated, the
     * provider's template parameter; {@code application/json} when null), else null: a 415.
     * {@code application/json} also admits the {@code application/*+json} types.
     */
    static BodyFormat of(String contentType, String accepted) {
        if (contentType == null) {
            return null;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (String a : (accepted == null || accepted.isBlank() ? "application/json" : accepted).split(",")) {
            String type = a.trim().toLowerCase(Locale.ROOT);
            if (type.equals("application/json") && (base.equals(type) || (base.startsWith("application/") && base.endsWith("+json")))) {
                return JSON;
            }
            if (type.equals(FORM_TYPE) && base.equals(type)) {
                return FORM;
            }
            if (!type.equals("application/json") && !type.equals(FORM_TYPE)) {
                throw new IllegalArgumentException("contentTypes lists " + type + "; Tributary reads application/json and " + FORM_TYPE);
            }
        }
        return null;
    }
}
