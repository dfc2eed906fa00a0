package org.aiverse.recorder.api;

/**
 * What remains of a redacted event or a deleted recording (seed 7.4): its id, time and the checksum of what was
 * removed.
 *
 * @param sessionId the session
 * @param seq the redacted event; 0 for a deleted recording
 * @param ts when the removed content was recorded (the event's {@code ts}, or the recording's last {@code ts})
 * @param checksum {@code sha256:} of the removed payload's canonical form, or the removed chain's last hash
 * @param action {@code redaction} or {@code deletion}
 * @param at Unix seconds of the removal
 * @param reason why, when given
 */
public record AuditStub(String sessionId, long seq, long ts, String checksum, String action, long at, String reason) {}
