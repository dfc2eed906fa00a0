package org.aiverse.recorder.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * An event's stored canonical payload. Since migration V2 it is kept as its UTF-8 bytes in {@code payload_utf8} (the
 * bytes the frozen hash is computed over; Derby stored the text one character at a time, 14% of the platform's CPU at
 * 1,000 sessions); events recorded before keep their text in {@code payload} and a null {@code payload_utf8}.
 * Every reader of {@code recorder_event} selects both and asks here.
 */
final class StoredPayload {

    private StoredPayload() {}

    /** The canonical payload's UTF-8 bytes of the current row. */
    static byte[] bytes(ResultSet rs, int utf8Column, int textColumn) throws SQLException {
        byte[] utf8 = rs.getBytes(utf8Column);
        return utf8 != null ? utf8 : rs.getString(textColumn).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical payload's text of the current row. */
    static String text(ResultSet rs, int utf8Column, int textColumn) throws SQLException {
        byte[] utf8 = rs.getBytes(utf8Column);
        return utf8 != null ? new String(utf8, StandardCharsets.UTF_8) : rs.getString(textColumn);
    }
}
