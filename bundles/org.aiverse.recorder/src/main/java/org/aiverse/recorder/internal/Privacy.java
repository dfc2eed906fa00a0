package org.aiverse.recorder.internal;

import java.util.List;
import java.util.Map;

/**
 * Whether an event is linked to a non-exportable memory (seed 4.8 {@code privacy.exportable=false}, seed 7.1,
 * 7.4): such events are left out of highlights and withheld from exports.
 */
final class Privacy {

    private Privacy() {}

    static boolean nonExportable(Map<String, Object> payload) {
        if (exportableFalse(payload.get("privacy"))) {
            return true;
        }
        if (payload.get("memory") instanceof Map<?, ?> m && exportableFalse(m.get("privacy"))) {
            return true;
        }
        if (payload.get("memory_refs") instanceof List<?> refs) {
            for (Object o : refs) {
                if (o instanceof Map<?, ?> m
                        && (Boolean.FALSE.equals(m.get("exportable")) || exportableFalse(m.get("privacy")))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean exportableFalse(Object privacy) {
        return privacy instanceof Map<?, ?> p && Boolean.FALSE.equals(p.get("exportable"));
    }
}
