-- A questionnaire filled in on paper and typed in by a worker (entered
-- twice, the two typings compared) is marked as such, so analysts can
-- tell the modes apart and the codebook can say so.
ALTER TABLE submissions ADD COLUMN paper INTEGER NOT NULL DEFAULT 0 CHECK (paper IN (0, 1));
