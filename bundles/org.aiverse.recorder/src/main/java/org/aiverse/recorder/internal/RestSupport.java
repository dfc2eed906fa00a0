package org.aiverse.recorder.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import javax.ws.rs.core.SecurityContext;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.contracts.api.PageRequest;
import org.aiverse.contracts.api.PlaybackFilters;
import org.aiverse.contracts.api.PlaybackRequest;
import org.aiverse.contracts.api.SeqRange;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.recorder.api.RecordingInfo;
import org.aiverse.recorder.api.RecordingQuery;
import org.aiverse.rest.ApiException;

/** What the recorder's REST resources share: query parsing, own-session authorization, error mapping. */
final class RestSupport {

    /** The role an operator has (DESIGN §3). */
    static final String OPERATOR_ROLE = "aiverse-operator";

    /** The scope playback and verification of one's own session need. */
    static final String SCOPE = "persona.use";

    private RestSupport() {}

    /** The seed 5.5 request from the query parameters of {@code GET .../playback} (DESIGN §5). */
    static PlaybackRequest fromQuery(
            String sessionId,
            String fromSeq,
            String toSeq,
            String actor,
            String types,
            String includeMedia,
            String pageSize,
            String cursor) {
        Long from = longParam(fromSeq, "from_seq");
        Long to = longParam(toSeq, "to_seq");
        List<Actor> actors = new ArrayList<>();
        for (String a : list(actor)) {
            actors.add(Actor.fromWire(a));
        }
        List<EventType> ts = new ArrayList<>();
        for (String t : list(types)) {
            try {
                ts.add(EventType.fromWire(t));
            } catch (ValidationException e) {
                throw new ValidationException("types", e.reason());
            }
        }
        Boolean media = null;
        if (includeMedia != null && !includeMedia.isBlank()) {
            if (!includeMedia.equals("true") && !includeMedia.equals("false")) {
                throw new ValidationException("include_media", "must be true or false");
            }
            media = Boolean.parseBoolean(includeMedia);
        }
        Long size = longParam(pageSize, "page_size");
        if (size != null && (size < 1 || size > PageRequest.MAX_SIZE)) {
            throw new ValidationException("page_size", "must be between 1 and " + PageRequest.MAX_SIZE);
        }
        String c = cursor == null || cursor.isBlank() ? null : cursor;
        try {
            return new PlaybackRequest(
                    sessionId,
                    new SeqRange(from, to),
                    new PlaybackFilters(actors, ts),
                    media,
                    new PageRequest(size == null ? null : size.intValue(), c));
        } catch (ValidationException e) {
            throw "size".equals(e.field()) ? new ValidationException("page_size", e.reason()) : e;
        }
    }

    static int topK(String topK) {
        Long k = longParam(topK, "top_k");
        if (k == null) {
            return RecordingQuery.DEFAULT_TOP_K;
        }
        if (k < 0 || k > 1000) {
            throw new ValidationException("top_k", "must be between 0 and 1000");
        }
        return k.intValue();
    }

    static Long longParam(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "must be an integer");
        }
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /**
     * Lets an operator at any session, and a consent-token holder with {@code persona.use} at their own
     * session only (the recording's owner is the token's {@code sub}).
     */
    static void authorize(SecurityContext security, RecordingQuery query, String sessionId) {
        if (security == null || security.getUserPrincipal() == null) {
            throw new ApiException(ErrorCode.INVALID_TOKEN, "authentication required");
        }
        if (security.isUserInRole(OPERATOR_ROLE)) {
            return;
        }
        if (!security.isUserInRole(SCOPE)) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "the token lacks the scope " + SCOPE);
        }
        RecordingInfo info = query.recording(sessionId)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "no recording of session " + sessionId));
        if (info.owner() == null
                || !info.owner().equals(security.getUserPrincipal().getName())) {
            throw new ApiException(ErrorCode.BLOCKED_SCOPE, "session " + sessionId + " is not the caller's");
        }
    }

    /** Runs a recorder call, answering 404 for an unknown recording and 409 under legal hold. */
    static <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (NoSuchElementException e) {
            throw new ApiException(ErrorCode.NOT_FOUND, e.getMessage());
        } catch (LegalHoldException e) {
            throw new ApiException(ErrorCode.CONFLICT, e.getMessage());
        }
    }

    static void requireSameSession(String pathId, PlaybackRequest body) {
        if (body == null) {
            throw new ValidationException("$", "body is required");
        }
        if (!pathId.equals(body.sessionId())) {
            throw new ValidationException("session_id", "must be the session of the path");
        }
    }
}
