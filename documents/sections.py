"""What ``extract`` found, as the tabular sections the importers read (``schemas/lsp.yaml``
templates): organisations, partnerships, people, strategies, themes, actions, areas,
meetings, decisions, milestones (dated entries) and the document itself.

``lspgraph extract --format yaml`` prints these sections, so a person can correct them and
import the file as YAML; ``lspgraph import FILE.pdf`` feeds them to the same record builder
directly. Every row names its document (``source``, a SOURCED_FROM edge) and carries the
passage it came from (``passage``: line, character offsets and the quoted sentence), which
becomes the row's provenance in the store, so ``lspgraph show`` can quote it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..graph.values import as_dated, parse_period

__all__ = ["columns", "document_name", "main_strategy", "merge", "to_sections", "write_csv"]


def document_name(found: dict[str, Any]) -> str:
    """The Document node's name: the title found (with the file name when the title is
    generic), else the file name."""
    from ..schemas import load_schema

    doc = found["document"]
    title = doc.get("title")
    if not title:
        return Path(doc["source"]).name
    generic = set(load_schema().identity["generic_words"])
    if set(title.lower().split()) <= generic:  # 'HEALTH AND WELLBEING STRATEGY'
        return f"{title} ({Path(doc['source']).name})"
    return title


def main_strategy(found: dict[str, Any]) -> str | None:
    """The strategy the document is about: the one its title names, else the first named
    (slides about plans in general have none)."""
    plans = found["strategies"]
    if not plans or found["document"].get("kind") == "slides":
        return None
    title = (found["document"].get("title") or "").lower()
    score, best = max(((max(fuzz.token_set_ratio(title, n.lower())
                            for n in [p["name"], *p.get("aliases", [])]), -i) for i, p in
                       enumerate(plans)))
    return plans[-best]["name"] if score >= 85 else plans[0]["name"]


def _passage(item: dict[str, Any], fallback: str, path: str) -> dict[str, Any]:
    out: dict[str, Any] = {"path": path, "line": item.get("line")}
    if item.get("offset"):
        out["offset"] = item["offset"]
    out["quote"] = item.get("quote") or fallback
    return out


def _keep(item: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: item[k] for k in keys if item.get(k) not in (None, "", [])}


def _heading_themes(found: dict[str, Any]) -> dict[str, str]:
    """Column headings of actions -> the theme each abbreviates: the theme whose text the
    heading begins; and when the headings follow a list of as many themes in the same
    order (most of them beginning theirs), the rest by their place in that order."""
    headings = list(dict.fromkeys(a["theme"] for a in found["actions"] if a.get("theme")))
    out = {h: t["text"] for h in headings for t in found["themes"]
           if t["text"].lower().startswith(h.lower())}
    themes = found["themes"]
    k = len(headings)
    for i in range(len(themes) - k + 1):
        run = themes[i:i + k]
        if len({(t["line"], t["level"]) for t in run}) != 1:
            continue  # one list: the same block and level
        hits = sum(out.get(h) == t["text"] for h, t in zip(headings, run, strict=True))
        if hits >= k - 1 and hits >= 2:
            out.update({h: t["text"] for h, t in zip(headings, run, strict=True)})
            break
    return out


def _period(item: dict[str, Any]) -> dict[str, str]:
    """A plan's period when it is one ('2029-2024' is not: kept as written in a note)."""
    if not item.get("period"):
        return {}
    try:
        return {"period": parse_period(item["period"])}
    except ValueError:
        return {"note": f"period as written: {item['period']}"}


def _day(item: dict[str, Any], key: str) -> dict[str, str]:
    """A date a resolution sets or a document bears, when it is one ('31 February 2024'
    is not, and is left to the text it came from)."""
    dated = as_dated({"date": item[key]}) if item.get(key) else {}
    return {key: dated["date"]} if "when" not in dated and "date" in dated else {}


def _milestone(entry: dict[str, Any], plan: str | None, src: dict[str, str],
               path: str) -> dict[str, Any]:
    """A dated entry as a milestone row: ISO dates as dates, others kept as written."""
    label = " - ".join(entry[k] for k in ("date", "start", "end") if entry.get(k))
    # one sentence may date several things: the date is part of the milestone's name
    row: dict[str, Any] = {"name": f"{label}: {entry['what'][:300]}", **as_dated(entry)}
    if plan:
        row["concerns"] = plan
    return {**row, **src, "passage": _passage(entry, entry["what"], path)}


def to_sections(found: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The template sections of one document's extraction."""
    doc = found["document"]
    name = document_name(found)
    area = doc.get("area")
    plan = main_strategy(found)
    src = {"source": name}
    path = doc["source"]
    at = {"area": area} if area else {}
    out: dict[str, list[dict[str, Any]]] = {}
    for key in ("organisations", "partnerships"):
        out[key] = [{**_keep(o, "name", "kind", "aliases", "part_of"),
                     **at, **src,
                     "passage": _passage(o, o["name"], path)} for o in found[key]]
    out["people"] = [{**_keep(p, "name", "role", "organisation", "member_of"),
                      **at, **src,
                      "passage": _passage(p, p["name"], path)} for p in found["people"]]
    out["strategies"] = [{**_keep(s, "name", "status", "owner", "aliases"), **_period(s),
                          **at, **src,
                          "passage": _passage(s, s["name"], path)} for s in found["strategies"]]
    # a column heading that abbreviates a theme ('Strong cohesive links ... planning' for
    # the whole ambition) is that theme's alias, and its actions hang from the theme
    full = _heading_themes(found)

    def aliases(t: dict[str, Any]) -> dict[str, Any]:
        extra = [h for h, txt in full.items() if txt == t["text"] and h != t["text"]]
        return {"aliases": [*t.get("aliases", []), *extra]} if t.get("aliases") or extra \
            else {}

    out["themes"] = [{"name": t["text"], **_keep(t, "level", "note"), **aliases(t),
                      **({"strategy": t.get("strategy") or plan} if t.get("strategy") or plan
                         else {}), **src, "passage": _passage(t, t["text"], path)}
                     for t in found["themes"]]
    out["actions"] = [{"name": a["text"],
                       **({"theme": full.get(a["theme"], a["theme"])} if a.get("theme") else {}),
                       **({"strategy": plan} if plan else {}), **src,
                       "passage": _passage(a, a["text"], path)} for a in found["actions"]]
    out["areas"] = [{**_keep(a, "name", "kind", "code"), "passage": _passage(a, a["name"], path)}
                    for a in found["areas"]]
    meetings = []
    bodies = {b["name"] for key in ("organisations", "partnerships") for b in found[key]}
    for m in found["meetings"]:
        label = f"{m['body']} meeting" + (f" {m['date']}" if m.get("date") else "")
        body = {"body": m["body"]} if m["body"] in bodies else {}  # not 'partnership workshop'
        meetings.append({"name": label, **as_dated(m), **_keep(m, "status"), **body,
                         **({"area": area} if area and body else {}), **src,
                         "passage": _passage(m, label, path)})
    out["meetings"] = meetings
    out["milestones"] = [_milestone(e, plan, src, path) for e in found["dates"]]
    own = next((m for m in meetings if m.get("body") == found.get("own_body")), None)
    out["decisions"] = [{"name": r["text"], **_keep(r, "ref"), **_day(r, "due"),
                         **({"meeting": own["name"]} if own else {}), **src,
                         "passage": _passage(r, r["text"], path)} for r in found["resolutions"]]
    # last, so that the area it concerns is already there under its ONS code; by that
    # code when the document gave one ('Lancashire' also names a police force area)
    code = next((a["code"] for a in found["areas"] if a.get("code") and a["name"] == area),
                area)
    out["documents"] = [{"name": name, **_keep(doc, "kind"), **_day(doc, "date"),
                         "path": doc["source"],
                         **({"area": area, "concerns": code} if area else {})}]
    return {k: v for k, v in out.items() if v}


def merge(found: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The sections of several documents' extractions, section by section."""
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in found:
        for section, rows in to_sections(doc).items():
            out.setdefault(section, []).extend(rows)
    return out


def columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of the rows, in the order they first appear: a section's header."""
    return list(dict.fromkeys(k for row in rows for k in row))


def write_csv(sections: dict[str, list[dict[str, Any]]], folder: Path) -> list[Path]:
    """One CSV per section, named after its template (organisations.csv, ...), so that
    ``lspgraph import folder/*.csv`` reads them back: lists joined with '; ', the passage
    as JSON in its column. Each file is written whole or not at all."""
    import csv
    import json
    import os
    import tempfile

    from ..graph.text import to_spreadsheet

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section, rows in sections.items():
        headers = columns(rows)
        path = folder / f"{section}.csv"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{section}.", suffix=".csv")
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=headers)
            w.writeheader()
            for row in rows:  # cells a spreadsheet would run as formulas are escaped
                w.writerow({k: to_spreadsheet(json.dumps(v, ensure_ascii=False)
                                              if isinstance(v, dict) else
                                              "; ".join(map(str, v)) if isinstance(v, list)
                                              else v)
                            for k, v in row.items()})
        os.replace(tmp, path)
        written.append(path)
    return written
