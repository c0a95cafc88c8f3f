package io.tributary.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.testing.ProviderSigning;

/**
 * The closed-loop load generator for webhooks: wrk (C, epoll, keep-alive), driven by
 * {@code bench/signed.lua} over pre-signed notifications with unique ids, so both Tributary and
 * the bare server meet exactly the same client.
 */
final class Wrk {

    private static final Pattern LINE = Pattern.compile("WRK requests=(\\d+) seconds=([0-9.]+) p50=([0-9.]+) p99=([0-9.]+) p999=([0-9.]+) errors=(\\d+)");
    private static final int THREADS = 2;

    record Result(long requests, double seconds, double p50, double p99, double p999, long errors) {
        double rate() {
            return requests / seconds;
        }

        String summary() {
            return String.format("%.0f req/s; latency ms p50 %.2f p99 %.2f p99.9 %.2f; %d errors or non-2xx", rate(), p50, p99, p999, errors);
        }
    }

    /** Writes {@code count} signed notifications with ids {@code <tag>-<i>}, one per line. */
    static Path requests(String tag, int count) throws Exception {
        Path file = Path.of("target/bench", "requests-" + tag + ".txt");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < count; i++) {
                byte[] body = Load.notification(tag + "-" + i, i);
                w.write(ProviderSigning.thirdfort(Load.SECRET, body));
                w.write('\t');
                w.write(new String(body, StandardCharsets.UTF_8));
                w.write('\n');
            }
        }
        return file;
    }

    static Result run(URI uri, Path requests, int connections, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
                "-s", "bench/signed.lua", uri.toString(), "--", requests.toString(), String.valueOf(THREADS))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = LINE.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk said: " + out);
        }
        return new Result(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)), Long.parseLong(m.group(6)));
    }
}
