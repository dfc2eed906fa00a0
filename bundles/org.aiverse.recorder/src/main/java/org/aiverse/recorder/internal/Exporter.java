package org.aiverse.recorder.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.aiverse.json.Json;
import org.aiverse.recorder.api.ExportResult;
import org.aiverse.recorder.api.MediaStore;
import org.aiverse.recorder.api.RecordingInfo;

/**
 * Writes an export bundle (seed 7.4): a zip holding {@code events.jsonl} (canonical Session Events, one per line),
 * {@code checkpoints.jsonl}, {@code metrics.csv} (the numeric fields of metric events), {@code summary.csv}
 * (events by type and actor), {@code keys.json} and {@code keys/<kid>.pem}, {@code media.jsonl} and the encrypted
 * blobs under {@code media/}, then {@code manifest.json} with the {@code sha256} of every file, and
 * {@code manifest.sig.json}, the node's Ed25519 signature of the manifest. Redacted events carry their stub;
 * events linked to non-exportable memories are withheld (payload replaced, listed in the manifest); both remain
 * verifiable through the chain links and the signed checkpoints.
 */
final class Exporter {

    static final String FORMAT = "aiverse-recording-export";
    static final String FORMAT_VERSION = "1.0";

    private final DataSource dataSource;
    private final MediaStore media;
    private final CheckpointSigner signer;
    private final Clock clock;

    Exporter(DataSource dataSource, MediaStore media, CheckpointSigner signer, Clock clock) {
        this.dataSource = dataSource;
        this.media = media;
        this.signer = signer;
        this.clock = clock;
    }

    ExportResult export(RecordingInfo info, Path directory, int interval) {
        String sessionId = info.sessionId();
        long now = clock.instant().getEpochSecond();
        Path zip = directory.resolve(FileMediaStore.urlSafe(sessionId) + "-" + now + ".zip");
        List<Map<String, Object>> files = new ArrayList<>();
        List<Long> redacted = new ArrayList<>();
        List<Long> withheld = new ArrayList<>();
        long events = 0;
        long checkpoints = 0;
        long mediaCount = 0;
        String lastHash = info.lastHash();
        long lastSeq = 0;
        try {
            Files.createDirectories(directory);
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                    Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                Map<String, long[]> summary = new TreeMap<>();
                StringBuilder metrics = new StringBuilder("seq,ts,actor,name,value\n");
                // events.jsonl
                Entry e = new Entry(out, "events.jsonl");
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT seq, actor, event_type, ts, payload,"
                                + " prev_hash, hash, redacted, payload_utf8 FROM recorder_event WHERE session_id = ? ORDER BY seq")) {
                    ps.setFetchSize(2000);
                    ps.setString(1, sessionId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            String actor = rs.getString(2);
                            String type = rs.getString(3);
                            long ts = rs.getLong(4);
                            String payload = StoredPayload.text(rs, 9, 5);
                            boolean isRedacted = rs.getInt(8) != 0;
                            Map<String, Object> parsed = Highlights.asMap(Json.read(payload, Map.class));
                            String marker = null;
                            if (isRedacted) {
                                redacted.add(seq);
                                marker = "redacted";
                            } else if (Privacy.nonExportable(parsed)) {
                                withheld.add(seq);
                                marker = "withheld";
                                payload = "{\"reason\":\"non_exportable_memory\",\"withheld\":true}";
                            } else if ("metric".equals(type)) {
                                flattenMetrics(seq, ts, actor, "", parsed, metrics);
                            }
                            e.write(line(
                                    sessionId,
                                    seq,
                                    actor,
                                    type,
                                    ts,
                                    payload,
                                    rs.getString(6),
                                    rs.getString(7),
                                    marker));
                            summary.computeIfAbsent(type + "," + actor, k -> new long[1])[0]++;
                            events++;
                            lastSeq = seq;
                            lastHash = rs.getString(7);
                        }
                    }
                }
                files.add(e.close());
                // checkpoints.jsonl
                e = new Entry(out, "checkpoints.jsonl");
                try (PreparedStatement ps = c.prepareStatement("SELECT from_seq, to_seq, cp_hash, kid, signature"
                        + " FROM recorder_checkpoint WHERE session_id = ? ORDER BY to_seq")) {
                    ps.setString(1, sessionId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> cp = new LinkedHashMap<>();
                            cp.put("session_id", sessionId);
                            cp.put("from_seq", rs.getLong(1));
                            cp.put("to_seq", rs.getLong(2));
                            cp.put("checkpoint", rs.getString(3));
                            cp.put("kid", rs.getString(4));
                            cp.put("signature", rs.getString(5));
                            e.write(Jcs.write(cp) + "\n");
                            checkpoints++;
                        }
                    }
                }
                files.add(e.close());
                e = new Entry(out, "metrics.csv");
                e.write(metrics.toString());
                files.add(e.close());
                e = new Entry(out, "summary.csv");
                StringBuilder sum = new StringBuilder("type,actor,events\n");
                summary.forEach((k, v) -> sum.append(k).append(',').append(v[0]).append('\n'));
                e.write(sum.toString());
                files.add(e.close());
                // keys
                List<Map<String, Object>> keys = new ArrayList<>();
                try (PreparedStatement ps =
                                c.prepareStatement("SELECT kid, public_key FROM recorder_key ORDER BY kid");
                        ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> k = new LinkedHashMap<>();
                        k.put("kid", rs.getString(1));
                        k.put("kty", "OKP");
                        k.put("crv", "Ed25519");
                        k.put("x", rs.getString(2));
                        keys.add(k);
                        Entry pem = new Entry(out, "keys/" + rs.getString(1) + ".pem");
                        pem.write(CheckpointSigner.publicPem(
                                java.util.Base64.getUrlDecoder().decode(rs.getString(2))));
                        files.add(pem.close());
                    }
                }
                e = new Entry(out, "keys.json");
                e.write(Jcs.write(Map.of("keys", keys)) + "\n");
                files.add(e.close());
                // media
                List<String> mediaLines = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT media_id, seq, content_ref, content_hash,"
                        + " media_type, ts FROM recorder_media WHERE session_id = ? ORDER BY seq")) {
                    ps.setString(1, sessionId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            long seq = rs.getLong(2);
                            if (redacted.contains(seq) || withheld.contains(seq)) {
                                continue;
                            }
                            String file = "media/" + rs.getString(1) + ".blob";
                            Entry blob = new Entry(out, file);
                            blob.write(media.encrypted(rs.getString(3)));
                            files.add(blob.close());
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("media_id", rs.getString(1));
                            m.put("seq", seq);
                            m.put("content_ref", rs.getString(3));
                            m.put("content_hash", rs.getString(4));
                            m.put("media_type", rs.getString(5));
                            m.put("ts", rs.getLong(6));
                            m.put("file", file);
                            mediaLines.add(Jcs.write(m));
                            mediaCount++;
                        }
                    }
                }
                e = new Entry(out, "media.jsonl");
                e.write(mediaLines.isEmpty() ? "" : String.join("\n", mediaLines) + "\n");
                files.add(e.close());
                c.commit();
                // manifest
                Map<String, Object> manifest = new LinkedHashMap<>();
                manifest.put("format", FORMAT);
                manifest.put("format_version", FORMAT_VERSION);
                manifest.put("session_id", sessionId);
                manifest.put("exported_at", now);
                manifest.put("events", events);
                manifest.put("last_seq", lastSeq);
                manifest.put("last_hash", lastHash);
                manifest.put("checkpoint_interval", interval);
                manifest.put(
                        "hash_spec",
                        "hash = sha256_hex(JCS({session_id, seq, actor, type, payload, ts, prev_hash})); genesis"
                                + " prev_hash = 64 zeros; checkpoint = sha256_hex(concat(hex hashes from_seq..to_seq)),"
                                + " Ed25519-signed over JCS({checkpoint, from_seq, kid, session_id, to_seq})");
                manifest.put("redacted", redacted);
                manifest.put("withheld", withheld);
                manifest.put("signing_kid", signer.kid());
                manifest.put("files", files);
                byte[] manifestBytes = (Jcs.write(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
                out.putNextEntry(new ZipEntry("manifest.json"));
                out.write(manifestBytes);
                out.closeEntry();
                Map<String, Object> sig = new LinkedHashMap<>();
                sig.put("kid", signer.kid());
                sig.put("alg", "EdDSA");
                sig.put("signature", signer.sign(manifestBytes));
                out.putNextEntry(new ZipEntry("manifest.sig.json"));
                out.write((Jcs.write(sig) + "\n").getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                return new ExportResult(
                        sessionId, zip, events, checkpoints, mediaCount, EventHashing.sha256Hex(manifestBytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("export of " + sessionId + " failed", e);
        } catch (SQLException e) {
            throw new IllegalStateException("export of " + sessionId + " failed: " + e.getMessage(), e);
        }
    }

    /** One events.jsonl line: the Session Event in canonical form, plus {@code redacted}/{@code withheld}. */
    static String line(
            String sessionId,
            long seq,
            String actor,
            String type,
            long ts,
            String canonicalPayload,
            String prevHash,
            String hash,
            String marker) {
        StringBuilder b = new StringBuilder(canonicalPayload.length() + 300);
        b.append("{\"actor\":");
        Jcs.string(actor, b);
        b.append(",\"hash\":\"").append(hash).append('"');
        b.append(",\"payload\":").append(canonicalPayload);
        b.append(",\"prev_hash\":\"").append(prevHash).append('"');
        if ("redacted".equals(marker)) {
            b.append(",\"redacted\":true");
        }
        b.append(",\"seq\":").append(seq);
        b.append(",\"session_id\":");
        Jcs.string(sessionId, b);
        b.append(",\"ts\":").append(ts);
        b.append(",\"type\":");
        Jcs.string(type, b);
        if ("withheld".equals(marker)) {
            b.append(",\"withheld\":true");
        }
        b.append("}\n");
        return b.toString();
    }

    private static void flattenMetrics(
            long seq, long ts, String actor, String prefix, Map<String, Object> m, StringBuilder out) {
        for (Map.Entry<String, Object> e : new TreeMap<>(m).entrySet()) {
            if (prefix.isEmpty() && "meta".equals(e.getKey())) {
                continue;
            }
            String name = prefix + e.getKey();
            if (e.getValue() instanceof Number n) {
                out.append(seq).append(',').append(ts).append(',').append(actor).append(',');
                out.append(csv(name)).append(',').append(n).append('\n');
            } else if (e.getValue() instanceof Map<?, ?> nested) {
                flattenMetrics(seq, ts, actor, name + ".", Highlights.asMap(nested), out);
            }
        }
    }

    private static String csv(String s) {
        return s.matches("[A-Za-z0-9_.\\-]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** A zip entry whose SHA-256 and size are taken while it is written. */
    private static final class Entry {
        private final ZipOutputStream zip;
        private final String path;
        private final MessageDigest digest = EventHashing.newDigest();
        private final OutputStream out;
        private long bytes;

        Entry(ZipOutputStream zip, String path) throws IOException {
            this.zip = zip;
            this.path = path;
            zip.putNextEntry(new ZipEntry(path));
            this.out = new DigestOutputStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            zip.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            zip.write(b, off, len);
                        }
                    },
                    digest);
        }

        void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.UTF_8));
        }

        void write(byte[] data) throws IOException {
            out.write(data);
            bytes += data.length;
        }

        Map<String, Object> close() throws IOException {
            out.flush();
            zip.closeEntry();
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", path);
            f.put("sha256", HexFormat.of().formatHex(digest.digest()));
            f.put("bytes", bytes);
            return f;
        }
    }
}
