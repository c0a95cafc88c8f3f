package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** tail prints both content modes alike. */
class TailTest {

    @Test
    void a_binary_mode_record_prints_the_same_line_as_its_structured_form() {
        RecordHeaders h = new RecordHeaders();
        h.add("content-type", bytes("application/json"));
        h.add("ce_specversion", bytes("1.0"));
        h.add("ce_id", bytes("evt-1"));
        h.add("ce_source", bytes("/github/hooks/1"));
        h.add("ce_type", bytes("github.push"));
        h.add("ce_subject", bytes("octo/repo"));
        h.add("ce_time", bytes("2024-06-15T10:30:00Z"));
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("t", 0, 0, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, "octo/repo", bytes("{\"ref\":\"main\"}"), h, java.util.Optional.empty());
        assertEquals("2024-06-15T10:30:00Z  github.push  octo/repo  evt-1", Tail.line(Tail.structured(r)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
