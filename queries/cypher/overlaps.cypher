// Overlaps: pairs of partnerships that share member organisations, with the members.
MATCH (a:Partnership)<-[:MEMBER_OF]-(m:Organisation)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id < b.id
WITH a, b, m ORDER BY m.name
RETURN a.id AS a, b.id AS b, count(m) AS shared, collect(m.name) AS shared_members
ORDER BY a, b
