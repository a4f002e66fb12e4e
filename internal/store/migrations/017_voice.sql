-- One child's view in a decision about them: the one place Kinderstem
-- keeps personal data about a child. These tables stand apart from the
-- anonymous survey tables; no indicator, export, analyst page or API route
-- reads them, except the process figures, which read only the columns a
-- shell keeps (organisation, setting, asked, outcome, heard, days).
--
-- Every word (the worker's request, the child's say, the decision record,
-- the explanation) is sealed with AES-256-GCM under a data key of the
-- request's own (voice_texts). That key is kept only wrapped under the key
-- file's "voice" secret (voice_keys), never in the clear and never here.
-- Erasing a request deletes its key and its words with secure_delete and
-- leaves the request's row as an empty shell: the CHECK below keeps a
-- shell empty even for code that forgets.

CREATE TABLE voice_requests (
    id                  INTEGER PRIMARY KEY,
    organisation_id     INTEGER NOT NULL REFERENCES organisations (id),
    setting             TEXT NOT NULL CHECK (length(setting) BETWEEN 1 AND 40),
    asked               INTEGER NOT NULL CHECK (asked IN (0, 1)),
    -- Where the child is: waiting (asked, nothing sent), declined ("I don't
    -- want to take part now"), sent, withdrawn (took it back), not_asked.
    child               TEXT NOT NULL CHECK (child IN ('waiting', 'declined', 'sent', 'withdrawn', 'not_asked')),
    -- Fixed when the decision is recorded: what the child had done by then.
    outcome             TEXT CHECK (outcome IS NULL OR outcome IN ('view', 'declined', 'withdrawn', 'no_answer', 'not_asked')),
    heard               TEXT CHECK (heard IS NULL OR heard IN ('yes', 'some', 'no')),
    days_to_explanation INTEGER CHECK (days_to_explanation IS NULL OR days_to_explanation >= 0),
    rev                 INTEGER NOT NULL DEFAULT 0, -- every change adds one; a change made on an older rev is refused
    lang                TEXT CHECK (lang IS NULL OR length(lang) BETWEEN 2 AND 12),
    -- Days, never times of day.
    created_on          TEXT CHECK (created_on IS NULL OR created_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    changed_on          TEXT CHECK (changed_on IS NULL OR changed_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    sent_on             TEXT CHECK (sent_on IS NULL OR sent_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    decided_on          TEXT CHECK (decided_on IS NULL OR decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    explained_on        TEXT CHECK (explained_on IS NULL OR explained_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    read_on             TEXT CHECK (read_on IS NULL OR read_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    erased              INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
    CHECK (erased = 0 OR (lang IS NULL AND created_on IS NULL AND changed_on IS NULL AND sent_on IS NULL
        AND decided_on IS NULL AND explained_on IS NULL AND read_on IS NULL))
);
CREATE INDEX voice_requests_due ON voice_requests (erased, read_on, changed_on);

-- Who may read a request: the worker who made it (owner) and the colleagues
-- of the same organisation they add. Nobody else, whatever their role.
CREATE TABLE voice_readers (
    request_id INTEGER NOT NULL REFERENCES voice_requests (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    owner      INTEGER NOT NULL CHECK (owner IN (0, 1)),
    PRIMARY KEY (request_id, user_id)
) WITHOUT ROWID;
CREATE INDEX voice_readers_user ON voice_readers (user_id);

-- The child's way in: a personal link and a short code, both needed. Only
-- the SHA-256 of the link and an HMAC of the code (under a key made from
-- the key file's voice secret) are kept. Wrong codes lock the link.
CREATE TABLE voice_links (
    request_id   INTEGER PRIMARY KEY REFERENCES voice_requests (id),
    link_hash    BLOB NOT NULL UNIQUE CHECK (length(link_hash) = 32),
    code_mac     BLOB NOT NULL CHECK (length(code_mac) = 32),
    wrong        INTEGER NOT NULL DEFAULT 0 CHECK (wrong >= 0),
    locked_until TEXT,
    visit        INTEGER NOT NULL DEFAULT 0 -- a visit token of an older generation is void
);

-- The request's data key, wrapped (AES-256-GCM) under the key file's voice
-- secret; kek is that secret's fingerprint, so a foreign key file is named
-- rather than guessed at.
CREATE TABLE voice_keys (
    request_id INTEGER PRIMARY KEY REFERENCES voice_requests (id),
    kek        TEXT NOT NULL CHECK (length(kek) = 16),
    wrapped    BLOB NOT NULL
);

-- The sealed words, one row per part.
CREATE TABLE voice_texts (
    request_id INTEGER NOT NULL REFERENCES voice_requests (id),
    part       TEXT NOT NULL CHECK (part IN ('request', 'say', 'decision', 'explanation')),
    sealed     BLOB NOT NULL,
    PRIMARY KEY (request_id, part)
) WITHOUT ROWID;

-- How long an organisation keeps the words after the child read the
-- explanation; 90 days where an organisation has set nothing.
CREATE TABLE voice_retention (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    days            INTEGER NOT NULL CHECK (days BETWEEN 7 AND 730)
);
