package io.tributary.kafka;

/**
 * A start-up problem that waiting cannot fix (Kafka answers, but says no): {@link KafkaStartup}
 * stops retrying on it, and start-up fails with its message.
 */
public class FatalStartupException extends RuntimeException {

    public FatalStartupException(String message) {
        super(message);
    }

    public FatalStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
