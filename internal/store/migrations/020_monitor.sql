-- The monitor a rights body can defend.
--
-- Every registration figure cites the published table it comes from: the
-- publication, the table and the year it was published or read. Figures
-- imported before this migration keep empty citations and their URL.
ALTER TABLE registration_values ADD COLUMN publication TEXT NOT NULL DEFAULT '';
ALTER TABLE registration_values ADD COLUMN table_name TEXT NOT NULL DEFAULT '';
ALTER TABLE registration_values ADD COLUMN published TEXT NOT NULL DEFAULT '';

-- Registration indicators an administrator declares from the admin pages:
-- the definition as the YAML a file in surveys/registration holds, with
-- its texts in every language, checked by the same loader. They join the
-- catalogue at start and when declared.
CREATE TABLE registration_definitions (
    id          TEXT PRIMARY KEY,
    yaml        TEXT NOT NULL,
    texts       TEXT NOT NULL, -- JSON: language -> message id -> text
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT NOT NULL
);

-- A session is a whole questionnaire, one theme of it, or ideas only.
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'full' CHECK (kind IN ('full', 'theme', 'ideas'));
ALTER TABLE sessions ADD COLUMN theme TEXT NOT NULL DEFAULT '';

-- The "before you start" screen a worker fills: what the session is for,
-- who decides, what can and cannot change, and when the group hears back.
-- Kept with the session, so the process figures can show it was done.
CREATE TABLE session_preparations (
    session_id    INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    purpose       TEXT NOT NULL,
    decides       TEXT NOT NULL, -- organisation, school, municipality, youth_care, flemish_government or other
    decides_note  TEXT NOT NULL DEFAULT '',
    can_change    TEXT NOT NULL,
    cannot_change TEXT NOT NULL,
    hear_back     TEXT NOT NULL, -- a day, 2026-05-31
    prepared_at   TEXT NOT NULL
);

-- The children's-rights theme a worker gives one of the children's topics,
-- so the analysts' topic counts can say what children raise by theme.
ALTER TABLE topics ADD COLUMN theme TEXT NOT NULL DEFAULT '' CHECK (length(theme) <= 40);
