package org.aiverse.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The command line: {@code keygen}, {@code public} and {@code sign}. Run {@code java -jar aiverse-token.jar help}.
 */
public final class Main {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static final String USAGE = String.join(
            "\n",
            "aiverse-token: client keys and consent tokens for AI-Verse",
            "",
            "  keygen --out FILE [--alg EdDSA|ES256]   make a key pair, write the private JWK to FILE (mode 600),",
            "                                         print the public JWK (the owner_key of POST /api/v1/snapshots)",
            "  public --key FILE                      print the public JWK of a key file",
            "  sign --key FILE --sub SUB [--session ID] [--scopes a,b] [--origin URL] [--ttl SECONDS]",
            "       [--format jws|hive] [--single-use] [--iat UNIX] [--exp UNIX]",
            "                                         print a token for Authorization: Bearer",
            "",
            "  Defaults: --alg EdDSA, --session a random hive_ id, --scopes persona.use, --ttl 600,",
            "  --format jws (hive needs an ES256 key, as the Hive Container browser extension uses).");

    private Main() {}

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0])) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
            switch (args[0]) {
                case "keygen" -> {
                    ClientKey key = ClientKey.generate(opts.getOrDefault("alg", ClientKey.EDDSA));
                    Path file = Path.of(required(opts, "out"));
                    Files.write(file, JSON.writeValueAsBytes(key.privateJwk()));
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system
                    }
                    out.println(JSON.writeValueAsString(key.publicJwk()));
                }
                case "public" -> out.println(JSON.writeValueAsString(load(opts).publicJwk()));
                case "sign" -> out.println(sign(load(opts), opts));
                default -> {
                    err.println("unknown command " + args[0] + "\n" + USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("aiverse-token: " + e.getMessage());
            return 1;
        }
    }

    static String sign(ClientKey key, Map<String, String> opts) {
        long now = System.currentTimeMillis() / 1000;
        long iat = Long.parseLong(opts.getOrDefault("iat", Long.toString(now)));
        long exp = opts.containsKey("exp")
                ? Long.parseLong(opts.get("exp"))
                : iat + Long.parseLong(opts.getOrDefault("ttl", "600"));
        List<String> scopes = List.of(opts.getOrDefault("scopes", "persona.use").split(","));
        TokenSigner.Claims claims = new TokenSigner.Claims(
                required(opts, "sub"),
                opts.getOrDefault(
                        "session", "hive_" + UUID.randomUUID().toString().substring(0, 8)),
                scopes,
                iat,
                exp,
                opts.get("origin"),
                opts.containsKey("single-use") ? UUID.randomUUID().toString() : null);
        return "hive".equals(opts.getOrDefault("format", "jws"))
                ? TokenSigner.hive(key, claims)
                : TokenSigner.jws(key, claims);
    }

    private static ClientKey load(Map<String, String> opts) throws IOException {
        Map<String, Object> jwk =
                JSON.readValue(Files.readAllBytes(Path.of(required(opts, "key"))), new TypeReference<>() {});
        return ClientKey.fromPrivateJwk(jwk);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        int i = 0;
        while (i < args.length) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if ("single-use".equals(name)) {
                opts.put(name, "true");
                i++;
            } else if (i + 1 < args.length) {
                opts.put(name, args[i + 1]);
                i += 2;
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
