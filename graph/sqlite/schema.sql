-- citygraph embedded store, schema version 5 (PRAGMA user_version).
--
-- Open it with sqlite3 to look around, e.g.
--   SELECT kind, count(*) FROM partnership GROUP BY kind;
--   SELECT * FROM partnership_named WHERE country_b = 'UA' AND since >= '2022';
--   SELECT m.name, t.value FROM partnership p JOIN municipality m ON m.id = p.a, json_each(p.topics) t;
--
-- There are no secondary indexes: the store is written in bulk and read
-- whole, and every index costs each import a B-tree insert per row. For
-- frequent queries by hand, add one: CREATE INDEX partnership_b ON partnership (b);
--
-- Conventions: IDs are citygraph's readable ids ("DE:08222000", "UA:kyiv").
-- Dates are ISO 8601 text at their precision ("1957", "1990-05",
-- "1990-05-01"), so they sort and compare as text; NULL means unknown.
-- Optional text and numbers are NULL when absent. Lists are JSON arrays:
-- alt_names and topics of strings, sources of {"file","line","sourceId"}
-- objects (query them with json_each; the view partnership_source does
-- it for links).

CREATE TABLE IF NOT EXISTS meta (
	key   TEXT PRIMARY KEY,
	value
) WITHOUT ROWID;

-- A place that can hold partnerships: a German Gemeinde (AGS, Land) or a
-- foreign city, town, district or region.
CREATE TABLE IF NOT EXISTS municipality (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	alt_names  TEXT,    -- JSON array of other names and spellings
	country    TEXT NOT NULL,  -- ISO 3166-1 alpha-2
	region     TEXT,    -- foreign: state, oblast or province as given
	ags        TEXT,    -- German: Amtlicher Gemeindeschlüssel, 8 digits
	state      TEXT,    -- German: Land as ISO 3166-2, e.g. DE-BW
	kreis_code TEXT,
	kreis      TEXT,
	population INTEGER,
	lat        REAL,    -- NULL when the coordinates are unknown
	lon        REAL,
	level      TEXT,    -- Gemeinde, Stadt, Kreis, Region, ...
	-- sources: JSON array of provenance objects
	sources    TEXT,
	-- Schema version 3: the GeoNames id of the world gazetteer place and
	-- the Wikidata QID an input gave (Q1899); NULL when unknown
	geonames_id INTEGER,
	wikidata    TEXT
) WITHOUT ROWID;

-- An undirected link between two municipalities: a < b, one link per kind.
-- (The checks are written with OR: an IN list would build a temporary
-- table for every inserted row.)
CREATE TABLE IF NOT EXISTS partnership (
	a      TEXT NOT NULL REFERENCES municipality (id),
	b      TEXT NOT NULL REFERENCES municipality (id),
	kind   TEXT NOT NULL CHECK (kind = 'PARTNERSHIP' OR kind = 'FRIENDSHIP' OR kind = 'CONTACT' OR kind = 'PROJECT'),
	since  TEXT,
	until  TEXT,
	status TEXT CHECK (status = 'ACTIVE' OR status = 'PAUSED' OR status = 'ENDED'),
	topics TEXT,  -- JSON array: free tags and SDG numbers as "SDG11"
	sources TEXT, -- JSON array of provenance objects; see partnership_source
	-- Claims and events (schema version 2): since, until, status and topics
	-- above are the link's view, derived from what each source claims
	-- (JSON array of {"source","seq","since","until","status","topics",
	-- "settles"}) and from its dated status changes (JSON array of
	-- {"date","status","reason","source","seq"}). claims is NULL when the
	-- link's only source claims just its view.
	claims TEXT,
	events TEXT,
	PRIMARY KEY (a, b, kind),
	CHECK (a < b)
) WITHOUT ROWID;

-- Where a link was read, one row per source: file, line (0 when not
-- line-oriented) and the source's own id ('' when none). A view over
-- partnership.sources rather than a table of its own, so that an import
-- writes one row per link, not two.
CREATE VIEW IF NOT EXISTS partnership_source AS
SELECT p.a, p.b, p.kind,
       s.value ->> 'file' AS file,
       COALESCE(s.value ->> 'line', 0) AS line,
       COALESCE(s.value ->> 'sourceId', '') AS source_id
FROM partnership p, json_each(p.sources) s;

-- A city network (Eurocities, ICLEI, Mayors for Peace, ...).
CREATE TABLE IF NOT EXISTS network (
	id   TEXT PRIMARY KEY,
	name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS membership (
	municipality TEXT NOT NULL REFERENCES municipality (id),
	network      TEXT NOT NULL REFERENCES network (id),
	since        TEXT,
	until        TEXT,
	role         TEXT,
	sources      TEXT,
	PRIMARY KEY (municipality, network)
) WITHOUT ROWID;

-- An international organisation or INGO (UN-Habitat, OECD, UCLG, ...),
-- or a local actor of a municipality's alliance (schema version 5: type,
-- e.g. 'association', and municipality, the id of its home municipality;
-- NULL when unknown).
CREATE TABLE IF NOT EXISTS organisation (
	id           TEXT PRIMARY KEY,
	name         TEXT NOT NULL,
	type         TEXT,
	municipality TEXT
) WITHOUT ROWID;

-- An undirected link between two organisations (schema version 5): local
-- actors working together, a < b. kind: the source's word for it.
CREATE TABLE IF NOT EXISTS cooperation (
	a       TEXT NOT NULL REFERENCES organisation (id),
	b       TEXT NOT NULL REFERENCES organisation (id),
	kind    TEXT,
	since   TEXT,
	topics  TEXT,  -- JSON array
	sources TEXT,
	PRIMARY KEY (a, b),
	CHECK (a < b)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS org_link (
	municipality TEXT NOT NULL REFERENCES municipality (id),
	organisation TEXT NOT NULL REFERENCES organisation (id),
	topic        TEXT,
	since        TEXT,
	sources      TEXT,
	PRIMARY KEY (municipality, organisation)
) WITHOUT ROWID;

-- Partnerships reported per Land, e.g. by the RGRE.
CREATE TABLE IF NOT EXISTS state_count (
	state        TEXT PRIMARY KEY,  -- ISO 3166-2, e.g. DE-BW
	partnerships INTEGER NOT NULL,
	sources      TEXT
) WITHOUT ROWID;

-- Partnerships reported over time (schema version 4): for Germany (scope
-- DE) or a Land, for one partner country or all (country ''), as of a date
-- of any precision ('' when the source gives none). at_least: 1 for a lower
-- bound ("over 250"); what: what the source counts, in its words.
CREATE TABLE IF NOT EXISTS reported_count (
	scope    TEXT NOT NULL,
	country  TEXT NOT NULL,
	as_of    TEXT NOT NULL,
	count    INTEGER NOT NULL,
	at_least INTEGER NOT NULL,
	what     TEXT,
	sources  TEXT,
	PRIMARY KEY (scope, country, as_of)
) WITHOUT ROWID;

-- An id merged into another place (schema version 3): a later import
-- naming the alias lands on the place. sources: JSON array of provenance.
CREATE TABLE IF NOT EXISTS alias (
	alias   TEXT PRIMARY KEY,
	place   TEXT NOT NULL REFERENCES municipality (id) DEFERRABLE INITIALLY DEFERRED,
	sources TEXT
) WITHOUT ROWID;

-- One row per imported content (SHA256 of the file's bytes), oldest first.
CREATE TABLE IF NOT EXISTS import (
	seq         INTEGER PRIMARY KEY,
	sha256      TEXT NOT NULL UNIQUE,
	file        TEXT NOT NULL,
	kind        TEXT NOT NULL,
	rows        INTEGER NOT NULL,
	imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Links with the names and countries of both ends, for reading by hand.
CREATE VIEW IF NOT EXISTS partnership_named AS
SELECT p.a, ma.name AS name_a, ma.country AS country_a, ma.state AS state_a,
       p.b, mb.name AS name_b, mb.country AS country_b, mb.state AS state_b,
       p.kind, p.since, p.until, p.status, p.topics
FROM partnership p
JOIN municipality ma ON ma.id = p.a
JOIN municipality mb ON mb.id = p.b;

INSERT INTO meta (key, value) VALUES ('version', 0) ON CONFLICT (key) DO NOTHING;
INSERT INTO meta (key, value) VALUES ('application', 'citygraph') ON CONFLICT (key) DO NOTHING;
