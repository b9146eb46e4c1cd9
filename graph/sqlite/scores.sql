-- citygraph embedded store: analysis results written onto places
-- (citygraph analyze ... --write PROPERTY). Created with the schema; not part
-- of the graph (writing them does not change the store's version).
--
-- Top places per Land by betweenness:
--   SELECT m.state, m.name, s.value AS betweenness
--   FROM place_score s JOIN municipality m ON m.id = s.place
--   WHERE s.property = 'betweenness' AND m.state IS NOT NULL
--   ORDER BY m.state, s.value DESC;

-- One row per score set: what was computed, on which data version, how.
CREATE TABLE IF NOT EXISTS score_set (
	property     TEXT PRIMARY KEY,  -- e.g. betweenness
	metric       TEXT NOT NULL,     -- betweenness, pagerank, louvain, kcore, ...
	params       TEXT NOT NULL,     -- JSON object: scope, seed, damping, ...
	data_version INTEGER NOT NULL,  -- meta.version the scores were computed on
	software     TEXT,              -- citygraph version and revision
	is_integer   INTEGER NOT NULL,  -- 1: whole numbers (community ids, core numbers)
	places       INTEGER NOT NULL,  -- places holding a value
	written_at   TEXT NOT NULL      -- ISO 8601 UTC
) WITHOUT ROWID;

-- One value per place and score set.
CREATE TABLE IF NOT EXISTS place_score (
	property TEXT NOT NULL REFERENCES score_set (property),
	place    TEXT NOT NULL,  -- municipality.id
	value    NUMERIC NOT NULL,
	PRIMARY KEY (property, place)
) WITHOUT ROWID;
