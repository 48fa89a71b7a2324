-- Narratives: groups of documents that keep their identity as new documents arrive.
CREATE TABLE narratives (
    id              TEXT PRIMARY KEY,         -- n- + hash of the document that opened it
    analyser        TEXT NOT NULL,            -- e.g. core.narratives.tdt.v1
    first_document  TEXT NOT NULL,
    first_seen      TEXT,                     -- ISO time of its earliest member
    last_seen       TEXT,
    size            INTEGER NOT NULL,
    status          TEXT NOT NULL DEFAULT 'active',   -- active | merged
    merged_into     TEXT,
    centroid        TEXT NOT NULL,            -- JSON [[term id, summed weight], ...], heaviest first
    terms           TEXT NOT NULL,            -- JSON {term: count} of its members, for labels
    label           TEXT NOT NULL DEFAULT '[]',
    checked_size    INTEGER NOT NULL DEFAULT 0,   -- its size when last checked for a split
    updated_at      TEXT NOT NULL
);
CREATE INDEX narratives_status ON narratives (status, last_seen);

CREATE TABLE narrative_members (
    document_id   TEXT PRIMARY KEY,
    narrative_id  TEXT NOT NULL,
    similarity    REAL NOT NULL,
    day           TEXT                        -- YYYY-MM-DD of publication (UTC), NULL when undated
);
CREATE INDEX narrative_members_narrative ON narrative_members (narrative_id);

CREATE TABLE narrative_daily (
    narrative_id  TEXT NOT NULL,
    day           TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (narrative_id, day)
) WITHOUT ROWID;

-- Documents that fitted no narrative yet: a new one may join them (bounded: the newest only).
CREATE TABLE narrative_pending (
    document_id   TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL,
    published_at  TEXT,
    vector        TEXT NOT NULL,              -- JSON [[term id, weight], ...]
    terms         TEXT NOT NULL               -- JSON {term: count}
);
CREATE INDEX narrative_pending_seq ON narrative_pending (seq);

-- How many documents each term appeared in (term ids are hashes of folded words).
CREATE TABLE narrative_df (
    term  INTEGER PRIMARY KEY,
    df    INTEGER NOT NULL
);

-- Openings, merges and splits, in order.
CREATE TABLE narrative_events (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    kind          TEXT NOT NULL,              -- open | merge | split
    narrative_id  TEXT NOT NULL,
    other_id      TEXT,                       -- merge: the one merged into it; split: the new one
    detail        TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE narrative_state (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
