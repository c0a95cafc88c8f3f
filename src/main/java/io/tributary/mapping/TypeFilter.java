package io.tributary.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Which CloudEvent types a user wants: exact types, or prefixes written {@code stripe.invoice.*}; an empty list wants all. */
final class TypeFilter {

    private TypeFilter() {
    }

    static Predicate<String> of(String list) {
        List<String> exact = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String t : list == null ? new String[0] : list.split(",")) {
            String type = t.trim();
            if (type.endsWith("*")) {
                prefixes.add(type.substring(0, type.length() - 1));
            } else if (!type.isEmpty()) {
                exact.add(type);
            }
        }
        if (exact.isEmpty() && prefixes.isEmpty()) {
            return type -> true;
        }
        return type -> exact.contains(type) || prefixes.stream().anyMatch(type::startsWith);
    }
}
