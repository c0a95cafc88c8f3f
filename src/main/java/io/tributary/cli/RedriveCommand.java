package io.tributary.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tributary.event.Batch;
import io.tributary.event.Channel;
import io.tributary.deadletter.DeadLetters;
import io.tributary.config.LaunchConfig;
import io.tributary.event.NormalizeStep;
import io.tributary.config.Props;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.DefaultExchange;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code redrive <provider> [--since T] [--until T] [--reason R] [--dry-run]}: runs a provider's dead
 * letters through today's route file (its Normalizer, from the route files' beans) into the inbox,
 * beside the running instances, whose core publishes each event once: what was published meanwhile
 * is dropped by the dedupe store. Only the shared publish and dead-letter routes run here: no
 * webhook, poller, core or management port. A dead letter that fails again with a new reason is
 * dead-lettered again, marked with its redrive count and the record it replaces (which later redrives
 * skip); one that fails with the reason it already has is left as it is. Signatures are not checked
 * again (they were at receipt, and a signed timestamp is stale by now): only dead letters marked
 * {@code tributary-verified=true} are redriven.
 */
final class RedriveCommand {

    static final String USAGE = "Usage: java -jar target/tributary.jar redrive <provider> [--since <RFC 3339 time>] "
            + "[--until <RFC 3339 time>] [--reason <text>] [--dry-run]";

    /** What one run did. */
    record Outcome(int selected, int redriven, int events, int failedAgain, int unchanged) {
    }

    private RedriveCommand() {
    }

    static int run(List<String> args, LaunchConfig config, PrintStream out, PrintStream err) throws Exception {
        String provider = null;
        Instant since = Instant.MIN;
        Instant until = Instant.MAX;
        String reason = null;
        boolean dryRun = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--since" -> since = DeadLettersCommand.time(args, ++i);
                    case "--until" -> until = DeadLettersCommand.time(args, ++i);
                    case "--reason" -> {
                        if (++i >= args.size()) {
                            throw new IllegalArgumentException("--reason needs a text (part of the reason, any case)");
                        }
                        reason = args.get(i);
                    }
                    case "--dry-run" -> dryRun = true;
                    default -> {
                        if (a.startsWith("-") || provider != null) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        provider = a;
                    }
                }
            }
            if (provider == null) {
                throw new IllegalArgumentException("which provider's dead letters?");
            }
        } catch (RuntimeException bad) {
            err.println("redrive: " + bad.getMessage() + "\n" + USAGE);
            return 2;
        }
        Configurator.setLevel("org.apache.kafka", Level.ERROR);
        Map<String, String> overrides = Map.of("tributary.kafka.bootstrap-servers", config.bootstrapServers());
        return redrive(config, provider, since, until, reason, dryRun, overrides, out, err) == null ? 1 : 0;
    }

    /** @return what was done, or null when the route files could not be loaded; {@code overrides}: further settings (tests) */
    static Outcome redrive(LaunchConfig config, String provider, Instant since, Instant until, String reason, boolean dryRun,
            Map<String, String> overrides, PrintStream out, PrintStream err) throws Exception {
        List<DeadLetterTopic.Entry> all = DeadLetterTopic.readAll(config);
        // A dead letter that a redrive dead-lettered again is replaced by that newer record.
        Set<String> replaced = DeadLetterTopic.replaced(all);
        List<DeadLetterTopic.Entry> chosen = new ArrayList<>();
        int unverified = 0;
        for (DeadLetterTopic.Entry e : all) {
            if (!e.provider().equals(provider) || replaced.contains(e.ref()) || e.receivedAt().isBefore(since) || !e.receivedAt().isBefore(until)
                    || (reason != null && !e.error().toLowerCase(Locale.ROOT).contains(reason.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            if ("true".equals(e.headers().get("tributary-verified")) && !e.channel().equals("unknown")) {
                chosen.add(e);
            } else {
                unverified++;
            }
        }
        out.println("redrive: " + chosen.size() + " dead letters of " + provider + " selected from " + DeadLetterTopic.topic(config)
                + (unverified > 0 ? " (" + unverified + " skipped: not marked verified at receipt, they were dead-lettered before redrive existed)" : "")
                + (dryRun ? "; dry run: normalised with today's route file, nothing written." : "."));
        if (chosen.isEmpty()) {
            return new Outcome(0, 0, 0, 0, 0);
        }
        Outcome[] outcome = {null};
        Exception[] failure = {null};
        Main main = new Main();
        overrides.forEach(main::addOverrideProperty);
        publishOnly(config).forEach(main::addOverrideProperty);
        main.bind("noElection", new io.tributary.cluster.NoElection()); // the master component needs one to start
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                try {
                    outcome[0] = each(m.getCamelContext(), chosen, dryRun, out);
                } catch (Exception e) {
                    failure[0] = e;
                } finally {
                    main.completed();
                }
            }
        });
        main.run(new String[0]);
        if (outcome[0] == null) {
            err.println("redrive: stopped: " + (failure[0] == null ? "Tributary did not start (see the log above)" : failure[0].getMessage())
                    + ". Whatever was written before is in the inbox; running redrive again is safe (the core dedupes).");
            return null;
        }
        Outcome o = outcome[0];
        out.println("redrive: " + o.selected() + " selected, " + o.redriven() + (dryRun ? " would be redriven (" : " redriven (")
                + o.events() + " events to the inbox; the core publishes those not yet published), "
                + o.failedAgain() + " failed with a new reason" + (dryRun ? "" : " (dead-lettered again)") + ", "
                + o.unchanged() + " failed with the same reason (left as they are).");
        return o;
    }

    private static Outcome each(CamelContext context, List<DeadLetterTopic.Entry> chosen, boolean dryRun, PrintStream out) throws Exception {
        NormalizeStep normalize = context.getRegistry().findSingleByType(NormalizeStep.class);
        boolean console = System.console() != null;
        int redriven = 0, events = 0, again = 0, unchanged = 0, done = 0;
        try (ProducerTemplate template = context.createProducerTemplate()) {
            for (DeadLetterTopic.Entry e : chosen) {
                Exchange x = new DefaultExchange(context);
                x.setProperty(Props.PROVIDER, e.provider());
                x.setProperty(Props.CHANNEL, Channel.of(e.channel()).id());
                x.setProperty(Props.RECEIVED_AT, e.receivedAt());
                e.requestHeaders().forEach(x.getMessage()::setHeader);
                x.getMessage().setBody(e.raw());
                normalize.normalize(x);
                Batch batch = x.getMessage().getBody(Batch.class);
                if (!batch.isDeadLettered()) {
                    redriven++;
                    events += batch.events().size();
                    if (!dryRun) {
                        send(template, "direct:publish", x);
                    }
                } else if (batch.deadLetters().get(0).error().equals(e.error())) {
                    unchanged++;
                } else {
                    again++;
                    if (!dryRun) {
                        x.setProperty(DeadLetters.REDRIVE_COUNT, e.redriveCount() + 1);
                        x.setProperty(DeadLetters.REDRIVEN_FROM, e.ref());
                        send(template, "direct:deadletter", x);
                    }
                }
                if (console && (++done % 50 == 0 || done == chosen.size())) {
                    out.print("\rredrive: " + done + "/" + chosen.size() + " done");
                    out.flush();
                }
            }
        }
        if (console) {
            out.println();
        }
        return new Outcome(chosen.size(), redriven, events, again, unchanged);
    }

    /** Sends and waits for Kafka's ack (Inbox.write waits: no pipelining here); a failure stops the run. */
    private static void send(ProducerTemplate template, String uri, Exchange x) throws Exception {
        template.send(uri, x);
        if (x.getException() != null) {
            throw x.getException();
        }
    }

    /** The settings that make this Tributary the redrive and nothing else (compare drain-spool). */
    static Map<String, String> publishOnly(LaunchConfig config) {
        Map<String, String> p = new LinkedHashMap<>();
        // The inbox and dead-letter routes only: no spool drain (the running instance owns its spool), no provider route.
        p.put("camel.main.route-filter-include-pattern", "tributary-publish,tributary-deadletter");
        p.put("camel.server.enabled", "false");
        p.put("camel.management.enabled", "false");
        p.put("tributary.core.enabled", "false");
        p.put("tributary.cluster.service", "none");
        try {
            p.put("tributary.data-dir", java.nio.file.Files.createTempDirectory("tributary-redrive").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }
}
