package org.aiverse.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Personality Core, PID {@code org.aiverse.core} ({@code etc/org.aiverse.core.cfg}). */
@ObjectClassDefinition(name = "AI-Verse Personality Core", description = "Decision loops, behaviour and dialogue")
public @interface CoreConfig {

    @AttributeDefinition(description = "Threads of the shared decision pool (0: the number of processors)")
    int poolThreads() default 0;

    @AttributeDefinition(
            description = "Soft timeout of await_env in milliseconds: no action result by then is a timeout")
    long awaitTimeoutMillis() default 10_000;

    @AttributeDefinition(description = "First backoff after a rate block, cooldown or busy engine, in milliseconds")
    long backoffMillis() default 500;

    @AttributeDefinition(description = "Longest backoff in milliseconds")
    long maxBackoffMillis() default 8_000;

    @AttributeDefinition(description = "Soft budget of each loop step in microseconds (over it: counted and logged)")
    long stepBudgetMicros() default 5_000;

    @AttributeDefinition(
            description = "Soft budget of the decision path in milliseconds (seed 3.2: 20 to 50); the"
                    + " dialogue generator must answer within it, else the built-in behaviour speaks")
    long decisionBudgetMillis() default 50;

    @AttributeDefinition(description = "Salience from which a percept is written as a memory")
    double memoryThreshold() default 0.4;

    @AttributeDefinition(description = "Memories retrieved per decision")
    int retrieveTopK() default 5;

    @AttributeDefinition(description = "Record each loop iteration's span in the session's chain (seed 8.2)")
    boolean recordSpans() default true;

    @AttributeDefinition(
            description = "How long a percept may wait in its session's queue, in milliseconds: an older one is"
                    + " stale (the world has moved on) and is dropped unperceived when its turn comes, with drop"
                    + " hint old; 0: keep every percept until its turn")
    long perceptMaxAgeMillis() default 2_000;

    @AttributeDefinition(
            description = "Dialogue: URL of an OpenAI-compatible endpoint (base URL or"
                    + " .../v1/chat/completions); empty: off, the built-in behaviour speaks")
    String dialogueUrl() default "";

    @AttributeDefinition(description = "Dialogue: the model name sent to the endpoint")
    String dialogueModel() default "gpt-4o-mini";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Dialogue: bearer API key, empty for none")
    String dialogueApiKey() default "";

    @AttributeDefinition(description = "Dialogue: time budget of one reply in milliseconds (0: decisionBudgetMillis)")
    long dialogueTimeoutMillis() default 0;
}
