package org.aiverse.bus;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publish/subscribe over named topics, delivered to every subscriber on every node. Topic names are dotted
 * lower-case words, for example {@code session.sess_001.state}.
 */
@ProviderType
public interface Bus {

    /**
     * Sends {@code body} to every current subscriber of {@code topic}. Never waits for the broker: the message is
     * queued and sent in order with the other messages of its topic.
     *
     * @throws BusUnavailableException when the broker is not reachable now, or so far behind that the queue is full
     */
    void publish(String topic, byte[] body);

    /**
     * {@link #publish(String, byte[])} for a message that a full queue must not drop: with {@code critical}, it is
     * queued all the same (seed 5.4: {@code state}, {@code error}, {@code ack} and {@code heartbeat} frames are never
     * dropped). Still never waits for the broker.
     *
     * @throws BusUnavailableException when the broker is not reachable now, or the queue is full and the message
     *     is not critical
     * @since 1.1
     */
    default void publish(String topic, byte[] body, boolean critical) {
        publish(topic, body);
    }

    /**
     * Delivers every message published to {@code topic} from now on to {@code listener}, on a bus thread, in
     * publication order per publisher. Subscriptions made while the broker is unreachable start when it is.
     */
    Subscription subscribe(String topic, Consumer<byte[]> listener);

    /** Whether the broker is reachable now. */
    boolean connected();

    /** An active subscription; closing it stops delivery. Closing twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
