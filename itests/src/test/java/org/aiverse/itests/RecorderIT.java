package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.inject.Inject;
import org.aiverse.contracts.api.ChainVerification;
import org.aiverse.contracts.recorder.Actor;
import org.aiverse.contracts.recorder.EventType;
import org.aiverse.contracts.recorder.SessionEvent;
import org.aiverse.contracts.snapshot.PersonalitySnapshot;
import org.aiverse.json.Hashes;
import org.aiverse.persistence.Database;
import org.aiverse.recorder.api.Recorder;
import org.aiverse.recorder.api.RecordingAdmin;
import org.aiverse.recorder.api.RecordingQuery;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The Session Recorder in the real distribution on PostgreSQL (a fresh database for this run): appends through
 * the service and the operator REST path, verification (REST and console) that finds a changed stored byte,
 * playback as seed 5.5 with paging, filters, media, highlights and transcript, owner-only access with
 * {@code persona.use}, redaction, the signing keys, and an export the offline script verifies.
 *
 * <p>Authentication is the product's: users present real consent tokens (Ed25519 compact JWS made with the
 * {@code aiverse-token} tool, their keys bound by registering a snapshot over HTTP), operators HTTP Basic
 * credentials of the Karaf JAAS realm with the role {@code aiverse-operator}. Without them the endpoints answer 401
 * (fail closed).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecorderIT extends PlatformTestSupport {

    private static final String OWNER = "user_abc";
    private static final String OPERATOR = "opal";
    private static final String OPERATOR_PASSWORD = "opal-recorder-it";

    @Inject
    private Database database;

    @Inject
    private Recorder recorder;

    @Inject
    private RecordingQuery query;

    @Inject
    private RecordingAdmin admin;

    private final TestTokens tokens = new TestTokens();

    @Configuration
    public Option[] config() {
        return platform(
                freshPostgres(),
                tokenTool(),
                editConfigurationFilePut("etc/users.properties", OPERATOR, OPERATOR_PASSWORD + ",aiverse-operator"),
                systemProperty("aiverse.scripts")
                        .value(Path.of("..", "scripts")
                                .toAbsolutePath()
                                .normalize()
                                .toString()));
    }

    /** Runs a console command once the shell bundle has registered it. */
    private String console(String command) {
        String[] out = new String[1];
        await("console command " + command, Duration.ofSeconds(60), () -> {
            try {
                out[0] = executeCommand(command);
                return true;
            } catch (AssertionError e) {
                if (String.valueOf(e.getMessage()).contains("Command not found")) {
                    return false;
                }
                throw e;
            }
        });
        return out[0];
    }

    /** Binds the user's key by registering a small snapshot as that user (trust on first use). */
    private void bindKey(String sub) {
        long ts = 1712345000L;
        PersonalitySnapshot snapshot =
                new PersonalitySnapshot("ps_" + sub, 1, sub, null, null, List.of(), Map.of(), ts, ts);
        Answer created = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/snapshots"))
                .header("Authorization", "Bearer " + tokens.token(sub, "persona.use"))
                .header("Origin", TestTokens.ORIGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(tokens.snapshotBody(snapshot, null))));
        assertEquals(created.body(), 201, created.status());
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder b, String method, String body) {
        if (body != null) {
            return b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return b.method(method, HttpRequest.BodyPublishers.noBody());
    }

    /** A user's call with a real token of {@code who} holding {@code scopes} (comma-separated). */
    private Answer as(String who, String scopes, String method, String path, String body) {
        return send(withBody(
                HttpRequest.newBuilder(URI.create(baseUrl() + path))
                        .header("Authorization", "Bearer " + tokens.token(who, scopes.split(",")))
                        .header("Origin", TestTokens.ORIGIN),
                method,
                body));
    }

    /** An operator's call: HTTP Basic against the Karaf JAAS realm. */
    private Answer operator(String method, String path, String body) {
        String credentials = Base64.getEncoder()
                .encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return send(withBody(
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Basic " + credentials),
                method,
                body));
    }

    private Answer user(String path) {
        return as(OWNER, "persona.use", "GET", path, null);
    }

    /** Waits until health lists the recorder up (other components are not this test's concern). */
    private JsonNode awaitRecorderUp() {
        JsonNode[] last = new JsonNode[1];
        await("GET /api/v1/health to list the recorder up", Duration.ofSeconds(90), () -> {
            try {
                Answer a = get("/api/v1/health");
                if (a.body().startsWith("{")) {
                    last[0] = a.json();
                    for (JsonNode c : last[0].path("components")) {
                        if ("recorder".equals(c.path("name").asText())
                                && "up".equals(c.path("status").asText())) {
                            return true;
                        }
                    }
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            return false;
        });
        return last[0];
    }

    @Test
    public void recordsVerifiesPlaysBackRedactsAndExports() throws Exception {
        awaitHealthy();
        awaitRecorderUp();
        String sid = "sess_it_" + UUID.randomUUID().toString().substring(0, 8);

        // fail closed: without credentials nothing protected answers
        recorder.append(sid, Actor.SYSTEM, EventType.STATE_CHANGE, Map.of("to", "running"));
        String[] lastAnswer = {"none"};
        try {
            await("the recorder's operator endpoints behind the real operator filter", Duration.ofSeconds(60), () -> {
                Answer a = operator("GET", "/api/v1/recorder/sessions", null);
                lastAnswer[0] = a.status() + " " + a.body();
                return a.status() == 200;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last answer: " + lastAnswer[0], e);
        }
        assertEquals(401, get("/api/v1/sessions/" + sid + "/verify").status());
        assertEquals(
                "invalid_token",
                get("/api/v1/sessions/" + sid + "/verify")
                        .json()
                        .at("/error/code")
                        .asText());
        assertEquals(401, get("/api/v1/sessions/" + sid + "/playback").status());
        assertEquals(401, get("/api/v1/recorder/sessions").status());
        assertEquals(
                "a token of an unknown key",
                401,
                as(OWNER, "persona.use", "GET", "/api/v1/sessions/" + sid + "/verify", null)
                        .status());
        assertEquals(
                "a user's token is no operator credential",
                401,
                send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/recorder/sessions"))
                                .header("Authorization", "Bearer " + tokens.token(OWNER, "persona.use"))
                                .GET())
                        .status());
        bindKey(OWNER);
        bindKey("user_xyz");

        // appends: the service (durable on return) and the operator REST path
        SessionEvent percept = recorder.append(
                sid,
                Actor.USER,
                EventType.PERCEPT,
                Map.of(
                        "id",
                        "p_1",
                        "type",
                        "chat",
                        "source",
                        "user",
                        "payload",
                        Map.of("text", "hello there!", "speaker", "alice"),
                        "ts",
                        1712345600));
        assertEquals(2, percept.seq());
        assertTrue(Hashes.verify(percept));
        Answer appended = operator(
                "POST",
                "/api/v1/recorder/sessions/" + sid + "/events",
                "{\"actor\":\"ai\",\"type\":\"intent\",\"payload\":{\"intent_id\":\"dialogue_1\",\"type\":\"speak\","
                        + "\"target\":\"user\",\"params\":{\"text\":\"Hello Alice, welcome back!\"},"
                        + "\"meta\":{\"trace_id\":\"t-1\",\"corr_id\":\"dialogue_1\"}}}");
        assertEquals(appended.body(), 201, appended.status());
        assertEquals(3, appended.json().path("seq").asLong());
        assertEquals(percept.hash(), appended.json().path("prev_hash").asText());
        assertEquals(
                400,
                operator(
                                "POST",
                                "/api/v1/recorder/sessions/" + sid + "/events",
                                "{\"actor\":\"robot\",\"type\":\"intent\"}")
                        .status());
        recorder.append(
                sid,
                Actor.AI,
                EventType.POLICY_BLOCK,
                Map.of("reason_code", "blocked_budget", "intent", Map.of("type", "buyItem")));
        SessionEvent media = recorder.appendMedia(
                sid,
                Actor.USER,
                EventType.PERCEPT,
                "opus bytes".getBytes(StandardCharsets.UTF_8),
                "audio/ogg",
                Map.of("type", "audio"));
        for (int i = 0; i < 5; i++) {
            recorder.append(
                    sid, Actor.ADAPTER, EventType.ACTION, Map.of("intent_id", "dialogue_1", "ok", true, "i", i));
        }
        long last = 10;

        // verification: REST (owner with persona.use), console; others are refused
        admin.assignOwner(sid, OWNER);
        JsonNode ok = user("/api/v1/sessions/" + sid + "/verify").json();
        assertTrue(ok.toString(), ok.path("ok").asBoolean());
        assertEquals(last, ok.path("verified").asLong());
        assertFalse(ok.has("first_bad_seq"));
        assertEquals(
                403,
                as("user_xyz", "persona.use", "GET", "/api/v1/sessions/" + sid + "/verify", null)
                        .status());
        assertEquals(
                403,
                as(OWNER, "memory.read.limited", "GET", "/api/v1/sessions/" + sid + "/verify", null)
                        .status());
        assertEquals(
                404,
                operator("GET", "/api/v1/recorder/sessions/nope_" + sid + "/verify", null)
                        .status());
        String console = console("aiverse:verify " + sid);
        assertTrue(console, console.contains("ok: " + last + " events verified"));
        String list = console("aiverse:recordings");
        assertTrue(list, list.contains(sid));

        // a changed stored byte is found, by REST and console, with the first bad seq
        String original = storedPayload(sid, 3);
        updatePayload(sid, 3, original.replace("welcome back", "welcome back."));
        JsonNode bad = user("/api/v1/sessions/" + sid + "/verify").json();
        assertFalse(bad.path("ok").asBoolean());
        assertEquals(3, bad.path("first_bad_seq").asLong());
        assertEquals("hash mismatch", bad.path("reason").asText());
        assertEquals(2, bad.path("verified").asLong());
        assertTrue(console("aiverse:verify " + sid).contains("FAILED at seq 3: hash mismatch"));
        updatePayload(sid, 3, original);
        assertTrue(query.verify(sid).ok());

        // playback (GET): paging with a cursor, transcript, highlights with features, media
        JsonNode page1 = user("/api/v1/sessions/" + sid + "/playback?page_size=4&include_media=true")
                .json();
        assertEquals(page1.toString(), 4, page1.path("events").size());
        assertEquals("c_5", page1.at("/page/next_cursor").asText());
        assertEquals("dialogue_1", page1.at("/events/2/meta/corr_id").asText());
        assertEquals(2, page1.path("transcript").size());
        assertEquals("alice", page1.at("/transcript/0/speaker").asText());
        assertEquals(
                "Hello Alice, welcome back!", page1.at("/transcript/1/text").asText());
        // every event of this page shares one second: the 10 s cooldown keeps only the best (seed 3.5)
        assertEquals(
                page1.path("highlights").toString(), 1, page1.path("highlights").size());
        assertEquals(3, page1.at("/highlights/0/seq").asLong());
        assertEquals("greeting", page1.at("/highlights/0/label").asText());
        assertEquals("sentiment", page1.at("/highlights/0/features/0").asText());
        assertEquals("novelty", page1.at("/highlights/0/features/1").asText());
        assertEquals(0, page1.path("media").size());
        JsonNode page2 = user("/api/v1/sessions/" + sid + "/playback?page_size=4&include_media=true&cursor=c_5")
                .json();
        assertEquals(5, page2.at("/events/0/seq").asLong());
        assertEquals(1, page2.path("media").size());
        assertEquals(
                media.payload().get("content_ref"),
                page2.at("/media/0/content_ref").asText());
        assertTrue(page2.at("/media/0/content_hash").asText().startsWith("sha256:"));
        JsonNode page3 = user("/api/v1/sessions/" + sid + "/playback?page_size=4&cursor="
                        + page2.at("/page/next_cursor").asText())
                .json();
        assertEquals(2, page3.path("events").size());
        assertTrue(page3.at("/page/next_cursor").isMissingNode()
                || page3.at("/page/next_cursor").isNull());
        JsonNode filtered = user("/api/v1/sessions/" + sid + "/playback?actor=adapter&types=action&from_seq=6&to_seq=8")
                .json();
        assertEquals(3, filtered.path("events").size());

        // playback (POST): the seed 5.5 body
        Answer post = as(
                OWNER,
                "persona.use",
                "POST",
                "/api/v1/sessions/" + sid + "/playback",
                "{\"session_id\":\"" + sid + "\",\"range\":{\"from_seq\":1,\"to_seq\":2000},"
                        + "\"filters\":{\"actor\":[\"ai\",\"user\"],\"types\":[\"intent\",\"action\",\"percept\"]},"
                        + "\"include_media\":false,\"page\":{\"size\":500,\"cursor\":null}}");
        assertEquals(post.body(), 200, post.status());
        assertEquals(3, post.json().path("events").size());

        // bad input is 400 validation_error naming the field
        assertValidation(user("/api/v1/sessions/" + sid + "/playback?page_size=5000"), "page_size");
        assertValidation(user("/api/v1/sessions/" + sid + "/playback?actor=robot"), "actor");
        assertValidation(user("/api/v1/sessions/" + sid + "/playback?types=bogus"), "types");
        assertValidation(user("/api/v1/sessions/" + sid + "/playback?cursor=zzz"), "page.cursor");
        assertValidation(user("/api/v1/sessions/" + sid + "/playback?from_seq=x"), "from_seq");
        assertValidation(user("/api/v1/sessions/" + sid + "/playback?include_media=maybe"), "include_media");
        assertValidation(
                as(OWNER, "persona.use", "POST", "/api/v1/sessions/" + sid + "/playback", "{\"session_id\":\"other\"}"),
                "session_id");

        // redaction keeps an audit stub and the chain still verifies
        Answer redacted = operator(
                "POST",
                "/api/v1/recorder/sessions/" + sid + "/redactions",
                "{\"seqs\":[2],\"reason\":\"user request\"}");
        assertEquals(redacted.body(), 200, redacted.status());
        assertTrue(redacted.json().at("/redacted/0/checksum").asText().startsWith("sha256:"));
        JsonNode afterRedaction = user("/api/v1/sessions/" + sid + "/verify").json();
        assertTrue(afterRedaction.toString(), afterRedaction.path("ok").asBoolean());
        assertEquals(last + 1, afterRedaction.path("verified").asLong());
        JsonNode stub = user("/api/v1/sessions/" + sid + "/playback?from_seq=2&to_seq=2")
                .json();
        assertTrue(stub.at("/events/0/payload/redacted").asBoolean());
        assertTrue(stub.at("/events/0/payload/payload").isMissingNode());

        // retention and legal hold
        Answer hold = operator(
                "POST",
                "/api/v1/recorder/sessions/" + sid + "/retention",
                "{\"retention_days\":90,\"pinned\":true,\"legal_hold\":true,\"reason\":\"case 7\"}");
        assertEquals(hold.body(), 200, hold.status());
        assertTrue(hold.json().path("legal_hold").asBoolean());
        assertEquals(90, hold.json().path("retention_days").asInt());
        assertValidation(
                operator("POST", "/api/v1/recorder/sessions/" + sid + "/retention", "{\"retention_days\":400}"),
                "retention_days");
        assertEquals(
                409,
                operator("DELETE", "/api/v1/recorder/sessions/" + sid, null).status());

        // keys for offline verification, then an export the offline script verifies
        JsonNode keys = get("/api/v1/recorder/keys").json();
        assertEquals("Ed25519", keys.at("/keys/0/crv").asText());
        Path out = Files.createTempDirectory("aiverse-export-");
        String exported = console("aiverse:export " + sid + " " + out);
        assertTrue(exported, exported.contains("exported " + (last + 2) + " events"));
        Path zip;
        try (var files = Files.list(out)) {
            zip = files.filter(p -> p.toString().endsWith(".zip")).findFirst().orElseThrow();
        }
        Path keysFile = out.resolve("server-keys.json");
        Files.writeString(keysFile, keys.toString());
        Process p = new ProcessBuilder(
                        "python3",
                        Path.of(System.getProperty("aiverse.scripts"), "verify-export.py")
                                .toString(),
                        zip.toString(),
                        "--keys",
                        keysFile.toString())
                .redirectErrorStream(true)
                .start();
        String script = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(script, 0, p.waitFor());
        assertTrue(script, script.startsWith("OK: " + (last + 2) + " events verified (1 redacted, 0 withheld)"));

        // health reports the recorder with its group-commit figures
        JsonNode health = awaitRecorderUp();
        JsonNode rec = null;
        for (JsonNode c : health.path("components")) {
            if ("recorder".equals(c.path("name").asText())) {
                rec = c;
            }
        }
        assertNotNull(health.toString(), rec);
        assertTrue(rec.at("/detail/events_committed").asLong() >= last);
        ChainVerification v = query.verify(sid);
        assertTrue(v.toString(), v.ok());
    }

    private static void assertValidation(Answer a, String field) {
        assertEquals(a.body(), 400, a.status());
        assertEquals(a.body(), "validation_error", a.json().at("/error/code").asText());
        assertTrue(a.body(), a.json().at("/error/message").asText().startsWith(field));
    }

    private String storedPayload(String sid, long seq) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT payload_utf8 FROM recorder_event WHERE session_id = ? AND seq = ?")) {
            ps.setString(1, sid);
            ps.setLong(2, seq);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
    }

    private void updatePayload(String sid, long seq, String payload) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE recorder_event SET payload_utf8 = ? WHERE session_id = ? AND seq = ?")) {
            ps.setBytes(1, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            ps.setString(2, sid);
            ps.setLong(3, seq);
            assertEquals(1, ps.executeUpdate());
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
