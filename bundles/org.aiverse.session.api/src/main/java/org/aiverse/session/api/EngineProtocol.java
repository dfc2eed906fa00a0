package org.aiverse.session.api;

/**
 * How an engine-driven adapter (WebXR, Unity, Unreal: the engine is the client of the session WebSocket) reaches
 * its engine, within the frozen adapter SPI (DESIGN §6):
 *
 * <ol>
 *   <li>Its {@code execute} translates the intent and emits, through the session's
 *       {@link org.aiverse.contracts.adapter.AdapterEventSink}, a {@code system} event whose payload is
 *       {@code {"engine_command": {"intent": <Intent>, "command": <translated command>}}}.
 *   <li>The session sends it to the engine as an {@code intent} frame: the Intent's fields plus
 *       {@code payload.command}.
 *   <li>The engine answers with an {@code event} frame whose payload is a Percept of type {@code system} with
 *       payload {@code {"action_result": {"intent_id", "ok", "error"?}}}; the session hands it to the adapter's
 *       {@link org.aiverse.contracts.adapter.AdapterHandle#onEvent} as a {@code system} event with payload
 *       {@code {"action_result": {...}}}, which completes the {@code execute}.
 * </ol>
 *
 * An adapter service that works this way implements {@link EngineDriven}, so that the session does not announce
 * its intents twice.
 */
public final class EngineProtocol {

    /** The adapter event payload key of an engine command. */
    public static final String ENGINE_COMMAND = "engine_command";
    /** The key of the intent inside an engine command. */
    public static final String INTENT = "intent";
    /** The key of the translated command, in an engine command and in an {@code intent} frame's payload. */
    public static final String COMMAND = "command";
    /** The key of an action result, in a {@code system} percept's payload and in the adapter event. */
    public static final String ACTION_RESULT = "action_result";

    private EngineProtocol() {}

    /** Marks an adapter whose engine is the client of the session WebSocket. */
    public interface EngineDriven {}
}
