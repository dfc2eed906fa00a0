package org.aiverse.recorder.api;

import java.nio.file.Path;

/**
 * An export bundle written to disk (seed 7.4): a zip with {@code events.jsonl}, {@code checkpoints.jsonl},
 * {@code metrics.csv}, {@code keys.json}, the referenced media as encrypted blobs, and {@code manifest.json}
 * with the {@code sha256} of every file.
 *
 * @param sessionId the session
 * @param file the zip file
 * @param events events exported
 * @param checkpoints signed checkpoints exported
 * @param media media blobs exported
 * @param manifestSha256 hex SHA-256 of {@code manifest.json}
 */
public record ExportResult(
        String sessionId, Path file, long events, long checkpoints, long media, String manifestSha256) {}
