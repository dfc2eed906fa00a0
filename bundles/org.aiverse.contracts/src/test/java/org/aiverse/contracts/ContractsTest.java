package org.aiverse.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.adapter.AvatarType;
import org.aiverse.contracts.api.BackpressureLevel;
import org.aiverse.contracts.api.DropHint;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.contracts.api.MemoryQueryRequest;
import org.aiverse.contracts.api.PageRequest;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.contracts.api.TerminateRequest;
import org.aiverse.contracts.api.TerminationReason;
import org.aiverse.contracts.consent.ClientSignedToken;
import org.aiverse.contracts.health.HealthStatus;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.memory.MemorySource;
import org.aiverse.contracts.percept.PerceptSource;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.CheckName;
import org.aiverse.contracts.policy.CheckResult;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.policy.SpendingCaps;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.contracts.version.ContractVersion;
import org.aiverse.contracts.version.SemVer;
import org.aiverse.contracts.world.Locomotion;
import org.aiverse.contracts.world.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ContractsTest {

    static Stream<Arguments> wireEnums() {
        return Stream.of(
                e("Actor", Actor.values(), Actor::fromWire),
                e("EventType", EventType.values(), EventType::fromWire),
                e("PerceptType", PerceptType.values(), PerceptType::fromWire),
                e("PerceptSource", PerceptSource.values(), PerceptSource::fromWire),
                e("ReasonCode", ReasonCode.values(), ReasonCode::fromWire),
                e("CheckName", CheckName.values(), CheckName::fromWire),
                e("CheckResult", CheckResult.values(), CheckResult::fromWire),
                e("Autonomy", Autonomy.values(), Autonomy::fromWire),
                e("MemorySource", MemorySource.values(), MemorySource::fromWire),
                e("Locomotion", Locomotion.values(), Locomotion::fromWire),
                e("AvatarType", AvatarType.values(), AvatarType::fromWire),
                e("AdapterEventType", AdapterEventType.values(), AdapterEventType::fromWire),
                e("AdapterHealth", AdapterHealth.values(), AdapterHealth::fromWire),
                e("AdapterErrorCode", AdapterErrorCode.values(), AdapterErrorCode::fromWire),
                e("AdapterKind", AdapterKind.values(), AdapterKind::fromWire),
                e("SessionMode", SessionMode.values(), SessionMode::fromWire),
                e("SessionState", SessionState.values(), SessionState::fromWire),
                e("TerminationReason", TerminationReason.values(), TerminationReason::fromWire),
                e("FrameType", FrameType.values(), FrameType::fromWire),
                e("BackpressureLevel", BackpressureLevel.values(), BackpressureLevel::fromWire),
                e("DropHint", DropHint.values(), DropHint::fromWire),
                e("ErrorCode", ErrorCode.values(), ErrorCode::fromWire),
                e("HealthFilter", HealthFilter.values(), HealthFilter::fromWire),
                e("HealthStatus", HealthStatus.values(), HealthStatus::fromWire));
    }

    static Arguments e(String name, WireValue[] values, Function<String, WireValue> fromWire) {
        return Arguments.of(name, values, fromWire);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireEnums")
    void everyEnumParsesItsWireValuesAndRejectsOthers(
            String name, WireValue[] values, Function<String, WireValue> fromWire) {
        for (WireValue c : values) {
            assertThat(c.wire()).matches("[a-z_]+");
            assertThat(fromWire.apply(c.wire())).isSameAs(c);
        }
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> fromWire.apply("NOPE"));
        assertThat(e).isNotNull();
        assertThat(e.reason()).startsWith("unknown value 'NOPE', allowed: ");
        assertThatThrownBy(() -> fromWire.apply(null)).isInstanceOf(ValidationException.class);
    }

    @Test
    void frozenCodeLists() {
        assertThat(wires(ReasonCode.values()))
                .containsExactly(
                        "ok",
                        "blocked_budget",
                        "blocked_scope",
                        "restricted_action",
                        "rate_limited",
                        "autonomy_violation",
                        "privacy_violation",
                        "ethics_violation",
                        "cooldown",
                        "requires_user_approval");
        assertThat(wires(CheckName.values()))
                .containsExactly(
                        "restricted_actions",
                        "scope",
                        "autonomy_level",
                        "rate_limit",
                        "budget_cap",
                        "privacy",
                        "ethics");
        assertThat(wires(AdapterErrorCode.values()))
                .containsExactly(
                        "policy_block",
                        "stopped",
                        "timeout",
                        "invalid_target",
                        "not_supported",
                        "engine_error",
                        "rate_limited",
                        "busy");
        assertThat(wires(SessionState.values()))
                .containsExactly("creating", "running", "paused", "terminating", "terminated", "error");
        assertThat(wires(FrameType.values()))
                .containsExactly("intent", "event", "state", "error", "ack", "heartbeat", "backpressure");
        assertThat(Arrays.stream(ErrorCode.values()).map(c -> c.wire() + "=" + c.httpStatus()))
                .containsExactly(
                        "validation_error=400",
                        "invalid_token=401",
                        "token_expired=401",
                        "invalid_signature=401",
                        "blocked_scope=403",
                        "origin_mismatch=403",
                        "revoked=403",
                        "not_found=404",
                        "conflict=409",
                        "rate_limited=429",
                        "client_closed=499",
                        "server_error=500");
        assertThat(BackpressureLevel.HARD.gauge()).isEqualTo(2);
        assertThat(FrameType.ACK.critical()).isTrue();
        assertThat(FrameType.INTENT.critical()).isFalse();
        assertThat(Autonomy.MEDIUM.atLeast(Autonomy.LOW)).isTrue();
        assertThat(Autonomy.LOW.atLeast(Autonomy.HIGH)).isFalse();
        assertThat(HealthStatus.DEGRADED.wire()).isEqualTo("degraded");
        assertThat(Actor.fromWire("adapter")).isEqualTo(Actor.ADAPTER);
    }

    @Test
    void semVer() {
        assertThat(ContractVersion.CURRENT).isEqualTo("1.0.0");
        assertThat(ContractVersion.SEMVER).isEqualTo(new SemVer(1, 0, 0));
        SemVer v = SemVer.parse("1.2.3");
        assertThat(v.toString()).isEqualTo("1.2.3");
        assertThat(v.satisfies(SemVer.parse("1.2.0"))).isTrue();
        assertThat(v.satisfies(SemVer.parse("1.3.0"))).isFalse();
        assertThat(v.satisfies(SemVer.parse("2.0.0"))).isFalse();
        assertThat(v.compatibleWith(SemVer.parse("1.9.9"))).isTrue();
        assertThat(v.compatibleWith(SemVer.parse("0.9.9"))).isFalse();
        assertThat(SemVer.parse("0.10.0")).isGreaterThan(SemVer.parse("0.9.3"));
        for (String bad : List.of("1.2", "1.2.3.4", "v1.2.3", "01.2.3", "1.2.3-rc1", "", "a.b.c")) {
            assertThatThrownBy(() -> SemVer.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field())
                            .isEqualTo("version"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void intentValidatesAndCopies() {
        Map<String, Object> params = new HashMap<>();
        params.put("nested", new ArrayList<>(List.of(Map.of("a", 1))));
        Intent intent = new Intent("i1", "speak", "user", 1.0, params, null);
        params.put("late", true);
        assertThat(intent.params()).doesNotContainKey("late");
        assertThatThrownBy(() -> ((List<Object>) intent.params().get("nested")).add(1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Intent("i1", "speak", "user", 0, null, null).params()).isEmpty();

        assertField(() -> new Intent(null, "speak", "user", 0.5, null, null), "intent_id", "is required");
        assertField(() -> new Intent("i", "speak", "user", 1.01, null, null), "confidence", "between 0 and 1");
        assertField(() -> new Intent("i", "speak", "user", Double.NaN, null, null), "confidence", "between 0 and 1");
        assertField(() -> new Intent("i", "", "user", 0.5, null, null), "type", "must not be blank");
        assertField(() -> new Intent("i", "speak", "user", 0.5, null, -1L), "ts", "between 0");
    }

    @Test
    void recordRules() {
        Intent intent = new Intent("i1", "speak", "user", 0.5, null, null);
        assertField(
                () -> new PolicyDecision(intent, true, ReasonCode.BLOCKED_BUDGET, null, "v1", null),
                "reason_code",
                "must be ok");
        assertField(
                () -> new PolicyDecision(intent, true, ReasonCode.OK, null, null, null), "policy_version", "required");
        assertThat(new PolicyDecision(intent, false, ReasonCode.COOLDOWN, null, "v1", null).checks())
                .isEmpty();

        assertThat(ActionResult.success().ok()).isTrue();
        assertThat(ActionResult.failure(AdapterErrorCode.STOPPED).error()).isEqualTo(AdapterErrorCode.STOPPED);
        assertField(() -> new ActionResult(false, null, null, null), "error", "is required");
        assertField(() -> new ActionResult(true, AdapterErrorCode.BUSY, null, null), "error", "must be absent");

        assertField(
                () -> new ClientSignedToken("h", "u", List.of(), 10, 10, null, "sig", null, null), "exp", "after iat");
        assertField(
                () -> new ClientSignedToken("h", "u", Arrays.asList("a", null), 1, 10, null, "sig", null, null),
                "scopes[1]",
                "must not be null");

        assertField(
                () -> new SessionEvent("s", 0, Actor.AI, EventType.INTENT, null, 1, null, null, null),
                "seq",
                "between 1");
        assertField(
                () -> new SessionEvent("s", 1, Actor.AI, EventType.INTENT, null, 1, "ABC", null, null),
                "hash",
                "64 lowercase hex");
        assertThat(SessionEvent.GENESIS).isEqualTo("0".repeat(64));

        assertField(() -> new SpendingCaps(new BigDecimal("-0.01"), null), "daily", "must not be negative");
        assertField(
                () -> new Policy(
                        Autonomy.LOW,
                        null,
                        Map.of("speak", new org.aiverse.contracts.policy.RateLimit(1, null)),
                        null,
                        null,
                        null),
                "rate_limits.speak",
                "intent.<type>");
        assertThat(Policy.rateLimitKey("speak")).isEqualTo("intent.speak");
        assertField(() -> new Theme("t", List.of("#12345"), null), "palette[0]", "colour");

        assertThat(new MemoryQueryRequest("ps", null, null, null).topK()).isEqualTo(MemoryQueryRequest.DEFAULT_TOP_K);
        assertThat(new PageRequest(null, null).size()).isEqualTo(PageRequest.DEFAULT_SIZE);
        assertField(() -> new PageRequest(1001, null), "size", "between 1 and 1000");
        assertThat(new TerminateRequest(null).reason()).isEqualTo(TerminationReason.USER_REQUEST);
    }

    @Test
    void validationException() {
        ValidationException e = new ValidationException("confidence", "must be between 0 and 1");
        assertThat(e.getMessage()).isEqualTo("confidence: must be between 0 and 1");
        assertThat(e.withPrefix("intent").field()).isEqualTo("intent.confidence");
        assertThat(e.withPrefix("$").field()).isEqualTo("confidence");
        assertThat(new ValidationException("[2]", "x").withPrefix("tags").field())
                .isEqualTo("tags[2]");
        assertThat(new ValidationException(null, "x").field()).isEqualTo("$");
        assertThat(new ValidationException("$", "x").withPrefix("intent").field())
                .isEqualTo("intent");
        assertThat(e.getStackTrace()).isEmpty();
    }

    @Test
    void checks() {
        assertThat(Checks.list(null, "x")).isEmpty();
        assertThat(Checks.map(null, "x")).isEmpty();
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThat(Checks.freeForm(withNull, "payload")).containsEntry("k", null);
        assertField(() -> Checks.map(withNull, "metrics"), "metrics.k", "must not be null");
        assertThat(Checks.requireRange(5L, 1, 10, "n")).isEqualTo(5L);
        assertField(() -> Checks.requireRange(0.5, 1.0, 2.0, "n"), "n", "must be between 1 and 2, got 0.5");
    }

    @Test
    @SuppressWarnings("unchecked")
    void freeFormIsAnImmutableDeepCopyMadeOnce() {
        Map<String, Object> inner = new HashMap<>();
        inner.put("n", 1);
        List<Object> items = new ArrayList<>(List.of("a", inner));
        Map<String, Object> raw = new java.util.LinkedHashMap<>();
        raw.put("z", items);
        raw.put("a", inner);
        Map<String, Object> frozen = Checks.freeForm(raw, "payload");
        inner.put("n", 2);
        items.add("b");
        assertThat(frozen.keySet()).containsExactly("z", "a");
        assertThat(frozen).isEqualTo(Map.of("z", List.of("a", Map.of("n", 1)), "a", Map.of("n", 1)));
        assertThat(frozen.hashCode())
                .isEqualTo(Map.of("z", List.of("a", Map.of("n", 1)), "a", Map.of("n", 1))
                        .hashCode());
        assertThatThrownBy(() -> frozen.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue(1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) frozen.get("z")).add("c"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((Map<String, Object>) frozen.get("a")).remove("n"))
                .isInstanceOf(UnsupportedOperationException.class);
        // frozen once: freezing again (a record built from another's payload) shares it
        assertThat(Checks.freeForm(frozen, "payload")).isSameAs(frozen);
        Map<String, Object> wrapping = new java.util.LinkedHashMap<>();
        wrapping.put("inner", frozen);
        assertThat(Checks.freeForm(wrapping, "payload").get("inner")).isSameAs(frozen);
        // a bad key deep inside is named by its path
        Map<Object, Object> bad = new HashMap<>();
        bad.put(7, "x");
        Map<String, Object> outer = new java.util.LinkedHashMap<>();
        outer.put("list", List.of(Map.of("ok", 1), bad));
        assertField(() -> Checks.freeForm(outer, "payload"), "payload.list[1]", "keys must be strings");
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertField(() -> Checks.freeForm(nullKey, "meta"), "meta", "keys must not be null");
    }

    private static List<String> wires(WireValue[] values) {
        return Arrays.stream(values).map(WireValue::wire).toList();
    }

    private static void assertField(Runnable r, String field, String reason) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }
}
