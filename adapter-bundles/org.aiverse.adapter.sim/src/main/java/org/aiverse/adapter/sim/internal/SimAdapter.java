package org.aiverse.adapter.sim.internal;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.aiverse.adapter.sdk.AbstractAdapter;
import org.aiverse.adapter.sdk.AdapterException;
import org.aiverse.adapter.sdk.AdapterSettings;
import org.aiverse.adapter.sdk.Cancellation;
import org.aiverse.adapter.sdk.SessionContext;
import org.aiverse.adapter.sim.internal.SimWorld.Cell;
import org.aiverse.adapter.sim.internal.SimWorld.Exhibit;
import org.aiverse.adapter.sim.internal.SimWorld.Npc;
import org.aiverse.adapter.sim.internal.SimWorld.Offer;
import org.aiverse.contracts.adapter.AdapterErrorCode;
import org.aiverse.contracts.adapter.AdapterEvent;
import org.aiverse.contracts.adapter.AdapterEventType;
import org.aiverse.contracts.adapter.AdapterKind;
import org.aiverse.contracts.intent.Intent;
import org.aiverse.contracts.intent.IntentTypes;

/**
 * The simulated world. Each session gets its own gallery; actions take simulated time scaled by
 * {@code timeScale}, fail now and then ({@code failureRate}, seeded by the session id so a run is repeatable), and
 * the world answers with percepts: the curator greets the agent on arrival, walking near an exhibit is a
 * {@code proximity} percept, reaching a waypoint a {@code world_state} percept.
 */
final class SimAdapter extends AbstractAdapter<SimCommand> {

    static final Set<String> CAPABILITIES = Set.of(
            IntentTypes.SPEAK, IntentTypes.MOVE, IntentTypes.ANIMATE, IntentTypes.BUY_ITEM, IntentTypes.OPEN_DIALOG);

    private final double timeScale;
    private final double failureRate;
    private final Map<String, SimSession> worlds = new ConcurrentHashMap<>();

    SimAdapter(String version, double timeScale, double failureRate) {
        super(AdapterSettings.defaults("sim", AdapterKind.WORLD, version, CAPABILITIES));
        this.timeScale = timeScale;
        this.failureRate = failureRate;
    }

    /** A session's world and its repeatable randomness. */
    private record SimSession(SimWorld world, Random random) {}

    private SimSession session(SessionContext s) {
        return worlds.computeIfAbsent(
                s.sessionId(), id -> new SimSession(new SimWorld(), new Random(id.hashCode() * 31L + 7)));
    }

    @Override
    protected void onSessionStart(SessionContext s) {
        session(s);
        Npc curator = SimWorld.NPCS.get(0);
        // the world is alive: the curator notices the new visitor
        scheduler()
                .schedule(
                        () -> percept(s, "chat", "npc", Map.of("text", curator.greeting(), "speaker", curator.id())),
                        scaled(200),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onSessionStop(SessionContext s) {
        worlds.remove(s.sessionId());
    }

    @Override
    protected SimCommand translate(Intent intent, SessionContext s) throws AdapterException {
        Map<String, Object> params = intent.params();
        switch (intent.type()) {
            case IntentTypes.SPEAK: {
                Object text = params.get("text");
                if (!(text instanceof String t) || t.isBlank()) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "speak needs params.text");
                }
                return new SimCommand.Speak(t);
            }
            case IntentTypes.MOVE: {
                Cell to = SimWorld.resolve(intent.target(), params)
                        .orElseThrow(() -> AdapterException.permanent(
                                AdapterErrorCode.INVALID_TARGET, "no walkable place named " + intent.target()));
                Cell from = session(s).world().agent();
                return new SimCommand.Move(
                        SimWorld.path(from, to)
                                .orElseThrow(() -> AdapterException.permanent(
                                        AdapterErrorCode.INVALID_TARGET, "unreachable: " + intent.target())),
                        intent.target());
            }
            case IntentTypes.ANIMATE: {
                Object clip = params.getOrDefault("name", intent.target());
                if (!(clip instanceof String c) || !SimWorld.ANIMATIONS.contains(c)) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "unknown animation " + clip);
                }
                return new SimCommand.Animate(c);
            }
            case IntentTypes.BUY_ITEM: {
                Object item = params.getOrDefault("item_id", intent.target());
                Offer offer = item instanceof String i ? SimWorld.OFFERS.get(i) : null;
                if (offer == null) {
                    throw AdapterException.permanent(AdapterErrorCode.INVALID_TARGET, "no offer " + item);
                }
                Object price = params.get("price");
                if (price != null && new BigDecimal(price.toString()).compareTo(offer.price()) != 0) {
                    throw AdapterException.permanent(
                            AdapterErrorCode.ENGINE_ERROR, "price changed: the offer is " + offer.price());
                }
                return new SimCommand.Buy(offer);
            }
            case IntentTypes.OPEN_DIALOG: {
                Object title = params.getOrDefault("title", intent.target());
                return new SimCommand.OpenDialog(String.valueOf(title));
            }
            default:
                throw AdapterException.permanent(AdapterErrorCode.NOT_SUPPORTED, intent.type());
        }
    }

    @Override
    protected CompletionStage<Void> perform(
            SimCommand command, Intent intent, SessionContext s, Cancellation cancellation) {
        SimSession session = session(s);
        CompletableFuture<Void> done = new CompletableFuture<>();
        boolean fails;
        synchronized (session.random()) {
            fails = session.random().nextDouble() < failureRate;
        }
        ScheduledFuture<?> timer = scheduler()
                .schedule(
                        () -> {
                            if (cancellation.isCancelled()) {
                                return; // ceased: no further effect
                            }
                            if (fails) {
                                done.completeExceptionally(
                                        AdapterException.retryable(AdapterErrorCode.ENGINE_ERROR, "simulated glitch"));
                                return;
                            }
                            effects(command, s, session.world());
                            done.complete(null);
                        },
                        scaled(command.durationMillis()),
                        TimeUnit.MILLISECONDS);
        // the engine can abort: movement halts where it is, speech is muted, the dialog closes
        cancellation.onCancel(() -> timer.cancel(false));
        return done;
    }

    private void effects(SimCommand command, SessionContext s, SimWorld world) {
        if (command instanceof SimCommand.Move move && !move.route().isEmpty()) {
            Cell arrived = move.route().get(move.route().size() - 1);
            world.moveTo(arrived);
            percept(
                    s,
                    "world_state",
                    "engine",
                    Map.of("event", "arrived", "place", move.destination(), "x", arrived.x(), "z", arrived.z()));
            for (Exhibit e : SimWorld.EXHIBITS) {
                int d = e.cell().distance(arrived);
                if (d <= 2) {
                    percept(
                            s,
                            "proximity",
                            "engine",
                            Map.of(
                                    "entity",
                                    e.id(),
                                    "name",
                                    e.name(),
                                    "distance_m",
                                    d,
                                    "description",
                                    e.description()));
                }
            }
        } else if (command instanceof SimCommand.Buy buy) {
            percept(
                    s,
                    "world_state",
                    "engine",
                    Map.of(
                            "event",
                            "purchased",
                            "item_id",
                            buy.offer().itemId(),
                            "price",
                            buy.offer().price()));
        }
    }

    /** A world percept, sent to the Core as an {@code env} adapter event carrying a seed 4.5 Percept. */
    private static void percept(SessionContext s, String type, String source, Map<String, Object> payload) {
        Map<String, Object> percept = Map.of(
                "id", "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
                "type", type,
                "source", source,
                "payload", payload,
                "ts", s.nowSeconds());
        s.emit(new AdapterEvent(AdapterEventType.ENV, percept, s.nowSeconds()));
    }

    private long scaled(long millis) {
        return Math.max(0, Math.round(millis * timeScale));
    }
}
