package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.aiverse.contracts.adapter.ActionResult;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterHandle;
import org.aiverse.contracts.adapter.AdapterManifest;
import org.aiverse.contracts.adapter.Agent;
import org.aiverse.contracts.intent.Intent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Translation and execution of the ${adapterId} adapter, against a recording engine. */
class EngineAdapterTest {

    /** Remembers every command it was sent. */
    private final List<EngineCommand> sent = new CopyOnWriteArrayList<>();

    private final EngineAdapter adapter = new EngineAdapter("1.0.0", new Engine() {
        @Override
        public CompletionStage<Void> send(String sessionId, EngineCommand command) {
            sent.add(command);
            return CompletableFuture.completedFuture(null);
        }
    });

    @AfterEach
    void close() {
        adapter.close();
    }

    private AdapterHandle spawn(String... capabilities) {
        Agent agent = new Agent("agent_1", null, List.of(capabilities));
        return adapter.onSpawn(new AdapterManifest("sess_1", "world_1", "ps_1", agent, null, null));
    }

    private static ActionResult run(AdapterHandle h, Intent intent) throws Exception {
        return h.execute(intent).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void registersWithItsIdAndCapabilities() {
        Map<String, Object> props = adapter.serviceProperties();
        assertEquals("${adapterId}", props.get("aiverse.adapter.id"));
        assertEquals(List.of("move", "speak"), List.of((String[]) props.get("aiverse.adapter.capabilities")));
    }

    @Test
    void speakAndMoveReachTheEngine() throws Exception {
        AdapterHandle h = spawn("speak", "move");
        assertEquals(
                ActionResult.success(),
                run(h, new Intent("i1", "speak", "npc_1", 0.9, Map.of("text", "Hello there"), null)));
        assertEquals(
                ActionResult.success(),
                run(h, new Intent("i2", "move", "fountain", 0.9, Map.of("speed", 2.0), null)));
        assertEquals(List.of(new EngineCommand.Speak("Hello there"), new EngineCommand.Move("fountain", 2.0)), sent);
    }

    @Test
    void theSameIntentRunsOnce() throws Exception {
        AdapterHandle h = spawn("speak");
        Intent hello = new Intent("i1", "speak", "npc_1", 0.9, Map.of("text", "Hello"), null);
        run(h, hello);
        run(h, hello);
        assertEquals(1, sent.size());
    }

    @Test
    void badIntentsFailWithTheSeedsCodes() throws Exception {
        AdapterHandle h = spawn("speak", "move");
        ActionResult noText = run(h, new Intent("i1", "speak", "npc_1", 0.9, Map.of(), null));
        assertFalse(noText.ok());
        assertEquals(AdapterErrorCode.INVALID_TARGET, noText.error());
        ActionResult unknown = run(h, new Intent("i2", "buyItem", "pin", 0.9, Map.of(), null));
        assertEquals(AdapterErrorCode.NOT_SUPPORTED, unknown.error());
        assertTrue(sent.isEmpty());
    }
}
