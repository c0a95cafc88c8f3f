package io.tributary.testing;

/**
 * How many webhook answers of a provider the server timed, and how many of them ended within 1 s
 * (Alcmeon's deadline) and 15 s (STS Gen2's), from {@code tributary_webhook_latency_seconds} on
 * /observe/metrics. Measured on the server, from the
 * request's headers, so a loaded test machine's client threads do not make a promise look broken.
 */
public record AnswerTimes(long answered, long withinOneSecond, long withinFifteenSeconds) {

    private static final String NAME = "tributary_webhook_latency_seconds";

    /** Parses the Prometheus text of {@code /observe/metrics}. */
    public static AnswerTimes of(String metrics, String provider) {
        String label = "provider=\"" + provider + "\"";
        long answered = 0;
        long fast = 0;
        long slow = 0;
        for (String line : metrics.split("\n")) {
            if (!line.contains(label)) {
                continue;
            }
            if (line.startsWith(NAME + "_count{")) {
                answered = value(line);
            } else if (line.startsWith(NAME + "_bucket{") && line.contains("le=\"1.0\"")) {
                fast = value(line);
            } else if (line.startsWith(NAME + "_bucket{") && line.contains("le=\"15.0\"")) {
                slow = value(line);
            }
        }
        return new AnswerTimes(answered, fast, slow);
    }

    public static AnswerTimes of(TributaryApp app, String provider) throws Exception {
        return of(app.get(app.managementUrl("/observe/metrics")).body(), provider);
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
