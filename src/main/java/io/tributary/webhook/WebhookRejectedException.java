package io.tributary.webhook;

import java.util.Locale;

/** Why a delivery was refused; the webhook error route maps it to an HTTP status and a metric. */
public class WebhookRejectedException extends RuntimeException {

    public enum Reason {
        MISSING_SIGNATURE(401), MALFORMED_SIGNATURE(401), UNKNOWN_KEY(401), BAD_SIGNATURE(401),
        /** Correctly signed, but signed longer ago (or further ahead) than the scheme's tolerance: a replay. */
        STALE(401),
        MALFORMED_JSON(400), TOO_LARGE(413), UNSUPPORTED_MEDIA_TYPE(415),
        /** A GET (or other method the provider allows for its handshake) that is not that handshake. */
        METHOD_NOT_ALLOWED(405),
        /** A subscription handshake whose token is not the configured one (Meta's hub.verify_token). */
        BAD_VERIFY_TOKEN(403),
        /** A request the provider's configuration cannot serve (a Zenoo ping without an API key). */
        PULL_DISABLED(503);

        public final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The metric label, e.g. {@code bad_signature}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public WebhookRejectedException(Reason reason, String detail) {
        super(reason.label() + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
