package org.aiverse.benchmarks.auth;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The methods of {@link TokenValidationBenchmark}, each run on one thread for a while and divided by the CPU time
 * that thread used: validations per second per core, a figure that holds on a machine shared with other work (the
 * wall-clock throughput of JMH does not). Prints every figure and the ratio of each validation to its signature
 * check alone.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar org.aiverse.benchmarks.auth.TokenValidationCpu
 * [seconds per method=5]}.
 */
public final class TokenValidationCpu {

    private static final PrintStream OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private TokenValidationCpu() {}

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        TokenValidationBenchmark b = new TokenValidationBenchmark();
        b.setUp();
        Map<String, Supplier<Object>> methods = new LinkedHashMap<>();
        methods.put("validateEd25519Jws (signature remembered)", b::validateEd25519Jws);
        methods.put("validateEs256Jws (signature remembered)", b::validateEs256Jws);
        methods.put("validateEs256Hive (signature remembered)", b::validateEs256Hive);
        methods.put("validateEd25519JwsUncached", b::validateEd25519JwsUncached);
        methods.put("verifyOnlyEd25519BouncyCastle", b::verifyOnlyEd25519BouncyCastle);
        methods.put("validateEs256JwsUncached", b::validateEs256JwsUncached);
        methods.put("verifyOnlyEs256BouncyCastle", b::verifyOnlyEs256BouncyCastle);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (Map.Entry<String, Supplier<Object>> m : methods.entrySet()) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                long ops = 0;
                long budget = (long) (seconds * 1e9 / (round == 0 ? 3 : 1));
                while (System.nanoTime() - wall0 < budget) {
                    for (int i = 0; i < 64; i++) {
                        if (m.getValue().get() == null) {
                            throw new IllegalStateException(m.getKey());
                        }
                    }
                    ops += 64;
                }
                double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                rates.put(m.getKey(), ops / cpuSeconds);
            }
        }
        for (Map.Entry<String, Double> r : rates.entrySet()) {
            OUT.printf(Locale.ROOT, "%-45s %,12.0f per CPU-second%n", r.getKey(), r.getValue());
        }
        OUT.printf(
                Locale.ROOT,
                "RATIO Ed25519 validation (signature verified) / signature check alone = %.2f%n",
                rates.get("validateEd25519JwsUncached") / rates.get("verifyOnlyEd25519BouncyCastle"));
        OUT.printf(
                Locale.ROOT,
                "RATIO ES256 validation (signature verified) / signature check alone = %.2f%n",
                rates.get("validateEs256JwsUncached") / rates.get("verifyOnlyEs256BouncyCastle"));
        OUT.printf(
                Locale.ROOT,
                "Ed25519 target >= 20,000/s per core: signature verified %s, signature remembered %s%n",
                rates.get("validateEd25519JwsUncached") >= 20_000 ? "met" : "NOT met",
                rates.get("validateEd25519Jws (signature remembered)") >= 20_000 ? "met" : "NOT met");
    }
}
