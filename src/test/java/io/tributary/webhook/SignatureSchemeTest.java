package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tributary.testing.ManualClock;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * The signature vocabulary, one algorithm at a time: a valid delivery (a provider's published
 * vector where there is one), then one break per test. Signatures the tests make themselves come
 * from the JDK's Mac and Signature directly, never from the class under test.
 */
class SignatureSchemeTest {

    private final ManualClock clock = new ManualClock();

    /** A delivery: body, headers, path; start from a valid one and break one thing. */
    private static final class Delivery {
        String body;
        final Map<String, String> headers = new LinkedHashMap<>();
        String path = "/webhooks/test";

        Delivery(String body) {
            this.body = body;
        }

        Delivery header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        Delivery tamper() {
            char[] c = body.toCharArray();
            c[c.length / 2] = (char) (c[c.length / 2] ^ 1); // one byte of the body changed
            body = new String(c);
            return this;
        }

        SignedRequest request() {
            return new SignedRequest(body.getBytes(StandardCharsets.UTF_8), headers, path);
        }
    }

    private SignatureScheme scheme(Map<String, String> props) {
        SignatureScheme s = new SignatureScheme();
        props.forEach((k, v) -> {
            switch (k) {
                case "signed" -> s.setSigned(v);
                case "algorithm" -> s.setAlgorithm(v);
                case "encoding" -> s.setEncoding(v);
                case "signature" -> s.setSignature(v);
                case "parameters" -> s.setParameters(v);
                case "signatureParam" -> s.setSignatureParam(v);
                case "prefix" -> s.setPrefix(v);
                case "separator" -> s.setSeparator(v);
                case "timestamp" -> s.setTimestamp(v);
                case "timestampFormat" -> s.setTimestampFormat(v);
                case "tolerance" -> s.setTolerance(v);
                case "secret" -> s.setSecret(v);
                case "previousSecret" -> s.setPreviousSecret(v);
                case "secretEncoding" -> s.setSecretEncoding(v);
                case "secretPrefix" -> s.setSecretPrefix(v);
                case "keys" -> s.setKeys(v);
                case "keyIdHeader" -> s.setKeyIdHeader(v);
                case "publicKey" -> s.setPublicKey(v);
                case "previousPublicKey" -> s.setPreviousPublicKey(v);
                case "publicUrl" -> s.setPublicUrl(v);
                case "signedPath" -> s.setSignedPath(v);
                case "items" -> s.setItems(v);
                default -> throw new IllegalArgumentException(k);
            }
        });
        s.setClock(clock);
        return s;
    }

    private static Reason rejection(SignatureScheme s, Delivery d) {
        return assertThrows(WebhookRejectedException.class, () -> s.verify(d.request())).reason();
    }

    private static byte[] hmac(String algorithm, byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // --- HMAC-SHA256, a template with a header: Slack's worked example ("Verifying requests from Slack") ---

    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String SLACK_TS = "1531420618";
    private static final String SLACK_BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
            + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SLACK_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private SignatureScheme slack(String secret, String previous) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("signed", "v0:{header:X-Slack-Request-Timestamp}:{body}",
                "signature", "header:X-Slack-Signature", "prefix", "v0=", "timestamp", "header:X-Slack-Request-Timestamp", "secret", secret));
        if (previous != null) {
            p.put("previousSecret", previous);
        }
        clock.set(Instant.ofEpochSecond(Long.parseLong(SLACK_TS)).plusSeconds(30));
        return scheme(p);
    }

    private static Delivery slackDelivery() {
        return new Delivery(SLACK_BODY).header("X-Slack-Request-Timestamp", SLACK_TS).header("X-Slack-Signature", SLACK_SIGNATURE);
    }

    @Test
    void hmac_should_accept_slack_s_published_example() {
        assertDoesNotThrow(() -> slack(SLACK_SECRET, null).verify(slackDelivery().request()));
    }

    @Test
    void hmac_should_refuse_an_old_timestamp_as_stale() {
        SignatureScheme s = slack(SLACK_SECRET, null);
        clock.set(Instant.ofEpochSecond(Long.parseLong(SLACK_TS)).plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertEquals(Reason.STALE, rejection(s, slackDelivery()));
        clock.set(Instant.ofEpochSecond(Long.parseLong(SLACK_TS)).plus(Duration.ofMinutes(5)));
        assertDoesNotThrow(() -> s.verify(slackDelivery().request()), "exactly the tolerance is inside");
    }

    @Test
    void hmac_should_refuse_a_missing_header() {
        assertEquals(Reason.MISSING_SIGNATURE, rejection(slack(SLACK_SECRET, null), slackDelivery().header("X-Slack-Signature", null)));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(slack(SLACK_SECRET, null), slackDelivery().header("X-Slack-Request-Timestamp", null)));
    }

    @Test
    void hmac_should_refuse_another_secret() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(slack("8f742231b10e8888abcd99yyyzzz85a6", null), slackDelivery()));
    }

    @Test
    void hmac_should_refuse_a_tampered_body_or_timestamp() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(slack(SLACK_SECRET, null), slackDelivery().tamper()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(slack(SLACK_SECRET, null), slackDelivery().header("X-Slack-Request-Timestamp", "1531420619")));
    }

    @Test
    void hmac_should_accept_the_previous_secret_while_it_rotates() {
        assertDoesNotThrow(() -> slack("a-new-secret", SLACK_SECRET).verify(slackDelivery().request()));
    }

    @Test
    void hmac_should_refuse_a_bad_encoding_or_prefix_as_malformed() {
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(slack(SLACK_SECRET, null), slackDelivery().header("X-Slack-Signature", "v0=not-hex")));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(slack(SLACK_SECRET, null),
                slackDelivery().header("X-Slack-Signature", SLACK_SIGNATURE.substring(3))), "no v0= prefix");
    }

    // --- HMAC-SHA1 over the public URL and the sorted form: Twilio's documented example ---

    private SignatureScheme twilio(String url) {
        return scheme(Map.of("signed", "{url}{form}", "algorithm", "hmac-sha1", "encoding", "base64", "signature", "header:X-Twilio-Signature",
                "secret", "12345", "publicUrl", url));
    }

    private static Delivery twilioDelivery() {
        // Parameters in another order than sorted, percent-encoded as Twilio posts them.
        return new Delivery("To=%2B18005551212&From=%2B12349013030&Digits=1234&Caller=%2B12349013030&CallSid=CA1234567890ABCDE")
                .header("X-Twilio-Signature", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").header("CamelHttpQuery", "foo=1&bar=2");
    }

    @Test
    void hmac_sha1_should_accept_twilio_s_documented_example_signed_over_the_public_url_and_sorted_form() {
        assertDoesNotThrow(() -> twilio("https://mycompany.com/myapp.php").verify(twilioDelivery().request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(twilio("https://example.com/myapp.php"), twilioDelivery()), "another URL");
        assertEquals(Reason.BAD_SIGNATURE, rejection(twilio("https://mycompany.com/myapp.php"), twilioDelivery().header("CamelHttpQuery", "foo=2&bar=2")));
        assertEquals(Reason.BAD_SIGNATURE, rejection(twilio("https://mycompany.com/myapp.php"), twilioDelivery().tamper()));
    }

    // --- several signatures in one header: Stripe (t=..,v1=..,v1=..) and PagerDuty (v1=..,v1=..) ---

    private static final String STRIPE_SECRET = "whsec_test_3f9a1c0e5b7d4a2e8c6f";
    private static final String STRIPE_BODY = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"setup_intent.created\"}";
    // The vector of StripeSignatureVerifierTest, computed outside Java.
    private static final String STRIPE_V1 = "8f8e5dd0f39499def8e5682352457aa5ea400a23c9a99af3983d58588a050775";

    private SignatureScheme stripe() {
        clock.set(Instant.ofEpochSecond(1686089970));
        return scheme(Map.of("signed", "{param:t}.{body}", "signature", "header:Stripe-Signature", "parameters", ",", "signatureParam", "v1",
                "timestamp", "param:t", "tolerance", "300s", "secret", STRIPE_SECRET));
    }

    @Test
    void hmac_should_express_stripe_and_accept_any_of_several_signatures_in_the_header() {
        Delivery d = new Delivery(STRIPE_BODY).header("Stripe-Signature", "t=1686089970,v1=" + "00".repeat(32) + ",v1=" + STRIPE_V1 + ",v0=abc");
        assertDoesNotThrow(() -> stripe().verify(d.request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(stripe(), new Delivery(STRIPE_BODY).header("Stripe-Signature", "t=1686089971,v1=" + STRIPE_V1)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(stripe(), new Delivery(STRIPE_BODY).header("Stripe-Signature", "v1=" + STRIPE_V1)), "no t=");
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(stripe(), new Delivery(STRIPE_BODY).header("Stripe-Signature", "t=1686089970,v1=zz")));
    }

    @Test
    void hmac_should_read_pagerduty_s_list_of_v1_signatures() {
        String body = "{\"event\":{\"id\":\"01DEN7V3BJ4BS9XCRHY4N0TNX6\"}}";
        byte[] key = "pd-secret".getBytes(StandardCharsets.UTF_8);
        String good = HexFormat.of().formatHex(hmac("HmacSHA256", key, body));
        SignatureScheme s = scheme(Map.of("signed", "{body}", "signature", "header:X-PagerDuty-Signature", "separator", ",", "prefix", "v1=",
                "secret", "pd-secret"));
        assertDoesNotThrow(() -> s.verify(new Delivery(body).header("X-PagerDuty-Signature", "v1=" + "ab".repeat(32) + ",v1=" + good).request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(s, new Delivery(body).header("X-PagerDuty-Signature", "v1=" + "ab".repeat(32))));
    }

    // --- the other seed schemes, expressed as configurations ---

    @Test
    void hmac_should_express_github_standard_webhooks_alcmeon_and_sts_gen2() {
        SignatureScheme github = scheme(Map.of("signed", "{body}", "signature", "header:X-Hub-Signature-256", "prefix", "sha256=",
                "secret", "It's a Secret to Everybody"));
        assertDoesNotThrow(() -> github.verify(new Delivery("Hello, World!")
                .header("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17").request()));

        // The Standard Webhooks specification's test vector.
        SignatureScheme standard = scheme(Map.of("signed", "{header:webhook-id}.{header:webhook-timestamp}.{body}", "signature", "header:webhook-signature",
                "separator", " ", "prefix", "v1,", "encoding", "base64", "timestamp", "header:webhook-timestamp",
                "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secretPrefix", "whsec_", "secretEncoding", "base64"));
        clock.set(Instant.ofEpochSecond(1614265330));
        assertDoesNotThrow(() -> standard.verify(new Delivery("{\"test\": 2432232314}").header("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
                .header("webhook-timestamp", "1614265330").header("webhook-signature", "v1a,ignored v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
                .request()));

        String body = "{\"id\":1}";
        byte[] secret = "alcmeon-secret".getBytes(StandardCharsets.UTF_8);
        SignatureScheme alcmeon = scheme(Map.of("signed", "{path} {body}", "signature", "header:X-Alcmeon-Webhook-Signature",
                "secret", "alcmeon-secret", "signedPath", "/public/alcmeon"));
        Delivery a = new Delivery(body).header("X-Alcmeon-Webhook-Signature", HexFormat.of().formatHex(hmac("HmacSHA256", secret, "/public/alcmeon " + body)));
        assertDoesNotThrow(() -> alcmeon.verify(a.request()));

        byte[] k1 = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] k2 = "fedcba9876543210".getBytes(StandardCharsets.UTF_8);
        SignatureScheme sts = scheme(Map.of("signed", "{body}", "signature", "header:Digest", "encoding", "base64", "keyIdHeader", "Key-Id",
                "secretEncoding", "base64", "keys", "old=" + Base64.getEncoder().encodeToString(k1) + ",new=" + Base64.getEncoder().encodeToString(k2)));
        Delivery signedNew = new Delivery(body).header("Key-Id", "new").header("Digest", Base64.getEncoder().encodeToString(hmac("HmacSHA256", k2, body)));
        assertDoesNotThrow(() -> sts.verify(signedNew.request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(sts, signedNew.header("Key-Id", "old")));
        assertEquals(Reason.UNKNOWN_KEY, rejection(sts, signedNew.header("Key-Id", "gone")));
    }

    // --- signature and timestamp in body fields (Mailgun), timestamps in milliseconds and RFC 3339 ---

    @Test
    void hmac_should_read_signature_timestamp_and_token_from_body_fields() {
        String ts = "1529006854";
        String token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
        String sig = HexFormat.of().formatHex(hmac("HmacSHA256", "key-mg".getBytes(StandardCharsets.UTF_8), ts + token));
        String body = "{\"signature\":{\"timestamp\":\"" + ts + "\",\"token\":\"" + token + "\",\"signature\":\"" + sig + "\"},\"event-data\":{\"id\":\"x\"}}";
        SignatureScheme mailgun = scheme(Map.of("signed", "{field:/signature/timestamp}{field:/signature/token}", "signature", "field:/signature/signature",
                "timestamp", "field:/signature/timestamp", "secret", "key-mg"));
        clock.set(Instant.ofEpochSecond(Long.parseLong(ts)));
        assertDoesNotThrow(() -> mailgun.verify(new Delivery(body).request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(mailgun, new Delivery(body.replace(token, token.replace('a', 'b')))));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(mailgun, new Delivery("{\"event-data\":{}}")));
        clock.advance(Duration.ofMinutes(6));
        assertEquals(Reason.STALE, rejection(mailgun, new Delivery(body)));
    }

    @Test
    void hmac_should_read_timestamps_in_milliseconds_and_rfc3339() {
        String body = "{\"a\":1}";
        byte[] key = "s".getBytes(StandardCharsets.UTF_8);
        clock.set(Instant.parse("2024-05-01T12:00:00Z"));
        String ms = String.valueOf(Instant.parse("2024-05-01T11:58:00Z").toEpochMilli());
        SignatureScheme hubspot = scheme(Map.of("signed", "{method}{url}{body}{header:X-HubSpot-Request-Timestamp}", "signature", "header:X-HubSpot-Signature-v3",
                "encoding", "base64", "timestamp", "header:X-HubSpot-Request-Timestamp", "timestampFormat", "millis", "secret", "s",
                "publicUrl", "https://hooks.example.com/webhooks/hubspot"));
        String sig = Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, "POSThttps://hooks.example.com/webhooks/hubspot" + body + ms));
        Delivery d = new Delivery(body).header("X-HubSpot-Request-Timestamp", ms).header("X-HubSpot-Signature-v3", sig).header("CamelHttpMethod", "POST");
        assertDoesNotThrow(() -> hubspot.verify(d.request()));
        clock.set(Instant.parse("2024-05-01T12:03:00Z"));
        assertDoesNotThrow(() -> hubspot.verify(d.request()), "5 min is the default tolerance");
        clock.set(Instant.parse("2024-05-01T12:03:01Z"));
        assertEquals(Reason.STALE, rejection(hubspot, d));

        String iso = "2024-05-01T11:59:30Z";
        SignatureScheme zendesk = scheme(Map.of("signed", "{timestamp}{body}", "signature", "header:X-Zendesk-Webhook-Signature", "encoding", "base64",
                "timestamp", "header:X-Zendesk-Webhook-Signature-Timestamp", "timestampFormat", "rfc3339", "secret", "s"));
        Delivery z = new Delivery(body).header("X-Zendesk-Webhook-Signature-Timestamp", iso)
                .header("X-Zendesk-Webhook-Signature", Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, iso + body)));
        clock.set(Instant.parse("2024-05-01T12:00:00Z"));
        assertDoesNotThrow(() -> zendesk.verify(z.request()));
        Delivery unreadable = new Delivery(body).header("X-Zendesk-Webhook-Signature-Timestamp", "yesterday")
                .header("X-Zendesk-Webhook-Signature", Base64.getEncoder().encodeToString(hmac("HmacSHA256", key, "yesterday" + body)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(zendesk, unreadable), "signed, but no RFC 3339 time");
    }

    // --- Ed25519: RFC 8032 section 7.1, TEST 2 (one-byte message 0x72) ---

    private static final String RFC8032_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String RFC8032_SIGNATURE = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    private SignatureScheme ed25519(String key, String previous) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("signed", "{body}", "algorithm", "ed25519", "signature", "header:X-Signature-Ed25519",
                "publicKey", key));
        if (previous != null) {
            p.put("previousPublicKey", previous);
        }
        return scheme(p);
    }

    private static Delivery rfc8032() {
        return new Delivery("r").header("X-Signature-Ed25519", RFC8032_SIGNATURE);
    }

    @Test
    void ed25519_should_accept_the_rfc_8032_vector_with_the_key_in_hex_base64_or_spki() {
        assertDoesNotThrow(() -> ed25519(RFC8032_PUBLIC, null).verify(rfc8032().request()));
        byte[] raw = HexFormat.of().parseHex(RFC8032_PUBLIC);
        assertDoesNotThrow(() -> ed25519(Base64.getEncoder().encodeToString(raw), null).verify(rfc8032().request()));
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + RFC8032_PUBLIC);
        assertDoesNotThrow(() -> ed25519(Base64.getEncoder().encodeToString(spki), null).verify(rfc8032().request()));
    }

    @Test
    void ed25519_should_refuse_a_tampered_body_another_key_a_missing_or_unreadable_signature() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(ed25519(RFC8032_PUBLIC, null), rfc8032().tamper()));
        String other = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"; // RFC 8032 TEST 1's key
        assertEquals(Reason.BAD_SIGNATURE, rejection(ed25519(other, null), rfc8032()));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(ed25519(RFC8032_PUBLIC, null), rfc8032().header("X-Signature-Ed25519", null)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(ed25519(RFC8032_PUBLIC, null), rfc8032().header("X-Signature-Ed25519", "xyz")));
        assertEquals(Reason.BAD_SIGNATURE, rejection(ed25519(RFC8032_PUBLIC, null), rfc8032().header("X-Signature-Ed25519", "00ff")),
                "readable hex that is no signature");
    }

    @Test
    void ed25519_should_accept_the_previous_public_key() {
        String other = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
        assertDoesNotThrow(() -> ed25519(other, RFC8032_PUBLIC).verify(rfc8032().request()));
    }

    @Test
    void ed25519_should_check_a_signed_timestamp_like_discord() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String body = "{\"type\":1}";
        String ts = "1729262571";
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update((ts + body).getBytes(StandardCharsets.UTF_8));
        String sig = HexFormat.of().formatHex(signer.sign());
        SignatureScheme discord = scheme(Map.of("signed", "{header:X-Signature-Timestamp}{body}", "algorithm", "ed25519",
                "signature", "header:X-Signature-Ed25519", "timestamp", "header:X-Signature-Timestamp",
                "publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
        clock.set(Instant.ofEpochSecond(Long.parseLong(ts) + 60));
        Delivery d = new Delivery(body).header("X-Signature-Timestamp", ts).header("X-Signature-Ed25519", sig);
        assertDoesNotThrow(() -> discord.verify(d.request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(discord, new Delivery(body).header("X-Signature-Timestamp", "1729262572")
                .header("X-Signature-Ed25519", sig)), "the timestamp is signed");
        assertEquals(Reason.MISSING_SIGNATURE, rejection(discord, new Delivery(body).header("X-Signature-Ed25519", sig)));
        clock.set(Instant.ofEpochSecond(Long.parseLong(ts) + 301));
        assertEquals(Reason.STALE, rejection(discord, d));
    }

    // --- ECDSA P-256 / SHA-256, DER signatures (SendGrid's shape); key and signature made with the JDK ---

    @Test
    void ecdsa_should_verify_a_der_signature_over_timestamp_and_body() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        String body = "[{\"email\":\"example@test.com\",\"event\":\"processed\",\"sg_event_id\":\"rbtnWrG1DVDGGGFHFyun0A==\"}]\r\n";
        String ts = "1600112502";
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update((ts + body).getBytes(StandardCharsets.UTF_8));
        String sig = Base64.getEncoder().encodeToString(signer.sign());
        String key = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        Map<String, String> p = Map.of("signed", "{header:X-Twilio-Email-Event-Webhook-Timestamp}{body}", "algorithm", "ecdsa-p256-sha256",
                "encoding", "base64", "signature", "header:X-Twilio-Email-Event-Webhook-Signature", "publicKey", key);
        Delivery d = new Delivery(body).header("X-Twilio-Email-Event-Webhook-Timestamp", ts).header("X-Twilio-Email-Event-Webhook-Signature", sig);
        assertDoesNotThrow(() -> scheme(p).verify(d.request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(scheme(p), new Delivery(body).header("X-Twilio-Email-Event-Webhook-Timestamp", ts)
                .header("X-Twilio-Email-Event-Webhook-Signature", sig).tamper()));
        Map<String, String> wrong = new LinkedHashMap<>(p);
        wrong.put("publicKey", Base64.getEncoder().encodeToString(other.getPublic().getEncoded()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(scheme(wrong), d));
        wrong.put("previousPublicKey", key);
        assertDoesNotThrow(() -> scheme(wrong).verify(d.request()), "the previous key while it rotates");
        assertEquals(Reason.BAD_SIGNATURE, rejection(scheme(p), new Delivery(body).header("X-Twilio-Email-Event-Webhook-Timestamp", ts)
                .header("X-Twilio-Email-Event-Webhook-Signature", "AAAA")), "base64 that is no DER signature");
    }

    // --- shared-secret token (GitLab) ---

    @Test
    void token_should_compare_the_header_with_the_secret() {
        SignatureScheme gitlab = scheme(Map.of("signed", "{body}", "algorithm", "token", "signature", "header:X-Gitlab-Token",
                "secret", "glpat-new", "previousSecret", "glpat-old"));
        assertDoesNotThrow(() -> gitlab.verify(new Delivery("{}").header("X-Gitlab-Token", "glpat-new").request()));
        assertDoesNotThrow(() -> gitlab.verify(new Delivery("{}").header("X-Gitlab-Token", "glpat-old").request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(gitlab, new Delivery("{}").header("X-Gitlab-Token", "glpat-ne")));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(gitlab, new Delivery("{}")));
    }

    // --- each item signed on its own: Adyen's published example (HMAC key and hmacSignature of its docs and SDK tests) ---

    private static final String ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    private static final String ADYEN_ITEM = "{\"NotificationRequestItem\":{\"additionalData\":{\"hmacSignature\":\"%s\"},"
            + "\"amount\":{\"currency\":\"EUR\",\"value\":1130},\"eventCode\":\"AUTHORISATION\",\"merchantAccountCode\":\"TestMerchant\","
            + "\"merchantReference\":\"%s\",\"pspReference\":\"7914073381342284\",\"success\":\"true\"}}";
    private static final String ADYEN_SIGNATURE = "coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=";

    private SignatureScheme adyen() {
        return scheme(Map.of("items", "/notificationItems/*/NotificationRequestItem",
                "signed", "{field:/pspReference}:{optional:/originalReference}:{field:/merchantAccountCode}:{optional:/merchantReference}"
                        + ":{field:/amount/value}:{field:/amount/currency}:{field:/eventCode}:{field:/success}",
                "signature", "field:/additionalData/hmacSignature", "encoding", "base64", "secretEncoding", "hex", "secret", ADYEN_KEY));
    }

    private static Delivery adyenBatch(String... items) {
        return new Delivery("{\"live\":\"false\",\"notificationItems\":[" + String.join(",", items) + "]}");
    }

    @Test
    void items_should_verify_each_item_of_adyen_s_published_example_and_refuse_a_batch_with_one_forged_item() {
        String genuine = ADYEN_ITEM.formatted(ADYEN_SIGNATURE, "TestPayment-1407325143704");
        assertDoesNotThrow(() -> adyen().verify(adyenBatch(genuine).request()), "the absent originalReference is signed as nothing");
        assertDoesNotThrow(() -> adyen().verify(adyenBatch(genuine, genuine).request()));
        String forged = ADYEN_ITEM.formatted(ADYEN_SIGNATURE, "TestPayment-1407325143705");
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> adyen().verify(adyenBatch(genuine, forged).request()));
        assertEquals(Reason.BAD_SIGNATURE, e.reason());
        assertEquals("bad_signature: item 1: its signature does not match", e.getMessage());
        assertEquals(Reason.MISSING_SIGNATURE, rejection(adyen(), adyenBatch()), "an empty batch has nothing verified");
        assertEquals(Reason.MISSING_SIGNATURE, rejection(adyen(), adyenBatch("{\"NotificationRequestItem\":{\"pspReference\":\"1\"}}")));
    }

    @Test
    void items_should_compare_each_item_s_token_with_the_secret() {
        SignatureScheme graph = scheme(Map.of("items", "/value/*", "signed", "{body}", "algorithm", "token", "signature", "field:/clientState",
                "secret", "state-1"));
        assertDoesNotThrow(() -> graph.verify(new Delivery("{\"value\":[{\"clientState\":\"state-1\"},{\"clientState\":\"state-1\"}]}").request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(graph, new Delivery("{\"value\":[{\"clientState\":\"state-1\"},{\"clientState\":\"state-2\"}]}")));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(graph, new Delivery("{\"value\":[{\"clientState\":\"state-1\"},{\"id\":\"x\"}]}")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> scheme(Map.of("items", "/value", "signed", "{body}", "algorithm", "token", "signature", "field:/clientState", "secret", "s")).compile());
        assertEquals("items: '/value' needs one /* step for each element, e.g. /value/*", bad.getMessage());
    }

    // --- authoring mistakes fail at start, naming the bean and never a secret ---

    @Test
    void should_stop_the_camel_start_on_a_misspelt_part_in_a_route_file() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("acme", ".camel.yaml");
        java.nio.file.Files.writeString(file, """
                - beans:
                    - name: acmeSignature
                      type: io.tributary.webhook.SignatureScheme
                      properties:
                        signed: "{bdoy}"
                        signature: header:X-Acme-Signature
                """);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            org.apache.camel.support.PluginHelper.getRoutesLoader(context)
                    .loadRoutes(org.apache.camel.support.ResourceHelper.resolveResource(context, "file:" + file));
            Exception e = assertThrows(Exception.class, context::start);
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertEquals("Signature scheme bean 'acmeSignature': signed: unknown part {bdoy}"
                    + " (known: {body} {method} {url} {path} {form} {timestamp} {header:Name} {param:name} {field:/pointer} {optional:/pointer})", root.getMessage());
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void should_refuse_misuse_at_start_naming_the_bean() throws Exception {
        SignatureScheme typo = scheme(Map.of("signed", "v0:{hedaer:X-Slack-Request-Timestamp}:{body}", "signature", "header:X-Slack-Signature",
                "secret", "s3cr3t-value"));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("slackSignature", typo);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> typo.checkAtStart(context));
            assertTrue(e.getMessage().startsWith("Signature scheme bean 'slackSignature': signed: unknown part {hedaer:X-Slack-Request-Timestamp}"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
        assertEquals("algorithm: unknown algorithm 'hmac-sha384' (hmac-sha1, hmac-sha256, hmac-sha512, ed25519, ecdsa-p256-sha256, token)",
                assertThrows(IllegalArgumentException.class, () -> scheme(Map.of("signed", "{body}", "signature", "header:X", "algorithm", "hmac-sha384"))
                        .compile()).getMessage());
        assertEquals("signed uses {url}: set publicUrl to the URL the provider calls",
                assertThrows(IllegalArgumentException.class, () -> scheme(Map.of("signed", "{url}{body}", "signature", "header:X", "secret", "s"))
                        .compile()).getMessage());
        assertDoesNotThrow(() -> scheme(Map.of("signed", "{url}{body}", "signature", "header:X", "secret", "")).compile(),
                "a provider that is not configured starts without its public URL");
        assertEquals("signature: 'X-Sig' is not header:..., field:...",
                assertThrows(IllegalArgumentException.class, () -> scheme(Map.of("signed", "{body}", "signature", "X-Sig")).compile()).getMessage());
        assertEquals("signed: stray brace in '}': parts are written {body}, {header:Name}, ...",
                assertThrows(IllegalArgumentException.class, () -> scheme(Map.of("signed", "{body}}", "signature", "header:X")).compile()).getMessage());
        assertEquals("signed uses {timestamp}: say where it is with timestamp: header:..., param:... or field:...",
                assertThrows(IllegalArgumentException.class, () -> scheme(Map.of("signed", "{timestamp}{body}", "signature", "header:X")).compile()).getMessage());
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> scheme(Map.of("signed", "{body}", "signature", "header:X", "algorithm", "ed25519", "publicKey", "zz-not-a-key")).compile());
        assertEquals("publicKey: the public key is neither hex nor base64", badKey.getMessage());
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        String otherCurve = Base64.getEncoder().encodeToString(p384.generateKeyPair().getPublic().getEncoded());
        assertEquals("publicKey: the public key is not on P-256", assertThrows(IllegalArgumentException.class, () -> scheme(Map.of("signed", "{body}",
                "signature", "header:X", "algorithm", "ecdsa-p256-sha256", "publicKey", otherCurve)).compile()).getMessage());
    }
}
