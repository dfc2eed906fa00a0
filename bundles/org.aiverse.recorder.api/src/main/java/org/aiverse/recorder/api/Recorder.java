package org.aiverse.recorder.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The Session Recorder: appends events to a session's hash chain (seed 3.5, 4.3; DESIGN §5).
 */
@ProviderType
public interface Recorder {

    /**
     * Appends an event to the session's chain and returns it with its {@code seq}, {@code ts}, {@code prev_hash}
     * and {@code hash}. Returns only once the event is durable: an event returned to anyone survives a crash.
     * Appends of one session are serialized; appends of different sessions do not wait for each other.
     *
     * @param sessionId the session
     * @param actor who acted
     * @param type the event type
     * @param payload the payload (trace ids in {@code payload.meta}, seed 8.2)
     * @return the appended event
     */
    SessionEvent append(String sessionId, Actor actor, EventType type, Map<String, Object> payload);

    /**
     * Appends like {@link #append} without making the caller wait for durability: the event takes its place in the
     * session's chain (its {@code seq}) before this method returns, so appends of one caller keep their order, and
     * the returned stage completes once the event is durable (or fails when it cannot be). For callers on a shared
     * pool that must not park a thread for a commit, such as the policy gate on the Core's decision path.
     *
     * @param sessionId the session
     * @param actor who acted
     * @param type the event type
     * @param payload the payload (trace ids in {@code payload.meta}, seed 8.2)
     * @return the appended event, once durable
     * @throws org.aiverse.contracts.ValidationException at once, naming the field, when the event is malformed
     * @since 1.2.0
     */
    default CompletionStage<SessionEvent> appendAsync(
            String sessionId, Actor actor, EventType type, Map<String, Object> payload) {
        return CompletableFuture.completedFuture(append(sessionId, actor, type, payload));
    }

    /**
     * Whether an append to this session's chain from the edge of the platform would wait for room now: the
     * recorder's queue towards the database is full. A caller taking in new work (a world's percept) sheds it
     * instead of parking its thread, and tells its sender; work already in flight appends as usual.
     *
     * @param sessionId the session
     * @return whether the session's appends are held back now
     * @since 1.3.0
     */
    default boolean congested(String sessionId) {
        return false;
    }

    /**
     * Stores media as an encrypted blob in the {@link MediaStore} and appends an event whose payload carries
     * {@code content_ref}, {@code content_hash} ({@code sha256:} of the bytes) and {@code media_id}, never the raw
     * bytes (seed 3.5). Durable like {@link #append}.
     *
     * @param sessionId the session
     * @param actor who acted
     * @param type the event type
     * @param media the raw bytes
     * @param mediaType the media type, e.g. {@code audio/ogg}
     * @param payload further payload fields; may be {@code null}
     * @return the appended event
     * @since 1.1.0
     */
    default SessionEvent appendMedia(
            String sessionId,
            Actor actor,
            EventType type,
            byte[] media,
            String mediaType,
            Map<String, Object> payload) {
        throw new UnsupportedOperationException("this recorder does not store media");
    }
}
