-- API tokens for analysts' scripts (Authorization: Bearer ...). Only a
-- SHA-256 of the token is kept: the token itself is shown once, when made.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'analyst')),
    hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
