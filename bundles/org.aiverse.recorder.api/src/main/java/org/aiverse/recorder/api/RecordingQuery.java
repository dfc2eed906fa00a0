package org.aiverse.recorder.api;

import java.util.List;
import java.util.Optional;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.api.PlaybackRequest;
import org.osgi.annotation.versioning.ProviderType;

/** Reads recordings: playback (seed 5.5, DESIGN §5), chain verification (seed 3.5) and the signing keys. */
@ProviderType
public interface RecordingQuery {

    /** Highlights per page when the caller does not say (seed 3.5: {@code top_k=20}). */
    int DEFAULT_TOP_K = 20;

    /**
     * One page of playback: the events of the range that pass the filters, from the cursor on, with the page's
     * media (when asked), highlights (at most {@code topK}) and transcript.
     *
     * @throws org.aiverse.contracts.ValidationException naming {@code page.cursor} for a cursor this query did
     *     not issue
     */
    Playback playback(PlaybackRequest request, int topK);

    /**
     * Verifies a session's whole chain from the stored bytes: every hash recomputed, every link, no gap, every
     * signed checkpoint. Answers ok, or the first bad {@code seq} with the reason.
     */
    ChainVerification verify(String sessionId);

    /** Every recording, by session id. */
    List<RecordingInfo> recordings();

    /** One recording, when the session has one. */
    Optional<RecordingInfo> recording(String sessionId);

    /** The public keys that sign checkpoints, current and retired. */
    List<SigningKey> keys();
}
