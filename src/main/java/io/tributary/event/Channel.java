package io.tributary.event;

import java.util.Locale;

/** How an event reached Tributary; it is the {@code channel} extension of the CloudEvent. */
public enum Channel {
    WEBHOOK, POLL, PULL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
