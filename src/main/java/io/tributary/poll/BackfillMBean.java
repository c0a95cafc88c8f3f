package io.tributary.poll;

/** The management operation of a running instance (JMX: {@code io.tributary:type=Backfill,provider=<p>}). */
public interface BackfillMBean {

    /** Starts a backfill from {@code since} (RFC 3339); answers what happened, or throws with the reason. */
    String start(String since);

    /** {@code running since <t>}, {@code done since <t>} or {@code idle}. */
    String getState();

    /** The progress line of the current or last backfill. */
    String getProgress();
}
