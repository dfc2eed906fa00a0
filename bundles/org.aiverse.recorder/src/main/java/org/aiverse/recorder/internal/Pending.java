package org.aiverse.recorder.internal;

import java.util.concurrent.CompletableFuture;

/** An append on its way to the database: the chained row, its checkpoint and media, and the caller's future. */
final class Pending {

    /** A signed checkpoint written with the event that closes its window. */
    record Checkpoint(long fromSeq, long toSeq, String hash, String kid, String signature, long ts) {}

    /** A media reference written with its event. */
    record Media(String mediaId, String contentRef, String contentHash, String mediaType) {}

    final SessionChain chain;
    final long epoch;
    final long seq;
    final String actor;
    final String type;
    final long ts;
    /** The canonical payload's UTF-8 bytes, as stored in {@code payload_utf8}. */
    final byte[] payload;

    final String prevHash;
    final String hash;
    final Checkpoint checkpoint;
    final Media media;
    /** Whether the append holds a permit of its writer's room, or rides on its overdraft (see GroupCommitWriter). */
    final boolean permit;

    final CompletableFuture<Void> done = new CompletableFuture<>();

    Pending(
            SessionChain chain,
            long epoch,
            long seq,
            String actor,
            String type,
            long ts,
            byte[] payload,
            String prevHash,
            String hash,
            Checkpoint checkpoint,
            Media media,
            boolean permit) {
        this.chain = chain;
        this.epoch = epoch;
        this.seq = seq;
        this.actor = actor;
        this.type = type;
        this.ts = ts;
        this.payload = payload;
        this.prevHash = prevHash;
        this.hash = hash;
        this.checkpoint = checkpoint;
        this.media = media;
        this.permit = permit;
    }
}
