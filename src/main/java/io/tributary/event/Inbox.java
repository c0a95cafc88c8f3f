package io.tributary.event;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.config.Props;
import io.tributary.kafka.InboxWriter;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The edge's hand-off to the exactly-once core: writes the normalised candidate events to the
 * inbox topic. A webhook or a spool drain waits for the ack (its 2xx or its delete depend on
 * it); a poller that set {@link Props#PIPELINED} gets the ack as {@link Props#ACK} and fetches
 * its next page meanwhile, moving its cursor only when the ack arrives.
 */
public final class Inbox implements Processor {

    private final InboxWriter writer;
    private final CloudEventWriter events;
    private final Duration timeout;

    public Inbox(InboxWriter writer, CloudEventWriter events, Duration timeout) {
        this.writer = writer;
        this.events = events;
        this.timeout = timeout;
    }

    /** The publish route's step, a processor resolved once (no bean method lookup per delivery or page). */
    @Override
    public void process(Exchange exchange) throws Exception {
        write(exchange);
    }

    /** Body: the {@link Batch} of one delivery or page; it stays the body. */
    public void write(Exchange exchange) throws Exception {
        List<CanonicalEvent> batch = exchange.getMessage().getBody(Batch.class).events();
        CompletableFuture<Void> ack = writer.send(events.toInboxRecords(exchange, batch));
        if (exchange.getProperty(Props.PIPELINED, false, Boolean.class)) {
            exchange.setProperty(Props.ACK, ack);
            return;
        }
        await(ack, timeout);
    }

    /** Waits for an inbox ack, rethrowing Kafka's own error so the caller answers 503 or backs off. */
    public static void await(CompletableFuture<?> ack, Duration timeout) throws Exception {
        try {
            ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka did not acknowledge the inbox write within " + timeout);
        }
    }
}
