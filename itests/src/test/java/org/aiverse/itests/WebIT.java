package org.aiverse.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aiverse.json.Json;
import org.aiverse.token.ClientKey;
import org.aiverse.token.TokenSigner;
import org.aiverse.token.TokenSigner.Claims;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The web pages in a real headless Chromium (Debian's, driven by Playwright) against the real distribution: the
 * WebXR client joins a session on the {@code webxr} world as its engine, renders the realm and carries out the AI's
 * intents while the session page watches them arrive live; STOP on the session page ends the session; a recording
 * opens with its highlights, policy decisions and chain verification; the operations page lists sessions, bridges
 * and versions, runs a hot-swap dry run and charts the metrics; the realm endpoint is deterministic and validated.
 * Screenshots are kept in {@code target/screenshots/}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebIT extends PlatformTestSupport {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String OPERATOR = "olga";
    static final String OPERATOR_PASSWORD = "olga-web-secret";
    static final String SNAPSHOT = "ps_web";
    static final String USER = "wendy";

    private static ClientKey wendy;
    private static Browser browser;
    private static int consentNo;

    @Configuration
    public Option[] config() {
        int port = Ports.free();
        return platformOn(
                port,
                freshPostgres(),
                tokenTool(),
                // same-origin GETs of the pages carry no Origin header: the platform's own origin is the pages'
                editConfigurationFilePut("etc/org.aiverse.auth.cfg", "nativeOrigins", "http://127.0.0.1:" + port),
                editConfigurationFilePut("etc/users.properties", OPERATOR, OPERATOR_PASSWORD + ",aiverse-operator"),
                editConfigurationFilePut("etc/org.aiverse.adapter.sim.cfg", "timeScale", "0.05"),
                editConfigurationFilePut("etc/org.aiverse.adapter.sim.cfg", "failureRate", "0"),
                systemProperty("aiverse.browser.dir").value(new File("browser").getAbsolutePath()),
                systemProperty("aiverse.screenshots").value(new File("target/screenshots").getAbsolutePath()),
                systemProperty("aiverse.chromium").value(System.getProperty("aiverse.chromium", "/usr/bin/chromium")));
    }

    @Before
    public void platformUp() {
        if (browser != null) {
            return;
        }
        awaitHealthy();
        await("the web pages", Duration.ofSeconds(60), () -> get("/ui/").status() == 200);
        wendy = ClientKey.generate(ClientKey.ES256);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", SNAPSHOT);
        s.put("version", 1);
        s.put("owner_id", USER);
        s.put("profile", Map.of("name", "Wendy_Core", "tone", Map.of("curious", 0.8, "formal", 0.3)));
        s.put(
                "policies",
                Map.of(
                        "autonomy",
                        "medium",
                        "rate_limits",
                        Map.of("intent.speak", Map.of("per_min", 600, "burst", 100))));
        s.put("created_at", 1712345000);
        s.put("updated_at", 1712345000);
        s.put("owner_key", wendy.publicJwk());
        Answer created = call("POST", "/api/v1/snapshots", token(), Json.write(s));
        assertEquals(created.body(), 201, created.status());
        browser = Browser.start();
        // Pax Exam runs each test method as its own JUnit run in the container (so @AfterClass would run after each):
        // the browser lives as long as the container
        Browser started = browser;
        Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }

    // ------------------------------------------------------------------ helpers

    String origin() {
        return baseUrl();
    }

    /** A fresh consent token of the user for the pages' origin, in the Hive Container form, own consent session. */
    String token() {
        consentNo++;
        return TokenSigner.hive(
                wendy, Claims.now(USER, "hive_web_" + consentNo, List.of("persona.use"), origin(), 900));
    }

    @Override
    protected String callOrigin() {
        return origin();
    }

    Answer operator(String method, String path, String body) {
        String basic = Base64.getEncoder()
                .encodeToString((OPERATOR + ":" + OPERATOR_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", "Basic " + basic);
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b);
    }

    String start(String token, String world) {
        Answer a = call(
                "POST",
                "/api/v1/sessions",
                token,
                Json.write(Map.of("snapshot_id", SNAPSHOT, "world_id", world, "mode", "co_experience")));
        assertEquals(a.body(), 201, a.status());
        return a.json().path("id").asText();
    }

    static String fragment(String token) {
        return "#token=" + token;
    }

    /** Uncaught exceptions of the pages (console errors of refused calls are expected and shown on the page). */
    static void assertNoPageErrors() {
        List<String> errors = new ArrayList<>();
        for (String p : browser.problems()) {
            if (!p.contains(": console: ")) {
                errors.add(p);
            }
        }
        assertTrue("page errors: " + errors, errors.isEmpty());
    }

    // ------------------------------------------------------------------ scenarios

    /**
     * The WebXR page joins a {@code webxr} session as its engine and renders the realm; a chat from the page makes
     * the AI speak, which the session page shows live and the WebXR page captions and completes; STOP on the session
     * page terminates the session, and the WebXR page sees it.
     */
    @Test
    public void worldClientAndLiveSessionThenStop() {
        String token = token();
        String id = start(token, "webxr");

        browser.open(
                "xr", baseUrl() + "/xr/?session=" + id + "&snapshot=" + SNAPSHOT + "&world=webxr" + fragment(token));
        browser.waitFor("xr", "body[data-status^='joined as engine']", WAIT);
        browser.waitFor("xr", "body[data-realm^='realm_']", WAIT);
        assertEquals("ok", browser.eval("xr", "document.body.dataset.webgl"));
        assertTrue(browser.text("xr", "#realm"), browser.text("xr", "#realm").contains("tags curious"));

        browser.open("ui", baseUrl() + "/ui/session.html?id=" + id + fragment(token));
        browser.waitText("ui", "#live-status", "connected as observer", WAIT);
        browser.waitText("ui", "#state", "running", WAIT);

        // a chat percept from the world; the AI answers with speak, carried out by the WebXR page
        browser.fill("xr", "#chat-text", "Hello, I am new here");
        browser.click("xr", "#chat button");
        browser.waitCount("ui", "[data-testid=live-intent][data-type=speak]", 1, WAIT);
        String said = browser.text("ui", "[data-testid=live-intent][data-type=speak]");
        assertTrue(said, said.contains("“"));
        browser.waitText("xr", "[data-testid=caption]", "\\S", WAIT);
        browser.waitFor("xr", "[data-testid=action][data-ok=true]", WAIT);
        String done = browser.text("xr", "[data-testid=action][data-ok=true]");
        String intentId = done.substring(0, done.indexOf(':'));
        browser.screenshot("xr", "xr-world-speaking");
        browser.screenshot("ui", "session-live");

        // the engine's action_result reached the session: it is in the recording
        await("the WebXR page's action result in the chain", WAIT, () -> {
            Answer p = call("GET", "/api/v1/sessions/" + id + "/playback?page_size=1000&types=action", token, null);
            if (p.status() != 200) {
                return false;
            }
            for (JsonNode e : p.json().path("events")) {
                if (intentId.equals(e.path("payload").path("intent_id").asText())) {
                    assertTrue(e.toString(), e.path("payload").path("ok").asBoolean());
                    return true;
                }
            }
            return false;
        });

        // accessibility settings apply and are remembered
        browser.check("xr", "#a11y-contrast", true);
        assertEquals("true", browser.eval("xr", "String(document.body.classList.contains('high-contrast'))"));
        assertTrue(browser.eval("xr", "localStorage.getItem('aiverse.xr.accessibility')")
                .contains("\"highContrast\":true"));
        browser.check("xr", "#a11y-contrast", false);

        // STOP
        browser.click("ui", "#stop");
        browser.waitText("ui", "#state", "terminat", WAIT);
        browser.waitFor("xr", "body[data-state^='terminat']", WAIT);
        String after = token();
        await("the session to be terminated", WAIT, () -> "terminated"
                .equals(call("GET", "/api/v1/sessions/" + id + "/state", after, null)
                        .json()
                        .path("state")
                        .asText()));
        // the stopped consent session is revoked: the page shows the API's refusal
        assertEquals(
                403,
                call("GET", "/api/v1/sessions/" + id + "/state", token, null).status());
        browser.waitText("ui", "#error", "403 revoked", WAIT);
        browser.screenshot("ui", "session-stopped");
        assertNoPageErrors();
    }

    /**
     * A finished recording on the session page: every event, the highlights as the API extracts them, filtered by
     * the manifest's highlight filters, the policy decisions with their checks, and the chain verification badge.
     */
    @Test
    public void recordingWithHighlightsDecisionsAndVerification() {
        String token = token();
        String id = start(token, "sim");
        await("a highlight in the recording", WAIT, () -> {
            JsonNode p = call("GET", "/api/v1/sessions/" + id + "/playback?page_size=1000", token, null)
                    .json();
            return p.path("highlights").size() > 0 && p.toString().contains("\"type\":\"intent\"");
        });
        Answer ended = call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}");
        assertEquals(ended.body(), 200, ended.status());
        await("the session to be terminated", WAIT, () -> "terminated"
                .equals(call("GET", "/api/v1/sessions/" + id + "/state", token, null)
                        .json()
                        .path("state")
                        .asText()));

        // the page shows what the API answers (asked again until both saw the same, settled recording)
        browser.open("rec", baseUrl() + "/ui/session.html?id=" + id + fragment(token));
        int[] loads = {0};
        JsonNode[] playback = new JsonNode[1];
        String body =
                Json.write(Map.of("session_id", id, "range", Map.of("from_seq", 1), "page", Map.of("size", 1000)));
        await("the page and the playback API to agree", WAIT, () -> {
            loads[0]++;
            browser.click("rec", "#load");
            browser.waitFor("rec", "body[data-loads='" + loads[0] + "']", WAIT);
            playback[0] = call("POST", "/api/v1/sessions/" + id + "/playback", token, body)
                    .json();
            int n = playback[0].path("events").size();
            int h = playback[0].path("highlights").size();
            return browser.text("rec", "#event-count").equals("(" + n + " of " + n + ")")
                    && browser.text("rec", "#highlight-count").equals("(" + h + " of " + h + ")");
        });
        Map<String, Integer> labels = new TreeMap<>();
        playback[0].path("highlights").forEach(h -> labels.merge(h.path("label").asText(), 1, Integer::sum));
        assertFalse(labels.isEmpty());
        int total = playback[0].path("highlights").size();
        Map<String, Integer> shown = new TreeMap<>();
        browser.attrs("rec", "[data-testid=highlight]", "data-label").forEach(l -> shown.merge(l, 1, Integer::sum));
        assertEquals(labels, shown);

        // the verification badge shows the API's verdict
        browser.click("rec", "#verify");
        browser.waitFor("rec", "[data-testid=verify][data-ok=true]", WAIT);
        JsonNode verify =
                call("GET", "/api/v1/sessions/" + id + "/verify", token, null).json();
        assertTrue(verify.toString(), verify.path("ok").asBoolean());
        browser.waitText(
                "rec",
                "[data-testid=verify]",
                "chain verified \\(" + verify.path("verified").asLong() + " ",
                WAIT);

        // every allowed intent shows its policy decision with the seven checks
        assertTrue(browser.waitCount("rec", "[data-testid=decision]", 1, WAIT) >= 1);
        String decision = browser.text("rec", "[data-testid=decision]");
        for (String check : List.of(
                "restricted_actions", "scope", "autonomy_level", "rate_limit", "budget_cap", "privacy", "ethics")) {
            assertTrue(decision, decision.contains(check));
        }

        // a highlight filter of the playback manifest hides that label
        String first = labels.keySet().iterator().next();
        browser.check("rec", "#highlight-filters input[value=" + first + "]", false);
        int rest = total - labels.get(first);
        browser.waitText("rec", "#highlight-count", "\\(" + rest + " of " + total + "\\)", WAIT);
        assertFalse(
                browser.attrs("rec", "[data-testid=highlight]", "data-label").contains(first));
        assertTrue(browser.eval("rec", "localStorage.getItem('aiverse.playback.manifest')")
                .contains("\"highlight_filters\""));
        browser.check("rec", "#highlight-filters input[value=" + first + "]", true);
        browser.screenshot("rec", "recording-playback");
        assertNoPageErrors();
    }

    /**
     * The realm endpoint (deterministic, validated) and the operations page: live sessions, the bridge registry and
     * the installed versions, a hot-swap dry run and a refused swap with the API's error, the metrics charts.
     */
    @Test
    public void realmAndOperationsPage() {
        String token = token();
        // the realm: byte-identical for one snapshot version, validated, owner only
        String path = "/api/v1/worlds/webxr/realm?snapshot_id=" + SNAPSHOT;
        Answer realm = call("GET", path, token, null);
        assertEquals(realm.body(), 200, realm.status());
        assertEquals(realm.body(), call("GET", path, token, null).body());
        assertEquals(realm.body(), call("GET", path + "&version=1", token, null).body());
        JsonNode r = realm.json();
        assertEquals("wt_personal_realm_v1", r.path("template_id").asText());
        assertEquals(1, r.path("snapshot_version").asInt());
        assertEquals("[\"curious\"]", r.path("tags").toString());
        assertTrue(r.toString(), r.path("seed").asLong() > 0);
        assertNotEquals(
                call("GET", "/api/v1/worlds/sim/realm?snapshot_id=" + SNAPSHOT, token, null)
                        .json()
                        .path("seed")
                        .asLong(),
                r.path("seed").asLong());
        assertError(call("GET", "/api/v1/worlds/webxr/realm", token, null), 400, "validation_error", "snapshot_id");
        assertError(call("GET", path + "&version=0", token, null), 400, "validation_error", "version");
        assertError(
                call("GET", "/api/v1/worlds/nowhere/realm?snapshot_id=" + SNAPSHOT, token, null),
                404,
                "not_found",
                "nowhere");
        assertError(
                call("GET", "/api/v1/worlds/webxr/realm?snapshot_id=ps_none", token, null),
                404,
                "not_found",
                "ps_none");
        assertError(call("GET", path + "&template_id=wt_none", token, null), 404, "not_found", "wt_none");
        assertEquals(401, call("GET", path, null, null).status());
        JsonNode paths = get("/api/v1/openapi.json").json().path("paths");
        for (String p : List.of("/worlds/{id}/realm", "/sessions", "/adapters/versions", "/adapters/{id}/swap")) {
            assertTrue("the OpenAPI description lists " + p + ": " + paths.fieldNames(), paths.has(p));
        }

        String id = start(token, "sim");
        JsonNode versions = operator("GET", "/api/v1/adapters/versions", null).json();
        String simVersion = null;
        for (JsonNode v : versions.path("items")) {
            if ("sim".equals(v.path("adapter_id").asText())) {
                simVersion = v.path("version").asText();
            }
        }
        assertTrue(versions.toString(), simVersion != null);
        assertEquals(401, get("/api/v1/adapters/versions").status());

        browser.open("ops", baseUrl() + "/ui/" + fragment(token) + "&operator=" + OPERATOR + ":" + OPERATOR_PASSWORD);
        browser.waitText("ops", "tr[data-session='" + id + "'] [data-testid=session-state]", "running", WAIT);
        browser.waitFor("ops", "tr[data-bridge=sim]", WAIT);
        browser.waitFor("ops", "tr[data-bridge=webxr]", WAIT);
        browser.waitFor("ops", "tr[data-version='sim@" + simVersion + "']", WAIT);

        browser.fill("ops", "#swap-adapter", "sim");
        browser.fill("ops", "#swap-version", simVersion);
        browser.click("ops", "#swap-dry-run");
        String plan = browser.waitText("ops", "#swap-result", "Dry run: sim -> ", WAIT);
        assertTrue(plan, plan.contains("Sessions affected"));
        for (JsonNode v :
                operator("GET", "/api/v1/adapters/versions", null).json().path("items")) {
            assertFalse("a dry run pins nothing: " + v, v.path("pinned").asBoolean());
        }
        browser.fill("ops", "#swap-version", "9.9.9");
        browser.click("ops", "#swap-dry-run");
        browser.waitText("ops", "#swap-error", "404 not_found", WAIT);

        browser.waitFor("ops", "body[data-metric-samples='3']", WAIT);
        String rate = browser.text("ops", "[data-metric-value=intent_rate_per_min]");
        assertNotEquals("-", rate);
        assertNotEquals("not reported", rate);

        // the session ends: the list follows
        assertEquals(
                200,
                call("POST", "/api/v1/sessions/" + id + "/terminate", token, "{}")
                        .status());
        browser.waitText("ops", "tr[data-session='" + id + "'] [data-testid=session-state]", "terminated", WAIT);
        browser.screenshot("ops", "operations");
        assertNoPageErrors();
    }

    static void assertError(Answer a, int status, String code, String messagePart) {
        assertEquals(a.body(), status, a.status());
        JsonNode error = a.json().path("error");
        assertEquals(a.body(), code, error.path("code").asText());
        assertTrue(a.body(), error.path("message").asText().contains(messagePart));
    }
}
