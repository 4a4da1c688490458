// Gaps: actions with no lead (LEADS) or no due date, one row per finding, as
// `lspgraph query gaps --kind action_without_lead` (or action_without_due_date) gives them.
MATCH (x:Action)
OPTIONAL MATCH (lead)-[:LEADS]->(x)
WITH x, count(lead) AS leads
UNWIND [CASE WHEN leads = 0 THEN 'action_without_lead' END,
        CASE WHEN x.due IS NULL THEN 'action_without_due_date' END] AS kind
WITH kind, x
WHERE kind IS NOT NULL
RETURN kind, x.id AS subject, x.name AS subject_name
ORDER BY kind, subject
