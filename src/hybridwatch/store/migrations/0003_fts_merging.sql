-- Merge full-text index segments in larger steps: ingest spends ~15 % less time in the index
-- at 100,000+ documents, and searches still read few segments (FTS5 keeps at most 16 per level
-- before merging them). Measured in benchmarks/README.md.
INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', 16);
INSERT INTO documents_fts (documents_fts, rank) VALUES ('crisismerge', 32);
