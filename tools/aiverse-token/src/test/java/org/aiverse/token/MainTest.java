package org.aiverse.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    final ObjectMapper json = new ObjectMapper();

    String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err));
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void keygenWritesAKeyWhosePublicJwkAndKidAreStable() throws Exception {
        String file = dir.resolve("key.jwk").toString();
        Map<String, Object> printed =
                json.readValue(run("keygen", "--alg", "ES256", "--out", file), new TypeReference<>() {});
        Map<String, Object> again = json.readValue(run("public", "--key", file), new TypeReference<>() {});
        assertThat(printed).isEqualTo(again).doesNotContainKey("d");
        assertThat(printed.get("kid"))
                .isEqualTo(ClientKey.thumbprint(
                        Map.of("kty", "EC", "crv", "P-256", "x", printed.get("x"), "y", printed.get("y"))));
    }

    @Test
    void hiveTokensAreSignedOverThePipeJoinedStringAsTheExtensionDoes() throws Exception {
        String file = dir.resolve("key.jwk").toString();
        run("keygen", "--alg", "ES256", "--out", file);
        String token = run(
                "sign",
                "--key",
                file,
                "--sub",
                "user_abc",
                "--session",
                "hive_1",
                "--scopes",
                "persona.use,memory.read.limited",
                "--origin",
                "https://world.example",
                "--format",
                "hive",
                "--iat",
                "1712345000",
                "--exp",
                "1712346800");
        Map<String, Object> t = json.readValue(Base64.getUrlDecoder().decode(token), new TypeReference<>() {});
        assertThat(t).containsEntry("alg", "ES256").containsEntry("sub", "user_abc");
        ClientKey key = ClientKey.fromPrivateJwk(json.readValue(Path.of(file).toFile(), new TypeReference<>() {}));
        Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
        s.initVerify(key.publicKey());
        s.update("user_abc|hive_1|persona.use,memory.read.limited|1712345000|1712346800|https://world.example"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(s.verify(Base64.getUrlDecoder().decode((String) t.get("signature"))))
                .isTrue();
    }

    @Test
    void ed25519JwsTokensVerifyWithTheExportedKey() throws Exception {
        String file = dir.resolve("ed.jwk").toString();
        run("keygen", "--out", file);
        String token = run("sign", "--key", file, "--sub", "u", "--single-use");
        String[] parts = token.split("\\.");
        Map<String, Object> claims = json.readValue(Base64.getUrlDecoder().decode(parts[1]), new TypeReference<>() {});
        assertThat(claims).containsKeys("jti", "iat", "exp").containsEntry("sub", "u");
        ClientKey key = ClientKey.fromPrivateJwk(json.readValue(Path.of(file).toFile(), new TypeReference<>() {}));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key.publicKey());
        s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(s.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }
}
