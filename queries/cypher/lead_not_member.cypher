// Actions whose lead does not sit on the partnership that owns the strategy: the lead is
// not the owner and does not reach it in one or two MEMBER_OF steps (the shipped rules).
MATCH (p:Partnership)-[:OWNS]->(s:Strategy)-[:HAS_THEME|HAS_OBJECTIVE|HAS_ACTION*1..3]->(x:Action)
MATCH (lead)-[:LEADS]->(x)
WITH DISTINCT p, s, x, lead
OPTIONAL MATCH (lead)-[:MEMBER_OF*0..2]->(q:Partnership)-[:OWNS]->(s)
WITH p, x, lead, count(q) AS seats
WHERE seats = 0
RETURN x.id AS action, lead.id AS lead, p.id AS partnership
ORDER BY partnership, action, lead
