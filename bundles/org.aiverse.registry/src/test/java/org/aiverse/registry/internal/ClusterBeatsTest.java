package org.aiverse.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.json.Json;
import org.junit.jupiter.api.Test;

class ClusterBeatsTest {

    private final ClusterBeats beats = new ClusterBeats();

    private static RegistryView.Beat beat(AdapterHealth health, long ts) {
        return new RegistryView.Beat(new AdapterState(health, Map.of("queue_depth", ts % 7)), ts);
    }

    @Test
    void anAdapterOnlyAnotherNodeRunsHasThatNodesHealth() {
        beats.peer("node-a", Map.of("webxr", beat(AdapterHealth.DEGRADED, 1000)));
        assertThat(beats.merged()).containsOnlyKeys("webxr");
        assertThat(beats.merged().get("webxr").state().health()).isEqualTo(AdapterHealth.DEGRADED);
    }

    @Test
    void theWorstFreshBeatOfAnyNodeCountsAndAStaleOneDoesNot() {
        beats.local("sim", beat(AdapterHealth.OK, 1000));
        beats.peer("node-a", Map.of("sim", beat(AdapterHealth.DEGRADED, 1000 - ClusterBeats.FRESH_SECONDS)));
        assertThat(beats.merged().get("sim").state().health())
                .as("degraded on node-a within the freshness window")
                .isEqualTo(AdapterHealth.DEGRADED);

        beats.peer("node-a", Map.of("sim", beat(AdapterHealth.DEGRADED, 1000 - ClusterBeats.FRESH_SECONDS - 1)));
        assertThat(beats.merged().get("sim"))
                .as("node-a's beat is older than the window")
                .isEqualTo(beat(AdapterHealth.OK, 1000));

        beats.peer("node-b", Map.of("sim", beat(AdapterHealth.OK, 1005)));
        assertThat(beats.merged().get("sim").ts())
                .as("among equals, the newest")
                .isEqualTo(1005);
    }

    @Test
    void onlyWhatChangedSinceTheLastPublicationIsPublished() {
        beats.local("sim", beat(AdapterHealth.OK, 1));
        beats.local("sim", beat(AdapterHealth.OK, 2));
        beats.local("webxr", beat(AdapterHealth.OK, 2));
        assertThat(beats.drainUnpublished())
                .containsOnlyKeys("sim", "webxr")
                .containsEntry("sim", beat(AdapterHealth.OK, 2));
        assertThat(beats.drainUnpublished()).isEmpty();
        beats.peer("node-a", Map.of("unity", beat(AdapterHealth.OK, 3)));
        assertThat(beats.drainUnpublished())
                .as("other nodes' beats are theirs to publish")
                .isEmpty();
    }

    @Test
    void thePublishedMessageReadsBackAsTheSameBeats() {
        RegistryView.Beat b = beat(AdapterHealth.DEGRADED, 1712345700);
        byte[] body =
                Json.writeBytes(Map.of("node", "n1", "beats", Map.of("sim", Map.of("state", b.state(), "ts", b.ts()))));
        RegistryComponent.PeerBeats read = Json.read(body, RegistryComponent.PeerBeats.class);
        assertThat(read.node()).isEqualTo("n1");
        assertThat(read.beats().get("sim").state().health()).isEqualTo(AdapterHealth.DEGRADED);
        assertThat(read.beats().get("sim").ts()).isEqualTo(1712345700L);
        assertThat(read.beats().get("sim").state().metrics().get("queue_depth").longValue())
                .isEqualTo(1712345700L % 7);
    }
}
