package io.tributary.webhook;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * The items of a batch that a provider signs one by one, each with its own signature inside it
 * (Adyen's {@code notificationItems[].NotificationRequestItem.additionalData.hmacSignature}, Microsoft
 * Graph's {@code value[].clientState}): a JSON pointer with one {@code *} for "each element of this
 * array", e.g. {@code /value/*} (Graph), or for Adyen {@code /notificationItems/}, a star, then
 * {@code /NotificationRequestItem}. A
 * {@link SignatureScheme} with {@code items} reads its {@code {field:..}} parts and its
 * {@code field:} signature relative to each item, and a delivery passes only when every item does:
 * one forged item in a genuine batch must not ride along.
 */
final class SignedItems {

    private final String array;
    private final String item;

    private SignedItems(String array, String item) {
        this.array = array;
        this.item = item;
    }

    /** @throws IllegalArgumentException unless the pointer has exactly one {@code /*} step */
    static SignedItems parse(String pointer) {
        String p = pointer.trim();
        int star = p.indexOf("/*");
        boolean oneStep = star >= 0 && (p.length() == star + 2 || p.charAt(star + 2) == '/') && p.indexOf("/*", star + 2) < 0;
        if (!oneStep) {
            throw new IllegalArgumentException("'" + pointer + "' needs one /* step for each element, e.g. /value/*");
        }
        return new SignedItems(SchemeRequest.pointer(p.substring(0, star)), SchemeRequest.pointer(p.substring(star + 2)));
    }

    /** The items of this delivery, in order. @throws WebhookRejectedException when there is no item to verify */
    List<JsonNode> of(SchemeRequest request) {
        JsonNode list = request.json().at(array);
        if (!list.isArray() || list.isEmpty()) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no signed items at " + (array.isEmpty() ? "/" : array));
        }
        List<JsonNode> out = new ArrayList<>(list.size());
        for (JsonNode element : list) {
            JsonNode node = element.at(item);
            if (!node.isObject()) {
                throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "an element of " + array + " has no object at " + item);
            }
            out.add(node);
        }
        return out;
    }
}
