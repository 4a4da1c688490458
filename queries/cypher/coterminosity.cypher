// Coterminosity by place: each partnership and member organisation, their footprints as the
// finest areas under what they COVER (down WITHIN), and the shares they have in common.
MATCH (m:Organisation)-[:MEMBER_OF]->(p:Partnership)
MATCH (m)-[:COVERS]->(:Area)<-[:WITHIN*0..]-(ml:Area)
WHERE NOT ()-[:WITHIN]->(ml)
WITH m, p, collect(DISTINCT ml.id) AS ma
MATCH (p)-[:COVERS]->(:Area)<-[:WITHIN*0..]-(pl:Area)
WHERE NOT ()-[:WITHIN]->(pl)
WITH m, p, ma, collect(DISTINCT pl.id) AS pa
WITH m, p, ma, pa, size([x IN ma WHERE x IN pa]) AS shared
RETURN m.id AS a, p.id AS b,
       toFloat(shared) / size(ma) AS containment,
       toFloat(shared) / size(pa) AS coverage,
       toFloat(shared) / (size(ma) + size(pa) - shared) AS jaccard
ORDER BY b, a
