package org.aiverse.benchmarks;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.entity.Entity;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.CedarList;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.PrimLong;
import com.cedarpolicy.value.PrimString;
import com.cedarpolicy.value.Value;
import io.sapl.api.interpreter.Val;
import io.sapl.api.pdp.AuthorizationDecision;
import io.sapl.api.pdp.AuthorizationSubscription;
import io.sapl.api.pdp.Decision;
import io.sapl.interpreter.combinators.PolicyDocumentCombiningAlgorithm;
import io.sapl.pdp.EmbeddedPolicyDecisionPoint;
import io.sapl.pdp.PolicyDecisionPointFactory;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.Ethics;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.PolicyGate;
import org.aiverse.policy.api.ProtectedMemory;
import org.aiverse.policy.internal.StandaloneGate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The live Safety Gate (all seven checks active on a realistic policy, counters moving) against two peers in the
 * same run, on the same pre-built mix of allowed and blocked intents: native Cedar in the JVM
 * ({@code com.cedarpolicy:cedar-java:4.10.0:uber}, policies parsed and cached once) and the SAPL embedded PDP
 * ({@code io.sapl:sapl-pdp-embedded:3.0.0}, policies parsed once, deny-overrides).
 *
 * <p>The peers get an equivalent policy (restricted actions, scopes, autonomy per type, approval list, rate
 * limits, spending caps, protected memories, the v1 ethics terms) but do strictly less work: they keep no
 * counters, so the rate and budget state of each intent is handed to them pre-computed in the request, and
 * their privacy check sees only whole-text quotes and id mentions. Target: the gate's median under 1 µs per
 * decision on one thread and at least 5x the decisions per second of the faster peer.
 *
 * <p>Run {@code java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.PolicyGateBenchmark [jmh
 * options]} to get every figure and the ratios printed; {@code java -jar benchmarks/target/benchmarks.jar
 * PolicyGate} runs it as a plain JMH family.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PolicyGateBenchmark {

    static final int OWNERS = 64;
    static final int MIX = 1024;
    static final long STEP_NANOS = 25_000_000L;
    static final List<String> PROTECTED_TEXTS = List.of(
            "Visited the bioluminescent gallery and greeted the curator after midnight.",
            "Told my sister about the surprise party we are planning for her birthday.",
            "The door code of the studio apartment is four seven one nine.");
    static final List<String> ETHICS_TERMS = List.of(
            "kill yourself",
            "hurt yourself",
            "harm yourself",
            "end your life",
            "you should die",
            "you are worthless",
            "you're worthless",
            "nobody likes you",
            "i will hurt you",
            "i'll hurt you",
            "you are stupid",
            "you're stupid",
            "i am a human",
            "i'm a human",
            "i am human",
            "i'm human",
            "i am not an ai",
            "i'm not an ai",
            "i am a real person",
            "i'm a real person",
            "buy it now or",
            "you must buy",
            "last chance to buy",
            "don't tell anyone you bought");

    /** One pre-built case: the intent, its context, and the peers' equivalent requests. */
    record Case(Intent intent, PolicyContext context, AuthorizationRequest cedar, AuthorizationSubscription sapl) {}

    /** The pre-built mix, shared by the three contenders. */
    static final class Mix {
        static final Case[] CASES = build();

        private static Case[] build() {
            PolicyGate indexer = StandaloneGate.create(Map.of(), () -> T0);
            Policy policy = indexer.effectivePolicy(policy());
            List<PolicyContext> owners = new ArrayList<>();
            for (int o = 0; o < OWNERS; o++) {
                List<ProtectedMemory> memories = new ArrayList<>();
                for (int m = 0; m < PROTECTED_TEXTS.size(); m++) {
                    memories.add(new ProtectedMemory("m" + o + "_" + m, PROTECTED_TEXTS.get(m)));
                }
                Set<String> scopes = o % 8 == 7
                        ? Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_LIMITED)
                        : Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_FULL);
                owners.add(new PolicyContext(
                        "owner_" + o,
                        null,
                        "ps_" + o,
                        "world_alpha",
                        null,
                        scopes,
                        policy,
                        indexer.protectedMemories(memories),
                        null));
            }
            Case[] cases = new Case[MIX];
            for (int i = 0; i < MIX; i++) {
                PolicyContext ctx = owners.get(i % OWNERS);
                Intent intent = mixed(i);
                cases[i] = new Case(intent, ctx, cedarRequest(intent, ctx, i), saplSubscription(intent, ctx, i));
            }
            return cases;
        }

        /** Checks a peer decides like the gate (dry-run, fresh state) on the first cases of the mix. */
        static void crossCheck(String peer, java.util.function.Predicate<Case> allowed) {
            PolicyGate fresh = StandaloneGate.create(Map.of(), () -> T0);
            List<String> disagreements = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Case c = CASES[i];
                boolean ours = fresh.dryRun(c.intent(), c.context()).allowed();
                if (ours != allowed.test(c)) {
                    disagreements.add(c.intent().type() + " " + c.intent().params() + ": gate " + ours);
                }
            }
            if (!disagreements.isEmpty()) {
                throw new IllegalStateException(peer + " policy is not equivalent on " + disagreements);
            }
        }
    }

    static final long T0 = 1_712_345_678L * 1_000_000_000L;

    /** The live gate with in-memory counters, on a clock that advances 25 ms per decision. */
    @State(Scope.Thread)
    public static class GateState {
        PolicyGate gate;
        long now = T0;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            gate = StandaloneGate.create(Map.of(), () -> now += STEP_NANOS);
        }
    }

    /** Native Cedar, policies parsed and cached once. */
    @State(Scope.Thread)
    public static class CedarState {
        BasicAuthorizationEngine engine;
        PolicySet policies;
        Set<Entity> entities;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            policies = PolicySet.parsePolicies(CEDAR_POLICIES);
            policies.cache();
            engine = new BasicAuthorizationEngine();
            entities = new HashSet<>();
            Mix.crossCheck("cedar", c -> allowed(c));
        }

        boolean allowed(Case c) {
            try {
                AuthorizationResponse r = engine.isAuthorized(c.cedar(), policies, entities);
                if (r.success.isEmpty()) {
                    throw new IllegalStateException("cedar failed: " + r.errors);
                }
                return r.success.get().isAllowed();
            } catch (com.cedarpolicy.model.exception.AuthException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The SAPL embedded PDP, policies parsed once, deny-overrides. */
    @State(Scope.Thread)
    public static class SaplState {
        EmbeddedPolicyDecisionPoint pdp;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            pdp = PolicyDecisionPointFactory.fixedInRamPolicyDecisionPoint(
                    saplPolicies(), PolicyDocumentCombiningAlgorithm.DENY_OVERRIDES, Map.<String, Val>of());
            Mix.crossCheck("sapl", c -> allowed(c));
        }

        boolean allowed(Case c) {
            AuthorizationDecision d = pdp.decide(c.sapl()).blockFirst();
            return d != null && d.getDecision() == Decision.PERMIT;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (pdp != null) {
                pdp.destroy();
            }
        }
    }

    static Policy policy() {
        Map<String, RateLimit> rates = new LinkedHashMap<>();
        rates.put("intent.speak", new RateLimit(30, null));
        rates.put("intent.move", new RateLimit(60, null));
        rates.put("intent.wave", new RateLimit(0, null));
        rates.put("intent.*", new RateLimit(60, null));
        return new Policy(
                Autonomy.MEDIUM,
                new SpendingCaps(new BigDecimal("50"), new BigDecimal("10")),
                rates,
                List.of("transfer_asset", "publish_external"),
                List.of("user|npc|object|world"),
                new Ethics("v1"));
    }

    /** The mix: per 16 intents, 10 ordinary ones and one of each block kind. */
    static Intent mixed(int i) {
        String id = "i" + i;
        return switch (i % 16) {
            case 0, 1, 2 -> new Intent(
                    id, "speak", "user", 0.92, Map.of("text", "I found an exhibit you might like."), 1L);
            case 3 -> new Intent(
                    id,
                    "speak",
                    "npc_42",
                    0.9,
                    Map.of("text", "Shall we look at the sculptures next?", "voice_profile", "calm_female_v2"),
                    1L);
            case 4, 5 -> new Intent(id, "move", "world", 0.88, Map.of("waypoint", "gallery_east", "speed", 1.2), 1L);
            case 6 -> new Intent(id, "animate", "user", 0.8, Map.of("name", "wave_hello"), 1L);
            case 7, 8 -> new Intent(id, "buyItem", "object", 0.95, Map.of("item", "postcard", "price", 3), 1L);
            case 9 -> new Intent(id, "openDialog", "user", 0.9, Map.of("panel", "map"), 1L);
            case 10 -> new Intent(id, "transfer_asset", "user", 0.9, Map.of("asset", "nft_7"), 1L);
            case 11 -> new Intent(id, "buyItem", "object", 0.95, Map.of("item", "statue", "price", 20), 1L);
            case 12 -> new Intent(
                    id, "speak", "user", 0.9, Map.of("text", "Guess what, I greeted the curator after midnight!"), 1L);
            case 13 -> new Intent(id, "speak", "npc_7", 0.9, Map.of("text", "Honestly, I am a human like you."), 1L);
            case 14 -> new Intent(id, "wave", "npc_7", 0.9, Map.of(), 1L);
            default -> new Intent(id, "share_contact", "npc_7", 0.9, Map.of("contact", "alice"), 1L);
        };
    }

    // ---------------------------------------------------------------- the three contenders

    @Benchmark
    public PolicyDecision aiverseLiveGate(GateState s) {
        Case c = Mix.CASES[s.next++ & (MIX - 1)];
        return s.gate.evaluate(c.intent(), c.context());
    }

    @Benchmark
    public boolean cedarJava(CedarState s) {
        return s.allowed(Mix.CASES[s.next++ & (MIX - 1)]);
    }

    @Benchmark
    public boolean saplEmbedded(SaplState s) {
        return s.allowed(Mix.CASES[s.next++ & (MIX - 1)]);
    }

    // ---------------------------------------------------------------- equivalent peer policies

    static final String CEDAR_POLICIES =
            """
            permit(principal, action, resource);
            forbid(principal, action in [Action::"transfer_asset", Action::"publish_external"], resource);
            forbid(principal, action, resource) unless { ["user", "npc", "object", "world"].contains(context.target_kind) };
            forbid(principal, action, resource) unless { context.scopes.contains("persona.use") };
            forbid(principal, action, resource) when { context.memory_log && !context.scopes.contains("memory.read.full") };
            forbid(principal, action, resource) when { context.autonomy < context.required_autonomy };
            forbid(principal, action in [Action::"transfer_asset", Action::"publish_external", Action::"share_contact"], resource) unless { context.approved };
            forbid(principal, action, resource) when { context.rate_limited || context.cooldown };
            forbid(principal, action == Action::"buyItem", resource) when { context.price_cents > 1000 || context.spent_cents + context.price_cents > 5000 };
            forbid(principal, action, resource) when { context.mentions.containsAny(context.protected_ids) };
            forbid(principal, action, resource) when { %s };
            forbid(principal, action, resource) when { %s };
            forbid(principal, action == Action::"buyItem", resource) when { context.confidence_pct < 80 };
            """
                    .formatted(likes("context.text", quoteWindows()), likes("context.text", ETHICS_TERMS));

    /** The gate's quote rule for the peers: every run of 5 consecutive words of a protected memory. */
    static List<String> quoteWindows() {
        List<String> windows = new ArrayList<>();
        for (String text : PROTECTED_TEXTS) {
            String[] words =
                    text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 ]", "").split(" +");
            for (int i = 0; i + 5 <= words.length; i++) {
                windows.add(String.join(" ", Arrays.copyOfRange(words, i, i + 5)));
            }
        }
        return windows;
    }

    static String likes(String field, Collection<String> terms) {
        List<String> parts = new ArrayList<>();
        for (String t : terms) {
            parts.add(field + " like \"*"
                    + t.toLowerCase(Locale.ROOT).replace("\"", "\\\"").replace("*", "\\*") + "*\"");
        }
        return String.join(" || ", parts);
    }

    static List<String> saplPolicies() {
        List<String> docs = new ArrayList<>();
        docs.add("policy \"base\" permit");
        docs.add("policy \"restricted\" deny where action.type == \"transfer_asset\""
                + " || action.type == \"publish_external\";");
        docs.add("policy \"targets\" deny where !(resource.target_kind == \"user\" || resource.target_kind == \"npc\""
                + " || resource.target_kind == \"object\" || resource.target_kind == \"world\");");
        docs.add("policy \"scope\" deny where !subject.persona_use;");
        docs.add("policy \"memory scope\" deny where resource.memory_log && !subject.memory_full;");
        docs.add("policy \"autonomy\" deny where subject.autonomy < action.required_autonomy;");
        docs.add(
                "policy \"approval\" deny where (action.type == \"transfer_asset\" || action.type == \"publish_external\""
                        + " || action.type == \"share_contact\") && !environment.approved;");
        docs.add("policy \"rate\" deny where environment.rate_limited || environment.cooldown;");
        docs.add("policy \"budget\" deny where action.type == \"buyItem\" && (resource.price_cents > 1000"
                + " || environment.spent_cents + resource.price_cents > 5000);");
        docs.add("policy \"privacy ids\" deny where resource.mentions_protected;");
        List<String> quotes = new ArrayList<>();
        for (String t : quoteWindows()) {
            quotes.add("resource.text =~ \".*" + regex(t) + ".*\"");
        }
        docs.add("policy \"privacy quotes\" deny where " + String.join(" || ", quotes) + ";");
        List<String> terms = new ArrayList<>();
        for (String t : ETHICS_TERMS) {
            terms.add("resource.text =~ \".*" + regex(t) + ".*\"");
        }
        docs.add("policy \"ethics terms\" deny where " + String.join(" || ", terms) + ";");
        docs.add("policy \"ethics purchases\" deny where action.type == \"buyItem\" && resource.confidence_pct < 80;");
        return docs;
    }

    static String regex(String text) {
        StringBuilder b = new StringBuilder();
        for (char ch : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(ch) || ch == ' ') {
                b.append(ch);
            } else {
                b.append("\\\\").append(ch);
            }
        }
        return b.toString();
    }

    // ---------------------------------------------------------------- requests (pre-computed state for the peers)

    record Facts(
            String targetKind,
            List<String> scopes,
            boolean memoryLog,
            int autonomy,
            int requiredAutonomy,
            boolean approved,
            boolean rateLimited,
            long priceCents,
            long spentCents,
            List<String> mentions,
            List<String> protectedIds,
            String text,
            long confidencePct) {}

    static Facts facts(Intent intent, PolicyContext ctx, int i) {
        String type = intent.type();
        int required =
                switch (type) {
                    case "speak", "move", "animate", "openDialog", "buyItem" -> 1;
                    case "transfer_asset", "publish_external" -> 3;
                    default -> 2;
                };
        Object price = intent.params().get("price");
        List<String> mentions = new ArrayList<>();
        for (Object v : intent.params().values()) {
            if (v instanceof String s) {
                mentions.add(s);
            }
        }
        List<String> protectedIds = new ArrayList<>();
        for (int m = 0; m < PROTECTED_TEXTS.size(); m++) {
            protectedIds.add(ctx.ownerId().replace("owner_", "m") + "_" + m);
        }
        Object text = intent.params().get("text");
        String target = intent.target();
        String kind = target.startsWith("npc") ? "npc" : target;
        return new Facts(
                kind,
                List.copyOf(ctx.scopes()),
                intent.params().containsKey("memory_log"),
                2,
                required,
                false,
                "wave".equals(type),
                price instanceof Number n ? n.longValue() * 100 : 0,
                (i / OWNERS % 20) * 300L,
                mentions,
                protectedIds,
                text == null ? "" : text.toString().toLowerCase(Locale.ROOT),
                Math.round(intent.confidence() * 100));
    }

    static AuthorizationRequest cedarRequest(Intent intent, PolicyContext ctx, int i) {
        Facts f = facts(intent, ctx, i);
        Map<String, Value> context = new LinkedHashMap<>();
        context.put("target_kind", new PrimString(f.targetKind()));
        context.put("scopes", strings(f.scopes()));
        context.put("memory_log", new PrimBool(f.memoryLog()));
        context.put("autonomy", new PrimLong(f.autonomy()));
        context.put("required_autonomy", new PrimLong(f.requiredAutonomy()));
        context.put("approved", new PrimBool(f.approved()));
        context.put("rate_limited", new PrimBool(f.rateLimited()));
        context.put("cooldown", new PrimBool(false));
        context.put("price_cents", new PrimLong(f.priceCents()));
        context.put("spent_cents", new PrimLong(f.spentCents()));
        context.put("mentions", strings(f.mentions()));
        context.put("protected_ids", strings(f.protectedIds()));
        context.put("text", new PrimString(f.text()));
        context.put("confidence_pct", new PrimLong(f.confidencePct()));
        EntityTypeName user = EntityTypeName.parse("User").orElseThrow();
        EntityTypeName action = EntityTypeName.parse("Action").orElseThrow();
        EntityTypeName target = EntityTypeName.parse("Target").orElseThrow();
        return new AuthorizationRequest(
                user.of(ctx.ownerId()), action.of(intent.type()), target.of(intent.target()), context);
    }

    static CedarList strings(List<String> values) {
        CedarList list = new CedarList();
        for (String v : values) {
            list.add(new PrimString(v));
        }
        return list;
    }

    static AuthorizationSubscription saplSubscription(Intent intent, PolicyContext ctx, int i) {
        Facts f = facts(intent, ctx, i);
        boolean mentionsProtected = f.mentions().stream().anyMatch(f.protectedIds()::contains);
        Map<String, Object> subject = Map.of(
                "id", ctx.ownerId(),
                "persona_use", f.scopes().contains(Scopes.PERSONA_USE),
                "memory_full", f.scopes().contains(Scopes.MEMORY_READ_FULL),
                "autonomy", f.autonomy());
        Map<String, Object> action = Map.of("type", intent.type(), "required_autonomy", f.requiredAutonomy());
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("target_kind", f.targetKind());
        resource.put("memory_log", f.memoryLog());
        resource.put("price_cents", f.priceCents());
        resource.put("mentions_protected", mentionsProtected);
        resource.put("text", f.text());
        resource.put("confidence_pct", f.confidencePct());
        Map<String, Object> environment = Map.of(
                "approved",
                f.approved(),
                "rate_limited",
                f.rateLimited(),
                "cooldown",
                false,
                "spent_cents",
                f.spentCents());
        return AuthorizationSubscription.of(subject, action, resource, environment);
    }

    // ---------------------------------------------------------------- running with figures and ratios

    /** Runs the three and prints every figure and the ratios; JMH options (e.g. -wi 2 -i 3 -r 2s) are honoured. */
    public static void main(String[] args) throws RunnerException, Exception {
        Options cli = new CommandLineOptions(args);
        Options opts = new OptionsBuilder()
                .parent(cli)
                .include(PolicyGateBenchmark.class.getName() + "\\.")
                .build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> thrpt = new LinkedHashMap<>();
        Map<String, Double> median = new LinkedHashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            Mode mode = r.getParams().getMode();
            if (mode == Mode.Throughput) {
                thrpt.put(name, r.getPrimaryResult().getScore() * 1_000_000.0);
            } else if (mode == Mode.SampleTime) {
                median.put(name, r.getPrimaryResult().getStatistics().getPercentile(50));
            }
        }
        PrintStream out = System.out;
        out.println();
        out.println("== PolicyGateBenchmark figures ==");
        for (String name : List.of("aiverseLiveGate", "cedarJava", "saplEmbedded")) {
            out.printf(
                    Locale.ROOT,
                    "%-16s %,14.0f decisions/s   median %,10.3f us/decision%n",
                    name,
                    thrpt.getOrDefault(name, Double.NaN),
                    median.getOrDefault(name, Double.NaN));
        }
        double ours = thrpt.getOrDefault("aiverseLiveGate", Double.NaN);
        double cedarT = thrpt.getOrDefault("cedarJava", Double.NaN);
        double saplT = thrpt.getOrDefault("saplEmbedded", Double.NaN);
        double faster = Math.max(cedarT, saplT);
        out.printf(Locale.ROOT, "ratio gate/cedar  %,10.1fx%n", ours / cedarT);
        out.printf(Locale.ROOT, "ratio gate/sapl   %,10.1fx%n", ours / saplT);
        out.printf(Locale.ROOT, "ratio gate/faster peer %,6.1fx (target >= 5x)%n", ours / faster);
        out.printf(
                Locale.ROOT,
                "gate median %.3f us (target < 1 us)%n",
                median.getOrDefault("aiverseLiveGate", Double.NaN));
    }
}
