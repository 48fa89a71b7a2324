-- Security events extracted from document sentences (who did what to whom, when, where).
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    document_id  TEXT NOT NULL,
    analyser     TEXT NOT NULL,
    sentence     TEXT NOT NULL,
    start        INTEGER NOT NULL,        -- the trigger's span in the document text
    end          INTEGER NOT NULL,
    action       TEXT NOT NULL,           -- deploy, supply_weapons, ... (open taxonomy)
    plover       TEXT NOT NULL,
    cameo_root   TEXT NOT NULL,
    actor        TEXT, actor_id TEXT,
    target       TEXT, target_id TEXT,
    object       TEXT, object_id TEXT,
    place        TEXT, place_id TEXT,
    date_text    TEXT,
    date         TEXT,                    -- resolved: YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY
    negated      INTEGER NOT NULL,
    published_at TEXT                     -- the document's, for timelines
);
CREATE INDEX events_document ON events (document_id);
CREATE INDEX events_published ON events (published_at);
CREATE INDEX events_actor ON events (actor_id);
