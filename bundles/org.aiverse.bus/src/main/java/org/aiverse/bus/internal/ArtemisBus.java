package org.aiverse.bus.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
    /** Publishers are striped so that concurrent senders rarely wait for each other (a JMSContext is single-threaded). */
    private static final int PUBLISHERS = 4;

    private final ActiveMQConnectionFactory factory;
    private final String url;
    private final ScheduledExecutorService connector;
    private final Set<ListenerSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final Publisher[] publishers = new Publisher[PUBLISHERS];
    private volatile JMSContext root;
    private volatile String lastError = "connecting";
    private volatile boolean closed;

    @Activate
    public ArtemisBus(Config config) {
        this.url = config.url();
        this.factory = config.user().isEmpty()
                ? new ActiveMQConnectionFactory(url)
                : new ActiveMQConnectionFactory(url, config.user(), config.password());
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aiverse-bus-connect");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < PUBLISHERS; i++) {
            publishers[i] = new Publisher();
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
            for (Publisher p : publishers) {
                p.attach(context.createContext(JMSContext.AUTO_ACKNOWLEDGE));
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
        String address = address(topic);
        if (root == null) {
            throw new BusUnavailableException("bus not connected: " + lastError, null);
        }
        Publisher p = publishers[(int) (Thread.currentThread().getId() % PUBLISHERS)];
        p.send(address, body);
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

    /** One single-threaded JMS context used under a lock. */
    private static final class Publisher {
        private final ReentrantLock lock = new ReentrantLock();
        private final Map<String, Topic> topics = new ConcurrentHashMap<>();
        private JMSContext context;
        private JMSProducer producer;

        void attach(JMSContext newContext) {
            lock.lock();
            try {
                this.context = newContext;
                this.producer = newContext.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT);
                topics.clear();
            } finally {
                lock.unlock();
            }
        }

        void send(String address, byte[] body) {
            lock.lock();
            try {
                Topic t = topics.computeIfAbsent(address, context::createTopic);
                producer.send(t, body);
            } catch (JMSRuntimeException e) {
                throw new BusUnavailableException("publish to " + address + " failed: " + e.getMessage(), e);
            } finally {
                lock.unlock();
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
