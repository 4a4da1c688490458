// Gaps: actions with no lead (LEADS) or no due date.
MATCH (s:Strategy)-[:HAS_THEME|HAS_ACTION|HAS_OBJECTIVE*1..3]->(x:Action)
WITH DISTINCT x
OPTIONAL MATCH (lead)-[:LEADS]->(x)
WITH x, count(lead) AS leads
WHERE leads = 0 OR x.due IS NULL
RETURN x.id AS action, x.name AS name, leads = 0 AS no_lead, x.due IS NULL AS no_due_date
ORDER BY action
