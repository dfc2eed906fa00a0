package org.aiverse.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.aiverse.json.Json;
import org.aiverse.memory.api.ScoredMemory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dialogue through any OpenAI-compatible {@code POST /v1/chat/completions} endpoint (seed 3.2 Response Generator).
 * Asynchronous and bounded by a time budget: the future completes with {@code null} when the endpoint errs or misses
 * the budget, and the loop then speaks the built-in behaviour's text. Only exportable memories go into the prompt
 * (seed 7.1: non-exportable memories never leave the Core).
 */
public final class DialogueGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(DialogueGenerator.class);

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final long budgetMillis;
    private final HttpClient http;

    /**
     * Builds a generator.
     *
     * @param url the endpoint: a base URL ({@code http://host:port}) or the full {@code .../v1/chat/completions}
     * @param model the model name sent in the request
     * @param apiKey a bearer key, or blank for none
     * @param budgetMillis the time budget of one reply
     */
    public DialogueGenerator(String url, String model, String apiKey, long budgetMillis) {
        String u = url.strip();
        if (!u.endsWith("/chat/completions")) {
            u = (u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                    + (u.endsWith("/v1") || u.endsWith("/v1/") ? "/chat/completions" : "/v1/chat/completions");
        }
        this.endpoint = URI.create(u);
        this.model = model;
        this.apiKey = apiKey == null ? "" : apiKey.strip();
        this.budgetMillis = budgetMillis;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(Math.max(50, budgetMillis)))
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * Asks for a reply.
     *
     * @param situation the persona, tone and memories
     * @param fallback the built-in reply, given to the model as a hint
     * @return the reply, or {@code null} when none came within the budget
     */
    public CompletableFuture<String> reply(Situation situation, String fallback) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        List<Map<String, String>> messages = new ArrayList<>();
        messages.add(Map.of("role", "system", "content", persona(situation, fallback)));
        String heard = situation.stimulus().text();
        messages.add(Map.of(
                "role",
                "user",
                "content",
                (situation.stimulus().actor() == null
                                ? ""
                                : situation.stimulus().actor() + ": ")
                        + (heard == null ? "" : heard)));
        body.put("messages", messages);
        body.put("temperature", 0);
        body.put("max_tokens", 80);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMillis(budgetMillis))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        CompletableFuture<String> answer;
        try {
            answer = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .thenApply(DialogueGenerator::content);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
        return answer.exceptionally(e -> {
                    LOG.debug("dialogue endpoint {} failed: {}", endpoint, e.toString());
                    return null;
                })
                .completeOnTimeout(null, budgetMillis, TimeUnit.MILLISECONDS);
    }

    static String content(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            return null;
        }
        try {
            JsonNode root = Json.mapper().readTree(response.body());
            String text =
                    root.path("choices").path(0).path("message").path("content").asText(null);
            return text == null || text.isBlank() ? null : text.strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static String persona(Situation s, String fallback) {
        StringBuilder b = new StringBuilder("You are ")
                .append(s.personaName())
                .append(", a personality in a VR world. Reply in one or two short sentences.");
        if (!s.tone().isEmpty()) {
            b.append(" Tone weights: ").append(s.tone()).append('.');
        }
        List<String> remembered = new ArrayList<>();
        for (ScoredMemory m : s.memories()) {
            if (m.memory().text() != null && m.memory().effectivePrivacy().exportable() && remembered.size() < 3) {
                remembered.add(m.memory().text());
            }
        }
        if (!remembered.isEmpty()) {
            b.append(" You remember: ").append(String.join(" | ", remembered)).append('.');
        }
        b.append(" A fitting reply would be like: \"").append(fallback).append("\"");
        return b.toString();
    }
}
