package io.tributary.event;

import java.util.List;

import org.apache.camel.Predicate;

/**
 * What one delivery, polled page or spooled batch became: the events for the inbox and the items
 * that could not be normalised. It is the message body from normalisation to publishing, so the
 * steps in between (dead letters, inbox, the webhook's answer) read one typed value.
 */
public record Batch(List<CanonicalEvent> events, List<DeadLetter> deadLetters) {

    /**
     * Whether the message body is a batch with dead letters: the ingest route's filter (bean
     * {@code deadLettered}, the ref language) and the webhook's answer. A predicate, not simple's
     * {@code ${body.deadLettered}}, which reflects on every webhook.
     */
    public static final Predicate DEAD_LETTERED = exchange -> exchange.getMessage().getBody() instanceof Batch b && b.isDeadLettered();

    public Batch {
        events = List.copyOf(events);
        deadLetters = List.copyOf(deadLetters);
    }

    /** A spooled entry that cannot be published at all. */
    public static Batch poison(DeadLetter deadLetter) {
        return new Batch(List.of(), List.of(deadLetter));
    }

    public boolean isDeadLettered() {
        return !deadLetters.isEmpty();
    }
}
