package io.tributary.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.metrics.TributaryMetrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a provider's webhook tests read back: its CloudEvents (read_committed) and its counters. */
public final class ProviderEvents {

    private final TributaryApp app;
    private final String provider;

    public ProviderEvents(TributaryApp app, String provider) {
        this.app = app;
        this.provider = provider;
    }

    /** The CloudEvents with this id on {@code tributary.events.<provider>}. */
    public List<JsonNode> withId(String id) {
        List<ConsumerRecord<String, byte[]>> records = KafkaRecords.readAll(TestKafka.bootstrapServers(), "tributary.events." + provider);
        return records.stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"id\":\"" + id + "\""))
                .map(r -> Json.read(r.value())).toList();
    }

    /** See {@link Sentinel}: waits for the sentinel, then asserts it is the only event about {@code subject}. */
    public void assertOnlyEventUnder(String subject, String sentinelId) {
        Sentinel.assertOnlyEventUnder("tributary.events." + provider, subject, sentinelId);
    }

    public double duplicates() {
        return metrics().value("tributary.events.duplicates", "provider", provider, "channel", "webhook");
    }

    public double rejected(String reason) {
        return metrics().value("tributary.webhook.rejected", "provider", provider, "reason", reason);
    }

    private TributaryMetrics metrics() {
        return app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
    }
}
