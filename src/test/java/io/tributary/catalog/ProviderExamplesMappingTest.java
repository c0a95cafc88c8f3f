package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.mapping.EventMapping;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Shopify, HubSpot, Paddle, Linear, Typeform, Square, Calendly: each route file maps its fixture (the
 * provider's own published example where one was found: see each .source.txt) to exactly the event its
 * comment block describes, and the dedupe ids chosen where the provider documents no retry-stable id
 * (HubSpot, Linear, Calendly) are built as docs/providers.md says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderExamplesMappingTest {

    /** provider → id, type, subject, time, source of the first event of its fixture. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "paddle", List.of("evt_01h8441jx8x1q971q9ksksqh82", "paddle.customer.created", "ctm_01h8441jn5pcwrfhwh78jqt8hk",
                    "2023-08-18T10:46:18.792661Z", "/paddle"),
            "square", List.of("23eed5a9-2b12-403e-b212-7e2889aea0f6", "square.payment.created", "KkAkhdMsgzn59SM8A89WgKwekxLZY",
                    "2022-01-11T00:06:48.322945116Z", "/square/merchants/1ZYMKZY1YFGBW"),
            "hubspot", List.of("62515:12345:1:1564113600000", "hubspot.contact.creation", "123", "2019-07-26T04:00Z",
                    "/hubspot/portals/62515"),
            "linear", List.of("000042e3-d123-4980-b49f-8e140eef9329:Comment:create:2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9:2020-01-23T12:53:18.084Z",
                    "linear.Comment.create", "2174add1-f7c8-44e3-bbf3-2d60b5ea8bc9", "2020-01-23T12:53:18.084Z",
                    "/linear/78443ea6-5c5e-4a2b-9f3a-7e4c6e1a2b3c"),
            "shopify", List.of("98880550-7158-44d4-b7cd-2c97c8a091b5", "shopify.products/update", "9554194432293", "2025-04-22T19:30Z",
                    "/shopify/johns-apparel.myshopify.com"),
            "typeform", List.of("LtWXD3crgy", "typeform.form_response", "a3a12ec67a1365927098a606107fac15", "2018-01-18T18:17:02Z",
                    "/typeform/forms/lT4Z3j"),
            "calendly", List.of("invitee.created https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA/invitees/AAAAAAAAAAAAAAAA"
                    + " 2020-11-23T17:51:19.000000Z", "calendly.invitee.created",
                    "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA/invitees/AAAAAAAAAAAAAAAA", "2020-11-23T17:51:19Z", "/calendly"));

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final Map<String, EventMapping> mappings = new TreeMap<>();

    @BeforeAll
    void load() throws Exception {
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/tributary.camel.yaml"));
        for (String id : new TreeMap<>(EXPECTED).keySet()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/" + id + ".camel.yaml"));
        }
        for (EventMapping m : context.getRegistry().findByType(EventMapping.class)) {
            m.compile();
            mappings.put(m.provider(), m);
        }
    }

    @AfterAll
    void close() throws Exception {
        context.close();
    }

    @Test
    void should_map_each_provider_s_own_example_to_the_described_event() {
        Map<String, List<String>> mapped = new TreeMap<>();
        for (String id : EXPECTED.keySet()) {
            CanonicalEvent e = mappings.get(id).checkFixture().get(0);
            mapped.put(id, List.of(e.id(), e.type(), e.subject(), e.time() == null ? "-" : e.time().toString(), e.source()));
        }
        assertEquals(new TreeMap<>(EXPECTED), mapped);
    }

    @Test
    void should_give_a_hubspot_retry_the_id_of_its_first_attempt() {
        String first = "[{\"eventId\":7,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
                + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123}]";
        String retry = first.replace("\"attemptNumber\":0", "\"attemptNumber\":3");
        String otherPortal = first.replace("\"portalId\":62515", "\"portalId\":99");
        assertEquals(List.of("62515:12345:7:1564113600000", "62515:12345:7:1564113600000", "99:12345:7:1564113600000"),
                List.of(id("hubspot", first), id("hubspot", retry), id("hubspot", otherPortal)));
    }

    @Test
    void should_build_linear_ids_from_the_body_for_payloads_without_data() {
        String sla = "{\"action\":\"breached\",\"type\":\"IssueSLA\",\"createdAt\":\"2025-08-08T05:00:00.000Z\",\"organizationId\":\"o1\","
                + "\"webhookId\":\"w1\",\"webhookTimestamp\":1754629200000,\"issueData\":{\"id\":\"i1\"}}";
        String notification = "{\"action\":\"issueAssignedToYou\",\"type\":\"AppUserNotification\",\"createdAt\":\"2025-08-08T05:00:00.000Z\","
                + "\"organizationId\":\"o1\",\"appUserId\":\"u1\",\"oauthClientId\":\"c1\",\"notification\":{\"id\":\"n1\"}}";
        String revoked = "{\"action\":\"revoked\",\"type\":\"OAuthApp\",\"createdAt\":\"2025-08-08T05:00:00.000Z\",\"organizationId\":\"o1\","
                + "\"oauthClientId\":\"c1\",\"webhookId\":\"w1\",\"webhookTimestamp\":1754629200000}";
        String prompted = "{\"action\":\"prompted\",\"type\":\"AgentSessionEvent\",\"createdAt\":\"2025-08-08T05:00:00.000Z\",\"organizationId\":\"o1\","
                + "\"appUserId\":\"u1\",\"webhookId\":\"w1\",\"agentSession\":{\"id\":\"s1\"},\"agentActivity\":{\"id\":\"a1\"}}";
        String created = prompted.replace("\"prompted\"", "\"created\"").replace(",\"agentActivity\":{\"id\":\"a1\"}", "");
        assertEquals(List.of("w1:IssueSLA:breached:i1:2025-08-08T05:00:00.000Z", "u1:AppUserNotification:issueAssignedToYou:n1:2025-08-08T05:00:00.000Z",
                "o1:OAuthApp:revoked:2025-08-08T05:00:00.000Z", "w1:AgentSessionEvent:prompted:a1:2025-08-08T05:00:00.000Z",
                "w1:AgentSessionEvent:created:s1:2025-08-08T05:00:00.000Z"),
                List.of(id("linear", sla), id("linear", notification), id("linear", revoked), id("linear", prompted), id("linear", created)));
    }

    @Test
    void should_tell_two_updates_of_one_calendly_resource_apart_and_keep_a_retry_s_id() {
        String update = "{\"created_at\":\"2024-05-01T10:00:00.000000Z\",\"event\":\"event_type.updated\","
                + "\"payload\":{\"uri\":\"https://api.calendly.com/event_types/ET1\"}}";
        String later = update.replace("10:00:00", "11:30:00");
        assertEquals(List.of("event_type.updated https://api.calendly.com/event_types/ET1 2024-05-01T10:00:00.000000Z",
                "event_type.updated https://api.calendly.com/event_types/ET1 2024-05-01T10:00:00.000000Z",
                "event_type.updated https://api.calendly.com/event_types/ET1 2024-05-01T11:30:00.000000Z"),
                List.of(id("calendly", update), id("calendly", update), id("calendly", later)));
    }

    private String id(String provider, String body) {
        return mappings.get(provider).normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK).get(0).id();
    }
}
