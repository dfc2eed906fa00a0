package org.aiverse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TraceparentTest {

    @Test
    void parsesFormatsAndRejectsInvalid() {
        String h = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Traceparent t = Traceparent.parse(h);
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(t.toString()).isEqualTo(h);
        assertThat(Traceparent.parse(null)).isNull();
        assertThat(Traceparent.parse("garbage")).isNull();
        assertThat(Traceparent.parse("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
                .isNull();
        Traceparent child = t.child(new SplittableRandom(1));
        assertThat(child.traceId()).isEqualTo(t.traceId());
        assertThat(child.spanId()).hasSize(16).isNotEqualTo(t.spanId());
        assertThat(Traceparent.parse(Traceparent.root(new SplittableRandom(2)).toString()))
                .isNotNull();
    }
}
