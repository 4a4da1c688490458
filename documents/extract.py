"""Rule-based extraction from the document text model (first extractors of issue 5).

Each extractor reads :class:`~lspgraph.documents.Document` blocks and returns items in the
shape of the hand annotations in ``../shared/seeds/expected/`` (the keys of
:data:`KEYS`), each with the block's line as provenance. This module holds the extractors
that exist so far: resolutions (numbered or lettered items after 'RESOLVED' or 'Resolved
that'), actions (the items after 'We will:') and people (with their roles, and their
organisations where the text gives them). The other keys are returned empty until
their extractors land; ``bench/extract_eval.py`` scores every key, so the gaps show.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import BULLETS, Block, Document
from .actions import actions
from .decisions import resolutions
from .slides import split as split_slides
from .tables import plan_table

_B = f"[{re.escape(BULLETS)}]"

__all__ = ["KEYS", "actions", "extract", "people", "resolutions"]

KEYS = ("organisations", "partnerships", "strategies", "themes", "actions", "people",
        "meetings", "resolutions", "dates", "areas", "coterminosity")

#: a word of a person's name, double-barrelled or not ('Ann', 'Penhale-Quist', 'O'Neil')
_W = r"[A-Z][a-z'’\-]*[a-z'’](?:-[A-Z][a-z'’]+)?"
_NAME = rf"{_W}(?: {_W}){{1,2}}"
_NAME2 = rf"{_W} {_W}"


@cache
def _people_rules() -> dict[str, list[str]]:
    from ..schemas import read_reference

    return read_reference("documents.yaml")["people"]


def _titles_alt(rules: dict[str, Any], courtesy: bool = True) -> str:
    """The titles written before names, longest first, as one alternation."""
    titles = [*rules["titles"], *(("Mr", "Mrs", "Ms", "Miss", "Mx") if courtesy else ())]
    return "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))


@cache
def _people_patterns() -> dict[str, Any]:
    """The patterns of the people rules, from the cues of ``people`` in documents.yaml."""
    rules = _people_rules()
    roles = sorted(rules["roles"], key=len, reverse=True)
    role_re = "|".join(re.escape(r) for r in roles)
    nxt = rf"(?=\s+{_NAME2},|\s*\(|[.;]|$)"
    verbs = "|".join(rules["speech_verbs"])
    # a name as written on its own line, with an optional title: attendance and substitutes
    titled = (rf"(?:(?:{_titles_alt(rules)})\.?\s+)?(?P<name>(?:[A-Z]\.? ){{0,2}}"
              rf"{_W}(?: {_W}){{0,2}})")
    return {
        "roles": roles,
        "bad": set(rules["not_names"]),
        "role_words": {r.split()[-1] for r in roles},
        "honorifics": {*rules["titles"], "Mr", "Mrs", "Ms", "Miss", "Mx"},
        # 'Name, Policy Officer, Org': words before a role word when a comma follows it
        "listed": re.compile(rf"(?P<name>{_NAME2}),? (?P<role>(?:[A-Z][a-z]+ (?:and |& )?){{1,3}}"
                             rf"(?:{role_re})(?=,)|(?:{role_re}))\b"
                             rf"(?:,? (?P<org>(?!{_NAME2},)(?:(?!\s+{_NAME2},).)+?))?{nxt}"),
        "held": re.compile(rf"(?P<name>{_NAME2}), (?P<org>(?:[A-Z][\w’']* (?:and )?)+?"
                           rf"(?P<role>{role_re})){nxt}"),
        "bracketed": re.compile(rf"(?P<name>{_NAME}) \((?P<role>[A-Z][^()]{{2,60}})\)"),
        "titled": re.compile(rf"\b(?P<role>{_titles_alt(rules, False)})\.? "
                             rf"(?P<name>(?:[A-Z]\.? )?{_W}(?: {_W})?)"),
        "speaking": re.compile(rf"(?P<names>{_NAME2}(?:, {_NAME2})*(?:,? and {_NAME2})?) "
                               rf"(?:{verbs})\b"),
        # 'Gwen Tasker of Fenby Probation Delivery Unit asked', 'Ann Roe on behalf of the
        # Police and Crime Commissioner', 'Contact: Jo Bell Democratic Services Officer'
        "of_body": re.compile(rf"(?<![\w’'])(?P<name>{_NAME2}) (?:of|from) (?P<org>(?:the )?[A-Z]"
                              rf"[\w’'&\- ]{{2,80}}?) (?:{verbs})\b"),
        "behalf": re.compile(rf"(?<![\w’'])(?P<name>{_NAME2}),? on behalf of (?P<org>(?:the )?"
                             r"[A-Z][\w’'&\- ]{2,80}?)(?=[,.;]|\s+(?:and|who|to)\b|$)"),
        "contact": re.compile(rf"\bContact(?: officer)?:\s*(?P<name>{_NAME2})\b"),
        "apposed": re.compile(rf"(?:^|(?<=[.;:]\s)|(?<=, )|(?<=\band ))(?P<name>{_NAME2}), "
                              rf"(?P<desc>[A-Z][^,;:.()]{{2,80}}?(?:, [A-Z][^,;:.()]{{2,80}}?)?), "
                              rf"(?:{verbs})\b"),
        # 'Ann Lowe, the newly appointed Chair of Marsh College,': a post in running text
        "apposed_post": re.compile(
            rf"(?<![\w’'])(?P<name>{_NAME2}), (?:the |our )?(?:newly appointed |new |interim |"
            rf"acting )?(?P<role>(?:[A-Z][\w&’'\-]* ){{0,4}}?(?:{role_re})"
            rf"(?: (?:of|for) (?:the )?[A-Z][\w&’'\-]*(?: (?:and |of |for |& )?[A-Z][\w&’'\-]*)*)?)"
            rf"(?=[,.;)]|$)"),
        # 'Mrs J Okafor', 'Mr D.J. Orton' (initials run together with their points)
        "courtesy": re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.? (?P<name>(?:[A-Z]\.(?:[A-Z]\.)* ?|"
                               rf"[A-Z] ){{0,2}}{_W})\b"),
        "attendance": re.compile("|".join(rules["attendance_cues"])),
        "is_named": re.compile(rf"\b(?P<role>(?:[a-z]+ )?(?:{role_re.lower()})) is "
                               rf"(?:(?:{_titles_alt(rules)})\.? )?(?P<name>{_NAME2})\b(?! [A-Z])"),
        "line_name": re.compile(rf"^{titled}(?:\s*(?:,|[–-]|\(|\s\s|\t|/|\|)\s*(?P<rest>.*)|\s*$)"),
        # one part of 'Officers: Jane Doe (Head of Policy), Tom Pike (Clerk)'
        "bracketed_part": re.compile(rf"^{titled}\s*\((?P<b>[^()]{{2,80}})\)?$"),
        "substitute": re.compile(rf"{titled},?(?:\s+\([^()]{{2,60}}\))?\s+"
                                 rf"(?:{rules['substitute']})\b"),
        # 'Substitute: Ivo Blake', 'substituted by Cllr Ann Vole'
        "substitute_by": re.compile(rf"\b(?:[Ss]ubstitute|[Ss]ubstituted by|[Dd]eputising|"
                                    rf"[Rr]epresented by)\s*:?\s+{titled}"),
        # 'Moved by Cllr Ann Lowe and seconded by Tom Pike', '... attended in place of Jo
        # Bell': people named by their part in the meeting (cue ``people.named_after``)
        "named_after": re.compile(rf"\b(?:{'|'.join(rules['named_after'])})\s+{titled}"),
        # 'The Partnership Co-ordinator, Alan Fitzgerald, presented': the post, then the name
        "post_first": re.compile(rf"\b(?:[Tt]he|[Oo]ur|[Ii]ts) (?P<role>(?:[A-Z][\w&’'\-]* ){{0,4}}"
                                 rf"(?:{role_re})), (?:(?:{_titles_alt(rules)})\.? )?"
                                 rf"(?P<name>{_NAME2}), (?:{verbs})\b"),
        "surnames": re.compile(rf"\b(?P<t>{'|'.join(rules['plural_titles'])}):? (?P<list>"
                               rf"(?:[A-Z]\.? ){{0,2}}{_W}(?: \([^)]*\))?"
                               rf"(?:(?:, | and )(?:[A-Z]\.? ){{0,2}}{_W}"
                               r"(?: \([^)]*\))?)+)"),
        "dashed": re.compile(rf"(?<![\w’'])(?P<name>{_NAME2})(?:, (?P<role>[A-Z][\w ]{{2,50}}?))?"
                             rf" [–-] (?P<org>[A-Z][^–]{{2,120}}?)(?=\s+(?:{_titles_alt(rules)})"
                             rf"\.?\s|\s+{_NAME2}(?:,| [–-])|\s*\(|\s*[.;]?\s*$|"
                             rf"\s+[A-Z][A-Za-z]+:)"),
    }


class _People(dict):  # type: ignore[type-arg]
    """The people found so far, by name."""

    def add(self, name: str, role: str, org: str | None, line: int) -> None:
        p = _people_patterns()
        name = name.strip()
        first, _, rest = name.partition(" ")
        if first in p["honorifics"] and " " in rest:  # 'Councillor Bridget Ashworth (Chair)'
            name = rest
        elif first in _people_rules()["plural_titles"]:  # 'Councillors Hatch (Chairman)'
            name, role = rest, f"{_people_rules()['plural_titles'][first]}, {role}"
        if set(name.split()) & p["bad"] or name in self or \
                any(k.endswith(f" {name}") and k.split()[0] in p["honorifics"] for k in self):
            return  # 'J Ryder' after 'Mr J Ryder'
        item: dict[str, Any] = {"name": name, "role": role.strip(), "line": line}
        if org and re.match(r"(?:of|for) ", org):  # 'Director' 'of Strategy, Norfolk ...'
            remit, _, org = org.partition(", ")
            item["role"] = f"{item['role']} {remit}"
        if org and not re.search(r"\d", org) and len(org.split()) <= 10:
            item["organisation"] = org.strip(" ,")
        self[name] = item


def _listed(out: _People, block: Block) -> None:
    """'Name, Role, Organisation' (lists of board members) and 'Name, Body Role' ('David
    Lloyd, Hertfordshire Police and Crime Commissioner': the role ends the body's name)."""
    p = _people_patterns()
    for m in p["listed"].finditer(block.text):
        out.add(m["name"], m["role"], m["org"], block.line)
    for m in p["held"].finditer(block.text):
        out.add(m["name"], m["role"], m["org"], block.line)


def _bracketed(out: _People, block: Block) -> None:
    """'Name (Role)', where the brackets hold a role (cue ``people.roles``)."""
    p = _people_patterns()
    for m in p["bracketed"].finditer(block.text):
        if any(r.lower() in m["role"].lower() for r in p["roles"]):
            out.add(m["name"], m["role"], None, block.line)


def _titled(out: _People, block: Block) -> None:
    """'Title Name' ('Councillor Russell', 'Inspector Gareth Fenwick'; cue ``people.titles``)."""
    p = _people_patterns()
    for m in p["titled"].finditer(block.text):
        if m["name"].split()[-1] not in p["bad"]:
            out.add(m["name"], m["role"], None, block.line)


def _speaking(out: _People, block: Block) -> None:
    """'Richard Stephenson introduced ...', 'Carole Burgoyne and Ross Jago to produce'
    (cue ``people.speech_verbs``)."""
    p = _people_patterns()
    for m in p["speaking"].finditer(block.text):
        for name in re.split(r",? and |, ", m["names"]):
            if name.split()[0] in p["honorifics"]:
                continue  # 'Mrs Varshney said': the courtesy rule
            if name.split()[-1] in p["role_words"]:
                continue  # 'The Community Safety Manager said': a post, not a name
            if not set(name.split()) & p["bad"] and name not in out:
                out[name] = {"name": name, "line": block.line}


def _of_body(out: _People, block: Block) -> None:
    """A person written with their body: 'Gwen Tasker of Fenby Probation Delivery Unit
    asked ...', 'Ann Roe on behalf of the Police and Crime Commissioner', and a page's
    'Contact: Jo Bell' line.

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _of_body(out, read_text("Pam Whitby of Healthwatch Fenby asked how. Contact: Jo "
    ...                         "Bell Democratic Services Officer").blocks[0])
    >>> [(p["name"], p.get("organisation")) for p in out.values()]
    [('Pam Whitby', 'Healthwatch Fenby'), ('Jo Bell', None)]
    """
    p = _people_patterns()
    for key in ("of_body", "behalf", "contact"):
        for m in p[key].finditer(block.text):
            if not set(m["name"].split()) & p["bad"]:
                org = m["org"] if key != "contact" else None
                out.add(m["name"], "", org[4:] if org and org.startswith("the ") else org,
                        block.line)


def _apposed(out: _People, block: Block) -> None:
    """A name with its post or body between commas before a speech verb ('Ann Lowe,
    Healthwatch Marsh, asked ...', 'Tom Pike, Place Director, NHS Marsh, confirmed ...').

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _apposed(out, read_text("Tom Pike, Place Director, NHS Marsh, confirmed it.").blocks[0])
    >>> [(p["name"], p["role"], p.get("organisation")) for p in out.values()]
    [('Tom Pike', 'Place Director', 'NHS Marsh')]
    """
    p = _people_patterns()
    for m in p["apposed"].finditer(block.text):
        if set(m["name"].split()) & p["bad"]:
            continue
        cells = m["desc"].split(", ")
        role = cells[0] if len(cells) > 1 or any(r in cells[0] for r in p["roles"]) else ""
        org = cells[-1] if len(cells) > 1 or not role else None
        out.add(m["name"], role, org, block.line)


def _apposed_post(out: _People, block: Block) -> None:
    """A name with its post between commas in running text ('presented by Ann Lowe, the
    Director of Public Health.', 'Tom Pike, the newly appointed Chair of Marsh College,
    was welcomed'): the post ends in a role word, or goes on with 'of' or 'for' a name; or
    the post first, then the name between commas, before a speech verb ('The Partnership
    Co-ordinator, Alan Fitzgerald, presented the plan').

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _apposed_post(out, read_text("It was led by Ann Lowe, the Director of Public Health.")
    ...               .blocks[0])
    >>> _apposed_post(out, read_text("The Community Safety Manager, Tom Pike, said so.")
    ...               .blocks[0])
    >>> [(p["name"], p["role"]) for p in out.values()]
    [('Ann Lowe', 'Director of Public Health'), ('Tom Pike', 'Community Safety Manager')]
    """
    p = _people_patterns()
    for m in [*p["apposed_post"].finditer(block.text), *p["post_first"].finditer(block.text)]:
        if not set(m["name"].split()) & p["bad"]:
            out.add(m["name"], m["role"], None, block.line)


def _courtesy(out: _People, block: Block) -> None:
    """'Mrs Varshney' is the Malti Varshney named before; else a person of that name
    ('Mrs J Okafor')."""
    p = _people_patterns()
    for m in p["courtesy"].finditer(block.text):
        full = next((n for n in out if n.split()[-1] == m["name"].split()[-1]), None)
        if full is not None:
            aliases = out[full].setdefault("aliases", [])
            if m[0] not in aliases:
                aliases.append(m[0])
        elif m["name"] not in p["bad"]:
            out.setdefault(m[0], {"name": m[0], "line": block.line})


def _dashed(out: _People, block: Block) -> None:
    """An attendance run ('PRESENT ... Andrew Kirkby, Chief Fire Officer – Shropshire Fire
    and Rescue Service Maria Fenwick – Government Office ...'; cue
    ``people.attendance_cues``): each name before a dash, with a role between them or
    not, is a person; the organisation follows the dash.

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _dashed(out, read_text("Present: Ann Lowe – Marsh College Tom Hart, Head of "
    ...                        "Service – Marsh Council").blocks[0])
    >>> [(p["name"], p["role"], p.get("organisation")) for p in out.values()]
    [('Ann Lowe', '', 'Marsh College'), ('Tom Hart', 'Head of Service', 'Marsh Council')]
    """
    p = _people_patterns()
    if not p["attendance"].search(block.text):
        return
    for m in p["dashed"].finditer(block.text):
        if not set(m["name"].split()) & p["bad"]:
            out.add(m["name"], m["role"] or "", m["org"], block.line)


def _surname_list(out: _People, block: Block) -> None:
    """'Councillors Hatch (Chairman), Garrod, Mistry and Whelan': each surname after a
    plural title is a person with the title as role (cue ``people.plural_titles``).

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _surname_list(out, read_text("Present: Councillors Hatch (Chair), Garrod and "
    ...                              "Whelan; Dr Jo Lomax.").blocks[0])
    >>> [(p["name"], p["role"]) for p in out.values()]
    [('Hatch', 'Councillor'), ('Garrod', 'Councillor'), ('Whelan', 'Councillor')]
    """
    p = _people_patterns()
    for m in p["surnames"].finditer(block.text):
        role = _people_rules()["plural_titles"][m["t"]]
        for name in re.split(r", | and ", re.sub(r" \([^)]*\)", "", m["list"])):
            if name in p["honorifics"]:
                break  # 'Councillors Beaty and Earl, Dr R Ahmed': the next person's title
            if name not in p["bad"]:
                out.add(name, role, None, block.line)


def _is_named(out: _People, block: Block) -> None:
    """'The partnership's independent chair is Graham Ruddock': a role, 'is', a name.

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _is_named(out, read_text("Its independent chair is Ann Lowe.").blocks[0])
    >>> [(p["name"], p["role"]) for p in out.values()]
    [('Ann Lowe', 'independent chair')]
    """
    p = _people_patterns()
    for m in p["is_named"].finditer(block.text):
        if not set(m["name"].split()) & p["bad"]:
            out.add(m["name"], m["role"], None, block.line)


def _name_initials(name: str) -> tuple[str, str]:
    """The ways minutes write a name's initials: every word's, and first and last ('Ann
    Marie Lowe': 'AML', 'AL').

    >>> _name_initials("Ann Marie Lowe")
    ('AML', 'AL')
    """
    words = name.split()
    return "".join(w[0] for w in words), words[0][0] + words[-1][0]


def _initialled(out: _People, block: Block) -> None:
    """A name followed by its own initials in brackets ('Uma Dent (UD)'): a person, the
    initials an alias (minutes then write 'UD said ...').

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _initialled(out, read_text("Secretariat: Uma Dent (UD), Fenby Council").blocks[0])
    >>> [(p["name"], p["aliases"]) for p in out.values()]
    [('Uma Dent', ['UD'])]
    """
    p = _people_patterns()
    for m in re.finditer(rf"\b(?P<i>[A-Z]{{2,3}}) \((?P<name>{_NAME}), "
                         rf"(?P<org>[A-Z][^()]{{2,80}})\)",
                         block.text):  # 'HM (Huw Morgan, Care Forum Wales) said'
        if m["i"] in _name_initials(m["name"]) and not set(m["name"].split()) & p["bad"] \
                and m["name"] not in out:
            out.add(m["name"], "", m["org"], block.line)
            out[m["name"]].setdefault("aliases", []).append(m["i"])
    for m in re.finditer(rf"(?P<name>{_NAME}) \((?P<i>[A-Z]{{2,3}})\)", block.text):
        words = m["name"].split()
        if m["i"] not in _name_initials(m["name"]) or \
                set(words) & p["bad"]:
            continue
        if m["name"] not in out:
            out.add(m["name"], "", None, block.line)
        if m["name"] in out:
            aliases = out[m["name"]].setdefault("aliases", [])
            if m["i"] not in aliases:
                aliases.append(m["i"])


def _substitute(out: _People, block: Block) -> None:
    """A member's substitute ('(Ann Roe attended as substitute)', 'Jo Bell deputised').

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _substitute(out, read_text("Apologies: Tom Becker (Sara Lyle attended as "
    ...                            "substitute).").blocks[0])
    >>> list(out)
    ['Sara Lyle']
    """
    p = _people_patterns()
    posts = {w for r in p["roles"] for w in r.split()}
    for m in [*p["substitute"].finditer(block.text), *p["substitute_by"].finditer(block.text)]:
        if " " in m["name"] and not set(m["name"].split()) & (p["bad"] | posts):
            out.add(m["name"], "substitute", None, block.line)
    for m in p["named_after"].finditer(block.text):
        if " " in m["name"] and not set(m["name"].split()) & (p["bad"] | posts):
            out.add(m["name"], "", None, block.line)


#: The people rules that read each block, in order.
_PEOPLE_RULES = (_apposed, _of_body, _listed, _bracketed, _titled, _speaking, _courtesy, _dashed,
                 _surname_list, _is_named, _initialled, _substitute, _apposed_post)


def _attendance_lines(out: _People, doc: Document) -> None:
    """The lines of an attendance or members list, one person a line: after a block with
    an attendance cue, each short block that starts with a name ('Helen Rigby – Director
    of Pathway Integration, Leeds Place'; 'Alan Pescod  Executive Director  NCC'; 'Chris
    Nash, Office of the Police and Crime Commissioner'), until a long paragraph.

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> _attendance_lines(out, read_text("Present:\\n\\nCouncillor S Hart (Chair)\\n\\n"
    ...     "Members of the board\\n\\nAnn Lowe – Director of Public Health\\n\\n"
    ...     "Tom Pike  Head Teacher  Marsh School\\n"))
    >>> for p in out.values():
    ...     print(p["name"], "|", p["role"], "|", p.get("organisation"))
    S Hart | Councillor, Chair | None
    Ann Lowe | Director of Public Health | None
    Tom Pike | Head Teacher | Marsh School
    """
    p = _people_patterns()
    titles = re.compile(rf"^(?P<t>{_titles_alt(_people_rules())})\.?\s")
    inside = False
    taken: set[int] = set()
    for i, block in enumerate(doc.blocks):
        if i in taken:
            continue
        text = _ordinary_surname(block.text.strip())
        cue = p["attendance"].search(text)
        if cue and (cue.start() <= 2 or len(text.split()) <= 3 or
                    not p["line_name"].match(_BULLETED.sub("", text))):
            inside = True  # 'Present:', 'Members Present' (not 'Ann Lowe, Marsh College
            continue  # Present', a person's line in a table with an attendance column)
        if not inside and not _table_run(doc.blocks, i):
            continue
        inside = True
        text = _BULLETED.sub("", text).strip(" |")  # '- Ann Lowe, Marsh', 'Ann Lowe | Marsh |'
        text = _mark_after().sub("", text)  # a collapsed table's attendance cell
        if len(text) > 160 or text.endswith(".") and len(text.split()) > 12:
            inside = False
            continue
        listed = _bracketed_list(text)
        if listed:  # 'Officers: Jane Doe (Head of Policy), Tom Pike (Democratic Services)'
            for name, inner in listed:
                body = _looks_like_body(inner)
                out.add(name, "" if body else inner, inner if body else None, block.line)
            continue
        m = p["line_name"].match(text)
        t = titles.match(text)
        run_on = _ORG_AFTER.match(text[t.end():] if t else text)
        if run_on and _looks_like_body(run_on["org"]) and \
                not set(run_on["name"].split()) & p["bad"]:
            # a table's two cells run together: 'Amy Lowe Fenshire Care Trust'
            out.add(run_on["name"], t["t"] if t else "", run_on["org"], block.line)
            continue
        if m is None or set(m["name"].split()) & p["bad"] or " " not in m["name"]:
            continue
        rest = m["rest"]
        if rest is None and i + 1 < len(doc.blocks) and _described(doc.blocks[i + 1].text):
            # a name alone, its role and body on the line below ('Ann Lowe' / 'Director of
            # Public Health, Fenby Council'), as a table of two columns is copied
            rest = _mark_after().sub("", doc.blocks[i + 1].text.strip()).strip()
            taken.add(i + 1)
        if rest is None and t is None:
            continue  # a line of words alone ('Third Sector Representative'): a heading
        rest = re.sub(r"^(?:Nominated by|Representing|Appointed by)\s+", "", rest or "")
        cells = [c.strip(" ,") for c in re.split(r"\s{2,}|\t|\s+[–-]\s+|,\s+|\s*\(|\)|\s*[/|]\s*",
                                                 rest) if c.strip(" ,")]
        if cells and cells[-1] in _name_initials(m["name"]):
            cells.pop()  # a minutes table's initials column ('Ann Lowe  Fenby CVS  AL')
        role = t["t"] if t else ""
        org = None
        if cells and not _looks_like_body(cells[0]):
            role = cells.pop(0) if not role else f"{role}, {cells.pop(0)}"
        if cells:
            org = cells[0]
        out.add(m["name"], role, org, block.line)


#: A first name (after an optional title) and a surname in capitals at a line's start
#: ('Ann LOWE (Chair)'): the surname is written in ordinary case for matching.
_CAPS_SURNAME = re.compile(r"^(?P<first>(?:(?:Dr|Mr|Mrs|Ms|Miss|Councillor|Cllr|Professor)\.? )?"
                           rf"{_W} (?:{_W} )?)(?P<last>[A-Z][A-Z'’\-]{{2,}})"
                           r"(?=$|\s*[,(]|\s\s)")


def _ordinary_surname(text: str) -> str:
    """A line that starts with a name whose surname is in capitals, with the surname in
    ordinary case ('Ann LOWE (Chair)' -> 'Ann Lowe (Chair)'); other lines as they are.

    >>> _ordinary_surname("Ann LOWE (Chair)"), _ordinary_surname("Chair NHS")
    ('Ann Lowe (Chair)', 'Chair NHS')
    """
    m = _CAPS_SURNAME.match(text)
    if not m or set(m["first"].split()) & (_people_patterns()["bad"] |
                                           set(_people_patterns()["roles"])):
        return text
    return m["first"] + m["last"].capitalize() + text[m.end():]


def _described(text: str) -> bool:
    """Whether a line describes the person named on the line above: a role or a body, not
    another name, a heading of the list or an attendance cue ('Director of Public Health',
    'Chief Executive, Fenby Trust'; not 'Tom Pike', 'Apologies')."""
    p = _people_patterns()
    t = _ordinary_surname(text.strip())
    if not t or len(t) > 160 or t.endswith(".") or p["attendance"].search(t):
        return False
    m = p["line_name"].match(t)
    run_on = _ORG_AFTER.match(t)
    if run_on and " " in run_on["org"] and _looks_like_body(run_on["org"]):
        return False  # a person's line of its own ('Amy Lowe Fenshire Care Trust')
    if m is None:
        return True
    words = m["name"].split()
    return " " not in m["name"] and m["rest"] is None or bool(set(words) & p["bad"]) or \
        any(r in m["name"] for r in p["roles"])


def _bracketed_list(text: str) -> list[tuple[str, str]]:
    """A line of an attendance list that names several people, each with a bracket
    ('Officers: Jane Doe (Head of Policy), Tom Pike (Democratic Services)'): (name, what the
    bracket says) for each, or [] unless every part is written so.

    >>> _bracketed_list("Officers: Jane Doe (Head of Policy) and Tom Pike (Clerk)")
    [('Jane Doe', 'Head of Policy'), ('Tom Pike', 'Clerk')]
    >>> _bracketed_list("Jane Doe (Head of Policy), Fenby Council")
    []
    """
    body = re.sub(r"^[A-Z][\w ]{1,30}:\s+", "", text.strip()).rstrip(".;")
    parts = re.split(r"\)\s*(?:,|;|\band\b)\s*", body)
    if len(parts) < 2:
        return []
    pats = _people_patterns()
    found = [pats["bracketed_part"].match(p.strip() + ("" if p.strip().endswith(")") else ")"))
             for p in parts]
    if not all(found) or any(set(f["name"].split()) & pats["bad"] for f in found if f):
        return []
    return [(f["name"], f["b"].strip()) for f in found if f]


def _table_run(blocks: list[Block], i: int, least: int = 3) -> bool:
    """Whether block ``i`` starts a run of at least ``least`` lines laid out as a table's
    name and post cells ('Ann Lowe  Director of Public Health, Marsh Council', 'Tom Pike |
    Marsh College |'): an attendance list whose heading the page lost.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Ann Lowe  Director of Public Health\\n\\nTom Pike  Marsh College\\n\\n"
    ...                 "Councillor Jo Hart  Chair\\n\\nThe Chair welcomed everyone.")
    >>> _table_run(doc.blocks, 0), _table_run(doc.blocks, 1)
    (True, False)
    """
    rows = blocks[i:i + least]
    return len(rows) == least and all(_table_row().match(b.text.strip()) for b in rows)


@cache
def _table_row() -> re.Pattern[str]:
    titles = _titles_alt(_people_rules())
    return re.compile(rf"^(?:(?:{titles})\.?\s+)?{_NAME}(?:\s{{2,}}|\t|\s*\|\s*)"
                      r"\S[^.]{1,150}$")


@cache
def _mark_after() -> re.Pattern[str]:
    marks = "|".join(_people_rules()["attendance_marks"])
    return re.compile(rf"\s+(?:{marks})\s*$")


#: A bullet before an attendance line
_BULLETED = re.compile(rf"^{_B}\s+")

#: A first name and surname run into the name of a body ('Amy Lowe Fenshire Care Trust').
_ORG_AFTER = re.compile(rf"^(?P<name>{_W} {_W}) (?P<org>[A-Z][\w'’&\- ]+?"
                        r")(?:\s*\((?P<role>[^)]+)\))?$")


def _initials(out: _People, doc: Document) -> None:
    """Initials written for a person afterwards ('JH welcomed everyone') are that person's
    alias, when one person found has those initials.

    >>> from lspgraph.documents import read_text
    >>> out = _People()
    >>> out.add("Jean Hart", "Chair", None, 1)
    >>> _initials(out, read_text("JH welcomed everyone. JH said so."))
    >>> out["Jean Hart"]["aliases"]
    ['JH']
    """
    by: dict[str, list[str]] = {}
    for name in out:
        words = [w for w in name.split() if w[:1].isupper()]
        if len(words) >= 2:
            by.setdefault("".join(w[0] for w in words), []).append(name)
            by.setdefault(words[0][0] + words[-1][0], []).append(name)
    for m in re.finditer(r"(?:^|(?<=[.:;]\s)|(?<=\n))([A-Z]{2,3})\b(?= [a-z])", doc.text):
        names = set(by.get(m[1], []))
        if len(names) == 1:
            aliases = out[names.pop()].setdefault("aliases", [])
            if m[1] not in aliases:
                aliases.append(m[1])


def _looks_like_body(text: str) -> bool:
    """Whether a cell names a body rather than a role (it holds a word of a body's name)."""
    return bool(set(text.split()) & (_people_patterns()["bad"] - {"Executive", "Deputy"})) \
        and not any(r in text for r in ("Director", "Chief Executive", "Manager", "Head"))


def _surnames(out: _People) -> None:
    """'Cllr. Arkwright' after 'Cllr. Peter Arkwright': a person named by title and surname
    alone is the one person of that surname already named (an alias), not another person."""
    for name in [n for n in out if " " not in n]:
        full = [n for n in out if " " in n and n.split()[-1] == name]
        if len(full) == 1:
            item = out.pop(name)
            alias = f"{item.get('role', '')} {name}".strip()
            aliases = out[full[0]].setdefault("aliases", [])
            if alias not in aliases:
                aliases.append(alias)


def _action_headings(doc: Document, found: dict[str, Any]) -> list[dict[str, Any]]:
    """A heading whose 'We will:' list gives actions their theme is itself a theme
    ('HEALTHY COMMUNITIES' above 'We will: ...'), unless it is only a heading over themes."""
    from .themes import _item, heading_only

    known = {t["text"].lower() for t in found["themes"]}
    out = []
    for a in found["actions"]:
        h = a.get("theme")
        if not h or h.lower() in known or heading_only(h) or len(h.split()) > 8:
            continue
        known.add(h.lower())
        block = next((b for b in doc.blocks if b.text.strip() == h.strip()), None)
        if block is not None:
            out.append(_item(h, "priority", block))
    return out


def people(doc: Document) -> list[dict[str, Any]]:
    """People by the ways documents name them (:data:`_PEOPLE_RULES` over each block), then
    the names of attendance, apologies and contact lines.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Jo Bell, Chief Executive, Healthwatch Northshire. Mrs Bell said so.")
    >>> [(p["name"], p["role"], p["aliases"]) for p in people(doc)]
    [('Jo Bell', 'Chief Executive', ['Mrs Bell'])]
    """
    bad = _people_patterns()["bad"]
    out = _People()
    for block in doc.blocks:
        for rule in _PEOPLE_RULES:
            rule(out, block)
    for block in doc.blocks:
        for name in attending(block.text):
            if name not in out and name.split()[-1] not in bad and \
                    not any(n.endswith(" " + name.split()[-1]) for n in out):
                out[name] = {"name": name, "line": block.line}
    _attendance_lines(out, doc)
    _surnames(out)
    _initials(out, doc)
    return list(out.values())


@cache
def _attendance() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _people_rules()["list_lead_ins"]))


def attending(text: str) -> list[str]:
    """Names in an attendance, apologies or contact line ('Apologies were received from
    A, B (C substituted) and D'), each without its title and what follows it on its line.

    >>> attending("Apologies were received from Councillor Jo Bell (Ann Roe substituted), "
    ...           "Mrs K Lyle and Dr Sam Ode.")
    ['Jo Bell', 'Ann Roe', 'K Lyle', 'Sam Ode']
    >>> attending("Present: Jo Bell (Marsh Housing Association), Kim Lo (Marsh CVS).")
    ['Jo Bell', 'Kim Lo']
    >>> attending("Contact: Harriet Copeland, Committee Officer")
    ['Harriet Copeland']
    """
    m = _attendance().search(text)
    if not m:
        return []
    titled = "|".join(re.escape(t) for t in _people_rules()["titles"])
    after = re.sub(rf"\b({titled})\.(?=\s)", r"\1", text[m.end():])  # 'Insp. Lee Carver'
    # the list ends with its sentence; a semicolon ends it too unless another name follows
    # ('Present: Jo Bell (Chair); Insp. Ann Roe (Police); Kim Lo (CVS).')
    # ('Mr D.J. Orton': a point after an initial ends nothing)
    rest = re.split(r"(?<!\b[A-Z])[.:](?:\s|$)|;(?:\s+(?![A-Z])|$)", after)[0]
    # a bracket after a name holds the person's body or role ('Jo Bell (Marsh Council)'),
    # not another person, unless it names a substitute ('(Ann Roe substituted)')
    rest = re.sub(rf"\((?![^)]*\b(?:{_people_rules()['substitute']}))[^)]*\)", "", rest)
    titles = "|".join(re.escape(t) for t in sorted(
        [*_people_rules()["titles"], *_people_rules()["plural_titles"], "Mr", "Mrs", "Ms",
         "Miss", "Mx"], key=len, reverse=True))
    name = re.compile(rf"^(?:(?:{titles})\.?\s+)?(?P<n>(?:[A-Z]\.(?:[A-Z]\.)*\s*|[A-Z]\s+)"
                      rf"{{0,2}}{_W}(?:\s+{_W}){{0,2}})")
    posts = {w for r in _people_rules()["roles"] for w in r.split()} | \
        set(_people_rules()["not_names"])
    out = []
    for piece in re.split(r",\s*|;\s*|\s+\|\s+|\s+and\s+|\s*\(|\)", rest):
        piece = re.sub(r"\s+substituted$", "", piece.strip())
        piece = re.sub(r"^from\s+", "", piece)  # '... and from Ann Lowe'
        n = name.match(piece)
        if n and (" " in n["n"]) and n.end() >= len(piece) - 1 and \
                not set(n["n"].split()) & posts:
            out.append(n["n"].replace(".", ""))
    return out


def _presenter(doc: Document) -> list[dict[str, Any]]:
    """Slides: the title slide's list names the presenter and their organisation."""
    from .lists import enumerated

    items = []
    for b in doc.blocks:
        item = enumerated(b.text)
        if item is None:
            if items:
                break
            continue
        items.append((item, b))
    if items and re.fullmatch(_NAME, items[0][0]):
        person: dict[str, Any] = {"name": items[0][0],
                                  "role": _people_rules()["presenter_role"],
                                  "line": items[0][1].line}
        if len(items) > 1:
            person["organisation"] = items[1][0]
        return [person]
    return []


def _authors(doc: Document) -> list[dict[str, Any]]:
    """Reference lists: 'Hamer L and Smithies J, 2002. Title' names authors."""
    out: dict[str, dict[str, Any]] = {}
    ref = re.compile(rf"^(?:{_B}\s*)?(?P<a>[A-Z][a-z]+ [A-Z]{{1,2}}(?: and [A-Z][a-z]+ "
                     r"[A-Z]{1,2})*), (?:(?:19|20)\d\d|forthcoming)\b")
    for b in doc.blocks:
        m = ref.match(b.text)
        if m:
            for name in m["a"].split(" and "):
                out.setdefault(name, {"name": name, "role": "author", "line": b.line})
    return list(out.values())


def _own_body(doc: Document, found_bodies: list[Any], kind: str) -> Any:
    """The body whose minutes (or committee papers) the document is: the one a ModernGov
    'Meeting: date - Body (Item n)' line names, else the one first named on the line that
    dates the meeting or the three lines above it, else the board the minutes call 'the
    Board', else (committee papers) the committee."""
    from .dates import meeting_heading

    for b in doc.blocks[:12]:
        m = re.match(r"Meeting:\s*\S+\s+-\s+(.+?)\s*(?:\(Item [^)]*\))?$", b.text.strip())
        if m:
            for body in found_bodies:
                if m[1] in (body.name, *body.aliases):
                    return body
    heading = meeting_heading(doc)
    if heading is not None:
        for b in reversed(doc.blocks[max(0, heading[0] - 3):heading[0] + 1]):
            named = [m for m in found_bodies if b.start <= m.start < b.end and (
                m.type == "Partnership" or m.name.endswith(("Committee", "Cabinet")))]
            if named:  # (not the council whose site it is: 'Fenby Council' / 'Minutes')
                return min(named, key=lambda m: m.start)
        headed = _heading_body(doc, heading[0], found_bodies)
        if headed is not None:
            return headed
    if kind == "minutes":
        for b in found_bodies:
            if b.type == "Partnership" and ({"the Board", "the HWB"} & set(b.aliases)):
                return b
    if kind == "committee_report":
        for b in found_bodies:
            if b.name.endswith("Committee"):
                return b
    return None


_WEEKDAY_AFTER = re.compile(r"^(?P<b>[A-Z][\w’'&,\- ]{2,80}?)\s+[-–]\s+(?:Mon|Tues|Wednes|Thurs|"
                            r"Fri|Satur|Sun)day\b")
#: capitals lines above minutes that are page furniture, not the body's name
_NOT_HEADING_BODY = re.compile(r"\b(?:MINUTES|AGENDA|NOTES|ITEM|MEETING|PUBLICATION|PAGE)\b")


def _heading_body(doc: Document, at: int, found_bodies: list[Any]) -> Any:
    """The body that minutes name above or on the line dating the meeting (block ``at``)
    in words the body rules did not read as a name: a ModernGov 'Fenby Together - Thursday
    5 June 2025' line (the words before the dash), or a capitals line ('FENBY TOGETHER' /
    'Minutes of 5 June 2025'), which is a body found elsewhere when their words agree.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Agenda and minutes\\n\\nFenby Together - Thursday 5th June, 2025 "
    ...                 "10.00 am\\n")
    >>> _heading_body(doc, 1, []).name
    'Fenby Together'
    >>> doc = read_text("FENBY FIRST\\nLSP BOARD MEETING\\n\\nMinutes of 5 June 2025\\n")
    >>> _heading_body(doc, 2, []).name
    'FENBY FIRST'
    """
    from .names import Mention

    b = doc.blocks[at]
    m = _WEEKDAY_AFTER.match(b.text.strip())
    if m and not _NOT_HEADING_BODY.search(m["b"].upper()):
        spelt = [f for f in found_bodies if m["b"] in (f.name, *f.aliases)]
        if spelt:  # a short form of a body found ('Health and Wellbeing Board')
            return spelt[0]
        return Mention(m["b"], "Partnership", "other", b.line, b.start, b.start + len(m["b"]),
                       b.text.strip()[:300])
    for b in doc.blocks[max(0, at - 3):at]:
        for line in b.text.splitlines():
            t = line.strip()
            if not (t.isupper() and 1 <= len(t.split()) <= 8) or _NOT_HEADING_BODY.search(t):
                continue
            same = [f for f in found_bodies if f.type == "Partnership" and
                    f.name.lower() == t.lower()]
            if same:
                return same[0]
            return Mention(t, "Partnership", "other", b.line, b.start + b.text.find(t),
                           b.start + b.text.find(t) + len(t), t)
    return None


def _owner_before(doc: Document, found: dict[str, Any], names: list[tuple[str, str]]) -> None:
    """A body written just before a strategy in a table row ('District and Borough
    Councils 06 Local Plans') owns it."""
    for s in found["strategies"]:
        for b in doc.blocks:
            at = b.text.find(s["name"])
            if at <= 0:
                continue
            before = re.sub(r"\s+\d{1,2}\s*$", "", b.text[:at].rstrip())
            for n, full in names:
                if before.endswith(n) and len(n.split()) > 1:
                    s["owner"] = full
                    break


def _own_plan(found: dict[str, Any], main: str | None, body: str) -> None:
    for s in found["strategies"]:
        if s["name"] == main and "owner" not in s:
            s["owner"] = body


def _owner_stated(doc: Document, found: dict[str, Any], names: list[tuple[str, str]],
                  main: str | None) -> None:
    """'ownership of ... lies with X', 'overseen by X', and 'wanted the Board to have
    ownership of the strategy' (the body named last before) for the document's own plan."""
    for b in doc.blocks:
        for m in re.finditer(r"(?:[Oo]wnership of [^.]{0,60}?(?:lies with|to)|overseen by|"
                             r"owned by)\s+(?:the\s+)?", b.text):
            rest = b.text[m.end():m.end() + 120]
            body = next((full for n, full in names if rest.startswith(n)), None)
            if body is None and rest.startswith("Board"):
                body = next((full for n, full in names if n == "the Board"), None)
            if body is not None:
                _own_plan(found, main, body)
        for m in re.finditer(r"\b(?:to )?(?:have|has|take|takes|took) ownership of the "
                             r"(?:strategy|plan)\b", b.text):
            before = b.text[max(0, m.start() - 60):m.start()].lower()
            hits = [(before.rfind(n.lower()), full) for n, full in names
                    if n.lower() in before]
            if hits:
                _own_plan(found, main, max(hits)[1])


def _owner_agreeing(doc: Document, found: dict[str, Any],
                    names: list[tuple[str, str]]) -> None:
    """'Hertfordshire Forward, the county s strategic partnership, articulated and agreed
    its collective ambitions for Hertfordshire as a county of opportunity': a body that
    agrees, adopts or publishes what a strategy's name says owns that strategy (the body
    named last before the verb is the one that agrees)."""
    verbs = r"\b(?:agreed|adopted|published|launched|articulated|approved|produced)\b"
    for b in doc.blocks:
        for a, e in _sentence_spans(b.text):
            sentence = b.text[a:e]
            verb = re.search(verbs, sentence)
            if verb is None:
                continue
            words = set(re.findall(r"[a-z]+", sentence.lower()))
            named = [(sentence.rfind(n, 0, verb.start()), full) for n, full in names
                     if 0 <= sentence.rfind(n, 0, verb.start())]
            if not named:
                continue
            subject = max(named)[1]
            for s in found["strategies"]:
                key = set(re.findall(r"[a-z]+", s["name"].split(":")[-1].lower())) - \
                    {"of", "and", "the", "for", "a"}
                if "owner" not in s and len(key) >= 2 and key <= words and \
                        subject != s["name"]:
                    s["owner"] = subject


def _owner_by_statute(found: dict[str, Any], bodies: list[Any]) -> None:
    """A health and wellbeing strategy of an area is owned by that area's health and
    wellbeing board (by statute)."""
    hwbs = {b.name.replace(" & ", " and ").split(" Health and Wellbeing Board")[0]: b.name
            for b in bodies if b.kind == "health_and_wellbeing_board"}
    for s in found["strategies"]:
        m = re.match(r"(?:Joint |(\w+) )Health (?:and|&) Wellbeing Strategy(?: for (\w+))?$",
                     s["name"])
        area = (m[1] or m[2] or found["document"].get("area")) if m else None
        if area in hwbs and "owner" not in s:
            s["owner"] = hwbs[area]


def _owners(doc: Document, found: dict[str, Any], bodies: list[Any]) -> None:
    """Strategy owners the text states, by the rules above in order: a body just before
    the strategy, ownership stated, a body agreeing what the name says, then statute."""
    from .names import spellings
    from .sections import main_strategy

    names = spellings(bodies)
    _owner_before(doc, found, names)
    _owner_stated(doc, found, names, main_strategy(found))
    _owner_agreeing(doc, found, names)
    _owner_by_statute(found, bodies)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.;]+[.;]?", text)]


def _members(doc: Document, found: dict[str, Any], bodies: list[Any]) -> None:
    """'This latter group comprises: Name, Role, Organisation ...': the people listed after
    'comprises:' (or 'members are:') are members of the last partnership named before it."""
    parts = [b.name for b in bodies if b.type == "Partnership"]
    for b in doc.blocks:
        m = re.search(r"\b(?:comprises|members are|membership is|consists of):", b.text)
        if not m:
            continue
        before = b.text[:m.start()]
        named = [(before.rfind(n), n) for n in parts if n in before]
        if not named:
            continue
        group = max(named)[1]
        for p in found["people"]:
            if p["name"] in b.text[m.end():]:
                p.setdefault("member_of", [group])


def _mention_items(mentions: list[Any]) -> list[dict[str, Any]]:
    return [m.item() for m in mentions]


def extract(doc: Document) -> dict[str, Any]:
    """Everything the extractors find, keyed like the seeds' hand annotations."""
    from . import dates as d
    from . import names
    from .themes import themes

    found: dict[str, Any] = {k: [] for k in KEYS}
    found_areas = names.areas(doc)
    info = names.document_info(doc, found_areas)
    date = d.document_date(doc)
    found["document"] = {"source": doc.source, "format": doc.format, **info,
                         **({"date": date} if date else {})}
    slides = info["kind"] == "slides"
    if slides:
        doc = split_slides(doc)
    people_found = people(doc)
    if slides:
        people_found = _presenter(doc) + people_found
    known = {p["name"] for p in people_found}
    people_found += [a for a in _authors(doc) if a["name"] not in known]
    all_bodies = names.bodies(doc, info["area"], frozenset(p["name"] for p in people_found
                                                          if " " in p["name"]))
    # a council's meeting of all its members ('Full Council') is a body meetings are held
    # by, not an organisation of its own (it stays among the bodies for the meetings)
    found["organisations"] = _mention_items([b for b in all_bodies
                                             if b.type == "Organisation" and
                                             not b.name.endswith("Full Council")])
    found["partnerships"] = _mention_items([b for b in all_bodies if b.type == "Partnership"])
    plans = names.strategies(doc, all_bodies)
    found["strategies"] = [{k: v for k, v in m.item().items() if k != "kind"} for m in plans]
    found["resolutions"] = resolutions(doc)
    for p in people_found:  # the sentence that names each person, as their provenance
        block = next((b for b in doc.blocks if b.line == p["line"] and p["name"] in b.text),
                     None)
        if block is not None and "quote" not in p:
            at = block.text.find(p["name"])
            a, e = names.sentence_at(block.text, at, at + len(p["name"]))
            p["offset"] = [block.start + at, block.start + at + len(p["name"])]
            p["quote"] = block.text[a:e].strip()
    found["people"] = people_found
    body_names = {b.name for b in all_bodies} | {p["name"] for p in people_found}
    found["themes"] = themes(doc, body_names, slides, plans)
    found["actions"] = actions(doc, found["themes"])
    found["themes"] += _action_headings(doc, found)
    table_themes, table_actions = plan_table(doc)
    known_texts = {t["text"].lower() for t in found["themes"]}
    found["themes"] += [t for t in table_themes if t["text"].lower() not in known_texts]
    known_texts = {a["text"].lower() for a in found["actions"]}
    found["actions"] += [a for a in table_actions if a["text"].lower() not in known_texts]
    mentioned = d.mentions(doc)
    found["dates"] = d.distinct(mentioned)
    own = _own_body(doc, all_bodies, info["kind"])
    found["own_body"] = own.name if own is not None else None
    _owners(doc, found, all_bodies)
    _members(doc, found, all_bodies)
    for r in found["resolutions"]:
        due = d.parse_date(r["text"])
        if due:
            r["due"] = due
    found["meetings"] = d.meetings(doc, mentioned, all_bodies, own,
                                   "minutes" if d.meeting_heading(doc) else info["kind"])
    found["areas"] = _mention_items(_outside_names(doc, found_areas, found))
    area = info["area"]
    if area and not any(a["name"] == area for a in found["areas"]):
        # named only by the publishing council's web address ('leicester.gov.uk')
        place = names.gazetteer().get(area, {})
        found["areas"].append({"name": area, "kind": place.get("kind", "other"),
                               **({"code": place["code"]} if place.get("code") else {}),
                               "line": None, "quote": f"the document's area: {area}"})
    found["coterminosity"] = coterminosity(doc)
    return found


def _outside_names(doc: Document, found_areas: list[Any], found: dict[str, Any]) -> list[Any]:
    """The areas written at least once outside the names of the bodies and plans found: a
    place written only inside them ('Isles of Scilly Council') is part of a name, not an
    area the document is about.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Isles of Scilly Council and Fenby Council met in Cornwall.")
    >>> [a["name"] for a in extract(doc)["areas"]]
    ['Cornwall']
    """
    names = [n for key in ("organisations", "partnerships", "strategies")
             for item in found[key] for n in [item["name"], *item.get("aliases", [])]]
    names += [p["name"] for p in found["people"] if " " in p["name"]]  # 'Dr Ellen Stroud'
    text = doc.text
    out = []
    for a in found_areas:
        # a room, a road or a building named after a place ('the Preston Room', 'Lancaster
        # Park Road') is a venue, not the place
        place = re.compile(rf"(?<![\w’'-]){re.escape(a.name)}(?![\w’'-])(?!\s+(?:[A-Z][a-z]+\s+)?"
                           r"(?:Room|Road|Street|Lane|Avenue|Hall|House|Suite|Chamber|Way|"
                           r"Drive|Close|Terrace|Square)\b)")
        covered: set[int] = set()
        for n in names:
            if a.name in n:
                for m in re.finditer(re.escape(n), text):
                    covered.update(range(m.start(), m.end()))
        if any(m.start() not in covered for m in place.finditer(text)):
            out.append(a)
    return out


@cache
def _footprint() -> dict[str, re.Pattern[str]]:
    from ..schemas import read_reference

    rules = read_reference("documents.yaml")["coterminosity"]
    return {"said": re.compile("|".join(f"(?:{p})" for p in rules["said"]), re.I),
            "relation": re.compile("|".join(f"(?:{p})" for p in rules["relations"]), re.I),
            "body": re.compile(rules["bodies"]), "area": re.compile(rules["areas"])}


def footprint(sentence: str) -> bool:
    """Whether a sentence says how bodies' areas relate: a cue said outright ('coterminous',
    'the same boundary'), or a relation ('covers', 'matched', 'is part of') in a sentence
    that names a body and an area.

    >>> footprint("The ICP covered Bath and North East Somerset, Swindon and Wiltshire.")
    True
    >>> footprint("The police's local units already matched the five districts.")
    True
    >>> footprint("The strategy covers five themes."), footprint("The board met in May.")
    (False, False)
    """
    f = _footprint()
    if f["said"].search(sentence):
        return True
    return bool(f["relation"].search(sentence) and f["body"].search(sentence) and
                f["area"].search(sentence))


def coterminosity(doc: Document) -> list[dict[str, Any]]:
    """Sentences (or list items) that say how bodies' areas relate (:func:`footprint`)."""
    out: list[dict[str, Any]] = []
    for b in doc.blocks:
        for part in re.finditer(r"[^.!?]+(?:[.!?]+|$)", b.text):
            if not footprint(part[0]):
                continue
            text = re.sub(r"^\W+", "", part[0].strip())
            if text and not any(o["text"] == text for o in out):
                out.append({"text": text, "line": b.line})
    return out
