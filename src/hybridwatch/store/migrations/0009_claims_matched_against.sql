-- Which fact-checks a claim was matched against: the store's latest fact-check (by seq) at the
-- time. A claim matched before a later import is matched again, against everything, by the next
-- `claims match-all`; before this, it was never looked at again.
ALTER TABLE claims ADD COLUMN matched_seq INTEGER;
-- Backfilled per distinct time (imports and match runs each share a handful of second stamps),
-- not per claim: per claim it scanned every fact-check for every matched claim. Times are to the
-- second: an import in the same second as a match counts as after it (matched again, never missed).
CREATE TEMP TABLE import_times AS
    SELECT imported_at AS at, max(seq) AS seq FROM factchecks GROUP BY imported_at;
CREATE TEMP TABLE match_times AS
    SELECT m.at AS at, (SELECT coalesce(max(i.seq), 0) FROM import_times i WHERE i.at < m.at) AS seq
    FROM (SELECT DISTINCT matched_at AS at FROM claims WHERE matched_at IS NOT NULL) m;
CREATE INDEX temp.match_times_at ON match_times (at);
UPDATE claims SET matched_seq = (SELECT seq FROM match_times WHERE at = claims.matched_at)
    WHERE matched_at IS NOT NULL;
DROP TABLE temp.import_times;
DROP TABLE temp.match_times;
DROP INDEX claims_unmatched;
CREATE INDEX claims_to_match ON claims (checkworthy, matched_seq);
