-- Known fact-checks and debunked narratives, the embedding cache, detected claims and findings.
CREATE TABLE factchecks (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,   -- the native id (ClaimReview url, EUvsDisinfo case URL, vclaim_id)
    collection    TEXT NOT NULL,          -- the import it came from
    claim         TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    rating        TEXT,
    publisher     TEXT,
    published_at  TEXT,
    url           TEXT,
    language      TEXT NOT NULL DEFAULT 'und',
    claim_folded  TEXT NOT NULL,
    title_folded  TEXT NOT NULL,
    extra         TEXT NOT NULL DEFAULT '{}',
    raw           TEXT NOT NULL DEFAULT '',
    imported_at   TEXT NOT NULL,
    run_id        INTEGER
);
CREATE INDEX factchecks_collection ON factchecks (collection);

CREATE VIRTUAL TABLE factchecks_fts USING fts5 (
    claim_folded, title_folded,
    content = 'factchecks', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER factchecks_fts_insert AFTER INSERT ON factchecks BEGIN
    INSERT INTO factchecks_fts (rowid, claim_folded, title_folded) VALUES (new.seq, new.claim_folded, new.title_folded);
END;
CREATE TRIGGER factchecks_fts_delete AFTER DELETE ON factchecks BEGIN
    INSERT INTO factchecks_fts (factchecks_fts, rowid, claim_folded, title_folded)
    VALUES ('delete', old.seq, old.claim_folded, old.title_folded);
END;

-- Vectors by content hash and model: the same text is never embedded twice.
CREATE TABLE embeddings (
    hash    TEXT NOT NULL,
    model   TEXT NOT NULL,
    vector  BLOB NOT NULL,
    PRIMARY KEY (hash, model)
) WITHOUT ROWID;

-- Check-worthy sentences found in stored documents.
CREATE TABLE claims (
    id            TEXT PRIMARY KEY,       -- document id + span
    document_id   TEXT NOT NULL,
    start         INTEGER NOT NULL,
    end           INTEGER NOT NULL,
    text          TEXT NOT NULL,
    language      TEXT NOT NULL,
    score         REAL NOT NULL,
    checkworthy   INTEGER NOT NULL,
    analyser      TEXT NOT NULL,
    detected_at   TEXT NOT NULL,
    matched_at    TEXT
);
CREATE INDEX claims_document ON claims (document_id);
CREATE INDEX claims_unmatched ON claims (checkworthy, matched_at);

-- Every analyser's results, with its versioned name and evidence.
CREATE TABLE findings (
    id          INTEGER PRIMARY KEY,
    analyser    TEXT NOT NULL,            -- e.g. core.claims.match.v1
    kind        TEXT NOT NULL,            -- e.g. claim_match
    subject     TEXT NOT NULL,            -- what it is about: a claim id, a document id, a network id
    object      TEXT,                     -- what it points to: a fact-check id, ...
    score       REAL,
    tier        TEXT,
    payload     TEXT NOT NULL DEFAULT '{}',
    ran_at      TEXT NOT NULL
);
CREATE INDEX findings_subject ON findings (kind, subject);
