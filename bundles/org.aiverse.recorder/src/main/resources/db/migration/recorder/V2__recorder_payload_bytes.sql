-- The canonical payload as its UTF-8 bytes (the bytes the frozen hash is computed over). Derby wrote a VARCHAR
-- payload to its log and its page one character at a time: about 14% of the platform's CPU at 1,000 sessions.
-- Events recorded from now on keep payload_utf8 and an empty payload; earlier events keep their text in payload
-- (payload_utf8 NULL), and readers take whichever the row has.
ALTER TABLE recorder_event ADD COLUMN payload_utf8 ${bytes};
