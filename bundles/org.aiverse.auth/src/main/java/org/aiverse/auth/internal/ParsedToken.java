package org.aiverse.auth.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiverse.auth.api.ConsentDenied;
import org.aiverse.contracts.api.ErrorCode;
import org.aiverse.json.Json;

/**
 * A consent token read from either encoding of DESIGN §3, not yet verified.
 *
 * <ul>
 *   <li>Hive Container form: base64url of the JSON {@code {sessionId, sub, scopes, iat, exp, origin, signature,
 *       alg:"ES256", kid?}} (the bare JSON object is accepted too); signed input {@code sub|sessionId|scopes joined
 *       by ","|iat|exp|origin}, origin empty when absent; signature raw r||s, base64url (standard base64 accepted).
 *   <li>Compact JWS: {@code header.claims.signature}, header {@code alg} ({@code EdDSA} or {@code ES256}) and
 *       {@code kid} (required), claims of seed 4.4 plus optional {@code nbf} and {@code jti}; signed input the
 *       ASCII of {@code header.claims}.
 * </ul>
 *
 * @param alg {@code ES256} or {@code EdDSA}
 * @param kid the signing key's id; {@code null} for a Hive token without one
 * @param sub the user
 * @param sessionId the consented session
 * @param scopes the scopes
 * @param iat issued at
 * @param exp expiry
 * @param nbf not before; {@code null} when absent
 * @param origin the bound origin; {@code null} when absent
 * @param jti the single-use id; {@code null} for a reusable token
 * @param signingInput the bytes that were signed
 * @param signature the signature
 */
record ParsedToken(
        String alg,
        String kid,
        String sub,
        String sessionId,
        List<String> scopes,
        long iat,
        long exp,
        Long nbf,
        String origin,
        String jti,
        byte[] signingInput,
        byte[] signature) {

    /** Longer bearer values are refused unread. */
    static final int MAX_LENGTH = 8192;

    /** Reads a bearer value; every failure is {@code 401 invalid_token} (reason {@code malformed}). */
    static ParsedToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw malformed("no token");
        }
        if (token.length() > MAX_LENGTH) {
            throw malformed("token longer than " + MAX_LENGTH + " characters");
        }
        String t = token.strip();
        if (t.startsWith("{")) {
            return hive(Fields.read(t.getBytes(StandardCharsets.UTF_8), "token"));
        }
        int dot = t.indexOf('.');
        if (dot >= 0) {
            return jws(t, dot);
        }
        return hive(Fields.read(decode(t, 0, t.length(), "token"), "token"));
    }

    private static ParsedToken jws(String t, int dot) {
        int second = t.indexOf('.', dot + 1);
        if (second < 0 || t.indexOf('.', second + 1) >= 0) {
            throw malformed("a compact JWS has exactly three parts");
        }
        Fields header = Fields.read(decode(t, 0, dot, "header"), "header");
        Fields claims = Fields.read(decode(t, dot + 1, second, "claims"), "claims");
        byte[] signature = decode(t, second + 1, t.length(), "signature");
        String alg = header.text(Fields.ALG, true);
        if (!PublicJwk.EDDSA.equals(alg) && !PublicJwk.ES256.equals(alg)) {
            throw malformed("alg must be EdDSA or ES256");
        }
        if (header.has(Fields.CRIT)) {
            throw malformed("crit header parameters are not supported");
        }
        String kid = header.text(Fields.KID, true);
        byte[] signingInput = new byte[second];
        for (int i = 0; i < second; i++) {
            signingInput[i] = (byte) t.charAt(i); // base64url and '.': ASCII, checked by decode
        }
        return new ParsedToken(
                alg,
                kid,
                claims.text(Fields.SUB, true),
                claims.text(Fields.SESSION_ID, true),
                claims.scopes(),
                claims.number(Fields.IAT),
                claims.number(Fields.EXP),
                claims.has(Fields.NBF) ? claims.number(Fields.NBF) : null,
                claims.text(Fields.ORIGIN, false),
                claims.text(Fields.JTI, false),
                signingInput,
                signature);
    }

    private static ParsedToken hive(Fields token) {
        String alg = token.has(Fields.ALG) ? token.text(Fields.ALG, true) : PublicJwk.ES256;
        if (!PublicJwk.ES256.equals(alg)) {
            throw malformed("the Hive Container form is signed with ES256");
        }
        String sub = token.text(Fields.SUB, true);
        String sessionId = token.text(Fields.SESSION_ID, true);
        List<String> scopes = token.scopes();
        long iat = token.number(Fields.IAT);
        long exp = token.number(Fields.EXP);
        String origin = token.text(Fields.ORIGIN, false);
        String signed = sub + "|" + sessionId + "|" + String.join(",", scopes) + "|" + iat + "|" + exp + "|"
                + (origin == null ? "" : origin);
        return new ParsedToken(
                alg,
                token.text(Fields.KID, false),
                sub,
                sessionId,
                scopes,
                iat,
                exp,
                null,
                origin,
                null,
                signed.getBytes(StandardCharsets.UTF_8),
                decode(token.text(Fields.SIGNATURE, true), "signature"));
    }

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /**
     * Decodes base64url (standard base64 and padding accepted) of {@code s[from, to)} without copying the text
     * first: the characters go to a byte array once, the alphabet is mapped there.
     */
    private static byte[] decode(String s, int from, int to, String part) {
        int end = to;
        while (end > from && s.charAt(end - 1) == '=') {
            end--;
        }
        byte[] ascii = new byte[end - from];
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            ascii[i - from] = (byte) (c == '+' ? '-' : c == '/' ? '_' : c > 0x7f ? '!' : c);
        }
        try {
            return BASE64URL.decode(ascii);
        } catch (IllegalArgumentException e) {
            throw malformed(part + " is not base64url");
        }
    }

    private static byte[] decode(String b64, String part) {
        return decode(b64, 0, b64.length(), part);
    }

    /**
     * The members of a token's JSON object that validation reads, taken in one streaming pass (no tree): strings,
     * integers and the scope list as they appear, anything else remembered as "present but of the wrong type", so
     * the checks (and their messages) are the same whatever the order of the members. Duplicate members, trailing
     * content and anything but one object are malformed.
     */
    private static final class Fields {

        static final int ALG = 0;
        static final int KID = 1;
        static final int SUB = 2;
        static final int SESSION_ID = 3;
        static final int ORIGIN = 4;
        static final int JTI = 5;
        static final int SIGNATURE = 6;
        static final int IAT = 7;
        static final int EXP = 8;
        static final int NBF = 9;
        static final int CRIT = 10;
        static final int SCOPES = 11;
        private static final String[] NAMES = {
            "alg", "kid", "sub", "sessionId", "origin", "jti", "signature", "iat", "exp", "nbf", "crit", "scopes"
        };

        /** A member present with a value of another type than the one validation wants. */
        private static final Object WRONG = new Object();
        /** A member present with JSON {@code null}. */
        private static final Object NULL = new Object();

        private final Object[] values = new Object[NAMES.length];
        private final Set<String> others = new HashSet<>();

        private static int slot(String name) {
            switch (name) {
                case "alg":
                    return ALG;
                case "kid":
                    return KID;
                case "sub":
                    return SUB;
                case "sessionId":
                    return SESSION_ID;
                case "origin":
                    return ORIGIN;
                case "jti":
                    return JTI;
                case "signature":
                    return SIGNATURE;
                case "iat":
                    return IAT;
                case "exp":
                    return EXP;
                case "nbf":
                    return NBF;
                case "crit":
                    return CRIT;
                case "scopes":
                    return SCOPES;
                default:
                    return -1;
            }
        }

        static Fields read(byte[] json, String part) {
            Fields f = new Fields();
            try (JsonParser p = Json.mapper().getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw malformed(part + " is not a JSON object");
                }
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.getCurrentName();
                    JsonToken value = p.nextToken();
                    int slot = slot(name);
                    if (slot < 0) {
                        if (!f.others.add(name)) {
                            throw malformed(part + " is not JSON");
                        }
                        p.skipChildren();
                        continue;
                    }
                    if (f.values[slot] != null) {
                        throw malformed(part + " is not JSON");
                    }
                    f.values[slot] = value(p, value, slot);
                }
                if (next != JsonToken.END_OBJECT || p.nextToken() != null) {
                    throw malformed(part + " is not JSON");
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof ConsentDenied d) {
                    throw d;
                }
                throw malformed(part + " is not JSON");
            }
            return f;
        }

        private static Object value(JsonParser p, JsonToken value, int slot) throws IOException {
            if (value == JsonToken.VALUE_NULL) {
                return NULL;
            }
            if (slot == SCOPES) {
                if (value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    return WRONG;
                }
                List<String> scopes = new ArrayList<>(4);
                boolean ok = true;
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw new IOException("unterminated array");
                    }
                    if (e == JsonToken.VALUE_STRING) {
                        String s = p.getText();
                        ok &= !s.isBlank() && s.indexOf(',') < 0;
                        scopes.add(s);
                    } else {
                        ok = false;
                        p.skipChildren();
                    }
                }
                return ok ? List.copyOf(scopes) : SCOPE_ELEMENT;
            }
            if (slot >= IAT && slot <= NBF) {
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    JsonParser.NumberType type = p.getNumberType();
                    if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                        return p.getLongValue();
                    }
                }
                p.skipChildren();
                return WRONG;
            }
            if (value == JsonToken.VALUE_STRING) {
                return p.getText();
            }
            p.skipChildren();
            return WRONG;
        }

        /** Scopes present as an array with an element that is not a non-blank string without ','. */
        private static final Object SCOPE_ELEMENT = new Object();

        /** Whether the member is present (even as {@code null}), as {@code JsonNode.has}. */
        boolean has(int slot) {
            return values[slot] != null;
        }

        String text(int slot, boolean required) {
            Object v = values[slot];
            String name = NAMES[slot];
            if (v == null || v == NULL) {
                if (required) {
                    throw malformed(name + " is missing");
                }
                return null;
            }
            if (!(v instanceof String s) || s.isBlank()) {
                throw malformed(name + " must be a non-blank string");
            }
            if (slot != SIGNATURE && s.indexOf('|') >= 0) {
                throw malformed(name + " must not contain '|'");
            }
            return s;
        }

        long number(int slot) {
            if (!(values[slot] instanceof Long v) || v < 0) {
                throw malformed(NAMES[slot] + " must be a non-negative integer (Unix seconds)");
            }
            return v;
        }

        @SuppressWarnings("unchecked")
        List<String> scopes() {
            Object v = values[SCOPES];
            if (v == null || v == NULL) {
                return List.of();
            }
            if (v == SCOPE_ELEMENT) {
                throw malformed("scopes must be non-blank strings without ','");
            }
            if (!(v instanceof List<?>)) {
                throw malformed("scopes must be an array of strings");
            }
            return (List<String>) v;
        }
    }

    static ConsentDenied malformed(String message) {
        return new ConsentDenied(ErrorCode.INVALID_TOKEN, "malformed", "malformed token: " + message);
    }

    /** Only the claims, for logs: never the signature or the token. */
    Map<String, Object> describe() {
        return Map.of("sub", sub, "sessionId", sessionId, "alg", alg, "kid", kid == null ? "-" : kid);
    }
}
