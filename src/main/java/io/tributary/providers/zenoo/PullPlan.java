package io.tributary.providers.zenoo;

import java.time.Duration;
import java.time.Instant;

import io.tributary.config.Settings;
import io.tributary.providers.zenoo.PendingTokens.Pending;

/**
 * When a pending token is checked, and what its age calls for. Pure: the caller passes the time.
 * Every {@code fastInterval} during {@code fastPhase}, then every {@code slowInterval} until
 * {@code timeout} (then one time-out event), then a fallback check every {@code fallbackInterval}
 * until {@code giveUpAfter}.
 */
public final class PullPlan {

    enum Step { PULL, TIME_OUT, GIVE_UP }

    Duration fastInterval = Duration.ofSeconds(10);
    Duration fastPhase = Duration.ofMinutes(2);
    Duration slowInterval = Duration.ofSeconds(30);
    Duration timeout = Duration.ofMinutes(10);
    Duration fallbackInterval = Duration.ofMinutes(15);
    Duration giveUpAfter = Duration.ofHours(24);

    Step step(Pending p, Instant now) {
        Duration age = Duration.between(p.registeredAt(), now);
        if (age.compareTo(giveUpAfter) >= 0) {
            return Step.GIVE_UP;
        }
        if (!p.timedOut() && age.compareTo(timeout) >= 0) {
            return Step.TIME_OUT;
        }
        return Step.PULL;
    }

    // Set from the route file's nested "plan" block of the zenooPulls bean.
    public void setFastInterval(String d) {
        fastInterval = Settings.parseDuration(d);
    }

    public void setFastPhase(String d) {
        fastPhase = Settings.parseDuration(d);
    }

    public void setSlowInterval(String d) {
        slowInterval = Settings.parseDuration(d);
    }

    public void setTimeout(String d) {
        timeout = Settings.parseDuration(d);
    }

    public void setFallbackInterval(String d) {
        fallbackInterval = Settings.parseDuration(d);
    }

    public void setGiveUpAfter(String d) {
        giveUpAfter = Settings.parseDuration(d);
    }

    /** The next check after this one, whatever its answer (a result or a 404 ends the plan anyway). */
    Instant nextCheck(Pending p, Instant now) {
        if (p.timedOut() || step(p, now) == Step.TIME_OUT) {
            return now.plus(fallbackInterval);
        }
        return now.plus(Duration.between(p.registeredAt(), now).compareTo(fastPhase) < 0 ? fastInterval : slowInterval);
    }
}
