package io.tributary.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Properties;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling for webhooks: the relay a user would write by hand instead of Tributary. A Vert.x
 * server checks Thirdfort's signature (base64 HMAC-SHA256 of the raw body in
 * {@code x-thirdfort-signature}), produces the body unchanged (no key, no parsing) with an
 * idempotent acks=all producer batched like Tributary's inbox writer, and answers 200 only after
 * the ack (401 on a bad signature, 503 when Kafka fails). Arguments: port, bootstrap servers,
 * topic, secret, linger in ms.
 */
public final class Relay {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final SecretKeySpec key;
    /** Keys each record by its signature, for {@link EngineFloor}'s dedupe (distinct per body, nothing parsed); otherwise no key. */
    private final boolean keyBySignature;
    /** A Mac is not thread-safe; one per event-loop thread, built once. */
    private final ThreadLocal<Mac> macs;

    private Relay(KafkaProducer<byte[], byte[]> producer, String topic, byte[] secret, boolean keyBySignature) {
        this.producer = producer;
        this.keyBySignature = keyBySignature;
        this.topic = topic;
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public static void main(String[] args) {
        serve(Integer.parseInt(args[0]), args[1], args[2], args[3], args[4], false);
    }

    static void serve(int port, String bootstrap, String topic, String secret, String lingerMs, boolean keyBySignature) {
        Relay relay = new Relay(new KafkaProducer<>(inboxLike(bootstrap, lingerMs), new ByteArraySerializer(), new ByteArraySerializer()), topic,
                secret.getBytes(StandardCharsets.UTF_8), keyBySignature);
        Vertx.vertx().createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(req -> req.body().onSuccess(body -> relay.handle(req, body)))
                .listen().toCompletionStage().toCompletableFuture().join();
        System.out.println("relay listening on 127.0.0.1:" + port);
    }

    /** An idempotent acks=all producer batched like Tributary's inbox writer (256 KB batches, the given linger). */
    static Properties inboxLike(String bootstrap, String lingerMs) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", lingerMs);
        p.put("batch.size", "262144"); // as the inbox writer's
        return p;
    }

    private void handle(HttpServerRequest req, Buffer body) {
        byte[] bytes = body.getBytes();
        String signature = req.getHeader("x-thirdfort-signature");
        if (!verified(signature, bytes)) {
            req.response().setStatusCode(401).end();
            return;
        }
        Context context = Vertx.currentContext();
        byte[] key = keyBySignature ? signature.getBytes(StandardCharsets.US_ASCII) : null;
        producer.send(new ProducerRecord<>(topic, key, bytes), (metadata, error) -> context.runOnContext(v ->
                req.response().setStatusCode(error == null ? 200 : 503).putHeader("Content-Type", "application/json")
                        .end(error == null ? "{\"status\":\"accepted\"}" : "{\"status\":\"unavailable\"}")));
    }

    private boolean verified(String signature, byte[] body) {
        if (signature == null) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(signature.trim());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        return MessageDigest.isEqual(macs.get().doFinal(body), claimed); // doFinal resets the Mac for the next call
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
