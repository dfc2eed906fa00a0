package org.aiverse.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.contracts.snapshot.Profile;
import org.aiverse.json.Json;
import org.junit.jupiter.api.Test;

class RealmGeneratorTest {

    static Map<String, Object> template() throws IOException {
        try (InputStream in = RealmGeneratorTest.class.getResourceAsStream("/templates/wt_personal_realm_v1.json")) {
            return RealmGenerator.template(in.readAllBytes());
        }
    }

    static PersonalitySnapshot snapshot(int version, Map<String, Double> tone) {
        return new PersonalitySnapshot(
                "ps_1", version, "alice", new Profile("Alice_Core", tone, null), null, List.of(), Map.of(), 1, 1);
    }

    static JsonNode tree(String json) throws IOException {
        return Json.mapper().readTree(json);
    }

    static JsonNode layer(JsonNode realm, String name) {
        for (JsonNode l : realm.path("layers")) {
            if (name.equals(l.path("name").asText())) {
                return l.path("params");
            }
        }
        throw new AssertionError("no layer " + name + " in " + realm);
    }

    @Test
    void sameTemplateAndSnapshotVersionGiveTheSameBytes() throws IOException {
        Map<String, Double> tone = Map.of("curious", 0.8, "formal", 0.3);
        String a = RealmGenerator.realm(template(), "webxr", snapshot(3, tone));
        String b = RealmGenerator.realm(template(), "webxr", snapshot(3, Map.of("formal", 0.3, "curious", 0.8)));
        assertThat(a.getBytes(StandardCharsets.UTF_8)).isEqualTo(b.getBytes(StandardCharsets.UTF_8));
        String other = RealmGenerator.realm(template(), "webxr", snapshot(4, tone));
        assertThat(tree(other).path("seed").asLong())
                .isNotEqualTo(tree(a).path("seed").asLong());
        assertThat(layer(tree(a), "terrain").path("seed").asLong())
                .isEqualTo(tree(a).path("seed").asLong())
                .isEqualTo(RealmGenerator.seed("wt_personal_realm_v1", "webxr", "ps_1", 3));
    }

    @Test
    void toneAndTagsMapToThemeAndLayers() throws IOException {
        JsonNode curious = tree(RealmGenerator.realm(template(), "webxr", snapshot(1, Map.of("curious", 0.8))));
        assertThat(curious.path("tags").toString()).isEqualTo("[\"curious\"]");
        assertThat(curious.path("theme").path("name").asText()).isEqualTo("bioluminescent_isles");
        assertThat(layer(curious, "terrain").path("islands").asInt()).isEqualTo(5); // 3 + round(0.8 * 2)
        assertThat(layer(curious, "foliage").path("species").toString()).contains("question_vine");

        JsonNode formal = tree(RealmGenerator.realm(template(), "webxr", snapshot(1, Map.of("formal", 0.9))));
        assertThat(formal.path("theme").path("name").asText()).isEqualTo("marble_terraces");
        assertThat(layer(formal, "lighting").path("time_of_day").asText()).isEqualTo("noon");
        assertThat(layer(formal, "structures").path("pavilions").asInt()).isEqualTo(4);

        JsonNode calm = tree(RealmGenerator.realm(template(), "webxr", snapshot(1, Map.of("calm", 0.7))));
        assertThat(calm.path("theme").path("name").asText()).isEqualTo("misty_lagoon");
        assertThat(layer(calm, "lighting").path("time_of_day").asText()).isEqualTo("night");

        JsonNode plain = tree(RealmGenerator.realm(template(), "webxr", snapshot(1, Map.of())));
        assertThat(plain.path("tags").size()).isZero();
        assertThat(layer(plain, "lighting").path("time_of_day").asText()).isEqualTo("dusk");
        assertThat(plain.path("limits_applied").size()).isZero();
    }

    @Test
    void constraintsCapTheRealm() throws IOException {
        Map<String, Object> t = Json.read(
                Json.write(template())
                        .replace("\"max_particles\":20000", "\"max_particles\":1000")
                        .replace("\"max_agents\":4", "\"max_agents\":1"),
                Map.class);
        JsonNode realm = tree(RealmGenerator.realm(t, "webxr", snapshot(1, Map.of("playful", 1.0))));
        assertThat(layer(realm, "foliage").path("instances").asInt()).isEqualTo(1000);
        assertThat(realm.path("agents").asInt()).isEqualTo(1);
        assertThat(realm.path("limits_applied").toString()).contains("max_particles 1000", "max_agents 1");
        assertThat(realm.path("constraints").path("max_particles").asInt()).isEqualTo(1000);
    }

    @Test
    void aBadTemplateNamesTheField() {
        assertThatThrownBy(() -> RealmGenerator.template(
                        "{\"template_id\":\"t\",\"theme\":{\"palette\":[]}}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("theme.name");
    }

    @Test
    void pagesAreServedOnlyFromTheWebFolder() {
        assertThat(WebPagesServlet.resource("/ui", "/")).isEqualTo("web/ui/index.html");
        assertThat(WebPagesServlet.resource("/xr", "/xr.js")).isEqualTo("web/xr/xr.js");
        assertThat(WebPagesServlet.resource("/ui", "/../templates/x.json")).isNull();
        assertThat(WebPagesServlet.resource("/ui", "//etc")).isNull();
    }
}
