package org.aiverse.bus.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.jms.BytesMessage;
import javax.jms.DeliveryMode;
import javax.jms.JMSConsumer;
import javax.jms.JMSContext;
import javax.jms.JMSException;
import javax.jms.JMSProducer;
import javax.jms.JMSRuntimeException;
import javax.jms.Topic;
import org.aiverse.bus.Bus;
import org.aiverse.bus.BusUnavailableException;
import org.aiverse.contracts.health.ComponentHealth;
import org.aiverse.contracts.health.HealthContributor;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus on ActiveMQ Artemis. Topics map to multicast addresses {@code aiverse.<topic>}. Connecting happens
 * off the activation thread and is retried until the broker answers; the Artemis client then reconnects by
 * itself (the URL carries {@code reconnectAttempts=-1}).
 *
 * <p>Publishing never blocks the caller: session frames are published from WebSocket and decision threads, and a
 * broker round trip there stalled every session behind the slowest send (measured: a hundred threads parked on the
 * publisher lock at 1,000 frames/s). {@link #publish} queues the message on a lane chosen by its topic, so that one
 * topic's messages keep their order, and the lane's own thread sends it. Producer flow control is off unless the
 * URL sets {@code producerWindowSize}: non-persistent realtime messages are better dropped by the broker's address
 * policy than allowed to stall the platform, and without it every message to one of thousands of per-session
 * addresses waited for a credit round trip.
 */
@Component(
        service = {Bus.class, HealthContributor.class},
        immediate = true,
        configurationPid = "org.aiverse.bus",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ArtemisBus.Config.class)
public final class ArtemisBus implements Bus, HealthContributor {

    /** Where the broker is. */
    @ObjectClassDefinition(name = "AI-Verse bus", description = "The Artemis broker the realtime bus uses")
    public @interface Config {
        @AttributeDefinition(description = "Artemis core URL of the broker or cluster")
        String url() default "tcp://127.0.0.1:61616?reconnectAttempts=-1";

        @AttributeDefinition(required = false)
        String user() default "";

        @AttributeDefinition(required = false, type = AttributeType.PASSWORD)
        String password() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ArtemisBus.class);
    private static final String PREFIX = "aiverse.";
    private static final Pattern TOPIC = Pattern.compile("[a-z0-9_\\-]+(\\.[a-z0-9_\\-]+)*");
    /** Sending lanes: each has its own JMS context (single-threaded by contract) and its own thread. */
    private static final int LANES = 2;
    /**
     * Messages a lane holds before {@link #publish} refuses more that are not critical: about a second of a busy
     * node's frames.
     */
    private static final int LANE_CAPACITY = 32_768;

    private final ActiveMQConnectionFactory factory;
    private final String url;
    private final ScheduledExecutorService connector;
    private final Set<ListenerSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Lane[] lanes = new Lane[LANES];
    private volatile JMSContext root;
    private volatile String lastError = "connecting";
    private volatile boolean closed;

    @Activate
    public ArtemisBus(Config config) {
        this.url = config.url();
        this.factory = config.user().isEmpty()
                ? new ActiveMQConnectionFactory(url)
                : new ActiveMQConnectionFactory(url, config.user(), config.password());
        if (!url.contains("producerWindowSize")) {
            factory.setProducerWindowSize(-1);
        }
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-bus-connect");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new Lane(i);
        }
        connector.execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        try {
            JMSContext context = factory.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            context.setExceptionListener(e -> LOG.warn("Bus connection problem: {}", e.getMessage()));
            context.start();
            for (Lane l : lanes) {
                l.attach(context.createContext(JMSContext.AUTO_ACKNOWLEDGE));
            }
            root = context;
            lastError = null;
            for (ListenerSubscription s : subscriptions) {
                s.start(context);
            }
            LOG.info("Bus connected to {}", redacted(url));
        } catch (JMSRuntimeException e) {
            lastError = e.getMessage();
            LOG.debug("Bus not connected yet ({}); retrying", e.getMessage());
            connector.schedule(this::connect, 1, TimeUnit.SECONDS);
        }
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Deactivate
    void deactivate() {
        closed = true;
        connector.shutdownNow();
        for (Lane l : lanes) {
            l.stop();
        }
        for (ListenerSubscription s : subscriptions) {
            s.close();
        }
        JMSContext context = root;
        root = null;
        if (context != null) {
            try {
                context.close();
            } catch (JMSRuntimeException e) {
                LOG.debug("closing bus connection: {}", e.getMessage());
            }
        }
        factory.close();
    }

    static String address(String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic must be dotted lower-case words: " + topic);
        }
        return PREFIX + topic;
    }

    @Override
    public void publish(String topic, byte[] body) {
        publish(topic, body, false);
    }

    /** A critical message goes past a full lane: only the others are refused there. */
    @Override
    public void publish(String topic, byte[] body, boolean critical) {
        String address = address(topic);
        if (root == null) {
            throw new BusUnavailableException("bus not connected: " + lastError, null);
        }
        Lane lane = lanes[Math.floorMod(address.hashCode(), LANES)];
        if (!critical && lane.queue.size() >= LANE_CAPACITY) {
            lane.refused.incrementAndGet();
            throw new BusUnavailableException(
                    "bus lane " + lane.index + " is full (" + LANE_CAPACITY
                            + " messages): the broker is not keeping up",
                    null);
        }
        lane.queue.add(new Outgoing(address, body));
    }

    @Override
    public Subscription subscribe(String topic, Consumer<byte[]> listener) {
        ListenerSubscription s = new ListenerSubscription(address(topic), listener);
        subscriptions.add(s);
        JMSContext context = root;
        if (context != null) {
            s.start(context);
        }
        return s;
    }

    @Override
    public boolean connected() {
        return root != null;
    }

    /** A live check: a message published on a private topic comes back through the broker within two seconds. */
    @Override
    public ComponentHealth health() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("url", redacted(url));
        detail.put("subscriptions", subscriptions.size());
        long queued = 0;
        long sent = 0;
        long refused = 0;
        long failed = 0;
        for (Lane l : lanes) {
            queued += l.queue.size();
            sent += l.sent.get();
            refused += l.refused.get();
            failed += l.failed.get();
        }
        detail.put("queued", queued);
        detail.put("sent", sent);
        detail.put("refused", refused);
        detail.put("failed", failed);
        if (root == null) {
            return ComponentHealth.down("bus", "not connected: " + lastError, detail);
        }
        String topic = "health." + UUID.randomUUID().toString().replace("-", "");
        CountDownLatch echo = new CountDownLatch(1);
        long start = System.nanoTime();
        Subscription probe = subscribe(topic, body -> echo.countDown());
        try {
            publish(topic, new byte[] {1});
            if (!echo.await(2, TimeUnit.SECONDS)) {
                return ComponentHealth.down("bus", "no round trip through the broker within 2 s", detail);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ComponentHealth.down("bus", "interrupted", detail);
        } catch (RuntimeException e) {
            return ComponentHealth.down("bus", "round trip failed: " + e.getMessage(), detail);
        } finally {
            probe.close();
        }
        detail.put("round_trip_ms", (System.nanoTime() - start) / 1_000_000.0);
        return ComponentHealth.up("bus", detail);
    }

    private record Outgoing(String address, byte[] body) {}

    /** A queue of outgoing messages and the thread that sends them on its own JMS context, in queue order. */
    private static final class Lane implements Runnable {
        final int index;
        /** Bounded by {@link #publish} for messages that are not critical; critical ones are never refused. */
        final LinkedBlockingQueue<Outgoing> queue = new LinkedBlockingQueue<>();

        final AtomicLong sent = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final Map<String, Topic> topics = new HashMap<>();
        private final Thread thread;
        private volatile JMSContext context;
        private JMSProducer producer;
        private JMSContext producerContext;
        private long lastWarning;

        Lane(int index) {
            this.index = index;
            this.thread = new Thread(this, "aiverse-bus-send-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        void attach(JMSContext newContext) {
            context = newContext;
        }

        void stop() {
            thread.interrupt();
        }

        @Override
        public void run() {
            List<Outgoing> batch = new ArrayList<>(256);
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    batch.add(queue.take());
                    queue.drainTo(batch, 255);
                    for (Outgoing o : batch) {
                        send(o);
                    }
                    batch.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void send(Outgoing o) {
            JMSContext c = context;
            try {
                if (c != producerContext) {
                    producer = c.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                    producerContext = c;
                    topics.clear();
                }
                producer.send(topics.computeIfAbsent(o.address(), c::createTopic), o.body());
                sent.incrementAndGet();
            } catch (JMSRuntimeException e) {
                failed.incrementAndGet();
                long now = System.nanoTime();
                if (now - lastWarning > TimeUnit.SECONDS.toNanos(10)) {
                    lastWarning = now;
                    LOG.warn(
                            "Bus publish to {} failed ({} failures so far): {}",
                            o.address(),
                            failed.get(),
                            e.getMessage());
                }
            }
        }
    }

    /** A subscription with its own JMS context, so that listeners of different topics run independently. */
    private final class ListenerSubscription implements Subscription {
        private final String address;
        private final Consumer<byte[]> listener;
        private JMSContext context;
        private boolean closedSub;

        ListenerSubscription(String address, Consumer<byte[]> listener) {
            this.address = address;
            this.listener = listener;
        }

        synchronized void start(JMSContext rootContext) {
            if (closedSub || context != null) {
                return;
            }
            JMSContext c = rootContext.createContext(JMSContext.AUTO_ACKNOWLEDGE);
            JMSConsumer consumer = c.createConsumer(c.createTopic(address));
            consumer.setMessageListener(message -> {
                try {
                    BytesMessage m = (BytesMessage) message;
                    byte[] body = new byte[(int) m.getBodyLength()];
                    m.readBytes(body);
                    listener.accept(body);
                } catch (JMSException | RuntimeException e) {
                    LOG.warn("Bus listener on {} failed: {}", address, e.toString());
                }
            });
            context = c;
        }

        @Override
        public synchronized void close() {
            if (closedSub) {
                return;
            }
            closedSub = true;
            subscriptions.remove(this);
            if (context != null) {
                try {
                    context.close();
                } catch (JMSRuntimeException e) {
                    LOG.debug("closing subscription to {}: {}", address, e.getMessage());
                }
                context = null;
            }
        }
    }
}
