package org.aiverse.itests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aiverse.json.Json;

/**
 * A real headless Chromium (Debian's package, {@code scripts/ensure-chromium.sh}) driven by Playwright: the Node.js
 * driver {@code itests/browser/driver.mjs} (playwright-core, installed by the build with npm) runs beside the test
 * and takes one JSON command per line. Pages are named, so a test can hold several at once. Screenshots go to
 * {@code itests/target/screenshots/}, kept as test artifacts; the driver's log is
 * {@code itests/target/browser-driver.log}.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of(System.getProperty("aiverse.screenshots", "target/screenshots"));

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    final String version;

    private Browser(Process process) throws IOException {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.version = answer("start").asText();
    }

    /** Starts the driver with the machine's Chromium. */
    static Browser start() {
        String chromium = System.getProperty("aiverse.chromium", "/usr/bin/chromium");
        if (!new File(chromium).canExecute()) {
            throw new AssertionError("no Chromium at " + chromium + ": run scripts/ensure-chromium.sh");
        }
        File dir = new File(System.getProperty("aiverse.browser.dir", "browser")).getAbsoluteFile();
        if (!new File(dir, "node_modules/playwright-core").isDirectory()) {
            throw new AssertionError(
                    "playwright-core is not installed in " + dir + " (the itests build runs npm install)");
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            ProcessBuilder pb = new ProcessBuilder("node", "driver.mjs").directory(dir);
            pb.environment().put("CHROMIUM", chromium);
            pb.redirectError(SCREENSHOTS.resolveSibling("browser-driver.log").toFile());
            return new Browser(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized JsonNode command(Map<String, Object> command) {
        try {
            in.write(Json.write(command));
            in.write('\n');
            in.flush();
            return answer(String.valueOf(command.get("op")));
        } catch (IOException e) {
            throw new UncheckedIOException("the browser driver is gone (see target/browser-driver.log)", e);
        }
    }

    private JsonNode answer(String op) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the browser driver ended during " + op + " (see target/browser-driver.log)");
        }
        JsonNode a = Json.mapper().readTree(line);
        if (!a.path("ok").asBoolean()) {
            throw new AssertionError(
                    op + " failed in the browser: " + a.path("error").asText());
        }
        return a.path("value");
    }

    private static Map<String, Object> op(String op, String page, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("page", page);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    void open(String page, String url) {
        command(op("open", page, "url", url));
    }

    void click(String page, String selector) {
        command(op("click", page, "selector", selector));
    }

    void fill(String page, String selector, String value) {
        command(op("fill", page, "selector", selector, "value", value));
    }

    void check(String page, String selector, boolean on) {
        command(op("check", page, "selector", selector, "value", on));
    }

    void waitFor(String page, String selector, Duration timeout) {
        command(op("waitFor", page, "selector", selector, "timeout", timeout.toMillis()));
    }

    /** Waits until an element matching {@code selector} has text matching the regular expression; returns it. */
    String waitText(String page, String selector, String pattern, Duration timeout) {
        return command(op("waitText", page, "selector", selector, "pattern", pattern, "timeout", timeout.toMillis()))
                .asText();
    }

    /** Waits until at least {@code count} elements match; returns how many do. */
    int waitCount(String page, String selector, int count, Duration timeout) {
        return command(op("waitCount", page, "selector", selector, "count", count, "timeout", timeout.toMillis()))
                .asInt();
    }

    String text(String page, String selector) {
        return command(op("text", page, "selector", selector)).asText();
    }

    List<String> texts(String page, String selector) {
        List<String> out = new ArrayList<>();
        command(op("texts", page, "selector", selector)).forEach(n -> out.add(n.asText()));
        return out;
    }

    List<String> attrs(String page, String selector, String attr) {
        List<String> out = new ArrayList<>();
        command(op("attrs", page, "selector", selector, "attr", attr)).forEach(n -> out.add(n.asText()));
        return out;
    }

    String eval(String page, String expression) {
        return command(op("eval", page, "expr", expression)).asText();
    }

    /** A screenshot under target/screenshots/, kept as a test artifact. */
    Path screenshot(String page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png").toAbsolutePath();
        command(op("screenshot", page, "path", file.toString(), "fullPage", true));
        return file;
    }

    /** The console errors and uncaught exceptions of every page since the last call. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        command(op("problems", null)).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public void close() {
        try {
            command(op("close", null));
        } catch (AssertionError | UncheckedIOException e) {
            // the driver exits on close without answering
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
