package io.tributary.poll;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.JsonPath;
import io.tributary.event.Json;
import io.tributary.poll.cursor.JsonPaths;

/**
 * Missed webhooks, seen in the sequence numbers of the ones that arrive (Alcmeon numbers its
 * notifications): a number more than one above the highest seen so far means deliveries were lost.
 */
final class NotificationGap {

    private final JsonPath sequence;
    private final AtomicLong highest = new AtomicLong(-1);

    NotificationGap(String sequencePath) {
        this.sequence = JsonPaths.compile(sequencePath);
    }

    /** Whether this notification's number jumps past the next expected one; a body without one says nothing. */
    boolean jumped(byte[] notification) throws IOException {
        Optional<Long> seen = JsonPaths.text(Json.MAPPER.readTree(notification), sequence)
                .filter(t -> t.matches("-?\\d{1,18}")).map(Long::parseLong);
        if (seen.isEmpty()) {
            return false;
        }
        long previous = highest.getAndAccumulate(seen.get(), Math::max);
        return previous >= 0 && seen.get() > previous + 1;
    }
}
