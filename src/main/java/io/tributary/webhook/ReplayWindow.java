package io.tributary.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tributary.config.Settings;
import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * The timestamp rule of a {@link SignatureScheme} that has a timestamp: a delivery signed
 * longer ago than the tolerance, or further in the future, is refused as a replay ({@code stale}).
 * The scheme checks it only once the signature matched, so {@code stale} counts authentic but old
 * deliveries (replays, or a clock that drifted), not random traffic.
 */
final class ReplayWindow {

    private Clock clock = Clock.systemUTC();
    private Duration tolerance;

    ReplayWindow(Duration tolerance) {
        this.tolerance = tolerance;
    }

    /** @param signedAt the signed timestamp, read in the scheme's format */
    void check(String where, Instant signedAt) {
        long skew = Math.abs(Instant.now(clock).getEpochSecond() - signedAt.getEpochSecond());
        if (skew > tolerance.toSeconds()) {
            throw new WebhookRejectedException(Reason.STALE, where + " timestamp is " + skew + " s away from now (tolerance "
                    + tolerance.toSeconds() + " s)");
        }
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    void setTolerance(String text) {
        Duration d = Settings.parseDuration(text);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("A timestamp tolerance must be positive, got '" + text + "'");
        }
        this.tolerance = d;
    }
}
