"""The questions (overlaps, gaps, duplicates, coterminosity): one module each, each a
function over a KnowledgeGraph returning a pandas DataFrame with evidence columns."""
