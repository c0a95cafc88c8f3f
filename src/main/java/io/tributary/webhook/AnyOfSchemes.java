package io.tributary.webhook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A provider that signs one way or another, per sender (Standard Webhooks: symmetric {@code v1} or
 * asymmetric {@code v1a}): the {@link SignatureScheme} beans named in {@code schemes}, each with its
 * own keys. A delivery passes when any configured scheme accepts it; a scheme with no key configured
 * is skipped. When none accepts, the refusal is the most telling one: a correct but stale signature
 * ({@code stale}) before a wrong one ({@code bad_signature}), before one that is absent or unreadable.
 */
public class AnyOfSchemes implements SignatureVerifier, CamelContextAware {

    private static final List<Reason> TELLING = List.of(Reason.STALE, Reason.BAD_SIGNATURE, Reason.UNKNOWN_KEY,
            Reason.MALFORMED_SIGNATURE, Reason.MISSING_SIGNATURE);

    private CamelContext context;
    private String names = "";
    private volatile List<SignatureScheme> schemes;

    @Override
    public void verify(SignedRequest request) {
        WebhookRejectedException refusal = null;
        boolean any = false;
        for (SignatureScheme s : schemes()) {
            if (!s.configured()) {
                continue;
            }
            any = true;
            try {
                s.verify(request);
                return;
            } catch (WebhookRejectedException e) {
                if (refusal == null || TELLING.indexOf(e.reason()) < TELLING.indexOf(refusal.reason())) {
                    refusal = e;
                }
            }
        }
        if (!any) {
            throw new IllegalStateException("No webhook secret or public key configured for " + names);
        }
        throw refusal;
    }

    @Override
    public List<String> headers() {
        Set<String> out = new LinkedHashSet<>();
        if (context != null) {
            schemes().forEach(s -> out.addAll(s.headers()));
        }
        return List.copyOf(out); // unbound (read offline from a route file): each scheme's own bean lists its headers
    }

    /** The schemes, looked up once by name. @throws IllegalArgumentException naming a bean that is not a SignatureScheme */
    public List<SignatureScheme> schemes() {
        List<SignatureScheme> s = schemes;
        if (s == null) {
            List<SignatureScheme> found = new ArrayList<>();
            for (String name : names.split("\\s*,\\s*")) {
                SignatureScheme bean = name.isBlank() ? null : context.getRegistry().lookupByNameAndType(name, SignatureScheme.class);
                if (bean == null) {
                    throw new IllegalArgumentException("AnyOfSchemes: '" + name + "' is not a SignatureScheme bean");
                }
                found.add(bean);
            }
            schemes = s = List.copyOf(found);
        }
        return s;
    }

    /** Bean names, comma separated, tried in this order. */
    public void setSchemes(String names) {
        this.names = names.trim();
        this.schemes = null;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
