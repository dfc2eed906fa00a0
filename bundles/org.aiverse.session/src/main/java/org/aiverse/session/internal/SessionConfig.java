package org.aiverse.session.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How sessions and their stream run (seed 5.4 defaults). */
@ObjectClassDefinition(name = "AI-Verse sessions", description = "Session lifecycle and the session WebSocket")
public @interface SessionConfig {

    @AttributeDefinition(description = "Default and maximum percept queue depth negotiated at session start")
    int queueDepth() default 100;

    @AttributeDefinition(description = "Send an ack at least after this many received frames (seed 5.4 N)")
    int ackEvery() default 20;

    @AttributeDefinition(description = "Send an ack at least this many ms after an unacknowledged frame (seed 5.4 T)")
    long ackMillis() default 500;

    @AttributeDefinition(description = "Heartbeat after this many ms of silence (seed 5.4: 5 s)")
    long heartbeatMillis() default 5000;

    @AttributeDefinition(description = "Disconnect after this many missed heartbeats (seed 5.4: 3)")
    int heartbeatMisses() default 3;

    @AttributeDefinition(description = "A client reconnecting within this many seconds resumes from its last ack")
    long resumeWindowSeconds() default 120;

    @AttributeDefinition(description = "At most this many unacknowledged frames are kept per participant")
    int replayLimit() default 10_000;

    @AttributeDefinition(description = "Re-validate each connection's token this often, in seconds (seed 5.6)")
    long reauthSeconds() default 60;

    @AttributeDefinition(description = "After an emergency stop: terminate (seed 7.3 default) or pause")
    String emergencyStop() default "terminate";

    @AttributeDefinition(description = "How many ended sessions are remembered for GET state")
    int endedKept() default 1000;

    @AttributeDefinition(description = "Public base URL of the session WebSocket, for the manifest's channels.ws")
    String wsBase() default "ws://localhost:8181/ws/sessions/";

    @AttributeDefinition(
            description = "On a hot swap, in-flight intents may finish on the old adapter for at most this many ms")
    long swapDrainMillis() default 50;

    @AttributeDefinition(
            description = "This node's base URL as other nodes reach it (REST and WebSocket calls for the sessions it"
                    + " owns are forwarded there); empty: http://127.0.0.1:8181")
    String nodeUrl() default "";

    @AttributeDefinition(
            description = "A node that has not renewed its lease in the shared database for this many seconds is"
                    + " dead, and the other nodes take its sessions over")
    long leaseSeconds() default 5;
}
