package org.aiverse.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.consent.Scopes;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.CheckName;
import org.aiverse.contracts.policy.CheckResult;
import org.aiverse.contracts.policy.Ethics;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyCheck;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.RateLimit;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.contracts.snapshot.MemoryIndexEntry;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.snapshot.Profile;
import org.aiverse.policy.api.PolicyContext;
import org.aiverse.policy.api.ProtectedMemory;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.snapshot.api.RedactionStub;
import org.aiverse.snapshot.api.SnapshotStore;
import org.aiverse.snapshot.api.SnapshotSummary;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of the seven checks, the frozen order, dry-run versus live, recording, anomalies and concurrency. */
class PolicyGateTest {

    static final long T0 = 1_712_345_678L * 1_000_000_000L;
    static final Set<String> USE = Set.of(Scopes.PERSONA_USE);

    final AtomicLong clock = new AtomicLong(T0);
    final List<SessionEvent> recorded = new ArrayList<>();
    final Recorder recorder = (session, actor, type, payload) -> {
        synchronized (recorded) {
            SessionEvent e = SessionEvent.unchained(session, recorded.size() + 1L, actor, type, payload, 1L);
            recorded.add(e);
            return e;
        }
    };

    PolicyGateImpl gate(Map<String, Object> overrides) {
        GateConfig config = StandaloneGate.config(overrides);
        GateSettings settings = GateSettings.from(config, PolicyGateComponent.loadRulesets(config, null));
        return new PolicyGateImpl(
                settings,
                new InMemoryCounterStore(),
                new InMemoryBudgetLedger(),
                clock::get,
                () -> recorder,
                () -> store);
    }

    SnapshotStore store;

    PolicyGateImpl gate() {
        return gate(Map.of());
    }

    static Policy policy(Autonomy autonomy, Map<String, RateLimit> rates, List<String> restricted) {
        return new Policy(
                autonomy,
                new SpendingCaps(new BigDecimal("50"), new BigDecimal("10")),
                rates,
                restricted,
                List.of(),
                new Ethics("v1"));
    }

    static Policy basic() {
        return policy(Autonomy.MEDIUM, Map.of("intent.speak", new RateLimit(30, null)), List.of("transfer_asset"));
    }

    static Intent intent(String id, String type, Map<String, Object> params) {
        return new Intent(id, type, "user", 0.92, params, 1712345678L);
    }

    static Intent speak(String id, String text) {
        return intent(id, "speak", Map.of("text", text));
    }

    static Intent buy(String id, Object price) {
        Map<String, Object> params = new HashMap<>();
        params.put("item", "lamp");
        if (price != null) {
            params.put("price", price);
        }
        return intent(id, "buyItem", params);
    }

    static CheckResult result(PolicyDecision d, CheckName name) {
        return d.checks().stream()
                .filter(c -> c.name() == name)
                .findFirst()
                .orElseThrow()
                .result();
    }

    PolicyContext ctx(Policy p) {
        return PolicyContext.of("user_abc", USE, p);
    }

    @Test
    void anOrdinaryIntentIsAllowedWithAllSevenChecksInTheFrozenOrder() {
        PolicyDecision d = gate().evaluate(speak("i1", "I found an exhibit you might like."), ctx(basic()));
        assertThat(d.allowed()).isTrue();
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.OK);
        assertThat(d.checks())
                .extracting(PolicyCheck::name)
                .containsExactly(
                        CheckName.RESTRICTED_ACTIONS,
                        CheckName.SCOPE,
                        CheckName.AUTONOMY_LEVEL,
                        CheckName.RATE_LIMIT,
                        CheckName.BUDGET_CAP,
                        CheckName.PRIVACY,
                        CheckName.ETHICS);
        assertThat(result(d, CheckName.BUDGET_CAP)).isEqualTo(CheckResult.NOT_APPLICABLE);
        assertThat(d.policyVersion()).startsWith("v1.");
    }

    @Test
    void theFirstBlockingCheckDecidesAndLaterChecksAreStillReported() {
        Intent bad = new Intent("i2", "transfer_asset", "user", 0.9, Map.of("text", "you are worthless"), null);
        PolicyDecision d = gate().dryRun(bad, PolicyContext.of("u", Set.of(), basic()));
        assertThat(d.reasonCode()).isEqualTo(ReasonCode.RESTRICTED_ACTION);
        assertThat(result(d, CheckName.SCOPE)).isEqualTo(CheckResult.BLOCKED);
        assertThat(result(d, CheckName.ETHICS)).isEqualTo(CheckResult.BLOCKED);
    }

    @Nested
    class RestrictedActions {
        @Test
        void aRestrictedTypeIsBlocked() {
            PolicyDecision d = gate().dryRun(intent("r1", "transfer_asset", Map.of()), ctx(basic()));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.RESTRICTED_ACTION);
            assertThat(d.reason()).contains("transfer_asset");
        }

        @Test
        void theTargetAllowlistAcceptsKindsAndEntityReferences() {
            Policy p = new Policy(Autonomy.LOW, null, null, null, List.of("npc|user"), null);
            PolicyGateImpl g = gate();
            Policy eff = g.effectivePolicy(p);
            assertThat(g.dryRun(new Intent("t1", "speak", "npc_42", 0.9, Map.of(), null), ctx(eff))
                            .allowed())
                    .isTrue();
            PolicyDecision d = g.dryRun(new Intent("t2", "speak", "world", 0.9, Map.of(), null), ctx(eff));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.RESTRICTED_ACTION);
            assertThat(d.reason()).contains("allowlist_targets");
        }

        @Test
        void listsFromACfgFileArriveAsOneCommaSeparatedString() {
            PolicyGateImpl g = gate(Map.of("alwaysRestricted", new String[] {"dance, speak"}));
            assertThat(g.dryRun(speak("a0", "hi"), ctx(basic())).reasonCode()).isEqualTo(ReasonCode.RESTRICTED_ACTION);
        }

        @Test
        void operatorsCanRestrictATypeForEverybody() {
            PolicyGateImpl g = gate(Map.of("alwaysRestricted", new String[] {"speak"}));
            assertThat(g.dryRun(speak("a1", "hi"), ctx(basic())).reasonCode()).isEqualTo(ReasonCode.RESTRICTED_ACTION);
        }
    }

    @Nested
    class Scope {
        @Test
        void withoutPersonaUseEveryIntentIsBlocked() {
            PolicyDecision d = gate().dryRun(speak("s1", "hi"), PolicyContext.of("u", Set.of(), basic()));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.BLOCKED_SCOPE);
            assertThat(d.reason()).contains("persona.use");
        }

        @Test
        void publishingTheWholeMemoryLogNeedsFullMemoryScope() {
            Policy p = policy(Autonomy.HIGH, Map.of(), List.of());
            Intent publish = intent("s2", "post_message", Map.of("memory_log", "full"));
            PolicyContext limited = PolicyContext.of("u", Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_LIMITED), p);
            PolicyDecision d = gate().dryRun(publish, limited);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.BLOCKED_SCOPE);
            assertThat(d.reason()).contains("memory.read.full");
        }

        @Test
        void referencingAnExportableMemoryNeedsTheLimitedScope() {
            Intent recall = intent("s3", "speak", Map.of("memory_id", "m_public"));
            PolicyGateImpl g = gate();
            assertThat(g.dryRun(recall, ctx(basic())).reasonCode()).isEqualTo(ReasonCode.BLOCKED_SCOPE);
            PolicyContext limited =
                    PolicyContext.of("u", Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_LIMITED), basic());
            assertThat(g.dryRun(recall, limited).allowed()).isTrue();
        }
    }

    @Nested
    class AutonomyLevel {
        @Test
        void anIntentTypeAboveThePolicysAutonomyIsBlocked() {
            Policy low = policy(Autonomy.LOW, Map.of(), List.of());
            PolicyDecision d = gate().dryRun(intent("a1", "emote_wildly", Map.of()), ctx(low));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.AUTONOMY_VIOLATION);
            assertThat(d.reason()).contains("medium").contains("low");
        }

        @Test
        void baselinePurchasesWithinCapsAreAllowedAtLow() {
            Policy low = policy(Autonomy.LOW, Map.of(), List.of());
            assertThat(gate().dryRun(buy("a2", 5), ctx(low)).allowed()).isTrue();
        }

        @Test
        void listedTypesNeedTheUsersApproval() {
            Policy high = policy(Autonomy.HIGH, Map.of(), List.of());
            Intent publish = intent("a3", "publish_external", Map.of("text", "hello world"));
            PolicyGateImpl g = gate();
            assertThat(g.dryRun(publish, ctx(high)).reasonCode()).isEqualTo(ReasonCode.REQUIRES_USER_APPROVAL);
            assertThat(g.dryRun(publish, ctx(high).withApprovals(Set.of("a3"))).allowed())
                    .isTrue();
        }
    }

    @Nested
    class RateLimitAndCooldown {
        final Policy p = policy(Autonomy.LOW, Map.of("intent.speak", new RateLimit(1, 3)), List.of());

        @Test
        void theBurstPassesThenRateLimitedThenCooldownThenAllowedAgain() {
            PolicyGateImpl g = gate(Map.of("cooldownSeconds", 30L));
            for (int i = 0; i < 3; i++) {
                assertThat(g.evaluate(speak("r" + i, "hi"), ctx(p)).allowed()).isTrue();
            }
            PolicyDecision limited = g.evaluate(speak("r3", "hi"), ctx(p));
            assertThat(limited.reasonCode()).isEqualTo(ReasonCode.RATE_LIMITED);
            assertThat(result(limited, CheckName.RATE_LIMIT)).isEqualTo(CheckResult.BLOCKED);
            clock.addAndGet(10_000_000_000L);
            assertThat(g.evaluate(speak("r4", "hi"), ctx(p)).reasonCode()).isEqualTo(ReasonCode.COOLDOWN);
            assertThat(g.usage("user_abc").cooldowns()).containsKey("speak");
            clock.addAndGet(60_000_000_000L);
            assertThat(g.evaluate(speak("r5", "hi"), ctx(p)).allowed()).isTrue();
        }

        @Test
        void dryRunsConsumeNothing() {
            PolicyGateImpl g = gate();
            for (int i = 0; i < 20; i++) {
                assertThat(g.dryRun(speak("d" + i, "hi"), ctx(p)).allowed()).isTrue();
            }
            int allowed = 0;
            for (int i = 0; i < 10; i++) {
                allowed += g.evaluate(speak("l" + i, "hi"), ctx(p)).allowed() ? 1 : 0;
            }
            assertThat(allowed).isEqualTo(3);
        }

        @Test
        void ratesAreKeptPerOwnerAcrossSessions() {
            PolicyGateImpl g = gate();
            for (int i = 0; i < 3; i++) {
                g.evaluate(speak("o" + i, "hi"), ctx(p).withSession("sess_" + i));
            }
            assertThat(g.dryRun(speak("o3", "hi"), ctx(p).withSession("sess_9")).reasonCode())
                    .isIn(ReasonCode.RATE_LIMITED, ReasonCode.COOLDOWN);
            assertThat(g.dryRun(speak("o4", "hi"), PolicyContext.of("someone_else", USE, p))
                            .allowed())
                    .isTrue();
        }

        @Test
        void manyThreadsOfOneOwnerGetExactlyTheBurst() throws Exception {
            Policy limit = policy(Autonomy.LOW, Map.of("intent.speak", new RateLimit(1, 50)), List.of());
            PolicyGateImpl g = gate();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < 100; i++) {
                        PolicyContext c = ctx(limit).withSession("sess_" + thread);
                        ok += g.evaluate(speak("c" + thread + "_" + i, "hi"), c).allowed() ? 1 : 0;
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(total).isEqualTo(50);
            assertThat(g.metrics().decisions()).isEqualTo(1600);
            assertThat(g.metrics().blocks()).isEqualTo(1550);
        }
    }

    @Nested
    class BudgetCap {
        final Policy p = policy(Autonomy.LOW, Map.of(), List.of());

        @Test
        void thePerTransactionCapBlocks() {
            PolicyDecision d = gate().dryRun(buy("b1", 12.5), ctx(p));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.BLOCKED_BUDGET);
            assertThat(d.reason()).contains("per_txn");
        }

        @Test
        void theDailyCapCountsLiveSpendOnlyAndNeverDryRuns() {
            PolicyGateImpl g = gate();
            for (int i = 0; i < 10; i++) {
                assertThat(g.dryRun(buy("d" + i, 10), ctx(p)).allowed()).isTrue();
            }
            assertThat(g.usage("user_abc").spentToday()).isEqualByComparingTo("0");
            for (int i = 0; i < 5; i++) {
                assertThat(g.evaluate(buy("l" + i, 10), ctx(p)).allowed()).isTrue();
            }
            assertThat(g.usage("user_abc").spentToday()).isEqualByComparingTo("50");
            PolicyDecision over = g.evaluate(buy("l5", 1), ctx(p));
            assertThat(over.reasonCode()).isEqualTo(ReasonCode.BLOCKED_BUDGET);
            assertThat(over.reason()).contains("daily");
            clock.addAndGet(86_400L * 1_000_000_000L);
            assertThat(g.evaluate(buy("next_day", 1), ctx(p)).allowed()).isTrue();
        }

        @Test
        void aPolicyWithoutCapsCannotSpend() {
            Policy noCaps = new Policy(Autonomy.LOW, null, null, null, null, null);
            PolicyGateImpl g = gate();
            assertThat(g.dryRun(buy("n1", 1), ctx(g.effectivePolicy(noCaps))).reasonCode())
                    .isEqualTo(ReasonCode.BLOCKED_BUDGET);
        }

        @Test
        void aPurchaseWithoutANumericPriceIsBadInputNamingTheField() {
            PolicyGateImpl g = gate();
            assertThatThrownBy(() -> g.dryRun(buy("m1", null), ctx(p)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("intent.params.price");
            assertThatThrownBy(() -> g.evaluate(buy("m2", "ten"), ctx(p)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("intent.params.price");
            assertThatThrownBy(() -> g.evaluate(buy("m3", -1), ctx(p)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("intent.params.price");
        }
    }

    @Nested
    class Privacy {
        final String secret = "Visited the bioluminescent gallery and greeted the curator after midnight.";

        PolicyContext withMemories(PolicyGateImpl g, Set<String> scopes) {
            return new PolicyContext(
                    "user_abc",
                    null,
                    "ps_1",
                    null,
                    null,
                    scopes,
                    basic(),
                    g.protectedMemories(
                            List.of(new ProtectedMemory("m_secret", secret), new ProtectedMemory("m2", null))),
                    null);
        }

        @Test
        void namingANonExportableMemoryIsBlocked() {
            PolicyGateImpl g = gate();
            Intent share = intent("p1", "speak", Map.of("memory_id", "m_secret"));
            PolicyDecision d = g.dryRun(share, withMemories(g, Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_FULL)));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PRIVACY_VIOLATION);
            assertThat(d.reason()).contains("m_secret");
            Intent nested = intent("p1b", "speak", Map.of("attachments", List.of(Map.of("ref", "m2"))));
            assertThat(g.dryRun(nested, withMemories(g, USE)).reasonCode()).isEqualTo(ReasonCode.PRIVACY_VIOLATION);
        }

        @Test
        void quotingANonExportableMemoryIsBlockedWhateverTheCaseAndPunctuation() {
            PolicyGateImpl g = gate();
            Intent quote = speak("p2", "Guess what: I GREETED the curator, after midnight!!");
            PolicyDecision d = g.dryRun(quote, withMemories(g, USE));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PRIVACY_VIOLATION);
            assertThat(d.reason()).contains("m_secret").contains("quoting");
        }

        @Test
        void sharingAFewWordsIsNotQuoting() {
            PolicyGateImpl g = gate();
            assertThat(g.dryRun(speak("p3", "The gallery has a curator."), withMemories(g, USE))
                            .allowed())
                    .isTrue();
        }

        @Test
        void withoutAMemorySourceEveryIndexedMemoryOfTheSnapshotIsProtected() {
            PolicyGateImpl g = gate();
            PersonalitySnapshot snap = new PersonalitySnapshot(
                    "ps_1",
                    1,
                    "user_abc",
                    new Profile("Alice", null, new Ethics("v1")),
                    basic(),
                    List.of(new MemoryIndexEntry("m1", 0.9, 1L)),
                    null,
                    1L,
                    1L);
            PolicyContext c = g.context(snap, Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_FULL), null, null, null);
            assertThat(g.dryRun(intent("p4", "speak", Map.of("memory_id", "m1")), c)
                            .reasonCode())
                    .isEqualTo(ReasonCode.PRIVACY_VIOLATION);
        }

        @Test
        void theSnapshotStoresNonExportableMemoriesAreProtectedWithTheirTextsAndExportableOnesAreNot() {
            PersonalitySnapshot snap = new PersonalitySnapshot(
                    "ps_2",
                    2,
                    "user_abc",
                    null,
                    basic(),
                    List.of(new MemoryIndexEntry("m_open", 0.5, 1L), new MemoryIndexEntry("m_closed", 0.9, 1L)),
                    null,
                    1L,
                    1L);
            store = new SnapshotStore() {
                @Override
                public Optional<PersonalitySnapshot> latest(String id) {
                    return Optional.of(snap);
                }

                @Override
                public Optional<PersonalitySnapshot> version(String id, int version) {
                    return Optional.of(snap);
                }

                @Override
                public List<MemoryItem> memories(String id, int version) {
                    return List.of(
                            memory("m_open", "We watched the comet over the northern lake together.", true),
                            memory("m_closed", secret, false));
                }

                @Override
                public List<SnapshotSummary> summaries() {
                    return List.of();
                }

                @Override
                public Optional<RedactionStub> redact(String id, String memoryId) {
                    return Optional.empty();
                }
            };
            PolicyGateImpl g = gate();
            PolicyContext c = g.context(snap, Set.of(Scopes.PERSONA_USE, Scopes.MEMORY_READ_FULL), null, null, null);
            assertThat(g.dryRun(speak("q1", "we watched the comet over the northern lake"), c)
                            .allowed())
                    .isTrue();
            PolicyDecision open = g.dryRun(intent("q2", "speak", Map.of("memory_id", "m_open")), c);
            assertThat(open.allowed()).as(open.reason()).isTrue();
            PolicyDecision d = g.dryRun(speak("q3", "greeted the curator after midnight, you know"), c);
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.PRIVACY_VIOLATION);
            assertThat(d.reason()).contains("m_closed");
        }

        MemoryItem memory(String id, String text, boolean exportable) {
            return new MemoryItem(
                    id,
                    1L,
                    text,
                    null,
                    0.5,
                    null,
                    null,
                    null,
                    new org.aiverse.contracts.memory.Privacy(false, exportable),
                    null,
                    null,
                    null,
                    null);
        }
    }

    @Nested
    class EthicsRules {
        @Test
        void aDenyTermBlocksOnWholeWordsOnly() {
            PolicyGateImpl g = gate();
            PolicyDecision d = g.dryRun(speak("e1", "Honestly, I am a HUMAN like you."), ctx(basic()));
            assertThat(d.reasonCode()).isEqualTo(ReasonCode.ETHICS_VIOLATION);
            assertThat(d.reason()).contains("honest_about_being_ai");
            assertThat(g.dryRun(speak("e2", "I am a humane and kind guide."), ctx(basic()))
                            .allowed())
                    .isTrue();
        }

        @Test
        void lowConfidencePurchasesBreachV1() {
            Intent unsure = new Intent("e3", "buyItem", "object", 0.5, Map.of("price", 2), null);
            assertThat(gate().dryRun(unsure, ctx(basic())).reasonCode()).isEqualTo(ReasonCode.ETHICS_VIOLATION);
        }

        @Test
        void modeFiltersApply() {
            Policy high = policy(Autonomy.HIGH, Map.of(), List.of());
            Intent sign = intent("e4", "sign_contract", Map.of());
            PolicyGateImpl g = gate();
            PolicyContext proxy = new PolicyContext("u", null, null, null, SessionMode.PROXY, USE, high, null, null);
            PolicyContext co =
                    new PolicyContext("u", null, null, null, SessionMode.CO_EXPERIENCE, USE, high, null, null);
            assertThat(g.dryRun(sign, proxy).reasonCode()).isEqualTo(ReasonCode.ETHICS_VIOLATION);
            assertThat(g.dryRun(sign, co).allowed()).isTrue();
        }

        @Test
        void operatorsLoadRulesetsFromTheirDirectoryAndAnUnknownRulesetIsBadInput(@TempDir Path dir) throws Exception {
            Files.writeString(
                    dir.resolve("strict.json"),
                    """
                    {"id":"strict","description":"no dancing","rules":[
                      {"id":"no_dance","types":["animate"],"deny_terms":["dance"]}]}
                    """);
            Files.writeString(dir.resolve("broken.json"), "{\"id\":\"broken\",\"rules\":[{\"id\":\"x\"}]}");
            PolicyGateImpl g = gate(Map.of("rulesetDirectory", dir.toString()));
            assertThat(g.info().ethicsRulesets()).containsOnlyKeys("v1", "strict");
            Policy strict = new Policy(Autonomy.LOW, null, null, null, null, new Ethics("strict"));
            Intent dance = intent("e5", "animate", Map.of("name", "dance"));
            assertThat(g.dryRun(dance, ctx(g.effectivePolicy(strict))).reasonCode())
                    .isEqualTo(ReasonCode.ETHICS_VIOLATION);
            Policy unknown = new Policy(Autonomy.LOW, null, null, null, null, new Ethics("v9"));
            assertThatThrownBy(() -> g.dryRun(dance, ctx(unknown)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith("policy.ethics.ruleset");
        }
    }

    @Nested
    class RecordingAndAnomalies {
        @Test
        void liveDecisionsAreRecordedAndDryRunsAreNot() {
            PolicyGateImpl g = gate();
            PolicyContext c = ctx(basic()).withSession("sess_001");
            g.dryRun(speak("x0", "hi"), c);
            assertThat(recorded).isEmpty();
            g.evaluate(speak("x1", "hi"), c);
            g.evaluate(intent("x2", "transfer_asset", Map.of()), c);
            g.evaluate(speak("x3", "no session"), ctx(basic()));
            assertThat(recorded)
                    .extracting(SessionEvent::type)
                    .containsExactly(EventType.INTENT, EventType.POLICY_BLOCK);
            SessionEvent block = recorded.get(1);
            assertThat(block.actor()).isEqualTo(Actor.SYSTEM);
            assertThat(block.payload())
                    .containsEntry("reason_code", "restricted_action")
                    .containsEntry("owner_id", "user_abc")
                    .containsKeys("checks", "policy_version", "intent");
            assertThat((List<?>) block.payload().get("checks")).hasSize(7);
        }

        @Test
        void burstsOfBlocksUnusualSpendingAndPolicyDriftAreFlagged() {
            PolicyGateImpl g = gate(Map.of("blockBurstThreshold", 3));
            PolicyContext c = ctx(basic()).withSession("sess_a");
            for (int i = 0; i < 3; i++) {
                g.evaluate(intent("b" + i, "transfer_asset", Map.of()), c);
            }
            assertThat(g.metrics().anomalyFlags()).isEqualTo(1);
            assertThat(g.metrics().policyBlockRate()).isEqualTo(3);
            g.evaluate(buy("big", 1000), c);
            assertThat(g.metrics().anomalyFlags()).isEqualTo(2);
            Policy loosened = policy(Autonomy.HIGH, Map.of(), List.of());
            g.evaluate(
                    speak("d1", "hi"),
                    new PolicyContext("user_abc", "sess_a", null, null, null, USE, loosened, null, null));
            assertThat(g.metrics().anomalyFlags()).isEqualTo(3);
            assertThat(recorded)
                    .filteredOn(e -> e.type() == EventType.METRIC)
                    .extracting(e -> e.payload().get("flag"))
                    .containsExactly("blocked_intent_burst", "unusual_spending", "policy_drift");
            clock.addAndGet(61_000_000_000L);
            assertThat(g.metrics().policyBlockRate()).isZero();
            assertThat(g.metrics().blocks()).isEqualTo(4);
        }
    }
}
