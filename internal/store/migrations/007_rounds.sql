-- Invitation rounds: professionals (staff of organisations) answer a
-- survey by link, one response per link, changeable until the round closes.
--
-- Anonymity: a link's token is never stored, only its SHA-256, and the
-- invitations table is keyed by that hash (no row id, no time), so it has
-- no order of creation or use. A response is keyed by the SHA-256 of a
-- second secret, made when the response is first saved and given only to
-- the respondent; nothing in a response names, points to or can be ordered
-- against the invitation it came from. "used" is all a link keeps: that is
-- what one response per link strictly needs. No name, address, IP address,
-- user agent or time is kept for a response.

CREATE TABLE rounds (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    created_by      INTEGER REFERENCES users (id),
    survey_id       TEXT NOT NULL,
    survey_version  INTEGER NOT NULL,
    survey_hash     TEXT NOT NULL,
    label           TEXT NOT NULL DEFAULT '' CHECK (length(label) <= 100),
    open_link       INTEGER NOT NULL CHECK (open_link IN (0, 1)), -- 1: one link for everyone
    links           INTEGER NOT NULL CHECK (links >= 1),          -- how many links were made
    opened_at       TEXT NOT NULL,
    closes_at       TEXT NOT NULL,
    closed_at       TEXT
);

CREATE TABLE invitations (
    hash     BLOB PRIMARY KEY CHECK (typeof(hash) = 'blob' AND length(hash) = 32),
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    used     INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
) WITHOUT ROWID;

CREATE TABLE responses (
    key      BLOB PRIMARY KEY CHECK (typeof(key) = 'blob' AND length(key) = 32),
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    lang     TEXT NOT NULL CHECK (length(lang) BETWEEN 2 AND 12)
) WITHOUT ROWID;
CREATE INDEX responses_round ON responses (round_id);

-- One row per answer: an item, or one cell of a matrix ("item.row"); code
-- as in answers: >= 0 the answer, -1 skipped, -2 "don't know".
CREATE TABLE response_answers (
    response BLOB NOT NULL REFERENCES responses (key) ON DELETE CASCADE,
    item     TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 81),
    code     INTEGER NOT NULL CHECK (code >= -2),
    PRIMARY KEY (response, item)
) WITHOUT ROWID;

-- Comments (text items), shown to analysts only after the round closes,
-- shuffled and with contact details masked.
CREATE TABLE response_texts (
    response BLOB NOT NULL REFERENCES responses (key) ON DELETE CASCADE,
    item     TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 40),
    text     TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
    PRIMARY KEY (response, item)
) WITHOUT ROWID;
