-- Keys belong to their database. The record secret (in the key file beside
-- the database, never in it) decides the noise on every published count;
-- a copy of the database started with another secret would give other
-- noise for the same question, and the two could be averaged. So the
-- database keeps a fingerprint of the secret its figures were made with
-- (an HMAC of a fixed text under the secret, 8 bytes in hex: it names the
-- secret without giving it away). Starting with another secret is refused
-- unless the operator starts a new epoch on purpose; each epoch is a row.
CREATE TABLE noise_epochs (
    epoch       INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 16 AND fingerprint NOT GLOB '*[^0-9a-f]*'),
    started_at  TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (reason IN ('first start', 'new epoch'))
);

-- An API token belongs to an organisation and sees what a user of its
-- role there sees. Only an admin's token may see every organisation's
-- records (organisation_id NULL), as an admin does.
ALTER TABLE api_tokens ADD COLUMN organisation_id INTEGER REFERENCES organisations (id);

CREATE TRIGGER api_tokens_need_organisation BEFORE INSERT ON api_tokens
WHEN NEW.role <> 'admin' AND NEW.organisation_id IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an analyst''s API token belongs to an organisation');
END;

-- Analysts' tokens made before belong to no organisation: which one they
-- were meant for cannot be known, so they stop working, and the audit log
-- and the admin page say so. Admins' tokens keep seeing every
-- organisation's records, as before.
INSERT INTO audit (at, action, target, detail)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'token_revoke', name,
       'belonged to no organisation; make a new one for the organisation it serves (upgrade to schema 11)'
FROM api_tokens WHERE role <> 'admin' AND revoked_at IS NULL;
UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE role <> 'admin' AND revoked_at IS NULL;
