package org.aiverse.session.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.aiverse.contracts.ValidationException;
import org.aiverse.contracts.api.FrameType;
import org.aiverse.contracts.api.WsFrame;
import org.aiverse.contracts.percept.Percept;
import org.aiverse.contracts.percept.PerceptType;
import org.aiverse.json.Json;
import org.junit.jupiter.api.Test;

class InboundFrameTest {

    static final String PERCEPT = "{\"id\":\"p_1\",\"type\":\"chat\",\"source\":\"user\",\"ts\":1712345678,"
            + "\"payload\":{\"text\":\"Tell me about picture 7\",\"n\":3,\"none\":null,\"list\":[1,{\"k\":true}]},"
            + "\"meta\":{\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"}}";

    static String frame(String type, String payload) {
        return "{\"type\":\"" + type + "\",\"seq\":3,\"ts\":5" + (payload == null ? "" : ",\"payload\":" + payload)
                + "}";
    }

    @Test
    void aPerceptIsReadFromTheFramesTokensAsFromItsText() {
        InboundFrame frame = Json.read(frame("event", PERCEPT), InboundFrame.class);
        assertThat(frame.type()).isEqualTo(FrameType.EVENT);
        assertThat(frame.seq()).isEqualTo(3);
        assertThat(frame.ts()).isEqualTo(5);

        Percept percept = frame.payloadAs(Percept.class);
        assertThat(percept).isEqualTo(Json.read(PERCEPT, Percept.class));
        assertThat(percept.type()).isEqualTo(PerceptType.CHAT);
        assertThat(percept.payload()).containsEntry("n", 3L).containsKey("none");
        assertThat(frame.member("rtc")).isNull();
        assertThat(LiveSession.traceparent(frame.member("meta")))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        // the same frame read as the contract's envelope carries the same payload
        assertThat(frame.map())
                .isEqualTo(Json.read(frame("event", PERCEPT), WsFrame.class).payload());
    }

    @Test
    void badInputNamesTheFieldFromTheFrame() {
        InboundFrame noId = Json.read(frame("event", PERCEPT.replace("\"id\":\"p_1\",", "")), InboundFrame.class);
        assertThat(catchThrowableOfType(ValidationException.class, () -> noId.payloadAs(Percept.class))
                        .field())
                .isEqualTo("payload.id");
        InboundFrame badTs = Json.read(frame("event", PERCEPT.replace("1712345678", "\"soon\"")), InboundFrame.class);
        ValidationException ts = catchThrowableOfType(ValidationException.class, () -> badTs.payloadAs(Percept.class));
        assertThat(ts.field()).isEqualTo("payload.ts");
        assertThat(ts.reason()).isEqualTo("expected integer, got string");

        assertThat(catchThrowableOfType(
                                ValidationException.class, () -> Json.read(frame("ack", "[1]"), InboundFrame.class))
                        .field())
                .isEqualTo("payload");
        assertThat(catchThrowableOfType(
                                ValidationException.class,
                                () -> Json.read(
                                        frame("ack", "{}").replace("\"seq\":3", "\"seq\":0"), InboundFrame.class))
                        .field())
                .isEqualTo("seq");
        assertThat(catchThrowableOfType(
                                ValidationException.class,
                                () -> Json.read(frame("ack", "{\"a\":1,\"a\":2}"), InboundFrame.class))
                        .reason())
                .contains("a");
    }

    @Test
    void anAbsentOrNullPayloadIsEmpty() {
        assertThat(Json.read(frame("heartbeat", null), InboundFrame.class).map())
                .isEqualTo(Map.of());
        InboundFrame none = Json.read(frame("event", "null"), InboundFrame.class);
        assertThat(none.map()).isEqualTo(Map.of());
        assertThat(none.member("rtc")).isNull();
        assertThat(catchThrowableOfType(ValidationException.class, () -> none.payloadAs(Percept.class))
                        .field())
                .startsWith("payload.");
    }

    @Test
    void membersAreReadWithoutTheRest() {
        InboundFrame rtc = Json.read(
                frame("event", "{\"before\":{\"x\":[1,2,{\"y\":3}]},\"rtc\":{\"kind\":\"offer\",\"to\":\"engine\"}}"),
                InboundFrame.class);
        assertThat(rtc.member("rtc")).isEqualTo(Map.of("kind", "offer", "to", "engine"));
        assertThat(rtc.member("x")).isNull(); // nested members are not top-level ones
        assertThat(rtc.map()).containsKeys("before", "rtc");
    }

    @Test
    void traceIdsMustBeLowercaseHexOfTheirLength() {
        assertThat(LiveSession.lowerHex("00f067aa0ba902b7", 16)).isTrue();
        assertThat(LiveSession.lowerHex("00F067AA0BA902B7", 16)).isFalse();
        assertThat(LiveSession.lowerHex("00f067aa0ba902b", 16)).isFalse();
        assertThat(LiveSession.lowerHex("00f067aa0ba902bg", 16)).isFalse();
        assertThat(LiveSession.traceparent(Map.of("trace_id", "x", "span_id", "00f067aa0ba902b7")))
                .isNull();
        assertThat(LiveSession.traceparent(null)).isNull();
    }
}
