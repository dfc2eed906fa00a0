package org.aiverse.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.AckPayload;
import org.aiverse.contracts.api.MemoryQueryRequest;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.PolicyEvaluationRequest;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.aiverse.contracts.api.WsFrame;
import org.aiverse.contracts.consent.ClientSignedToken;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.recorder.SessionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

    static final String INTENT =
            "{\"intent_id\":\"i1\",\"type\":\"speak\",\"target\":\"user\",\"confidence\":0.5,\"params\":{\"text\":\"hi\"}}";

    static final String EVENT = "{\"session_id\":\"s\",\"seq\":1,\"actor\":\"ai\",\"type\":\"intent\",\"ts\":1}";

    static final String QUERY = "{\"snapshot_id\":\"ps\",\"filters\":{\"tags\":[\"a\",\"b\",\"c\"]}}";

    // ---- (b) unknown fields ----

    @Test
    void unknownFieldsAreIgnoredAtEveryLevel() {
        PolicyEvaluationRequest r = Json.read(
                "{\"snapshot_id\":\"ps\",\"future\":{\"x\":[1,2]},\"intent\":"
                        + INTENT.replace("{\"intent_id\"", "{\"new_field\":true,\"intent_id\"")
                        + ",\"context\":{\"mode\":\"proxy\",\"extra\":1}}",
                PolicyEvaluationRequest.class);
        assertThat(r.intent().intentId()).isEqualTo("i1");
        assertThat(r.context().sessionId()).isNull();
    }

    // ---- (c) bad input names the field ----

    static Stream<Arguments> badInput() {
        return Stream.of(
                // missing required fields
                bad(Intent.class, INTENT.replace("\"intent_id\":\"i1\",", ""), "intent_id", "is required"),
                bad(
                        PolicyEvaluationRequest.class,
                        "{\"snapshot_id\":\"ps\",\"intent\":" + INTENT.replace("\"intent_id\":\"i1\",", "") + "}",
                        "intent.intent_id",
                        "is required"),
                bad(PolicyEvaluationRequest.class, "{\"snapshot_id\":\"ps\"}", "intent", "is required"),
                bad(SessionEvent.class, EVENT.replace("\"seq\":1,", ""), "seq", "is required"),
                bad(SessionEvent.class, EVENT.replace("\"seq\":1", "\"seq\":null"), "seq", "must not be null"),
                bad(Intent.class, INTENT.replace("\"target\":\"user\"", "\"target\":\"  \""), "target", "blank"),
                bad(ClientSignedToken.class, "{\"session_id\":\"x\",\"sub\":\"u\"}", "iat", "is required"),
                // wrong types
                bad(
                        Intent.class,
                        INTENT.replace("\"confidence\":0.5", "\"confidence\":\"0.5\""),
                        "confidence",
                        "expected number, got string"),
                bad(
                        SessionEvent.class,
                        EVENT.replace("\"seq\":1", "\"seq\":\"12\""),
                        "seq",
                        "expected integer, got string"),
                bad(
                        Intent.class,
                        INTENT.replace("\"intent_id\":\"i1\"", "\"intent_id\":5"),
                        "intent_id",
                        "expected string, got integer"),
                bad(
                        SessionEvent.class,
                        EVENT.replace("\"seq\":1", "\"seq\":1.5"),
                        "seq",
                        "expected integer, got decimal number"),
                bad(
                        MemoryQueryRequest.class,
                        "{\"snapshot_id\":\"ps\",\"filters\":{\"tags\":{\"a\":1}}}",
                        "filters.tags",
                        "expected array, got object"),
                bad(
                        MemoryQueryRequest.class,
                        QUERY.replace("\"c\"", "7"),
                        "filters.tags[2]",
                        "expected string, got integer"),
                bad(MemoryQueryRequest.class, QUERY.replace("\"c\"", "null"), "filters.tags[2]", "must not be null"),
                bad(
                        MemoryQueryRequest.class,
                        "{\"snapshot_id\":\"ps\",\"filters\":{\"pinned_only\":1}}",
                        "filters.pinned_only",
                        "expected boolean, got integer"),
                bad(
                        MemoryQueryRequest.class,
                        "{\"snapshot_id\":\"ps\",\"filters\":{\"pinned_only\":\"true\"}}",
                        "filters.pinned_only",
                        "expected boolean, got string"),
                bad(
                        Intent.class,
                        INTENT.replace("\"params\":{\"text\":\"hi\"}", "\"params\":[1]"),
                        "params",
                        "expected object, got array"),
                bad(Intent.class, "[" + INTENT + "]", "$", "expected object, got array"),
                // unknown enum values
                bad(
                        SessionEvent.class,
                        EVENT.replace("\"ai\"", "\"robot\""),
                        "actor",
                        "unknown value 'robot', allowed: ai, user, system, adapter"),
                bad(SessionEvent.class, EVENT.replace("\"ai\"", "3"), "actor", "expected string, got integer"),
                bad(
                        PlaybackRequest.class,
                        "{\"session_id\":\"s\",\"filters\":{\"actor\":[\"ai\",\"robot\"]}}",
                        "filters.actor[1]",
                        "unknown value 'robot'"),
                bad(
                        PolicyDecision.class,
                        "{\"intent\":" + INTENT
                                + ",\"allowed\":false,\"reason_code\":\"nope\",\"policy_version\":\"v1\"}",
                        "reason_code",
                        "allowed: ok, blocked_budget"),
                bad(
                        RegisterBridgeRequest.class,
                        "{\"id\":\"b\",\"kind\":\"adapter\",\"name\":\"B\",\"version\":\"1.2\"}",
                        "version",
                        "MAJOR.MINOR.PATCH"),
                // out of range and cross-field rules
                bad(Intent.class, INTENT.replace("0.5", "1.5"), "confidence", "must be between 0 and 1, got 1.5"),
                bad(
                        PolicyEvaluationRequest.class,
                        "{\"snapshot_id\":\"ps\",\"intent\":" + INTENT.replace("0.5", "-0.1") + "}",
                        "intent.confidence",
                        "between 0 and 1"),
                bad(
                        MemoryQueryRequest.class,
                        "{\"snapshot_id\":\"ps\",\"filters\":{\"emotion\":{\"min_valence\":2}}}",
                        "filters.emotion.min_valence",
                        "between -1 and 1"),
                bad(MemoryQueryRequest.class, "{\"snapshot_id\":\"ps\",\"top_k\":0}", "top_k", "between 1 and 100"),
                bad(
                        Policy.class,
                        "{\"autonomy\":\"low\",\"rate_limits\":{\"intent.speak\":{\"per_min\":10000000000}}}",
                        "rate_limits.intent.speak.per_min",
                        "out of range"),
                bad(
                        Policy.class,
                        "{\"autonomy\":\"low\",\"rate_limits\":{\"speak\":{\"per_min\":1}}}",
                        "rate_limits.speak",
                        "intent.<type>"),
                bad(
                        Policy.class,
                        "{\"autonomy\":\"low\",\"spending_caps\":{\"per_txn\":-1}}",
                        "spending_caps.per_txn",
                        "must not be negative"),
                bad(
                        PolicyDecision.class,
                        "{\"intent\":" + INTENT
                                + ",\"allowed\":false,\"reason_code\":\"ok\",\"policy_version\":\"v1\"}",
                        "reason_code",
                        "must not be ok"),
                bad(
                        SessionEvent.class,
                        EVENT.replace("\"ts\":1", "\"ts\":1,\"prev_hash\":\"abc\""),
                        "prev_hash",
                        "64 lowercase hex"),
                // malformed, empty, duplicate keys, trailing content
                bad(Intent.class, "{\"intent_id\": }", "$", "malformed JSON at line 1, column 15"),
                bad(Intent.class, "{\"intent_id\":\"i1\"", "$", "malformed JSON"),
                bad(Intent.class, "", "$", "body is empty"),
                bad(Intent.class, "  \n ", "$", "body is empty"),
                bad(Intent.class, "null", "$", "must not be null"),
                bad(Intent.class, INTENT + " {}", "$", "after"),
                bad(
                        Intent.class,
                        INTENT.replace("\"type\":\"speak\"", "\"type\":\"speak\",\"type\":\"move\""),
                        "type",
                        "duplicate key 'type'"),
                bad(
                        PolicyEvaluationRequest.class,
                        "{\"snapshot_id\":\"ps\",\"intent\":"
                                + INTENT.replace("\"target\":\"user\"", "\"target\":\"user\",\"target\":\"npc\"")
                                + "}",
                        "intent.target",
                        "duplicate key 'target'"));
    }

    static Arguments bad(Class<?> type, String json, String field, String reason) {
        return Arguments.of(type.getSimpleName() + " " + field + " " + reason, type, json, field, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInputNamesTheField(String name, Class<?> type, String json, String field, String reason) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> Json.read(json, type));
        assertThat(e).as("no ValidationException for %s", json).isNotNull();
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.reason()).contains(reason);
        assertThat(e.getMessage())
                .startsWith(field + ": ")
                .doesNotContain("com.fasterxml", "java.", "org.aiverse", "Exception", "Source", "\n");
        // the same problem from bytes and from a stream
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(ValidationException.class, () -> Json.read(bytes, type))
                        .field())
                .isEqualTo(field);
        assertThat(catchThrowableOfType(
                                ValidationException.class, () -> Json.read(new ByteArrayInputStream(bytes), type))
                        .field())
                .isEqualTo(field);
    }

    @Test
    void nullInputsAreEmptyBodies() {
        assertThatThrownBy(() -> Json.read((String) null, Intent.class))
                .isInstanceOfSatisfying(
                        ValidationException.class, e -> assertThat(e.field()).isEqualTo("$"));
    }

    // ---- reading and writing ----

    @Test
    void readsGenericTypes() {
        List<Intent> intents = Json.read("[" + INTENT + "," + INTENT + "]", new TypeReference<List<Intent>>() {});
        assertThat(intents).hasSize(2);
        ValidationException e = catchThrowableOfType(
                ValidationException.class,
                () -> Json.read(
                        "[" + INTENT + "," + INTENT.replace("0.5", "2") + "]", new TypeReference<List<Intent>>() {}));
        assertThat(e.field()).isEqualTo("[1].confidence");
    }

    @Test
    void freeFormIntegersAreLongsAndNullsSurvive() {
        Intent intent = Json.read(
                INTENT.replace("{\"text\":\"hi\"}", "{\"n\":1,\"big\":12345678901,\"x\":1.25,\"none\":null}"),
                Intent.class);
        assertThat(intent.params())
                .containsEntry("n", 1L)
                .containsEntry("big", 12345678901L)
                .containsEntry("x", 1.25);
        assertThat(intent.params()).containsKey("none");
        assertThat(Json.write(intent)).contains("\"none\":null").doesNotContain("\"ts\"");
        assertThatThrownBy(() -> intent.params().put("y", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void moneyIsExactBigDecimal() {
        Policy p =
                Json.read("{\"autonomy\":\"low\",\"spending_caps\":{\"daily\":0.1,\"per_txn\":10.50}}", Policy.class);
        assertThat(p.spendingCaps().daily()).isEqualTo(new BigDecimal("0.1"));
        assertThat(p.spendingCaps().perTxn()).isEqualTo(new BigDecimal("10.50"));
        assertThat(Json.write(p.spendingCaps())).isEqualTo("{\"daily\":0.1,\"per_txn\":10.50}");
    }

    @Test
    void consentTokenKeepsCamelCase() {
        ClientSignedToken t =
                new ClientSignedToken("hive_1", "u", List.of("persona.use"), 10, 20, null, "sig", "ES256", "k1");
        String json = Json.write(t);
        assertThat(json)
                .contains("\"sessionId\":\"hive_1\"")
                .doesNotContain("session_id", "origin")
                .contains("\"alg\":\"ES256\"", "\"kid\":\"k1\"");
        assertThat(Json.read(json, ClientSignedToken.class)).isEqualTo(t);
    }

    @Test
    void writesSnakeCaseAndWireEnums() {
        SessionEvent e = Json.read(EVENT, SessionEvent.class);
        assertThat(Json.write(e))
                .isEqualTo(
                        "{\"session_id\":\"s\",\"seq\":1,\"actor\":\"ai\",\"type\":\"intent\",\"payload\":{},\"ts\":1,\"meta\":{}}");
        assertThat(Json.writeBytes(e)).isEqualTo(Json.write(e).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void toMapAndConvert() {
        Map<String, Object> map = Json.toMap(Json.read(INTENT, Intent.class));
        assertThat(map)
                .containsEntry("intent_id", "i1")
                .containsEntry("confidence", 0.5)
                .doesNotContainKey("ts");
        assertThat(Json.convert(map, Intent.class)).isEqualTo(Json.read(INTENT, Intent.class));

        WsFrame frame = Json.read("{\"type\":\"ack\",\"seq\":3,\"ts\":1,\"payload\":{\"ack_seq\":2}}", WsFrame.class);
        assertThat(Json.convert(frame.payload(), AckPayload.class).ackSeq()).isEqualTo(2);

        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("ack_seq", "2");
        ValidationException e =
                catchThrowableOfType(ValidationException.class, () -> Json.convert(bad, AckPayload.class));
        assertThat(e.field()).isEqualTo("ack_seq");
        assertThat(e.reason()).isEqualTo("expected integer, got string");
        assertThat(catchThrowableOfType(ValidationException.class, () -> Json.convert(Map.of(), AckPayload.class))
                        .field())
                .isEqualTo("ack_seq");
        assertThat(e.withPrefix("payload").field()).isEqualTo("payload.ack_seq");
    }

    @Test
    void readsFromTokensWithTheChecksOfText() throws Exception {
        TokenBuffer tokens = Json.mapper().readValue(INTENT, TokenBuffer.class);
        assertThat(Json.read(tokens, Intent.class).intentId()).isEqualTo("i1");
        assertThat(Json.read(tokens, Intent.class).params())
                .containsEntry("text", "hi"); // the buffer can be read again

        TokenBuffer bad = Json.mapper().readValue(INTENT.replace("0.5", "\"0.5\""), TokenBuffer.class);
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> Json.read(bad, Intent.class));
        assertThat(e.field()).isEqualTo("confidence");
        assertThat(e.reason()).isEqualTo("expected number, got string");
        assertThat(catchThrowableOfType(ValidationException.class, () -> Json.read((TokenBuffer) null, Intent.class))
                        .field())
                .isEqualTo("$");
    }

    @Test
    void translateKeepsValidationExceptions() {
        ValidationException ve = new ValidationException("a", "b");
        assertThat(Json.translate(ve)).isSameAs(ve);
    }
}
