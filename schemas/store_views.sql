-- Views of the SQLite store, for Datasette, sqlite-utils, DuckDB or pandas.read_sql.
-- lspgraph creates them with the store and recreates them when the store's schema changes.
-- Node properties are JSON (nodes.props); the views pull out the columns people ask for.

-- Who sits on which partnership (or organisation), and as what.
CREATE VIEW IF NOT EXISTS memberships AS
SELECT e.source AS member,
       m.type AS member_type,
       json_extract(m.props, '$.name') AS member_name,
       e.target AS partnership,
       json_extract(p.props, '$.name') AS partnership_name,
       json_extract(e.props, '$.role') AS role,
       json_extract(e.props, '$.start') AS start,
       json_extract(e.props, '$.end') AS "end"
FROM edges e
JOIN nodes m ON m.id = e.source
JOIN nodes p ON p.id = e.target
WHERE e.type = 'MEMBER_OF';

-- Every action with the strategy it belongs to and the partnership or organisation that
-- owns that strategy (one row per owner; no owner gives one row with empty owner columns).
CREATE VIEW IF NOT EXISTS actions AS
SELECT a.id AS action,
       json_extract(a.props, '$.name') AS text,
       json_extract(a.props, '$.due') AS due,
       json_extract(a.props, '$.status') AS status,
       a.scope AS strategy,
       json_extract(s.props, '$.name') AS strategy_name,
       o.source AS owner,
       ow.type AS owner_type,
       json_extract(ow.props, '$.name') AS owner_name
FROM nodes a
LEFT JOIN nodes s ON s.id = a.scope
LEFT JOIN edges o ON o.target = a.scope AND o.type = 'OWNS'
LEFT JOIN nodes ow ON ow.id = o.source
WHERE a.type = 'Action';

-- Footprints: each body's finest areas, reached from its COVERS edges down the WITHIN
-- hierarchy (an area with no smaller areas inside it is its own footprint), with their
-- populations where the store has them. The footprints table behind it holds each area's
-- own footprint, and is kept up to date by every write that changes the geography.
CREATE VIEW IF NOT EXISTS area_footprints AS
SELECT c.source AS body,
       b.type AS body_type,
       json_extract(b.props, '$.name') AS body_name,
       f.area,
       json_extract(a.props, '$.name') AS area_name,
       json_extract(a.props, '$.kind') AS area_kind,
       f.population
FROM edges c
JOIN footprints f ON f.node = c.target
JOIN nodes b ON b.id = c.source
JOIN nodes a ON a.id = f.area
WHERE c.type = 'COVERS'
GROUP BY c.source, f.area;
