package org.aiverse.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryCipherTest {

    @TempDir
    Path dir;

    @Test
    void sealsWithAFreshNonceAndOpensOnlyWithTheSameKeyAndBinding() {
        Path store = dir.resolve("keys.p12");
        MemoryCipher cipher = MemoryCipher.fromKeyStore(store, "pw".toCharArray());
        byte[] text = "the curator's secret".getBytes(StandardCharsets.UTF_8);
        String a = cipher.seal("ps|1|m1", text);
        String b = cipher.seal("ps|1|m1", text);
        assertThat(a).isNotEqualTo(b);
        assertThat(new String(Base64.getDecoder().decode(a), StandardCharsets.ISO_8859_1))
                .doesNotContain("secret");
        assertThat(cipher.open("ps|1|m1", a)).isEqualTo(text);
        // the same key store opens it after a restart
        assertThat(MemoryCipher.fromKeyStore(store, "pw".toCharArray()).open("ps|1|m1", b))
                .isEqualTo(text);
        // a sealed value moved to another row, or tampered, does not open
        assertThatThrownBy(() -> cipher.open("ps|1|m2", a)).isInstanceOf(IllegalStateException.class);
        byte[] raw = Base64.getDecoder().decode(a);
        raw[raw.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open("ps|1|m1", Base64.getEncoder().encodeToString(raw)))
                .isInstanceOf(IllegalStateException.class);
        // another key store's key does not open it
        MemoryCipher other = MemoryCipher.fromKeyStore(dir.resolve("other.p12"), "pw".toCharArray());
        assertThatThrownBy(() -> other.open("ps|1|m1", a)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAConfiguredPasswordOneIsGeneratedOnceAndKept() throws Exception {
        Path store = dir.resolve("generated.p12");
        MemoryCipher first = MemoryCipher.configured(store.toString(), "");
        String sealed = first.seal("x", new byte[] {1, 2, 3});
        Path password = Path.of(store + ".password");
        assertThat(password).exists();
        String generated = Files.readString(password);
        assertThat(generated).hasSizeGreaterThanOrEqualTo(32);
        assertThat(MemoryCipher.configured(store.toString(), " ").open("x", sealed))
                .containsExactly(1, 2, 3);
        assertThat(MemoryCipher.configured(store.toString(), generated).open("x", sealed))
                .containsExactly(1, 2, 3);
    }
}
