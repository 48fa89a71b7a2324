-- Documents, their full-text index over folded title and text, ingest runs, quarantine and
-- conditional-GET state for polled URLs.
CREATE TABLE documents (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    source        TEXT NOT NULL,
    source_kind   TEXT NOT NULL,
    native_id     TEXT,
    url           TEXT,
    author        TEXT,
    author_name   TEXT,
    published_at  TEXT,
    collected_at  TEXT NOT NULL,
    language      TEXT NOT NULL,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    title_folded  TEXT NOT NULL,
    folded        TEXT NOT NULL,
    links         TEXT NOT NULL DEFAULT '[]',
    shared_from   TEXT,
    engagement    TEXT NOT NULL DEFAULT '{}',
    raw           TEXT NOT NULL,
    flags         TEXT NOT NULL DEFAULT '[]',
    position      TEXT NOT NULL,
    run_id        INTEGER
);
CREATE INDEX documents_published ON documents (published_at);
CREATE INDEX documents_source ON documents (source);

CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title_folded, folded,
    content = 'documents', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts (rowid, title_folded, folded) VALUES (new.seq, new.title_folded, new.folded);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts (documents_fts, rowid, title_folded, folded)
    VALUES ('delete', old.seq, old.title_folded, old.folded);
END;

CREATE TABLE runs (
    id                  INTEGER PRIMARY KEY,
    command             TEXT NOT NULL,
    started_at          TEXT NOT NULL,
    finished_at         TEXT,
    status              TEXT NOT NULL DEFAULT 'running',
    locations           TEXT NOT NULL DEFAULT '[]',
    options             TEXT NOT NULL DEFAULT '{}',
    read                INTEGER NOT NULL DEFAULT 0,
    stored              INTEGER NOT NULL DEFAULT 0,
    duplicates          INTEGER NOT NULL DEFAULT 0,
    quarantined         INTEGER NOT NULL DEFAULT 0,
    language_identifier TEXT,
    error               TEXT
);

CREATE TABLE quarantine (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs (id),
    source      TEXT,
    position    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    snippet     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX quarantine_run ON quarantine (run_id);

CREATE TABLE fetch_state (
    url            TEXT PRIMARY KEY,
    etag           TEXT,
    last_modified  TEXT,
    fetched_at     TEXT NOT NULL
);
