package org.aiverse.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.adapter.AvatarType;
import org.aiverse.contracts.api.AckPayload;
import org.aiverse.contracts.api.ApiError;
import org.aiverse.contracts.api.BackpressurePayload;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.BridgeListResponse;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.ErrorPayload;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.api.HeartbeatPayload;
import org.aiverse.contracts.api.Highlight;
import org.aiverse.contracts.api.MemoryQueryRequest;
import org.aiverse.contracts.api.MemoryQueryResponse;
import org.aiverse.contracts.api.OkResponse;
import org.aiverse.contracts.api.PauseRequest;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.PlaybackResponse;
import org.aiverse.contracts.api.PlaybackUiManifest;
import org.aiverse.contracts.api.PolicyEvaluationRequest;
import org.aiverse.contracts.api.PolicyEvaluationResponse;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.aiverse.contracts.api.SessionMode;
import org.aiverse.contracts.api.SessionState;
import org.aiverse.contracts.api.SessionStateResponse;
import org.aiverse.contracts.api.StartSessionRequest;
import org.aiverse.contracts.api.StatePayload;
import org.aiverse.contracts.api.TerminateRequest;
import org.aiverse.contracts.api.TerminationReason;
import org.aiverse.contracts.api.WsFrame;
import org.aiverse.contracts.consent.ClientSignedToken;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.memory.MemoryItem;
import org.aiverse.contracts.memory.MemorySource;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.contracts.policy.Autonomy;
import org.aiverse.contracts.policy.CheckName;
import org.aiverse.contracts.policy.Policy;
import org.aiverse.contracts.policy.PolicyDecision;
import org.aiverse.contracts.policy.ReasonCode;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.version.SemVer;
import org.aiverse.contracts.world.Locomotion;
import org.aiverse.contracts.world.WorldFabricTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every JSON example of the seed (3.3, 3.5, 4.1–4.10, 5.1–5.8), read into its record and written back, gives the
 * same JSON tree. Alternatives the seed writes as {@code a|b|c} are replaced by one real value; elided hashes
 * ({@code "e3b0c442..."}) in hash fields by full 64-hex values.
 *
 * <p>Equivalence: numbers compare numerically; a {@code null} member, an absent member and an empty array/object
 * are the same thing (by contract, absent optional fields are {@code null} or empty, and absent fields are not
 * written).
 */
class SeedExamplesRoundTripTest {

    static final Map<String, Class<?>> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("3.3-adapter-manifest.json", AdapterManifest.class);
        EXAMPLES.put("3.3-adapter-event-health.json", AdapterEvent.class);
        EXAMPLES.put("3.3-adapter-event-stopped.json", AdapterEvent.class);
        EXAMPLES.put("3.3-adapter-state.json", AdapterState.class);
        EXAMPLES.put("3.3-action-result-stopped.json", ActionResult.class);
        EXAMPLES.put("3.5-recorder-tiny-example.json", SessionEvent.class);
        EXAMPLES.put("3.5-highlight.json", Highlight.class);
        EXAMPLES.put("3.5-playback-ui-manifest.json", PlaybackUiManifest.class);
        EXAMPLES.put("4.1-personality-snapshot.json", PersonalitySnapshot.class);
        EXAMPLES.put("4.2-intent.json", Intent.class);
        EXAMPLES.put("4.3-session-event.json", SessionEvent.class);
        EXAMPLES.put("4.4-consent-token.json", ClientSignedToken.class);
        EXAMPLES.put("4.5-percept.json", Percept.class);
        EXAMPLES.put("4.6-policy-decision.json", PolicyDecision.class);
        EXAMPLES.put("4.7-policy.json", Policy.class);
        EXAMPLES.put("4.8-memory-item.json", MemoryItem.class);
        EXAMPLES.put("4.10-world-fabric-template.json", WorldFabricTemplate.class);
        EXAMPLES.put("5.1-policy-evaluation-request.json", PolicyEvaluationRequest.class);
        EXAMPLES.put("5.1-policy-evaluation-response.json", PolicyEvaluationResponse.class);
        EXAMPLES.put("5.2-memory-query-request.json", MemoryQueryRequest.class);
        EXAMPLES.put("5.2-memory-query-response.json", MemoryQueryResponse.class);
        EXAMPLES.put("5.3-start-session-request.json", StartSessionRequest.class);
        EXAMPLES.put("5.3-start-session-response.json", SessionStateResponse.class);
        EXAMPLES.put("5.3-pause-request.json", PauseRequest.class);
        EXAMPLES.put("5.3-pause-response.json", SessionStateResponse.class);
        EXAMPLES.put("5.3-resume-response.json", SessionStateResponse.class);
        EXAMPLES.put("5.3-terminate-request.json", TerminateRequest.class);
        EXAMPLES.put("5.3-terminate-response.json", SessionStateResponse.class);
        EXAMPLES.put("5.3-get-state-response.json", SessionStateResponse.class);
        EXAMPLES.put("5.4-ws-frame.json", WsFrame.class);
        EXAMPLES.put("5.4-state-payload.json", StatePayload.class);
        EXAMPLES.put("5.4-error-payload.json", ErrorPayload.class);
        EXAMPLES.put("5.4-ack-payload.json", AckPayload.class);
        EXAMPLES.put("5.4-heartbeat-payload.json", HeartbeatPayload.class);
        EXAMPLES.put("5.4-backpressure-payload.json", BackpressurePayload.class);
        EXAMPLES.put("5.5-playback-request.json", PlaybackRequest.class);
        EXAMPLES.put("5.5-playback-response.json", PlaybackResponse.class);
        EXAMPLES.put("5.7-bridge-list-response.json", BridgeListResponse.class);
        EXAMPLES.put("5.7-bridge-detail.json", BridgeDetail.class);
        EXAMPLES.put("5.7-register-bridge-request.json", RegisterBridgeRequest.class);
        EXAMPLES.put("5.7-register-bridge-response.json", OkResponse.class);
        EXAMPLES.put("5.8-api-error.json", ApiError.class);
    }

    static Stream<String> examples() {
        return EXAMPLES.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void roundTrips(String name) throws IOException {
        byte[] original = resource(name);
        Object value = Json.read(original, EXAMPLES.get(name));
        String written = Json.write(value);

        JsonNode expected = normalize(Json.mapper().readTree(original));
        JsonNode actual = normalize(Json.mapper().readTree(written));
        assertThat(actual.equals(NUMERIC, expected))
                .as("%s%n expected %s%n      got %s", name, expected, actual)
                .isTrue();
        // Reading what was written gives an equal value.
        assertThat(Json.read(written, EXAMPLES.get(name))).isEqualTo(value);
    }

    @Test
    void everyResourceIsCovered() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/seed-examples").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrderElementsOf(EXAMPLES.keySet());
        }
    }

    @Test
    void examplesReadIntoTypedValues() {
        AdapterManifest manifest = read("3.3-adapter-manifest.json", AdapterManifest.class);
        assertThat(manifest.agent().avatar().type()).isEqualTo(AvatarType.HOLOGRAM);
        assertThat(manifest.policy().autonomy()).isEqualTo(Autonomy.LOW);
        assertThat(manifest.channels().rtc()).isNull();

        AdapterEvent health = read("3.3-adapter-event-health.json", AdapterEvent.class);
        assertThat(health.type()).isEqualTo(AdapterEventType.SYSTEM);
        AdapterState state = Json.convert(health.payload(), AdapterState.class);
        assertThat(state.health()).isEqualTo(AdapterHealth.OK);
        assertThat(state.metrics().get("queue_depth").intValue()).isEqualTo(12);

        assertThat(read("3.3-action-result-stopped.json", ActionResult.class).error())
                .isEqualTo(AdapterErrorCode.STOPPED);

        Intent intent = read("4.2-intent.json", Intent.class);
        assertThat(intent.intentId()).isEqualTo("dialogue_329");
        assertThat(intent.confidence()).isEqualTo(0.92);
        assertThat(intent.ts()).isEqualTo(1712345678L);

        ClientSignedToken token = read("4.4-consent-token.json", ClientSignedToken.class);
        assertThat(token.sessionId()).isEqualTo("hive_ab12cd34");
        assertThat(token.scopes()).containsExactly("persona.use", "memory.read.limited");

        assertThat(read("4.5-percept.json", Percept.class).type()).isEqualTo(PerceptType.CHAT);

        PolicyDecision decision = read("4.6-policy-decision.json", PolicyDecision.class);
        assertThat(decision.reasonCode()).isEqualTo(ReasonCode.OK);
        assertThat(decision.checks().get(1).name()).isEqualTo(CheckName.AUTONOMY_LEVEL);

        Policy policy = read("4.7-policy.json", Policy.class);
        assertThat(policy.spendingCaps().perTxn()).isEqualByComparingTo("10");
        assertThat(policy.rateLimits().get("intent.speak").perMin()).isEqualTo(30);

        MemoryItem memory = read("4.8-memory-item.json", MemoryItem.class);
        assertThat(memory.source()).isEqualTo(MemorySource.CHAT);
        assertThat(memory.retention().expiresAt()).isNull();
        assertThat(memory.effectivePrivacy().exportable()).isFalse();

        WorldFabricTemplate world = read("4.10-world-fabric-template.json", WorldFabricTemplate.class);
        assertThat(world.accessibility().locomotion()).isEqualTo(Locomotion.TELEPORT);
        assertThat(world.localization().defaultLocale()).isEqualTo("en");
        assertThat(world.layers().get(0).params()).containsEntry("seed", 42L);

        PolicyEvaluationRequest evaluation = read("5.1-policy-evaluation-request.json", PolicyEvaluationRequest.class);
        assertThat(evaluation.context().mode()).isEqualTo(SessionMode.CO_EXPERIENCE);

        assertThat(read("5.3-get-state-response.json", SessionStateResponse.class)
                        .state())
                .isEqualTo(SessionState.RUNNING);
        assertThat(read("5.3-terminate-request.json", TerminateRequest.class).reason())
                .isEqualTo(TerminationReason.USER_REQUEST);
        assertThat(read("5.4-ws-frame.json", WsFrame.class).type()).isEqualTo(FrameType.INTENT);

        PlaybackRequest playback = read("5.5-playback-request.json", PlaybackRequest.class);
        assertThat(playback.filters().actor()).containsExactly(Actor.AI, Actor.USER);
        assertThat(playback.page().cursor()).isNull();
        assertThat(playback.page().size()).isEqualTo(500);

        BridgeListResponse bridges = read("5.7-bridge-list-response.json", BridgeListResponse.class);
        assertThat(bridges.items().get(1).version()).isEqualTo(new SemVer(0, 9, 3));
        assertThat(bridges.items().get(1).health()).isEqualTo(AdapterHealth.DEGRADED);

        ApiError error = read("5.8-api-error.json", ApiError.class);
        assertThat(error.error().code()).isEqualTo(ErrorCode.BLOCKED_SCOPE);
        assertThat(error.httpStatus()).isEqualTo(403);
    }

    private static <T> T read(String name, Class<T> type) {
        return Json.read(resource(name), type);
    }

    static byte[] resource(String name) {
        try (InputStream in = SeedExamplesRoundTripTest.class.getResourceAsStream("/seed-examples/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbers compare by value (12 equals 12.0); everything else by {@code equals}. */
    static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** Removes null members and empty arrays/objects, recursively. */
    static JsonNode normalize(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).deepCopy();
            for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = normalize(e.getValue());
                if (v.isNull() || (v.isContainerNode() && v.isEmpty())) {
                    it.remove();
                } else {
                    e.setValue(v);
                }
            }
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = Json.mapper().createArrayNode();
            node.forEach(n -> copy.add(normalize(n)));
            return copy;
        }
        return node;
    }
}
