package org.aiverse.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aiverse.contracts.adapter.AdapterHealth;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.adapter.AdapterState;
import org.aiverse.contracts.api.BridgeDetail;
import org.aiverse.contracts.api.HealthFilter;
import org.aiverse.contracts.api.RegisterBridgeRequest;
import org.aiverse.contracts.version.SemVer;
import org.aiverse.registry.api.LiveAdapter;
import org.junit.jupiter.api.Test;

class RegistryViewTest {

    private static LiveAdapter live(String id, String version, String... caps) {
        return new LiveAdapter(
                id, AdapterKind.WORLD, SemVer.parse(version), SemVer.parse("1.0.0"), Set.of(caps), "b", null);
    }

    private static RegisterBridgeRequest world(String id, String adapter) {
        return new RegisterBridgeRequest(
                id,
                AdapterKind.WORLD,
                id + " world",
                SemVer.parse("1.0.0"),
                List.of("speak"),
                Map.of(),
                null,
                AdapterHealth.OK,
                adapter);
    }

    @Test
    void theHighestLiveVersionDescribesTheEntryAndTheRegistrationNamesIt() {
        Map<String, List<LiveAdapter>> live = Map.of(
                "sim",
                RegistryView.sorted(List.of(
                        live("sim", "1.0.0", "speak"),
                        live("sim", "1.2.0", "speak", "move"),
                        live("sim", "1.1.5", "speak"))));
        BridgeDetail sim = RegistryView.entry("sim", Map.of("sim", world("sim", "sim")), live, Map.of())
                .orElseThrow();
        assertThat(sim.version()).isEqualTo(SemVer.parse("1.2.0"));
        assertThat(sim.capabilities()).containsExactly("move", "speak");
        assertThat(sim.name()).isEqualTo("sim world");
        assertThat(sim.health()).isEqualTo(AdapterHealth.OK);
        assertThat(sim.lastHeartbeat()).isNull();
    }

    @Test
    void aWorldWhoseAdapterIsNotInstalledIsDegradedAndHeartbeatsSetHealth() {
        Map<String, RegisterBridgeRequest> regs = Map.of("unity", world("unity", "unity_adapter"));
        assertThat(RegistryView.entry("unity", regs, Map.of(), Map.of())
                        .orElseThrow()
                        .health())
                .isEqualTo(AdapterHealth.DEGRADED);
        Map<String, List<LiveAdapter>> live = Map.of("unity_adapter", List.of(live("unity_adapter", "1.0.0", "speak")));
        Map<String, RegistryView.Beat> beats =
                Map.of("unity_adapter", new RegistryView.Beat(new AdapterState(AdapterHealth.DEGRADED, Map.of()), 42));
        assertThat(RegistryView.entry("unity", regs, live, Map.of())
                        .orElseThrow()
                        .health())
                .isEqualTo(AdapterHealth.OK);
        assertThat(RegistryView.entry("unity", regs, live, beats).orElseThrow().health())
                .isEqualTo(AdapterHealth.DEGRADED);
        assertThat(RegistryView.entry("unity_adapter", regs, live, beats)
                        .orElseThrow()
                        .lastHeartbeat())
                .isEqualTo(42);
    }

    @Test
    void listingFiltersByKindAndHealth() {
        Map<String, RegisterBridgeRequest> regs = Map.of("sim", world("sim", "sim"), "unity", world("unity", "unity"));
        Map<String, List<LiveAdapter>> live = Map.of("sim", List.of(live("sim", "1.0.0", "speak")));
        assertThat(RegistryView.list(Optional.empty(), HealthFilter.ANY, regs, live, Map.of()))
                .extracting(BridgeDetail::id)
                .containsExactly("sim", "unity");
        assertThat(RegistryView.list(Optional.empty(), HealthFilter.OK, regs, live, Map.of()))
                .extracting(BridgeDetail::id)
                .containsExactly("sim");
        assertThat(RegistryView.list(Optional.of(AdapterKind.ADAPTER), HealthFilter.ANY, regs, live, Map.of()))
                .isEmpty();
        assertThat(RegistryView.entry("nope", regs, live, Map.of())).isEmpty();
    }

    @Test
    void anAdapterThatReportsItselfUnavailableShowsTheWorseHealthWithItsReason() {
        Map<String, List<LiveAdapter>> live = Map.of("headset", List.of(live("headset", "0.1.0")));
        Map<String, RegistryView.Reported> reported = Map.of(
                "headset",
                new RegistryView.Reported(
                        AdapterHealth.ERROR,
                        "XR_ERROR_RUNTIME_UNAVAILABLE from xrEnumerateInstanceExtensionProperties"));
        BridgeDetail headset = RegistryView.entry("headset", Map.of(), live, Map.of(), reported)
                .orElseThrow();
        assertThat(headset.health()).isEqualTo(AdapterHealth.ERROR);
        assertThat(headset.healthReason()).startsWith("XR_ERROR_RUNTIME_UNAVAILABLE");
        // a heartbeat saying ok does not hide it; a self-reported ok adds no reason
        Map<String, RegistryView.Beat> okBeat =
                Map.of("headset", new RegistryView.Beat(new AdapterState(AdapterHealth.OK, Map.of()), 5));
        assertThat(RegistryView.entry("headset", Map.of(), live, okBeat, reported)
                        .orElseThrow()
                        .health())
                .isEqualTo(AdapterHealth.ERROR);
        BridgeDetail ok = RegistryView.entry(
                        "headset",
                        Map.of(),
                        live,
                        okBeat,
                        Map.of("headset", new RegistryView.Reported(AdapterHealth.OK, null)))
                .orElseThrow();
        assertThat(ok.health()).isEqualTo(AdapterHealth.OK);
        assertThat(ok.healthReason()).isNull();
    }
}
