package org.aiverse.itests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the servers a test starts (HTTP, broker, RMI, SSH). A port is chosen below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 and up by default): a port the kernel hands out with
 * {@code bind(0)} is free when asked but may become the local end of one of the many outgoing connections (JDBC
 * pools, RMI, the broker) before the container binds it, and the server then cannot listen on it. No port is handed
 * out twice by one test JVM.
 */
final class Ports {

    /** Above Pax Exam's own RMI ports (21000 to 21099) and every default port of Karaf and Artemis. */
    private static final int LOW = 22_000;

    private static final int HIGH = 32_000;
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private Ports() {}

    /** A port that no server listens on now, neither on the wildcard address nor on loopback. */
    static int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }

    private static boolean bindable(int port) {
        try (ServerSocket wildcard = new ServerSocket();
                ServerSocket loopback = new ServerSocket()) {
            wildcard.setReuseAddress(true);
            wildcard.bind(new InetSocketAddress(port));
            wildcard.close();
            loopback.setReuseAddress(true);
            loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
