package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tributary.config.LaunchConfig;
import org.junit.jupiter.api.Test;

/** The refusals of {@code backfill}: they happen before anything starts, so no Kafka is needed. */
class BackfillCommandTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int backfill(String... args) throws Exception {
        LaunchConfig config = new LaunchConfig(new Properties(), Map.of());
        return BackfillCommand.run(List.of(args), config, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String error() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void should_refuse_polytomic_older_than_its_48_hour_retention() throws Exception {
        String since = Instant.now().minus(Duration.ofHours(49)).truncatedTo(ChronoUnit.SECONDS).toString();
        assertEquals(2, backfill("polytomic", "--since", since));
        assertTrue(error().contains("Polytomic's Events API keeps events for 48 h only"), error());
        assertTrue(error().contains(since), error());
    }

    @Test
    void should_refuse_providers_whose_api_cannot_go_back_and_name_the_valid_ones() throws Exception {
        assertEquals(2, backfill("alcmeon", "--since", "2024-06-01T00:00:00Z"));
        assertTrue(error().contains("min_action_id"), error());
        assertEquals(2, backfill("zenoo", "--since", "2024-06-01T00:00:00Z"));
        assertTrue(error().contains("zenoo has no API that lists past events"), error());
        assertEquals(2, backfill("stripe", "--since", "2024-06-01T00:00:00Z"));
        assertTrue(error().contains("Valid providers: thirdfort, polytomic, alcmeon, sts-gen2, zenoo"), error());
    }

    @Test
    void should_refuse_a_missing_or_bad_since() throws Exception {
        assertEquals(2, backfill("thirdfort"));
        assertTrue(error().contains("Usage:"), error());
        assertEquals(2, backfill("thirdfort", "--since", "yesterday"));
        assertTrue(error().contains("RFC 3339"), error());
        assertEquals(2, backfill("thirdfort", "--since", Instant.now().plus(Duration.ofDays(1)).toString()));
        assertTrue(error().contains("in the future"), error());
    }

    @Test
    void should_allow_thirdfort() {
        assertTrue(BackfillCommand.refusal("thirdfort", Instant.parse("2020-01-01T00:00:00Z"), Instant.now(), Duration.ofHours(48)).isEmpty());
    }
}
