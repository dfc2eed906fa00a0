package ${package};

/**
 * What an intent becomes for your engine: one record per intent type this adapter carries. Add a record (and a
 * case in {@link EngineAdapter#translate}) for every intent type you add to {@link EngineAdapter#CAPABILITIES}.
 */
public sealed interface EngineCommand {

    /** Say a line (TTS or a chat bubble). */
    record Speak(String text) implements EngineCommand {}

    /** Walk to a named place or entity, at a speed in metres a second. */
    record Move(String destination, double speed) implements EngineCommand {}
}
