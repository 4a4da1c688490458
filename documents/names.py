"""Names in documents: bodies (organisations and partnerships), strategies, areas, and what
the document is (kind, title, area).

Every rule reads ``schemas/documents.yaml`` (heads of body and plan names, known national
bodies, generic mentions) and ``schemas/places.yaml`` (the ONS gazetteer), so the rules can
be read and extended without reading this code. A name is a run of capitalised words,
with 'and', 'of', 'for', '&' and apostrophes inside, that ends in a head word ('County
Council', 'Steering Group', 'Strategy'); the longest head decides the type and kind.
Acronyms in brackets after a name, acronyms made of a name's initials, and the identity
abbreviations of ``lsp.yaml`` ('Kent HWB') become aliases of the name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..schemas import load_schema, read_reference
from . import Document, sentence_at

__all__ = ["Mention", "abbreviated", "areas", "bodies", "document_info", "gazetteer", "prefixed",
           "spellings", "strategies", "unshout"]

# One way to read each word: an all-capitals word ('ABC') is already a capitalised word, so
# a second alternative for it made every run of capitals match 2**n ways (issue 20). The
# letters are taken possessively: what follows a word is never a letter.
_CAP = r"(?:[A-Z][A-Za-z’'\-]*+(?: s(?= [A-Z]))?|\d{4})"
_JOIN = r"(?:and|of|for|&|the|in|on)"
# At most this many words before a name's head: an unbounded lazy run made every start in a
# long run of capitalised words scan to its end (quadratic on Title Case pages, issue 20).
_WORDS = 16


@dataclass
class Mention:
    """One named thing: its name as first written, its type and kind, where it first
    appears (block line, offsets, sentence) and the other spellings found for it."""

    name: str
    type: str
    kind: str
    line: int
    start: int
    end: int
    quote: str
    aliases: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def item(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind}
        if self.aliases:
            out["aliases"] = sorted(set(self.aliases) - {self.name})
        out.update(self.extra)
        out.update({"line": self.line, "offset": [self.start, self.end],
                    "quote": self.quote})
        return out


@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")


@cache
def _places() -> dict[str, Any]:
    return read_reference("places.yaml")


def _fold(name: str) -> str:
    s = name.lower().replace(" & ", " and ").replace("’", "'").replace("'s", "").replace("'", "")
    s = re.sub(r"[^a-z0-9& ]+", " ", s)
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
             for w in s.split() if w not in ("the", "of", "for", "nhs", "s")]
    return " ".join(words)


@cache
def _body_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """The pattern of a body's name, and its heads (longest first: the longest head wins)."""
    heads = {k: tuple(v) for k, v in sorted(_rules()["bodies"]["heads"].items(),
                                            key=lambda kv: len(kv[0]), reverse=True)}
    alt = "|".join(re.escape(h).replace(r"\ and\ ", r"\ (?:and|&)\ ") for h in heads)
    pat = re.compile(rf"(?:{_CAP}(?:\s+{_JOIN})?\s+){{0,{_WORDS}}}?(?:{alt})(?![A-Za-z])")
    return pat, heads


@cache
def _continuation() -> re.Pattern[str]:
    """More capitalised words and a head after a name ('Cabinet' + ' Office')."""
    heads = _body_pattern()[1]
    alt = "|".join(map(re.escape, heads))
    return re.compile(rf"\s+(?:{_CAP}\s+){{0,{_WORDS}}}?(?:{alt})(?![A-Za-z/])")


def _trim_left(words: list[str], people: frozenset[str] = frozenset()) -> list[str]:
    stop = set(_rules()["bodies"]["not_name_start"])
    # a determiner inside the run starts the name ('Progress So Far The Hertfordshire ...')
    for i in range(len(words) - 1, 0, -1):
        if words[i] in ("The", "This", "Our", "A", "An"):
            words = words[i:]
            break
    # a word is judged without its trailing colon ('RESOLVED: That the X Strategy')
    while words and (words[0].rstrip(":") in stop or words[0].islower() or words[0] in ("&",)
                     or re.fullmatch(r"(?:19|20)\d\d", words[0])):
        words = words[1:]
    for n in people:  # 'David Lloyd Hertfordshire Police and Crime Commissioner'
        if " ".join(words).startswith(n + " "):
            words = words[len(n.split()):]
    return words


_SMALL = {"and", "of", "the", "for", "in", "on", "a", "an", "to", "at", "by", "with"}


def unshout(text: str) -> str:
    """A heading written in capitals, in title case (same length), so that the names in it
    are read ('MINUTES OF THE NORTHSHIRE HEALTH AND WELLBEING BOARD'); short words such as
    'NHS' stay in capitals. Other text is returned as it is.

    >>> unshout("MEETING OF THE NORTHSHIRE HEALTH AND WELLBEING BOARD")
    'Meeting of the Northshire Health and Wellbeing Board'
    """
    letters = [c for c in text if c.isalpha()]
    if len(text.split()) < 3 or len(letters) < 10 or \
            sum(c.isupper() for c in letters) < 0.9 * len(letters):
        return text
    words = re.split(r"(\s+)", text)
    out = []
    for i, w in enumerate(words):
        low = w.lower()
        if i and low in _SMALL:
            out.append(low)
        elif len(w) <= 3 and w.isalpha() and not re.search(r"(?<=.)[AEIOU]", w):
            out.append(w)  # 'NHS', 'ICB' (not 'NEW', 'OUR')
        else:
            out.append(w[:1] + w[1:].lower())
    return "".join(out)


def _head_of(name: str, heads: dict[str, tuple[str, str]]) -> tuple[str, tuple[str, str]]:
    name = name.replace(" & ", " and ")
    for h in heads:  # longest first
        if name.endswith(h):
            return h, heads[h]
    raise KeyError(name)


def _acronyms(text: str) -> dict[str, str]:
    """'Hampshire Strategic Partnership (HSP)': acronym -> the words before it."""
    out = {}
    for m in re.finditer(r"\((?:the )?([A-Z]{2,6})\)", text):
        before = text[max(0, m.start() - 120):m.start()].split()
        letters = m[1]
        for n in range(len(letters), len(letters) + 4):
            cand = [w for w in before[-n:]]
            initials = "".join(w[0] for w in cand if w[:1].isupper())
            if initials == letters:
                # the whole name the acronym ends ('Camden Safeguarding Adults Partnership
                # Board (SAPB)'): capitalised words before it go with it
                k = len(before) - n
                while k > 0 and before[k - 1][:1].isupper() and \
                        before[k - 1] not in _rules()["bodies"]["not_name_start"]:
                    k -= 1
                out[letters] = " ".join(before[k:])
                break
    return out


def _split_shared_head(name: str, head: str, heads: dict[str, tuple[str, str]]) -> list[str]:
    """'Adult Social Care and Health and Wellbeing Scrutiny Commissions' names two bodies
    that share a plural head; 'District and Borough Councils' is one collective name
    (its left part is only a kind word)."""
    if not head.endswith("s") or " and " not in name or head[:-1] not in heads:
        return [name]  # ('Chief Executives': no singular head to give each part)
    generic = set(load_schema().identity["generic_words"])
    left, right = name.split(" and ", 1)
    shared_words = {"Scrutiny", "Select", "Standing", "Advisory", "Policy", "Review"}
    if set(left.lower().split()) <= generic:
        return [name]
    singular = head[:-1]
    # the shared middle words before the head ('Scrutiny') go to both parts
    right_words = right[: -len(head)].split()
    shared = []
    for w in reversed(right_words):
        if w in shared_words:
            shared.insert(0, w)
        else:
            break
    if not shared:
        return [name]  # 'Suffolk Health and Wellbeing Partnerships': one name
    tail = " ".join([*shared, singular]).strip()
    return [f"{left} {tail}", f"{right[: -len(head)].strip()} {singular}".strip()]


_SERVICES = re.compile(r"\bthe (fire|police|ambulance|probation)(?: and (fire|police|ambulance|"
                       r"probation))? services?\b", re.I)


class _Found:
    """The bodies found so far, in order, keyed by their folded name, and what the rules
    share: the people named (not bodies), the acronyms defined, the bare heads written
    generically ('the County Council')."""

    def __init__(self, people: frozenset[str] = frozenset(),
                 acronyms: dict[str, str] | None = None) -> None:
        self.by_key: dict[str, Mention] = {}
        self.order: list[str] = []
        self.people = people
        self.acronyms = acronyms or {}
        self.generic_heads: set[str] = set()
        self.orphans: list[Mention] = []  # bare heads no named body owns

    def add(self, name: str, type_kind: tuple[str, str], block: Any, s: int, e: int,
            alias: str | None = None) -> Mention:
        key = _fold(name)
        if key not in self.by_key:
            a, b = sentence_at(block.text, s, e)
            self.by_key[key] = Mention(name, type_kind[0], type_kind[1], block.line,
                                       block.start + s, block.start + e,
                                       block.text[a:b].strip())
            self.order.append(key)
        m = self.by_key[key]
        if alias:
            m.aliases.append(alias)
        if name != m.name:
            m.aliases.append(name)
        return m

    def mentions(self) -> list[Mention]:
        return [self.by_key[k] for k in self.order]


def _demo(rule: Any, text: str) -> list[str]:
    """The names one per-block rule finds in a one-paragraph text (for the doctests)."""
    from . import read_text

    found = _Found()
    block = read_text(text).blocks[0]
    rule(found, block, block.text)
    return [m.name for m in found.mentions()]


def _abbreviations() -> dict[str, str]:
    return {k.upper(): v for k, v in load_schema().identity["abbreviations"].items()}


def _name_end(text: str, end: int, people: frozenset[str]) -> int:
    """Where a name found up to ``end`` ends: more capitalised words and a head go on with
    it ('Cabinet' + ' Office'), unless they start a person's name."""
    cont = _continuation()
    while (c := cont.match(text, end)) is not None and \
            not any(c[0].strip().startswith(n) for n in people):
        end = c.end()  # 'Cabinet Office', 'Hertfordshire Partnership University ...'
    return end


def _bare_head(found: _Found, text: str, name: str, end: int, head: str) -> str | None:
    """A name that is only a head ('Executive Board'): written generically after 'the'
    (remembered, then None), with a lower-case word before it ('multi-agency Executive
    Board'), or a one-word head alone (None: a generic mention)."""
    if name.replace(" & ", " and ") != head:
        return name
    if " " not in head or (head in _rules()["bodies"]["prefixed"] and
                           re.match(r" [A-Z][a-z]", text[end:end + 3])):
        return None  # (a head that is also a prefix: 'Community Action Derby' is the
        # prefixed rule's)
    before = text[:end - len(name)].split()[-1:] or [""]
    if before[0].lower() in ("every", "any"):
        return None  # 'every Primary Care Network': a kind of body, not one
    if before[0].lower() in ("the", "their", "its", "our", "this", "that"):
        found.generic_heads.add(name)
    elif re.fullmatch(r"[a-z][a-z\-]+", before[0]) and before[0] not in (
            "and", "of", "for", "a", "an", "new", "by", "with", "to", "on", "at"):
        return f"{before[0]} {name}"
    return name


def _headed(found: _Found, block: Any, text: str) -> None:
    """Capitalised words ending in a head word (cue ``bodies.heads``; the longest head
    wins), without a post's remit or a sentence's first word; a plural head shared by two
    names names both.

    >>> _demo(_headed, "The Executive Director of Adult Services met Kent County Council.")
    ['Kent County Council']
    """
    pat, heads = _body_pattern()
    people = found.people
    done = 0
    for m in pat.finditer(text):
        if m.start() < done:
            continue
        end = done = _name_end(text, m.end(), people)
        if text[end:end + 1] == "/" or text[m.start() - 1:m.start()] == "/":
            continue  # a table header ('Partnership/Organisation')
        words = _trim_left(text[m.start():end].split(), people)
        if not words or any(n.startswith(words[0] + " ") or n == words[0] for n in people):
            continue
        name = " ".join(words)
        if text is not block.text and len(words) < 3:
            continue  # in a heading in capitals, only a full name ('... Health and
            # Wellbeing Board'), not 'THE NEW BOARD'
        head, tk = _head_of(name, heads)
        if (_post(True).search(text[max(0, end - len(name) - 80):end - len(name)]) or
                _post().match(name)) and (" " not in head or name == head):
            continue  # 'Executive Director of Adult Social Services': a post's remit (but
            # 'Chair of the Northshire Health and Wellbeing Board' names the board)
        named = _bare_head(found, text, name, end, head)
        if named is None:
            continue
        for part in _split_shared_head(named, head, heads):
            found.add(part, _head_of(part, heads)[1] if part != named else tk, block,
                      end - len(named), end)


def _apposed(found: _Found, block: Any, text: str) -> None:
    """'Hertfordshire Forward, the county's strategic partnership': the apposition names
    the kind (a head word, in lower case).

    >>> _demo(_apposed, "We met Marsh Forward, the county's strategic partnership.")
    ['Marsh Forward']
    """
    heads = _body_pattern()[1]
    for m in re.finditer(rf"((?:[A-Z][\w’']+ ){{1,{_WORDS}}}?[A-Z][\w’']+), the "
                         r"[\w’' ]{0,30}?\b("
                         + "|".join(re.escape(h.lower()) for h in heads) + r")\b", text):
        words = _trim_left(m[1].split(), found.people)
        if words:
            head = next(h for h in heads if h.lower() == m[2])
            found.add(" ".join(words), heads[head], block, m.start(1), m.end(1))


def _services(found: _Found, block: Any, text: str) -> None:
    """'the fire and police services': the sectors named in general.

    >>> _demo(_services, "We work with the fire and police services.")
    ['fire service', 'police service']
    """
    for m in _SERVICES.finditer(text):
        for sector in filter(None, (m[1], m[2])):
            kind = sector.lower() if sector.lower() in ("fire", "police") else "other"
            found.add(f"{sector.lower()} service", ("Organisation", kind), block, m.start(),
                      m.end())


def _prefixed_names(found: _Found, block: Any, text: str) -> None:
    """Names whose kind word comes first (see :func:`prefixed`), unless a longer name
    found holds them."""
    for name, tk, s, e in prefixed(text):
        if not any(name in m.name or name in m.aliases for m in found.mentions()
                   if m.name != name):
            found.add(name, tk, block, s, e)


def _known(found: _Found, block: Any, text: str) -> None:
    """National bodies known by one name (cue ``bodies.known``).

    >>> _demo(_known, "Ofsted and Healthwatch visited.")
    ['Healthwatch', 'Ofsted']
    """
    for known, tk in _rules()["bodies"]["known"].items():
        if known not in text:
            continue
        for m in re.finditer(rf"(?<![\w.]){re.escape(known)}(?![\w])", text):
            if known in _rules()["bodies"]["prefixed"] and \
                    re.match(r" [A-Z][a-z]", text[m.end():]):
                continue  # 'Age UK Derby': the local body's name (the prefixed rule)
            found.add(known, tuple(tk), block, m.start(), m.end())


def _kind_acronyms(found: _Found, block: Any, text: str) -> None:
    """An acronym of a kind of body standing alone ('the CCG'; cue
    ``bodies.kind_acronyms``), not the end of a longer name ('Herts Valleys CCG').

    >>> _demo(_kind_acronyms, "The CCG met. Herts Valleys CCG did not.")
    ['CCG']
    """
    for acro, tk in _rules()["bodies"]["kind_acronyms"].items():
        for m in re.finditer(rf"(?<![\w\-]){acro}(?![\w])", text):
            before = text[max(0, m.start() - 30):m.start()].split()
            if before and before[-1][:1].isupper() and before[-1] not in ("the", "The"):
                continue
            found.add(acro, tuple(tk), block, m.start(), m.end())


def _trust_acronyms(found: _Found, doc: Document) -> None:
    """An NHS trust's acronym used alone ('the NNUH, the QEH and the JPUH'): capitals that
    end as trusts' acronyms do (cue ``bodies.trust_acronyms``), and that abbreviate no body
    the document names (in brackets after it, or as an alias), are a body of their own.

    >>> from lspgraph.documents import read_text
    >>> found = _Found(frozenset())
    >>> _trust_acronyms(found, read_text("The NNUH and the HDFT met the ICB."))
    >>> [m.name for m in found.mentions()]
    ['NNUH', 'HDFT']
    """
    cue = _rules()["bodies"]["trust_acronyms"]
    pat = re.compile(rf"(?<![\w\-])([A-Z]{{1,4}}(?:{'|'.join(cue['endings'])}))(?![\w\-])")
    taken = {a for m in found.mentions() for a in [m.name, *m.aliases]} | \
        set(found.acronyms) | set(cue["not"])
    for block in doc.blocks:
        for m in pat.finditer(block.text):
            if m[1] not in taken and len(m[1]) >= 3 and f"({m[1]})" not in doc.text:
                found.add(m[1], tuple(cue["kind"]), block, m.start(), m.end())


def _place_abbreviations(found: _Found, block: Any, text: str) -> None:
    """'Kent HWB': a place and an abbreviation from the identity rules (``lsp.yaml``).

    >>> _demo(_place_abbreviations, "The Kent HWB met.")
    ['Kent Health and Wellbeing Board']
    """
    heads = _body_pattern()[1]
    abbreviations = _abbreviations()
    # place words may be joined ('North East and North Cumbria ICS')
    for m in re.finditer(rf"\b((?:[A-Z][a-z]+ (?:(?:and|&|of) )?){{0,{_WORDS}}}[A-Z][a-z]+) "
                         rf"([A-Z]{{2,5}})\b",
                         text):
        words = _trim_left(m[1].split())
        expansion = abbreviations.get(m[2])
        if not words or not expansion:
            continue
        full = f"{' '.join(words)} {expansion.title().replace(' And ', ' and ')}"
        try:
            _, tk = _head_of(full, heads)
        except KeyError:
            continue
        found.add(full, tk, block, m.start() + len(m[0]) - len(" ".join(words)) - len(m[2])
                  - 1, m.end(), alias=f"{' '.join(words)} {m[2]}")


@cache
def _branded() -> re.Pattern[str]:
    brands = "|".join(map(re.escape, _rules()["bodies"]["place_brands"]))
    # (a look-ahead, so that 'Support Fenshire and Active Fenshire' is read twice over)
    return re.compile(rf"(?<![\w\-’'])(?=(?P<b>{brands}) (?P<p>[A-Z][\w’'\-]*(?: (?:and |of |"
                      rf"upon |on )?[A-Z][\w’'\-]*){{0,3}}))")


def _place_brands(found: _Found, block: Any, text: str) -> None:
    """A body named by a word and its place alone, with no kind word ('Support
    Staffordshire', 'Active Lincolnshire'; cue ``bodies.place_brands``): the place must be
    the gazetteer's, and the name ends there (what goes on with more capitalised words is
    another rule's or a post: 'Active Lincolnshire Partnership', 'Voluntary Norfolk Chair').

    >>> _demo(_place_brands, "Support Staffordshire and Active Lincolnshire met the Voluntary "
    ...       "Norfolk Chair.")
    ['Support Staffordshire', 'Active Lincolnshire']
    """
    places = _place_pattern()[1]
    brands = _rules()["bodies"]["place_brands"]
    for m in _branded().finditer(text):
        words = m["p"].split()
        while words and " ".join(words) not in places:
            words.pop()  # the longest run of words that is a place
        if not words or len(words) < len(m["p"].split()) and \
                text[m.start("p") + len(" ".join(words)):][:2].strip()[:1].isupper():
            continue  # more capitalised words go on: a longer name or a post
        name = f"{m['b']} {' '.join(words)}"
        if re.match(r"\s+[A-Z]", text[m.start() + len(name):]) or \
                any(name in x.name for x in found.mentions() if x.name != name):
            continue
        found.add(name, tuple(brands[m["b"]]), block, m.start(), m.start() + len(name))


#: The rules that read each block, in order (the first to find a name names it).
_BLOCK_RULES = (_headed, _apposed, _services, _prefixed_names, _known, _kind_acronyms,
                _place_abbreviations, _place_brands)


def _acting_acronyms(found: _Found, doc: Document) -> None:
    """An acronym nobody expands that acts ('CMT has considered') or stands with a named
    body ('Healthwatch and VAL') is a body whose name is the acronym."""
    abbreviations = _abbreviations()
    all_aliases = {a for m in found.mentions() for a in m.aliases} | set(found.acronyms)
    known_names = [m.name for m in found.mentions()]
    for block in doc.blocks:
        for m in re.finditer(r"\b([A-Z]{3,5})\b(?= (?:has|have|had|is|was|were) )",
                             block.text):
            if m[1] not in all_aliases and _fold(m[1]) not in found.by_key and \
                    m[1] not in abbreviations and m.start() == sentence_at(
                        block.text, m.start(), m.end())[0]:
                found.add(m[1], ("Organisation", "other"), block, m.start(), m.end())
        for n in known_names:
            if n + " and " not in block.text:
                continue  # (a pattern per name and block overflowed re's cache of 512)
            for m in re.finditer(rf"{re.escape(n)} and ([A-Z]{{3,5}})\b", block.text):
                if m[1] not in all_aliases and m[1] not in abbreviations:
                    found.add(m[1], ("Organisation", "other"), block, m.start(1), m.end(1))


def _bare_heads(found: _Found, doc: Document) -> None:
    """A bare head ('the County Council') is the one body of the document with that
    ending (its alias), else nobody."""
    heads = _body_pattern()[1]
    for key in list(found.order):
        m = found.by_key[key]
        if m.name in heads and m.name in found.generic_heads:
            owners = [k for k in found.order
                      if k != key and (found.by_key[k].name.endswith(" " + m.name) or
                                       found.by_key[k].name.startswith(m.name + " "))]
            found.order.remove(key)
            if len(owners) == 1:
                found.by_key[owners[0]].aliases.append(m.name)
            elif not owners:
                found.orphans.append(m)


def _short_forms(found: _Found, doc: Document) -> None:
    """A name that is the last words of exactly one longer name of the same type ('the
    Borough Partnership' after 'the Dudley Borough Partnership') is that body's short form
    (an alias), not another body."""
    heads = _body_pattern()[1]
    for key in list(found.order):
        m = found.by_key[key]
        if m.name in heads or len(m.name.split()) < 2:
            continue
        longer = [k for k in found.order if k != key and
                  found.by_key[k].type == m.type and
                  found.by_key[k].name.endswith(" " + m.name)]
        if len(longer) == 1:
            found.order.remove(key)
            found.by_key[longer[0]].aliases.append(m.name)


def _prefixed_forms(found: _Found, doc: Document) -> None:
    """A name that is another body's alias with a kind word before it ('NHS Solihull CCG'
    beside 'Solihull Clinical Commissioning Group (Solihull CCG)') is the same body, not a
    second one: the name written with its kind word stays, the other spellings become its
    aliases, unless the other also starts with the kind word ('NHS Norfolk and Waveney
    Integrated Care Board'), the fuller spelling (cue ``bodies.prefixed``)."""
    heads = sorted(_rules()["bodies"]["prefixed"], key=len, reverse=True)
    for key in list(found.order):
        m = found.by_key[key]
        head = next((h for h in heads if m.name.startswith(h + " ")), None)
        if head is None or key not in found.order:
            continue
        rest = m.name[len(head) + 1:]
        same = [k for k in found.order if k != key and rest in found.by_key[k].aliases]
        if len(same) != 1:
            continue
        other = found.by_key[same[0]]
        if other.name.startswith(head + " "):  # the other is the fuller spelling
            found.order.remove(key)
            other.aliases.append(m.name)
        else:
            found.order.remove(same[0])
            m.aliases += [other.name, *other.aliases]


def _acronym_aliases(found: _Found, doc: Document) -> None:
    """Bracketed acronyms ('... Partnership (HSP)') and initials written alone ('HSP')
    are aliases of the name they abbreviate."""
    for acro, words in found.acronyms.items():
        for m in found.mentions():
            if _fold(words).endswith(_fold(m.name)) or _fold(m.name) == _fold(words):
                m.aliases.append(acro)
    initials = {"".join(w[0] for w in found.by_key[k].name.split() if w[0].isupper()): k
                for k in found.order}
    for block in doc.blocks:
        for m in re.finditer(r"\b([A-Z]{3,6})\b", block.text):
            k = initials.get(m[1])
            if k is None or not found.by_key[k].name[:1].isupper() or \
                    _fold(m[1]) in found.by_key or \
                    any(m[1] in a.split() for x in found.mentions() for a in x.aliases):
                continue  # not an initialism, or one another body's alias already uses
            found.by_key[k].aliases.append(m[1])


def _parts_and_forms(found: _Found, doc: Document) -> None:
    """A body named 'HSP Steering Group' is part of the body whose acronym starts it; a
    name that is another's alias form is that body."""
    by_alias = {a: k for k in found.order for a in found.by_key[k].aliases}
    for key in found.order:
        first = found.by_key[key].name.split()[0]
        if first in by_alias and by_alias[first] != key:
            found.by_key[key].extra["part_of"] = found.by_key[by_alias[first]].name
    for key in list(found.order):
        m = found.by_key[key]
        if m.name in by_alias and by_alias[m.name] != key:
            found.order.remove(key)


def _gazetteer_bodies(found: _Found, doc: Document) -> None:
    """Public bodies the ONS gazetteer knows, in the forms documents write them (see
    :mod:`.gazetteer`): each gets its ONS code, and its ONS name as an alias where written
    otherwise; one no other rule found ('Norfolk and Waveney ICB') is added."""
    from .gazetteer import find

    hits: list[tuple[str, Mention]] = []
    for block in doc.blocks:
        for written, known, s, e in find(unshout(block.text)):
            key = _fold(written)
            if key not in found.by_key and any(
                    written in m.name for m in found.mentions() if len(m.name) > len(written)):
                continue  # part of a longer name another rule found
            same = [x for x in found.mentions() if _fold(x.name) != key and
                    known.name in (x.name, *x.aliases)]
            if same:  # 'NHS X ICB' after 'NHS X Integrated Care Board': one body
                if written not in same[0].aliases:
                    same[0].aliases.append(written)
                same[0].extra.setdefault("code", known.code)
                hits.append((written, same[0]))
                continue
            m = found.add(written, (known.type, known.kind), block, s, e,
                          alias=known.name if known.name != written else None)
            m.extra.setdefault("code", known.code)
            hits.append((written, m))
    _parts_of_known(found, hits)


def _parts_of_known(found: _Found, hits: list[tuple[str, Mention]]) -> None:
    """What other rules read inside a known body's name ('NHS Norfolk and Waveney ICB'
    gave 'Waveney ICB') is that body: the whole name stays, the part goes (as an alias when
    it is the same words)."""
    for key in list(found.order):
        m = found.by_key[key]
        if "code" in m.extra:
            continue
        for written, body in hits:
            names = [m.name, *m.aliases]
            if m is not body and any(n == written or written.endswith(" " + n) for n in names):
                found.order.remove(key)
                if m.name == written and written not in body.aliases:
                    body.aliases.append(written)
                break


#: The rules that read what the block rules found, in order.
_DOCUMENT_RULES = (_acting_acronyms, _bare_heads, _short_forms, _acronym_aliases,
                   _prefixed_forms, _parts_and_forms, _gazetteer_bodies, _trust_acronyms)


def _serving(found: list[Mention], area: str | None) -> None:
    """An acronym of a kind of body standing alone ('the ICB'; cue ``gazetteer.serving``) is
    the one body of that kind the document names (the acronym becomes its alias), else the
    body of that kind the gazetteer says serves the document's area (its ONS name becomes
    the acronym's alias, with its code)."""
    from .gazetteer import codes, serving

    for acro, (kind, form, word) in _rules()["gazetteer"]["serving"].items():
        alone = [m for m in found if m.name == acro]
        if not alone:
            continue
        named = [m for m in found if m.extra.get("code") in codes(kind) and word in m.name
                 and m.name != acro]
        if len(named) == 1:
            named[0].aliases.extend([acro, *alone[0].aliases])
            found.remove(alone[0])
            continue
        item = serving(kind, area) if area else None
        if item is not None and not named:
            alone[0].aliases.append(form.format(place=item["place"]))
            alone[0].extra["code"] = item["code"]





def bodies(doc: Document, area: str | None = None,
           people: frozenset[str] = frozenset()) -> list[Mention]:
    """Organisations and partnerships named in the document, one Mention per body: the
    block rules (:data:`_BLOCK_RULES`) over each block (a heading in capitals read in
    title case), then the document rules (:data:`_DOCUMENT_RULES`), then generic and
    abbreviated mentions. ``people`` are persons' names, so that 'Nicky Pendleton
    Partnership Manager' is not read as a partnership."""
    acronyms: dict[str, str] = {}
    for block in doc.blocks:
        acronyms.update(_acronyms(block.text))
    found = _Found(people, acronyms)
    for block in doc.blocks:
        text = unshout(block.text)
        for rule in _BLOCK_RULES:
            rule(found, block, text)
    for doc_rule in _DOCUMENT_RULES:
        doc_rule(found, doc)
    out = found.mentions()
    _sector_bodies(out)
    _serving(out, area)
    out += _area_heads(found.orphans, area)
    out += _generic(doc, out, area)
    out += abbreviated(doc, out, area)
    return _one_body_each([m for m in out if not _department(m.name)])


def _department(name: str) -> bool:
    """Whether a name is a council department's, not a body's: one of
    ``bodies.departments`` alone or after a team's words ('Democratic Services', 'Policy
    and Partnerships Democratic Services'), no place before it.

    >>> _department("Democratic Services"), _department("Children's Services")
    (True, True)
    >>> _department("Fenby Voluntary Services"), _department("Probation Service")
    (False, False)
    """
    depts = _rules()["bodies"]["departments"]
    return any(name == d or name.endswith(f" {d}") and
               not _gazetteer_place(name[: -len(d)].strip()) for d in depts)


def _gazetteer_place(words: str) -> bool:
    return any(w in gazetteer() for w in (words, words.split()[0] if words else ""))


def _one_body_each(found: list[Mention]) -> list[Mention]:
    """One mention per body, where a name written bare is another's short form: a kind's
    name alone ('Health and Wellbeing Board') beside exactly one named body of that kind
    ('Manchester Health and Wellbeing Board') is an alias of it; a count of bodies ('two
    Health and Wellbeing Boards') is not a body. (A partnership and its board, 'Safer
    Fenby Partnership' and 'Safer Fenby Partnership Board', stay two.)

    >>> m = [Mention(n, "Partnership", "other", 1, 0, 0, "") for n in
    ...      ("Health and Wellbeing Board", "Fenby Health and Wellbeing Board",
    ...       "Safer Fenby Partnership", "Safer Fenby Partnership Board",
    ...       "two Health and Wellbeing Boards")]
    >>> [(x.name, x.aliases) for x in _one_body_each(m)]
    [('Fenby Health and Wellbeing Board', ['Health and Wellbeing Board']), \
('Safer Fenby Partnership', []), ('Safer Fenby Partnership Board', [])]
    >>> m = [Mention(n, "Partnership", "other", 1, 0, 0, "") for n in
    ...      ("Health & Wellbeing Board", "Fenby & Marsh Health and Wellbeing Board")]
    >>> [(x.name, x.aliases) for x in _one_body_each(m)]
    [('Fenby & Marsh Health and Wellbeing Board', ['Health & Wellbeing Board'])]
    """
    heads = _body_pattern()[1]
    counts = tuple(f"{w} " for w in [*_rules()["lists"]["numbers"], "both", "all", "several"])
    out = [m for m in found if not m.name.lower().startswith(counts)]
    def amp(name: str) -> str:  # 'Health & Wellbeing Board' is the same kind's name
        return name.replace(" & ", " and ")

    for m in list(out):
        longer = [o for o in out if o is not m and o.type == m.type and
                  amp(m.name) in heads and amp(o.name).endswith(" " + amp(m.name))]
        if len(longer) == 1:
            out.remove(m)
            longer[0].aliases += [m.name, *m.aliases]
    return out


def _sector_bodies(found: list[Mention]) -> None:
    """A group, forum or alliance named for a sector ('Fenshire Voluntary Sector Forum',
    'Warwickshire College Group', 'VCS Alliance') is an organisation of that sector, not a
    partnership of public bodies (cue ``bodies.sector_words``)."""
    sectors = _rules()["bodies"]["sector_words"]
    for m in found:
        if m.type != "Partnership" or m.name.split()[-1] not in ("Group", "Forum", "Alliance",
                                                                  "Assembly"):
            continue
        kind = next((k for w, k in sectors.items() if re.search(rf"\b{w}\b", m.name)), None)
        if kind is not None:
            m.type, m.kind = "Organisation", kind
    for m in found:  # a council's scrutiny board ('Overview and Scrutiny Board') is one of
        # its committees: a council body, not a partnership (ANNOTATION.md)
        if m.type == "Partnership" and re.search(r"\bScrutiny (?:Board|Panel)\b", m.name):
            m.type, m.kind = "Organisation", "other"


def _area_heads(orphans: list[Mention], area: str | None) -> list[Mention]:
    """'the Health and Wellbeing Board' written with no body of that name in the document:
    a partnership of that kind in the document's area, named from the area (as 'the CSP'
    is, in :func:`abbreviated`)."""
    kinds = set(_rules()["bodies"]["area_kinds"])
    out = []
    for m in orphans:
        if area and m.type == "Partnership" and m.kind in kinds:
            out.append(Mention(f"{area} {m.name}", m.type, m.kind, m.line, m.start, m.end,
                               m.quote, [m.name, f"the {m.name}"],
                               {"note": f"written '{m.name}'; named from the document's area"}))
    return out


def abbreviated(doc: Document, named: list[Mention], area: str | None) -> list[Mention]:
    """'the CSP', 'the ICS' used alone (cue ``bodies.abbreviated``): an alias of the body
    the document names with that abbreviation or ending, else that kind of body in the
    document's area, else a body known by the abbreviation.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("The CSP met in June. The ICS reported.")
    >>> [m.name for m in abbreviated(doc, [], "Devon")]
    ['Devon Community Safety Partnership', 'Devon Integrated Care System']
    """
    heads = _body_pattern()[1]
    out: list[Mention] = []
    for abbr, full in _rules()["bodies"]["abbreviated"].items():
        hits = [(b, m) for b in doc.blocks for m in re.finditer(rf"\b[Tt]he {abbr}\b", b.text)]
        if not hits:
            continue
        if any(f"the {abbr}" in m.aliases for m in named):
            continue  # already read as the document's own body ('the HWB')
        same = [m for m in named + out if abbr in m.aliases] or \
            [m for m in named + out if m.name.endswith(full)]
        if len(same) == 1 and abbr not in same[0].aliases:
            same[0].aliases.append(abbr)
        if same:
            continue  # the one body so named; several: not ours to choose
        name = f"{area} {full}" if area else abbr
        block, m = hits[0]
        a, b = sentence_at(block.text, m.start(), m.end())
        tk = heads[full]
        out.append(Mention(name, tk[0], tk[1], block.line, block.start + m.start() + 4,
                           block.start + m.end(), block.text[a:b].strip(), [abbr],
                           {"note": f"written 'the {abbr}'"
                            + ("; named from the document's area" if area else "")}))
    return out


@cache
def _plan_end_word() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in _rules()["strategies"]["heads"])
    return re.compile(rf"\b(?:{heads})$")


@cache
def _post(before: bool = False) -> re.Pattern[str]:
    """A post's title, whose remit follows ('Director of ', 'Member for '): at the end of
    the text before a name (``before``), or starting a name."""
    posts = "|".join(re.escape(p) for p in _rules()["bodies"]["posts"])
    end = "$" if before else r"(?=[A-Z])(?!.*[.,;:])"
    return re.compile(rf"(?:(?<=\s)|^)(?:[A-Z][a-z]+ )*(?:{posts})(?: and [A-Z][a-z]+)? "
                      rf"(?:of|for) (?:the )?{end}")


@cache
def _prefixed() -> re.Pattern[str]:
    heads = sorted(_rules()["bodies"]["prefixed"], key=len, reverse=True)
    alt = "|".join(re.escape(h) for h in heads)
    word = r"[A-Z][\w’'\-]*+"
    # a list of such names ('NHS Derby, NHS Leicester and NHS Lincoln') is several: the
    # words that go on the name never start another one
    more = rf"(?:(?:,| and)(?! (?:{alt}) ) {word}|(?: of| the)? {word})*"
    return re.compile(rf"(?<![\w\-])(?P<h>{alt}) (?P<w>{word}{more})")


def prefixed(text: str) -> list[tuple[str, tuple[str, str], int, int]]:
    """Names whose kind word comes first (cue ``bodies.prefixed``): (name, (type, kind),
    start, end). A name that goes on to a head word ('NHS Devon Integrated Care Board')
    is the head rule's, not this one's.

    >>> [n for n, *_ in prefixed("with NHS Devon and the Department for Work and Pensions.")]
    ['NHS Devon', 'Department for Work and Pensions']
    >>> [n for n, *_ in prefixed("NHS Derby, NHS Leicester and Age UK Lincoln, Lincoln City "
    ...                          "Council")]
    ['NHS Derby', 'NHS Leicester', 'Age UK Lincoln']
    """
    heads = _body_pattern()[1]
    out = []
    for m in _prefixed().finditer(text):
        name = m[0]
        if any(name.endswith(" " + h) for h in heads) and ", " in name and \
                m["h"] not in _rules()["bodies"]["prefixed_areas"]:
            name = name.split(", ")[0]  # 'Voluntary Action Leeds, Leeds City Council': a list
        elif m["h"] in _rules()["bodies"]["prefixed_areas"] and ", " in name:
            # 'for Surrey, Healthwatch Surrey and ...': not places; a name that ends in a
            # head named by a list of areas is the head rule's ('NHS Bristol, North
            # Somerset and South Gloucestershire Integrated Care Board'), unless a body's
            # name comes between ('NHS Fenby, Fenby Police and Fenby Integrated Care Board')
            chunks = name.split(", ")
            if not any(name.endswith(" " + h) for h in _rules()["bodies"]["area_heads"]) or \
                    any(c.endswith(" " + h) for c in chunks[1:-1] for h in heads):
                name = _places_only(name)
        if any(name[len(m["h"]):].startswith(f" {h} ") for h in heads):
            continue  # the end of a head rule's name ('... NHS Foundation Trust David')
        words = name.split()
        if words[-1] in ("and", "of", "the", "Organisation", "Organisations") or \
                any(name.endswith(" " + h) for h in heads) \
                or _plan_end_word().search(name) or len(words) < 2:
            continue  # a body's or a plan's name ('NHS Joint Forward Plan')
        tk = tuple(_rules()["bodies"]["prefixed"][m["h"]])
        out.append((name, (tk[0], tk[1]), m.start(), m.start() + len(name)))
    return out


def _places_only(name: str) -> str:
    """A name that goes on with an area, cut where the words after a comma are not places
    ('Office of the Police and Crime Commissioner for Surrey, Healthwatch Surrey and Surrey
    Community Action' ends at 'Surrey').

    >>> _places_only("Police and Crime Commissioner for Surrey, Healthwatch Surrey and X")
    'Police and Crime Commissioner for Surrey'
    >>> _places_only("Police and Crime Commissioner for Devon, Cornwall and Isles of Scilly")
    'Police and Crime Commissioner for Devon, Cornwall and Isles of Scilly'
    """
    places = _place_pattern()[1]
    head, *rest = name.split(", ")
    kept = [head]
    for chunk in rest:
        if chunk not in places and \
                not all(p.strip() in places for p in re.split(r"\band\b", chunk) if p.strip()):
            break
        kept.append(chunk)
    return ", ".join(kept)


def spellings(found: list[Mention]) -> list[tuple[str, str]]:
    """(as written, the body's name) for every name and alias of the bodies, longest
    first, so that a search finds 'Kent HWB' before 'HWB'."""
    return sorted(((n, b.name) for b in found for n in [b.name, *b.aliases]),
                  key=lambda x: len(x[0]), reverse=True)


def _generic(doc: Document, named: list[Mention], area: str | None) -> list[Mention]:
    """'the Board', 'the HWB': the document's own board, named by its area when the text
    does not name it, when it is a health and wellbeing board (the document is about a
    health and wellbeing strategy: such boards own those strategies by statute). 'the
    Council' unnamed is not a body of its own (ANNOTATION.md: unnamed references are left
    out); it is an alias of the area's council where the text names that council."""
    if not area:
        return []
    out: list[Mention] = []
    text = doc.text
    for phrase in ("the Council", "the Board", "the HWB"):
        hits = [(b, m) for b in doc.blocks
                for m in re.finditer(rf"\b{phrase}\b", b.text, re.I)]
        if not hits:
            continue
        word = phrase.split()[-1]
        same = [m for m in named if m.name.startswith(area) and
                (m.name.endswith(word) or word in m.aliases or
                 any(a.endswith(word) for a in m.aliases) or
                 (word == "HWB" and "Health and Wellbeing Board" in m.name))]
        if same:
            same[0].aliases.append(phrase)
            continue
        if word != "Council" and ("Health and Wellbeing Strategy" in text or word == "HWB"):
            name, tk = f"{area} Health and Wellbeing Board", ("Partnership",
                                                              "health_and_wellbeing_board")
        else:
            continue
        block, m = hits[0]
        a, b = sentence_at(block.text, m.start(), m.end())
        out.append(Mention(name, *tk, block.line, block.start + m.start(),
                           block.start + m.end(), block.text[a:b].strip(), [phrase],
                           {"note": f"written '{phrase}'; named from the document's area"}))
    return out


_PERIOD = re.compile(r",?\s*\(?((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)?\d\d)\)?")


@cache
def _strategy_pattern() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(_rules()["strategies"]["heads"], key=len,
                                                  reverse=True))
    # 'Everybody s Business: the Community Safety ... Plan for Hertfordshire'
    return re.compile(rf"(?:(?:{_CAP}(?:\s+{_JOIN})?\s+){{0,{_WORDS}}}{_CAP}:\s+(?:the\s+)?)?"
                      rf"(?:{_CAP}(?:\s+{_JOIN})?\s+){{0,{_WORDS}}}?(?:{heads})"
                      rf"(?:\s+for\s+(?:the\s+)?[A-Z][a-z]+)?"
                      rf"(?:,?\s*(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d)?(?![A-Za-z])")


class _Plans:
    """The plans found so far, keyed by their folded name (a plan's name and the same name
    with its area or period are one plan), with the period and status words written next
    to each."""

    def __init__(self, known_bodies: list[Mention]) -> None:
        self.rules = _rules()["strategies"]
        self.status_words = sorted(self.rules["status"], key=len, reverse=True)
        self.body_names = {_fold(b.name) for b in known_bodies}
        self.found: dict[str, Mention] = {}
        self.order: list[str] = []

    def _status(self, block: Any, s: int, e: int) -> str | None:
        """The status word written just before the plan or said of it after ('the draft
        X Strategy', 'X Plan has been adopted')."""
        a, _ = sentence_at(block.text, s, e)
        before = block.text[max(a, s - 30):s].lower()
        after = block.text[e:e + 40].lower()
        for w in self.status_words:
            if re.search(rf"\b{w}\s*$", before) or re.search(rf"^\W*(?:is|was|has been|"
                                                            rf"be)\s+(?:in\s+)?{w}\b", after):
                return str(self.rules["status"][w])
        return None

    def _same_ending(self, key: str, name: str) -> bool:
        """A plan whose name ends another's ('Community Safety Plan', 'Marsh Community Safety
        Plan') is that plan: the longer name is kept. Whether ``key`` was one."""
        for k in list(self.found):
            if key != k and (k.endswith(key) or key.endswith(k)) and len(key.split()) > 1 \
                    and len(k.split()) > 1:
                if len(key) > len(k):
                    self.found[key] = self.found.pop(k)
                    self.order[self.order.index(k)] = key
                    self.found[key].aliases.append(self.found[key].name)
                    self.found[key].name = name
                else:
                    self.found[k].aliases.append(name)
                return True
        return False

    def add(self, name: str, block: Any, s: int, e: int) -> None:
        """Add the plan ``name`` written at [s, e) of ``block``, with its period and status."""
        name = name.strip(" ,:")
        lead = re.match(r"^(Draft|Final Draft|Final|Refreshed|Revised)\s+(?=[A-Z])", name)
        if lead:  # 'Draft Community Strategy for Hampshire': the status, then the name
            name = name[lead.end():]
            s += lead.end()
        period = _PERIOD.search(name)
        extra: dict[str, Any] = {}
        if period:
            end = period[2] if len(period[2]) == 4 else period[1][:2] + period[2]
            extra["period"] = f"{period[1]}-{end}"
        # 'Community Strategy for Hampshire' and 'Community Strategy' are one plan
        key = _fold(re.sub(r"\s+for\s+(?:the\s+)?[A-Z]\w+$", "", _PERIOD.sub("", name)))
        if not key or key in self.body_names:
            return
        status = self._status(block, s, e)
        if status is not None:
            extra["status"] = status
        if self._same_ending(key, name):
            return
        if key not in self.found:
            a, b = sentence_at(block.text, s, e)
            self.found[key] = Mention(name, "Strategy", "", block.line, block.start + s,
                                      block.start + e, block.text[a:b].strip(), extra=extra)
            self.order.append(key)
            return
        m = self.found[key]
        if len(name) > len(m.name):
            m.aliases.append(m.name)
            m.name = name
        elif name != m.name:
            m.aliases.append(name)
        for k2, v in extra.items():
            m.extra.setdefault(k2, v)

    def mentions(self) -> list[Mention]:
        return [self.found[k] for k in self.order]


def _plan_items(doc: Document) -> set[int]:
    """The blocks of lists of plans: three or more items, most ending in a plan word ('The
    minimum requirement: ... Education plan ... Housing plans')."""
    from .lists import lists
    from .themes import is_plan

    out: set[int] = set()
    index = {id(b): i for i, b in enumerate(doc.blocks)}
    for lst in lists(doc):
        if not lst.marked:
            continue
        texts = [re.split(r"\s+[-–]\s+", it.text)[0].strip(" .;") for it in lst.items]
        hits = [index[id(it.block)] for it, t in zip(lst.items, texts, strict=True)
                if is_plan(t) and t[:1].isupper()]
        if len(lst.items) >= 3 and len(hits) * 2 >= len(lst.items):
            out.update(hits)
    return out


def _new_plans(plans: _Plans, block: Any) -> None:
    """'a new domestic abuse strategy': a plan named in lower case after 'a new'."""
    for m in re.finditer(r"\b[Aa] new ((?:[a-z\-]+ ){1,5}(?:strategy|plan))\b", block.text):
        plans.add(m[1], block, m.start(1), m.end(1))
    # 'the Vision for Leeds 2011 to 2030': a vision named with its place and period
    for m in re.finditer(_rules()["strategies"]["dated_vision"], block.text):
        plans.add(m[0], block, m.start(), m.end())
    # 'the Better Care Fund plan for 2023-25': a capitalised name and 'plan' in lower case
    for m in re.finditer(r"(?<![\w’'])((?:[A-Z][\w’'\-]+ ){2,5}(?:plan|strategy)"
                         r"(?: for (?:19|20)\d\d[-–/](?:19|20)?\d\d)?)\b", block.text):
        words = _trim_left(m[1].split())
        if len(words) >= 3 and not _a_post(" ".join(words), block.text, m.end()):
            name = " ".join(words)
            plans.add(name, block, m.end(1) - len(name), m.end(1))


def _a_post(name: str, text: str, end: int) -> bool:
    """Whether a plan-like name is a post's title: a post's remit ('Director of Strategy',
    'ICB Director of Strategy') or words before a post word ('Policy and Programme
    Manager'; cue ``strategies.post_words``)."""
    words = "|".join(_rules()["strategies"]["post_words"])
    return bool(_post().search(name) or _post(True).search(name) or
                re.search(rf"\b(?:{words}) of (?:the )?\w+$", name) or
                re.match(rf"\s+(?:{words})\b", text[end:]))


def _named_plans(plans: _Plans, block: Any) -> None:
    """Capitalised names ending in a plan head (cue ``strategies.heads``), two plans
    written as one run split ('X Strategy Update and Engagement Plan')."""
    pat = _strategy_pattern()
    for m in pat.finditer(unshout(block.text)):  # 'CORPORATE PLAN 2023-2026' too
        words = _trim_left(m[0].split())
        if ":" in " ".join(words) and m[0].split()[0] in ("A", "An") and \
                m[0].split()[1:2] == words[:1]:
            words = [m[0].split()[0], *words]  # 'A Better Deal for Hertfordshire: ...'
        name = " ".join(words)
        if len(words) < 2 and not name.endswith("Plans") or \
                block.text[m.end():m.end() + 1] == "/" or \
                block.text[m.start() - 1:m.start()] == "/" or _a_post(name, block.text, m.end()):
            continue
        s = m.end() - len(name)
        # 'X Strategy Update and Engagement Plan' (matched as two runs): the second
        # plan is 'Engagement Plan'; 'X Strategy and Action plan': 'X Strategy Action plan'
        before = block.text[:m.start()]
        prev = re.search(r"((?:[A-Z][\w’']*\s+(?:and\s+)?)*(?:Strategy|Plan))\s+"
                         r"(?:(?:[A-Z]\w+\s+)?and\s+)?$", before)
        lead = re.match(r"^(?:[A-Z]\w+\s+)?and\s+", name)
        if prev and lead:
            name = name[lead.end():]
            s = m.end() - len(name)
        if prev and (lead or before.rstrip().endswith(" and")) and \
                name.lower().startswith("action plan"):
            name = f"{' '.join(_trim_left(prev[1].split()))} {name}"
        inner = re.match(r"(.+?\b(?:Strategy|Plan))(?:\s+\w+)?\s+and\s+(.+)$", name)
        if inner and " and " not in inner[1].split(":")[-1][-12:]:
            plans.add(inner[1], block, s, s + len(inner[1]))
            second = inner[2]
            if second.split()[0].lower() in ("action",):
                second = f"{inner[1]} {second}"
            plans.add(second, block, s, m.end())
            continue
        plans.add(name, block, s, m.end())


def _title_rows(plans: _Plans, doc: Document) -> None:
    """A table of strategies and visions whose first row names its strategy without a plan
    word ('... Vision/Ambitions Hertfordshire: County of Opportunity Local strategic ...'):
    a 'Place: Title Words' name, ending where a capitalised word starts a sentence."""
    title = re.compile(r"(?:Vision\s*/\s*Ambitions?|Strategy\s+Vision)\s+((?:[A-Z][\w’']*\s+)*"
                       r"[A-Z][\w’']*:\s+(?:[A-Z][\w’']*|of|and|for|the)"
                       r"(?:\s+(?:[A-Z][\w’']*|of|and|for|the))*?)(?=\s+[A-Z][a-z]+\s+[a-z])")
    for block in doc.blocks:
        m = title.search(block.text[:400])
        if m:
            plans.add(m[1], block, m.start(1), m.end(1))


def _own_action_plans(plans: _Plans, doc: Document) -> None:
    """'An important part of the Community Strategy for Hampshire will be its action plan':
    a strategy's own action plan is a plan of its own."""
    for block in doc.blocks:
        for m in re.finditer(r"\b(?:its|the strategy[’']s) action plan\b", block.text):
            a, b = sentence_at(block.text, m.start(), m.end())
            sentence = block.text[a:b]
            named = [plans.found[k] for k in plans.order if plans.found[k].name in sentence or
                     any(x in sentence for x in plans.found[k].aliases)]
            if named:
                plans.add(f"{named[0].name} action plan", block, m.start(), m.end())


def strategies(doc: Document, known_bodies: list[Mention]) -> list[Mention]:
    """Strategies and plans: the items of a list of plans, else the block rules ('a new
    ... strategy', capitalised names ending in a plan head); then a table's first row and a
    strategy's own action plan.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("We adopted the Northshire Health and Wellbeing Strategy 2024-2029 "
    ...                 "and a new carers strategy is in place.")
    >>> [(m.name, m.extra.get("period")) for m in strategies(doc, [])]
    [('carers strategy', None), ('Northshire Health and Wellbeing Strategy 2024-2029', '2024-2029')]
    """
    from .lists import enumerated

    plans = _Plans(known_bodies)
    items = _plan_items(doc)
    for bi, block in enumerate(doc.blocks):
        item = enumerated(block.text)
        if bi in items and item is not None:
            text = re.split(r"\s+[-–]\s+", item)[0].strip(" .;")
            s = block.text.find(text)
            plans.add(text, block, s, s + len(text))
            continue
        _new_plans(plans, block)
        _named_plans(plans, block)
    _title_rows(plans, doc)
    _own_action_plans(plans, doc)
    return _same_plans([m for m in plans.mentions() if not _unnamed_plan(m, doc.text)])


_OWNER = re.compile(r"^(?:[A-Z][\w\-]*\s+){0,3}?[A-Z][\w\-]*(?:'|’)s\s+")
_GLUE = {"and", "of", "for", "the", "&"}


def _words(name: str) -> list[str]:
    return _fold(_PERIOD.sub("", name)).split()


def _expanded(short: list[str], long: list[str]) -> list[str]:
    """``short`` with each acronym in it written out as the run of ``long``'s words whose
    initials it is ('bcsp strategy' against 'birmingham community safety partnership
    strategy'; 'hwb' may stand for 'health and wellbeing' before a plan word)."""
    out: list[str] = []
    for w in short:
        run = None
        targets = [w, w[:-1]] if w[-1:] in ("b", "p") else [w]
        for target in targets if 2 <= len(w) <= 5 and w.isalpha() else []:
            for i in range(len(long)):
                initials, j = "", i
                while j < len(long) and len(initials) < len(target):
                    if long[j] not in _GLUE:
                        initials += long[j][0]
                    j += 1
                if initials == target and len(target) >= 2:
                    run = long[i:j]
                    break
            if run:
                break
        out += run or [w]
    return out


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(w in it for w in short)


def _same_plans(found: list[Mention]) -> list[Mention]:
    """One mention per plan: an owner written before a plan's name ('Board's Health and
    Wellbeing Strategy') is not part of it, and a name that is another's with an acronym
    for some of its words ('BCSP Strategy 2023-2026', 'Fenby HWB Strategy') is that plan's
    alias. (A shorter name whose words are only some of another's stays its own plan.)

    >>> m = [Mention(n, "Strategy", "", 1, 0, 0, "") for n in
    ...      ("Fenby Community Safety Partnership Strategy 2023-2026",
    ...       "FCSP Strategy 2023-2026", "Fenby Interim Care Strategy",
    ...       "Fenby Care Partnership Interim Care Strategy", "Board's Carers Strategy",
    ...       "Partnership's strategy")]
    >>> [(x.name, x.aliases) for x in _same_plans(m)]
    [('Fenby Community Safety Partnership Strategy 2023-2026', ['FCSP Strategy 2023-2026']), \
('Fenby Interim Care Strategy', []), ('Fenby Care Partnership Interim Care Strategy', []), \
('Carers Strategy', [])]
    """
    out: list[Mention] = []
    for m in found:
        owner = _OWNER.match(m.name)
        if owner:
            rest = m.name[owner.end():]
            if len(rest.split()) < 2 or not rest[:1].isupper():
                continue  # 'the Partnership's strategy': a plan named only by its owner
            m.name = rest
        out.append(m)
    for m in list(out):
        short = _words(m.name)
        if len(short) < 2:
            continue
        same = [o for o in out if o is not m and len(_words(o.name)) > len(short) and
                _expanded(short, _words(o.name)) == _words(o.name)]
        if len(same) == 1:
            out.remove(m)
            same[0].aliases += [m.name, *m.aliases]
    return out


def _unnamed_plan(m: Mention, text: str) -> bool:
    """A plan named only by its kind ('the Delivery Plan', 'its Implementation Plan', 'the
    ICB's Delivery Plan'; words of cue ``strategies.kind_words``, an owner's possessive
    aside), with no period; or one still to be written wherever it is named ('will develop a
    Fenshire Serious Violence Strategy'; cue ``strategies.to_be_written``).

    >>> m = Mention("ICB's Delivery Plan", "Strategy", "plan", 1, 0, 0, "")
    >>> _unnamed_plan(m, "The ICB's Delivery Plan is out.")
    True
    >>> m = Mention("Fenshire Carers Strategy", "Strategy", "strategy", 1, 0, 0, "")
    >>> _unnamed_plan(m, "We will develop a Fenshire Carers Strategy.")
    True
    >>> _unnamed_plan(m, "We will deliver the Fenshire Carers Strategy.")
    False
    """
    rules = _rules()["strategies"]
    words = re.sub(r"^\S+(?:'s|’s)\s+", "", m.name).split()
    if "period" not in m.extra and words and \
            all(w.lower() in rules["kind_words"] for w in words):
        return True
    spots = [x for n in {m.name, *m.aliases} for x in re.finditer(re.escape(n), text)]
    before = re.compile(rf"(?:{rules['to_be_written']})\s*$", re.I)
    return bool(spots) and all(before.search(text[max(0, x.start() - 60):x.start()])
                               for x in spots)


def gazetteer() -> dict[str, dict[str, str]]:
    """Place name -> {code, kind}, from schemas/places.yaml (ONS names)."""
    return dict(_places()["places"])


@cache
def _place_pattern() -> tuple[re.Pattern[str], dict[str, tuple[str, str | None]]]:
    """One pattern for every gazetteer name and country (longest first), built once."""
    places = _places()
    names: dict[str, tuple[str, str | None]] = {
        n: (v["kind"], v.get("code")) for n, v in places["places"].items()}
    for c in places["countries"]:
        names[c] = ("country", None)
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w.@/])(?:{alt})(?![\w@]|\.gov)"), names


_TOWNS = re.compile(r"\btowns?\s+(?:including|such as|of)\s+((?:[A-Z][\w’']*(?:\s+[A-Z]"
                    r"[\w’']*)*(?:,\s+|\s+and\s+))+[A-Z][\w’']*(?:\s+[A-Z][\w’']*)*)")
_COUNCIL = re.compile(r"\s+(?:County |Borough |District |City )?Councils?\b")


def areas(doc: Document) -> list[Mention]:
    """Places named in the document, from the ONS gazetteer (schemas/places.yaml) and the
    countries it lists; 'towns including A, B and C' names towns the gazetteer lacks."""
    pat, names = _place_pattern()
    found: dict[str, Mention] = {}
    for block in doc.blocks:
        for m in pat.finditer(block.text):
            name = m[0]
            if _COUNCIL.match(block.text, m.end()):
                continue  # 'Hertsmere Borough Council' names the council, not the place
            if name not in found:
                kind, code = names[name]
                a, b = sentence_at(block.text, m.start(), m.end())
                found[name] = Mention(name, "Area", kind, block.line, block.start + m.start(),
                                      block.start + m.end(), block.text[a:b].strip(),
                                      extra={"code": code} if code else {})
        for m in _TOWNS.finditer(block.text):
            for name in re.split(r",\s+|\s+and\s+", m[1]):
                if name not in found:
                    a, b = sentence_at(block.text, m.start(), m.end())
                    found[name] = Mention(name, "Area", "town", block.line,
                                          block.start + m.start(), block.start + m.end(),
                                          block.text[a:b].strip())
    return list(found.values())


def document_info(doc: Document, found_areas: list[Mention]) -> dict[str, Any]:
    """The document's kind (the first rule of documents.yaml 'kinds' that matches), title
    (its first heading that is not a date, a body or page furniture) and area (the place
    named most, counting counties and unitaries first; else the council whose .gov.uk
    site published it)."""
    kinds = _rules()["kinds"]
    kind = "other"
    for k, patterns in kinds.items():
        regs = [re.compile(p, re.M) for p in patterns]
        if any(r.search(b.text) for r in regs for b in doc.blocks[:400]) or \
                (k == "slides" and any(r.search(t) for r in regs for t in doc.dropped)):
            kind = k
            break
    if kind == "other":
        from .slides import numbered

        kind = "slides" if numbered(doc) else kind
    counts: Counter[str] = Counter()
    text = doc.text
    for a in found_areas:
        if a.kind in ("country", "region", "town"):
            continue
        n = len(re.findall(rf"(?<![\w.@/]){re.escape(a.name)}(?![\w@])", text))
        weight = 2 if a.kind in ("county", "unitary") else 1
        counts[a.name] = n * weight
    area = counts.most_common(1)[0][0] if counts else None
    if area is None:
        gaz = _places()["places"]
        for line in doc.dropped + [b.text for b in doc.blocks[:5]]:
            m = re.search(r"(?<![a-z\-])(?:www\.)?([a-z\-]+)\.gov\.uk", line)
            if m:
                cand = m[1].replace("-", " ").title()
                if cand in gaz:
                    area = cand
                    break
    pat, _ = _body_pattern()
    title = None
    for b in doc.blocks[:40]:
        t = b.text.strip()
        if b.kind in ("heading", "paragraph") and 3 <= len(t.split()) <= 16 and \
                not re.search(r"\d{4}$|^\d|^(?:Agenda|Minutes|Archived|Report of|Item|Title)",
                              t) and not pat.fullmatch(t):
            title = t.split(" - PowerPoint")[0]
            break
    return {"title": title, "kind": kind, "area": area}
