package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.sandbox.ThirdfortSimulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the machine allows, measured in the same run: Kafka's own producer on the broker, and the simulator's page rate. */
final class Ceilings {

    /** Distinct record values, more than a 256 KB batch holds, so no batch repeats one. */
    private static final int VALUES = 1024;

    private Ceilings() {
    }

    /** Records per second of one idempotent acks=all producer sending 1 KB records; tuned adds linger, big batches and lz4. */
    static double producer(String bootstrap, String topic, int count, boolean tuned) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        if (tuned) {
            p.put("linger.ms", "10");
            p.put("batch.size", "262144");
            p.put("compression.type", "lz4");
        }
        // Random letters, a different value for each record in a batch: one value sent again and again
        // (as ProducerPerformance does) lets lz4 shrink a 256 KB batch to almost nothing, which put the
        // tuned ceiling at 740-950k rec/s here, ten times what records that differ, as events do, allow.
        byte[][] values = distinctValues();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long t0 = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(), values[i % VALUES]));
            }
            producer.flush();
            return count / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** {@value #VALUES} values of 1 KB of random letters (the same ones in every call), for producers that cycle through them. */
    static byte[][] distinctValues() {
        java.util.Random random = new java.util.Random(42);
        byte[][] values = new byte[VALUES][1024];
        for (byte[] value : values) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('A' + random.nextInt(26));
            }
        }
        return values;
    }

    private static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("\"nextPageToken\":\"([^\"]+)\"");

    /** Items per second a client reading the simulator's pages one after another gets (page size 100). */
    static double simulatorPages(ThirdfortSimulator sim, int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String form = "grant_type=client_credentials&client_id=" + ThirdfortSimulator.CLIENT_ID + "&client_secret=" + ThirdfortSimulator.CLIENT_SECRET;
        String tokenBody = http.send(HttpRequest.newBuilder(URI.create(sim.tokenUrl())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher tm = TOKEN.matcher(tokenBody);
        if (!tm.find()) {
            throw new IllegalStateException("no token: " + tokenBody);
        }
        String token = tm.group(1);
        long t0 = System.nanoTime();
        int read = 0;
        String next = null;
        while (read < count) {
            String url = sim.baseUrl() + "/v1/organizations/" + ThirdfortSimulator.ORG + "/notifications?page_size=100"
                    + (next == null ? "" : "&page_token=" + next);
            String body = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher nm = NEXT.matcher(body);
            if (!nm.find()) {
                break;
            }
            next = nm.group(1);
            read += 100;
        }
        return read / ((System.nanoTime() - t0) / 1e9);
    }
}
