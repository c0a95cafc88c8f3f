package io.tributary.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Run in a child JVM by {@link LogFormatTest}: logs one line with the production log4j2.properties. */
public final class LogFormatProbe {

    private LogFormatProbe() {
    }

    public static void main(String[] args) {
        Logger log = LoggerFactory.getLogger(LogFormatProbe.class);
        log.info("probe message {}", "with \"quotes\"");
        log.debug("debug is below the root level and must not appear");
    }
}
