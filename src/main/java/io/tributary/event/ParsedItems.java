package io.tributary.event;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A polled page's items, each as the raw JSON that is published, dead-lettered and digested, and as
 * the tree the page was parsed into, so the normalise step need not parse the bytes again (about
 * 0.5 µs of a Thirdfort item, 2 µs of a Stripe one; bench/README.md round 3). To everything else (the ingest
 * route, page progress, tests) it is the page's {@code List<byte[]>}; only {@link NormalizeStep}
 * looks for the trees. The raw bytes are {@link Json#write} of the tree, so both say the same.
 */
public final class ParsedItems extends AbstractList<byte[]> {

    private final List<byte[]> raw = new ArrayList<>();
    private final List<JsonNode> trees = new ArrayList<>();

    /** {@code raw} must be {@code Json.write(tree)}: the poller writes it once, for its digests too. */
    public void add(byte[] raw, JsonNode tree) {
        this.raw.add(raw);
        this.trees.add(tree);
    }

    @Override
    public byte[] get(int index) {
        return raw.get(index);
    }

    /** The tree item {@code index} was written from. */
    public JsonNode tree(int index) {
        return trees.get(index);
    }

    @Override
    public int size() {
        return raw.size();
    }
}
