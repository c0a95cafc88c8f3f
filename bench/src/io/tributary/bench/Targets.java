package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;

/** Issue 19's targets, each with the measured value and PASS or MISS, printed together at the end of a run. */
final class Targets {

    private final List<String> lines = new ArrayList<>();

    void atMost(String what, double value, double limit, String unit) {
        add(what, value, "<=", limit, unit, value <= limit);
    }

    void below(String what, double value, double limit, String unit) {
        add(what, value, "<", limit, unit, value < limit);
    }

    void atLeast(String what, double value, double limit, String unit) {
        add(what, value, ">=", limit, unit, value >= limit);
    }

    private void add(String what, double value, String op, double limit, String unit, boolean met) {
        // NaN (a ceiling or a part skipped) compares false everywhere: say n/a, not MISS.
        lines.add(String.format("target   %-58s %8.1f %s %s %.0f %s  %s", what, value, unit, op, limit, unit,
                Double.isNaN(value) ? "n/a" : met ? "PASS" : "MISS"));
    }

    void print() {
        lines.forEach(System.out::println);
    }
}
