"""Themes from the lists that introduce them: ambitions, themes, priorities, outcomes,
principles, barriers, standards.

Three shapes of list, each introduced by a word that gives the level (``themes.levels`` in
``schemas/documents.yaml``):

- an enumerated run (bullets, '1)', '(a)', '3.2.1') after an introducing block: 'This
  vision is broken down into 4 key themes. They are:'; in slides every bullet list under a
  slide title is a list of points, and a list under a heading that names an earlier theme
  ('Boundary issues') holds that theme's children;
- an inline list after a colon: 'key challenges facing the county: A; B', 'We want to
  achieve: A. B. C.';
- examples after 'such as' or 'like': 'key areas ... such as healthy places, healthy minds
  and healthy lives'.

A quoted passage after 'vision' is an ambition, and 'Outcome 5' a reference to an outcome.
Items that end in a plan word are strategies, and reference lists ('Hamer L, 2003. ...')
are people and dates, so neither is a theme.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from ..schemas import read_reference
from . import Block, Document, sentence_at
from .actions import beneficiaries, commits, committed_blocks, deliverables
from .lists import SECTION_MARK, deliverables_after, enumerated, heading_like, lists, shape

__all__ = ["heading_only", "is_plan", "kind_heading", "labelled", "listed", "sections",
           "slide_titles", "stated_vision", "themes", "titled"]

@cache
def _rules() -> dict[str, Any]:
    return read_reference("documents.yaml")


def _level(text: str) -> str | None:
    levels = _rules()["themes"]["levels"]
    found = None
    for w in re.findall(r"[A-Za-z]+", text):
        if w.lower() in levels:
            found = levels[w.lower()]  # the last level word is the one introducing the list
    if found is None:  # a level of several words ('Our ways of working')
        low = " ".join(re.findall(r"[a-z]+", text.lower()))
        found = next((v for k, v in levels.items() if " " in k and f" {k} " in f" {low} "),
                     None)
    return found


@cache
def _label() -> re.Pattern[str]:
    t = _rules()["themes"]
    words = "|".join(t["labels"])
    numbers = "|".join(t["label_numbers"])
    return re.compile(rf"^(?P<w>{words})\s+(?:\d{{1,2}}|[A-Z]|{numbers})(?:\s*[:.\-–|]\s+|"
                      rf"\s+(?=[A-Z][a-z]))(?P<t>[^:]{{3,160}})$", re.I)


def _sentence_case(text: str) -> str:
    """A title written in capitals, in sentence case ('TACKLING INEQUALITIES')."""
    return text[:1] + text[1:].lower() if text.isupper() else text


def labelled(text: str) -> tuple[str, str, str] | None:
    """A labelled theme heading: (level, title, label word). The title is the theme; the
    label ('Priority 1') is not.

    >>> labelled("Priority 1: Reducing serious violence and knife crime")
    ('priority', 'Reducing serious violence and knife crime', 'priority')
    >>> labelled("PRIORITY 2: TACKLING INEQUALITIES")
    ('priority', 'Tackling inequalities', 'priority')
    >>> labelled("Stage 1: Understanding the landscape") is None
    True
    >>> labelled("Outcome 3 Fewer people sleep rough")  # (the separator lost)
    ('outcome', 'Fewer people sleep rough', 'outcome')
    """
    m = _label().match(text.strip())
    if m is None:
        return None
    word = m["w"].lower()
    return _rules()["themes"]["labels"][word], _sentence_case(_clean(m["t"])), word


@cache
def _kind_heading() -> re.Pattern[str]:
    t = _rules()["themes"]
    words = "|".join(t["labels"])
    return re.compile(rf"^(?P<t>[A-Z][\w’'&,\- ]{{1,50}}?)\s+(?P<w>{words})$", re.I)


def kind_heading(text: str) -> tuple[str, str] | None:
    """A heading that names its own kind after its title: (level, title).

    >>> kind_heading("Economy theme"), kind_heading("HEALTHY LIVES PRIORITY")
    (('theme', 'Economy'), ('priority', 'Healthy lives'))
    >>> kind_heading("Our second theme") is None, kind_heading("Economy theme.") is None
    (True, True)
    """
    m = _kind_heading().match(text.strip())
    if m is None or m["t"].split()[0] in _rules()["themes"]["kind_heading_not"] or \
            len(m["t"].split()) > 5 or not m["t"][:1].isupper():
        return None
    return _rules()["themes"]["labels"][m["w"].lower()], _sentence_case(m["t"].strip())


@cache
def _vision() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in _rules()["themes"]["vision"]]


def stated_vision(text: str) -> str | None:
    """The vision or ambition a sentence states ('Our vision is that X.').

    >>> stated_vision("Our vision is a Devon where everyone feels safe at home.")
    'a Devon where everyone feels safe at home'
    >>> stated_vision("Our ambition is for every child to thrive.")
    'every child to thrive'
    """
    for pat in _vision():
        m = pat.search(text)
        if m:
            return _clean(m["t"])
    return None


def _gloss(text: str) -> str:
    """A list item without the gloss after a dash ('Best start in life – support for ...').

    >>> _gloss("Safe from harm – keeping children safe from exploitation")
    'Safe from harm'
    """
    return re.split(r"\s+[–—-]\s+", text, maxsplit=1)[0] if len(text.split()) > 6 else text


@cache
def _aside() -> re.Pattern[str]:
    """A list item that is not a theme but an aside in a list of them: who leads ('Led by
    the X partnership') or a date alone ('October 2008'; cue ``themes.asides``)."""
    return re.compile(_rules()["themes"]["asides"], re.I)


def _body_led(text: str, names: set[str]) -> str:
    """A list item that pairs a body with its theme ('Community Safety Partnership – Safer
    communities'): the theme. Other items are returned as they are.

    >>> _body_led("Health Partnership – Healthier communities", {"Health Partnership"})
    'Healthier communities'
    """
    parts = re.split(r"\s+[–—-]\s+", text, maxsplit=1)
    return parts[1] if len(parts) == 2 and parts[0].strip() in names else text


_TITLED = re.compile(r"^(?P<t>[A-Z][^.:;!?]{2,60}?)[.:]\s+(?P<g>[A-Z][^\n]{10,})$")
#: an item followed by its short name in brackets ('families get help early (early help)')
_SHORT_NAME = re.compile(r"^(?P<t>[^()]{12,}?\S)\s+\((?P<s>[A-Za-z][A-Za-z’'&\- ]{1,40})\)$")


def titled(text: str) -> tuple[str, str | None]:
    """An item written as a short title and its own sentences ('Healthy homes. Everyone
    should live in a warm home.'): the title, and the sentences as its gloss.

    >>> titled("Good jobs. We will help people into good work.")
    ('Good jobs', 'We will help people into good work')
    >>> titled("Live well: People live healthy lives in thriving places.")
    ('Live well', 'People live healthy lives in thriving places')
    >>> titled("Tackle fuel poverty in rural areas")
    ('Tackle fuel poverty in rural areas', None)
    >>> titled("fewer families fall into debt (money worries)")
    ('fewer families fall into debt', 'money worries')
    """
    m = _TITLED.match(text.strip())
    short = _SHORT_NAME.match(text.strip())
    if m is None and short is not None:
        return short["t"], short["s"]  # an item and its short name in brackets
    if m is None or len(m["t"].split()) > 7:
        return text, None
    return m["t"].strip(), m["g"].strip().rstrip(".")


def _clean(text: str) -> str:
    text = re.sub(r"\s+\d{2}$", "", text.strip())  # a page number run on
    text = re.sub(r"^(?:and|or)\s+", "", text.strip())
    text = re.sub(r"[;,]\s*(?:and|or)$", "", text)  # 'good jobs; and
    return text.strip(" .;,").replace("‘", "").strip("'`‘ ")


def _item(text: str, level: str, block: Block, parent: str | None = None,
          note: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text, "level": level}
    if parent:
        out["parent"] = parent
    if note:
        out["note"] = note
    s = max(block.text.find(text), 0)
    a, b = sentence_at(block.text, s, s + len(text))
    out.update({"line": block.line, "offset": [block.start + s, block.start + s + len(text)],
                "quote": block.text[a:b].strip()[:600]})
    return out


@cache
def _plan_end() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{'|'.join(_rules()['strategies']['lower_heads'])})$", re.I)


def is_plan(text: str) -> bool:
    """Whether a list item names a plan: it ends in a plan word, before any ' - ' gloss
    ('Community strategy - the overarching LSP plan')."""
    return bool(_plan_end().search(re.split(r"\s+[-–]\s+", text)[0].strip(" .;")))


_TABLE_HEADER = re.compile(r"\bVision\s*/\s*Ambitions?\b|\bStrategy\s+Vision\b")


def _table(block: Block, plans: list[Any], names: set[str]) -> list[dict[str, Any]]:
    """A table of strategies and their visions that lost its cells in transcription
    ('... Strategy Vision/Ambitions <name> <vision>. <ambition> <ambition> ...'): between one
    strategy's name and the next, whole sentences are visions and an unpunctuated run of
    phrases splits where a lower-case word meets a capitalised one."""
    header = _TABLE_HEADER.search(block.text)
    if header is None or header.end() > 200:  # the header row opens the block
        return []
    spans = sorted((p.start - block.start, p.end - block.start, p.name) for p in plans
                   if block.start <= p.start < block.end)
    if spans:  # the first row, whose strategy has no plan word in its name
        spans.insert(0, (header.start(), header.end(), "the table's first strategy"))
    out = []
    for k, (_s, e, name) in enumerate(spans):
        stop = spans[k + 1][0] if k + 1 < len(spans) else len(block.text)
        cell = re.sub(r"^[,\s]*(?:(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d)?", "", block.text[e:stop])
        cell = re.sub(r"\s\d{2}\s.*$", "", cell).strip()
        for n in names:
            cell = cell.replace(n, " ")
        sentences = re.findall(r"[A-Z][^.]*?\.(?=\s|$)", cell)
        rest = cell
        found = []
        for sent in sentences:
            rest = rest.replace(sent, "")
            found.append(_item(_clean(sent), "ambition", block, note=f"vision of {name}"))
        for phrase in re.split(r"(?<=[a-z]) (?=[A-Z])", rest.strip()):
            phrase = _clean(phrase)
            if len(phrase.split()) >= 2 and phrase[:1].isupper():
                found.append(_item(phrase, "ambition", block, note=f"ambition of {name}"))
        for t in found:
            if k > 0:
                t["strategy"] = name  # the row's own strategy, not the document's
        out.extend(found)
    return out


def _heading_level(lst: Any, above: Block | None) -> str | None:
    """The level a lead-in sentence takes from the heading just above it, when the sentence
    names none ('Our priority populations' / 'These are the groups partners will work with
    more closely:')."""
    if above is None or not lst.intro.endswith(":") or \
            lst.marked and (above.kind != "heading" or lst.intro_block.kind == "heading" or
                            any(it.text.rstrip().endswith(".") for it in lst.items)):
        return None  # (a marked list of phrases takes the level of a heading over its
        # lead-in: 'Our priorities' / '... the board concentrates on making sure that:' /
        # '• fewer children grow up in poverty'; points made in sentences do not)
    t = above.text.strip()
    if above.kind == "heading" or (len(t.split()) <= 8 and not t.endswith((".", ":"))):
        return _level(t)
    return None


def _counts(sentence: str, n: int) -> bool:
    """Whether a sentence counts exactly ``n`` items of a named level ('We have agreed three
    priorities.' above three items): it leads into them though it ends in a full stop."""
    from .lists import count

    return count(sentence) == n and _level(sentence) is not None and len(sentence) < 200


#: a lead-in that a list completes as a vision of the place ('By 2030 we want Fenby to be a
#: town where:', 'Fenby will be a place:-')
_PLACE_WHERE = re.compile(r"\b(?:will be|to be|to become) (?:a|an) (?:[\w\-]+ ){0,2}?(?:place|"
                          r"county|borough|city|town|district|area|community)(?: where| in which"
                          r"| that)?\s*:-?$")


def _counted_areas(sentence: str, n: int) -> bool:
    """Whether a lead-in counts exactly ``n`` areas ('built round four key areas:',
    'five areas for action:') above ``n`` items: areas a plan is built round are its
    priorities, though 'areas' alone names no level.

    >>> _counted_areas("The work is built round three lever areas:", 3)
    True
    >>> _counted_areas("The work is built round three lever areas:", 4)
    False
    """
    from .lists import count

    return bool(re.search(r"\bareas\b(?: (?:for|of) [a-z]+)?:$", sentence)) and \
        count(sentence) == n


def _list_level(lst: Any, out: list[dict[str, Any]], previous: str | None, first: bool,
                slides: bool, above: Block | None = None) -> tuple[str | None, str | None]:
    """The level of a list's items (from the level word of its lead-in) and their parent
    (when the lead-in is a heading that names an earlier theme), or no level when the list
    is not one of themes: a list of sources ('priorities from:'), a lone item (but a
    vision), the title slide's presenter, or a list of plans."""
    intro = lst.intro_block.text if lst.marked else lst.intro
    intro_item = enumerated(intro)
    intro_text = intro_item if intro_item is not None else intro
    intro_text = re.sub(r"^\d+\s+", "", intro_text).strip()  # a slide number
    intro_text = re.sub(r":\s*[-–]$", ":", intro_text)  # 'will be a place:-
    if intro_text[:1].islower() and above is not None and \
            not above.text.rstrip().endswith((".", ":", "!", "?")):
        intro_text = f"{above.text.strip()} {intro_text}"  # a lead-in wrapped over lines
    is_intro = intro_text.endswith(":") or (len(intro_text) < 100 and
                                            not intro_text.endswith(".") and
                                            intro_item is None) or \
        _counts(intro_text, len(lst.items))  # 'Partners have agreed five priorities.'
    level = _level(intro_text[-200:]) if is_intro else None
    if is_intro and level is None:
        level = _heading_level(lst, above)
    if is_intro and level is None and _PLACE_WHERE.search(intro_text):
        level = "ambition"  # 'we want Fenby to be a county where:' and what it will be like
    if is_intro and level is None and _counted_areas(intro_text, len(lst.items)):
        level = "priority"  # 'It was structured round five lever areas:' and five items
    parent = None
    if "continued" in intro_text.lower() and previous:
        level = previous
    heading = lst.intro_block.kind == "heading"
    for t in out:  # a heading that names an earlier theme: its children
        if is_intro and len(intro_text) < 80 and t["level"] and \
                (len(intro_text.split()) >= 2 or heading) and \
                fuzz.token_set_ratio(intro_text.lower(), t["text"].lower()) >= 90:
            parent, level = t["text"], t["level"]
            break
    if re.search(r"\b(?:told us|said|say|says|fed back|asked for)\s*:?\s*$", intro_text):
        level = None  # what people said ('Residents told us:'): findings, not priorities
    one = len(intro_text.split()) <= 5 and bool(re.search(  # 'Our policy outcome' over
        r"\b(?:outcome|priority|objective|aim|mission)$", intro_text.strip(" :"), re.I))
    if re.search(r"\bfrom:?\s*$", intro_text) or len(lst.items) < 2 and \
            (lst.marked or level != "ambition" and not one or labelled(intro_text)):
        level = None  # 'priorities from:' lists sources, not priorities (and a labelled
        # theme, 'Aim E: Cleaner streets', above one line is no vision over its sentence)
    if slides and level is None and not first and is_intro and not heading and \
            not intro_text.endswith("?") and \
            not re.search(r"\b(?:[Rr]ecommendations?|RECOMMENDATIONS?|[Dd]ecisions?)\b",
                          intro_text):  # (a slide of recommendations: resolutions)
        level = "theme"  # a slide's points (a slide title that names no level or asks a
        # question: not)
    if first and slides:
        level = None  # the title slide lists the presenter
    items = [_gloss(_clean(it.text)) for it in lst.items]
    if len(items) >= 3 and sum(map(is_plan, items)) * 2 >= len(items) or deliverables(lst) \
            or commits(intro_text):
        level = None  # a list of plans, of deliverables, or of commitments (actions)
    if beneficiaries(intro_text) and len(lst.items) >= 2:
        level = "ambition"  # 'Residents will:' and what they will have: a vision
    if lst.marked and any(shape(it.block.text) == "9.9" and len(it.text.split()) > 25
                          for it in lst.items):
        level = None  # a minute's numbered paragraphs ('3.2 Partners had asked ...')
    return level, parent


def _label_title(text: str) -> str:
    """An item written as a label and its title ('Ambition 1 - Safer streets'): the title."""
    found = labelled(text)
    return found[1] if found is not None else text


def listed(doc: Document, people_names: set[str], slides: bool) -> list[dict[str, Any]]:
    """Themes that are the items of a list whose lead-in names their level ('Our
    priorities are:', 'the following five key outcomes', a heading 'Cross-cutting aims').

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Our priorities are:\\n\\n- warm homes\\n- good jobs\\n")
    >>> [(t["text"], t["level"]) for t in listed(doc, set(), False)]
    [('warm homes', 'priority'), ('good jobs', 'priority')]
    """
    refs = re.compile(_rules()["themes"]["references"])
    out: list[dict[str, Any]] = []
    previous: str | None = None
    first = True
    above = {id(b): doc.blocks[i - 1] for i, b in enumerate(doc.blocks) if i}
    committed = committed_blocks(doc)
    for lst in lists(doc):
        if lst.intro_block is None:
            continue
        level, parent = _list_level(lst, out, previous, first, slides,
                                    above.get(id(lst.intro_block)))
        if all(id(it.block) in committed for it in lst.items):
            level = None  # commitments under a 'What we will do' heading: actions
        first = False
        # 'Ambition 1 - Safer streets': the title, before any gloss is cut at a dash
        items = [_gloss(_label_title(_clean(_body_led(it.text, people_names))))
                 for it in lst.items]
        named = [n for n in people_names if " " in n]
        usable = [t for t in items if t and not refs.search(t) and t not in people_names and
                  not any(t.startswith(n + " ") for n in named)]  # a members list's rows
        if not level or len(usable) != len(items):
            continue
        usable = [t for t in usable if not _aside().search(t)]
        # in slides, a short first item without a level word ('Government aim') is the
        # list's own heading
        if slides and len(usable) > 2 and len(usable[0].split()) <= 2 and not parent \
                and lst.intro_block.kind != "heading" and _level(usable[0]) is None:
            usable = usable[1:]
        tail = {id(it.block) for it in lst.items[deliverables_after(lst):]} \
            if deliverables_after(lst) else set()  # what a theme will deliver: actions
        for t, it in zip(items, lst.items, strict=True):
            if t in usable and id(it.block) not in tail:
                title, gloss = titled(t)
                found = _item(title, level, it.block, parent)
                if gloss:
                    found["aliases"] = [gloss]
                out.append(found)
        previous = level
    return out


def _quoted_vision(block: Block) -> list[dict[str, Any]]:
    """A quoted passage after 'vision' (cue ``themes.quoted_vision``) is an ambition."""
    m = re.search(_rules()["themes"]["quoted_vision"], block.text)
    return [_item(_clean(m["q"]), "ambition", block)] if m else []


def _our_ambition(block: Block) -> list[dict[str, Any]]:
    """'Our Ambition Together, we want to ...': the heading run into its first sentence
    (cue ``themes.our_ambition``)."""
    m = re.match(_rules()["themes"]["our_ambition"], block.text)
    return [_item(_clean(m["s"]), "ambition", block)] if m else []


def _inline(block: Block) -> list[dict[str, Any]]:
    """An inline list after a colon whose lead-in names a level ('key challenges facing
    the county: A; B').

    >>> from lspgraph.documents import read_text
    >>> b = read_text("Our key priorities: warmer homes; better jobs for all.").blocks[0]
    >>> [t["text"] for t in _inline(b)]
    ['warmer homes', 'better jobs for all']
    >>> b = read_text("It kept its three priorities:  Clean rivers  The high street  Jobs for "
    ...               "young people").blocks[0]
    >>> [t["text"] for t in _inline(b)]
    ['Clean rivers', 'The high street', 'Jobs for young people']
    """
    out = []
    text = block.text
    for m in re.finditer(r"(?P<intro>[^.:;]{3,160}):\s+(?P<list>[^:]+?)(?=\.\s+[A-Z][^:]"
                         r"{0,60}(?:\.|$)|\s+\d{2}$|$)", text):
        intro = m["intro"]
        level = _level(intro[-80:])
        if "achieve" in intro and level is None:
            level = _level(text[:m.start()][-300:]) or None
        if not level or re.search(r"\bfrom\s*$", intro):
            continue
        parts = [p for p in re.split(r";\s+|\.\s+(?=[a-z])", m["list"]) if p.strip()]
        gaps = [p.strip() for p in re.split(r"\s{2,}", m["list"]) if p.strip()]
        if len(parts) < 2 and len(gaps) >= 3 and all(len(p.split()) <= 8 for p in gaps):
            parts = gaps  # bullets lost in copying, two spaces left between the items
        plural = [w for w in _rules()["themes"]["levels"] if w.endswith("s")]
        if len(parts) < 2 and m["list"].count(", ") >= 2 and \
                re.search(rf"\b(?:{'|'.join(plural)})\b", intro[-80:], re.I):
            # 'its priorities: domestic abuse, serious violence, and neighbourhood crime'
            parts = _series(m["list"])
            if not all(len(p.split()) <= 6 for p in parts):
                continue
        if len(parts) < 2:
            continue
        for p in parts:
            p = _clean(p)
            if 2 <= len(p.split()) <= 45:
                out.append(_item(p, level, block))
    return out


def _numbered_inline(block: Block) -> list[dict[str, Any]]:
    """A numbered list run into the sentence after a lead-in that names a level ('Proposed
    priorities: 1) Anti-social behaviour; 2) Domestic abuse; 3) Road safety.'), as minutes
    and tables' cells write one: each item, when every item is short.

    >>> from lspgraph.documents import read_text
    >>> b = read_text("The plan was shown. Its priorities: (1) safer parks; (2) quieter "
    ...               "streets; and (3) fewer burglaries. Members agreed it.").blocks[0]
    >>> [t["text"] for t in _numbered_inline(b)]
    ['safer parks', 'quieter streets', 'fewer burglaries']
    """
    from .lists import inline

    out: list[dict[str, Any]] = []
    for m in re.finditer(r"(?P<intro>[^.:;]{3,160}):\s+(?=\(?(?:1|i|a)[.)]\s)", block.text):
        level = _level(m["intro"][-80:])
        if level is None or re.search(r"\bfrom\s*$", m["intro"]) or commits(m["intro"]):
            continue
        items = [_clean(p) for p in inline(block.text[m.end():]) or []]
        if len(items) >= 2 and all(1 <= len(p.split()) <= 12 for p in items):
            out += [_item(p, level, block) for p in items]
    return out


def _dashed_inline(block: Block) -> list[dict[str, Any]]:
    """Bullets run into the line after a lead-in's colon ('added two priorities: - Warm
    homes - Good jobs - Safe streets Members welcomed ...'), when the lead-in names a
    level: each item up to the next dash; the last, which runs on into the next sentence
    where no full stop ends it, only when it is short.

    >>> from lspgraph.documents import read_text
    >>> b = read_text("It added three priorities: - Warm homes - Good jobs - Safe and clean "
    ...               "streets in every ward of the borough Members asked how. It ended.")
    >>> [t["text"] for t in _dashed_inline(b.blocks[0])]
    ['Warm homes', 'Good jobs']
    """
    out = []
    for m in re.finditer(r"(?P<intro>[^.:;]{3,200}):\s+(?=[-–•]\s)", block.text):
        level = _level(m["intro"][-80:])
        rest = re.split(r"[.:;]\s", block.text[m.end():])[0]
        items = [p.strip() for p in re.split(r"(?:^|\s)[-–•]\s+", rest) if p.strip()]
        if level is None or len(items) < 3:
            continue
        out += [_item(_clean(p), level, block) for p in items if len(p.split()) <= 12]
    return out


def _series(text: str) -> list[str]:
    """The items of a series written with commas and a last 'and' ('A, B and C', 'A, B,
    and C'); an 'and' inside an earlier item stays in it.

    >>> _series("domestic abuse, violence against women and girls, and knife crime")
    ['domestic abuse', 'violence against women and girls', 'knife crime']
    """
    parts = [p.strip() for p in text.split(", ") if p.strip()]
    if parts and parts[-1].startswith("and "):
        parts[-1] = parts[-1][4:]
    elif parts and " and " in parts[-1]:
        parts[-1:] = parts[-1].rsplit(" and ", 1)
    return parts


def _named_in_prose(block: Block) -> list[dict[str, Any]]:
    """Themes named in a sentence: after a counted level noun ('its three pillars, which
    are to reduce A, to improve B, and to make C') and in quotes before one ('the 'Healthy
    Ageing' and 'Best start' priorities').

    >>> from lspgraph.documents import read_text
    >>> b = read_text("It has two aims, which are to cut smoking and to get people active. "
    ...               "We lead the 'Warm homes' and 'Good jobs' priorities.").blocks[0]
    >>> [(t["text"], t["level"]) for t in _named_in_prose(b)]
    [('cut smoking', 'objective'), ('get people active', 'objective'), \
('Warm homes', 'priority'), ('Good jobs', 'priority')]
    """
    levels = _rules()["themes"]["levels"]
    nouns = "|".join(sorted(levels, key=len, reverse=True))
    numbers = "|".join(_rules()["lists"]["numbers"])
    out = []
    for m in re.finditer(rf"\b(?:\d{{1,2}}|{numbers}) (?:[\w\-]+ ){{0,2}}?(?P<w>{nouns}),? "
                         r"(?:which|that) are:? (?P<list>[^.;:]+)", block.text, re.I):
        for p in re.split(r",\s+(?:and\s+)?|\s+and\s+(?=to\s)", m["list"]):
            p = _clean(re.sub(r"^to\s+", "", p.strip()))
            if 1 <= len(p.split()) <= 20:
                out.append(_item(p, levels[m["w"].lower()], block))
    out += _counted_inline(block, nouns, numbers)
    out += _are_series(block, nouns)
    for m in re.finditer(rf"((?:[‘'][^’']{{3,60}}[’'](?:,\s*|\s+and\s+)?){{1,8}})\s+({nouns})\b",
                         block.text):
        for q in re.findall(r"[‘']([^’']{3,60})[’']", m[1]):
            out.append(_item(q, levels[m[2]], block))
    return out


def _are_series(block: Block, nouns: str) -> list[dict[str, Any]]:
    """A sentence that says what its level's items are, uncounted ('The building blocks of
    health in the strategy are good homes, fair work, safe communities and clean air'):
    three or more short items in a series.

    >>> from lspgraph.documents import read_text
    >>> b = read_text("Our priorities for the city are warm homes, good jobs and safe "
    ...               "streets. The outcomes were agreed by the board, the council and the ICB.")
    >>> [t["text"] for t in _are_series(b.blocks[0], "priorities|outcomes")]
    ['warm homes', 'good jobs', 'safe streets']
    """
    levels = _rules()["themes"]["levels"]
    out = []
    for m in re.finditer(rf"\b(?:[Tt]he|[Oo]ur|[Ii]ts|[Tt]heir) (?:[\w\-’']+ ){{0,3}}?"
                         rf"(?P<w>{nouns})\b(?:(?: [^.;:]{{0,60}}?)? (?:are|were|include):?| of) "
                         r"(?P<list>[^.;:]+)(?=[.;]|$)", block.text):
        if not m["w"].endswith("s"):
            continue  # a plural level noun: 'The priorities are ...', not 'The aim is'
        parts = [_clean(p) for p in _series(m["list"])]
        if len(parts) >= 3 and all(1 <= len(p.split()) <= 8 for p in parts) and \
                not re.match(r"\w+ed\b|to\b|set\b|as\b|being\b|not\b|also\b", parts[0]):
            out += [_item(p, levels[m["w"].lower()], block) for p in parts]
    return out


def _counted_inline(block: Block, nouns: str, numbers: str) -> list[dict[str, Any]]:
    """A counted level noun and exactly that many items after it in the sentence ('our four
    key aims of making safeguarding personal, prevention, performance, and quality
    assurance'); a count that does not match the items is not taken.

    >>> from lspgraph.documents import read_text
    >>> b = read_text("It sets three priorities: homes, jobs and parks. Two aims of X.").blocks[0]
    >>> [t["text"] for t in _named_in_prose(b)]
    ['homes', 'jobs', 'parks']
    >>> b = read_text("It noted the two aims of the plan: warm and dry homes; and good jobs.")
    >>> [t["text"] for t in _named_in_prose(b.blocks[0])]
    ['warm and dry homes', 'good jobs']
    """
    levels = _rules()["themes"]["levels"]
    words = _rules()["lists"]["numbers"]
    out = []
    for m in re.finditer(rf"\b(?P<n>\d|{numbers}) (?:[\w\-]+ ){{0,3}}?(?P<w>{nouns})"
                         r"(?:(?: (?:for|of|in|across) [^.;:]{1,40}?)? ?[:–—-]| (?:of|are|were)|"
                         r",? namely)\s+(?P<list>[^.:]+)", block.text, re.I):
        n = int(m["n"]) if m["n"].isdigit() else words.get(m["n"].lower(), 0)
        semi = re.split(r";\s+(?:and\s+)?", m["list"])  # 'A; B; and C': items with 'and'
        parts = [_clean(p) for p in (semi if len(semi) == n else
                                     re.split(r",\s+(?:and\s+)?|\s+and\s+",
                                              m["list"].split(";")[0]))]
        if len(parts) != n:  # an 'and' inside the last item ('..., and age well and die well')
            parts = [_clean(p) for p in _series(m["list"].split(";")[0])]
        if n >= 2 and len(parts) == n and all(1 <= len(p.split()) <= 12 for p in parts):
            out += [_item(p, levels[m["w"].lower()], block) for p in parts]
    return out


def _such_as(block: Block) -> list[dict[str, Any]]:
    """Examples after 'such as' or 'like' when a theme noun comes just before (cue
    ``themes.such_as_nouns``).

    >>> from lspgraph.documents import read_text
    >>> b = read_text("We heard about key issues such as loneliness and debt.").blocks[0]
    >>> [t["text"] for t in _such_as(b)]
    ['loneliness', 'debt']
    """
    nouns = "|".join(_rules()["themes"]["such_as_nouns"])
    out = []
    text = block.text
    for m in re.finditer(r"\b(such as|like):?\s+", text):
        near = r"\s+$" if m[1] == "like" else r"\b[^.;]{0,60}$"
        if not re.search(rf"\b(?:{nouns}){near}", text[max(0, m.start() - 80):m.start()]):
            continue
        ex = re.split(r"\.|\s+(?:as a|which|and then|and was|in order|were|was|have|"
                      r"has|had|are|is)\b", text[m.end():])[0]
        ex = re.sub(r"\s+etc\b.*$", "", ex)
        for p in re.split(r",\s+|;\s+(?:and\s+)?|\s+and\s+(?!\w+ing\b)", ex):
            p = _clean(p)
            if p and len(p.split()) <= 8:
                out.append(_item(p, "priority", block))
    return out


def _references(block: Block, used_labels: set[str]) -> list[dict[str, Any]]:
    """'Outcome 5' named in passing, where the document gives no titles for that label."""
    words = "|".join(w.title() for w in _rules()["themes"]["labels"])
    return [_item(f"{m[1]} {m[2]}", m[1].lower(), block)
            for m in re.finditer(rf"\b({words}) (\d{{1,2}})\b", block.text)
            if m[1].lower() not in used_labels]


def _short_title(text: str) -> bool:
    """A title of one to three words, each capitalised or a joining word ('Health and Care')."""
    words = text.split()
    return 0 < len(words) <= 3 and all(w[:1].isupper() or w in ("and", "&", "of")
                                       for w in words)


def slide_titles(doc: Document) -> list[dict[str, Any]]:
    """Slides: a slide whose title names a level and which has no points of its own ('Our
    themes for 2010 onwards') introduces the slides after it: their short titles
    ('Economy', 'Health') are themes of that level, and their points the themes' children.

    >>> from lspgraph.documents import Block, Document
    >>> doc = Document("<t>", "txt", [Block("heading", "Our themes", 0, 1, 1),
    ...     Block("heading", "Economy", 0, 1, 2), Block("list_item", "• More jobs", 0, 1, 3),
    ...     Block("heading", "What happens next", 0, 1, 4)])
    >>> [(t["text"], t["level"], t.get("parent")) for t in slide_titles(doc)]
    [('Economy', 'theme', None), ('More jobs', 'priority', 'Economy')]
    """
    out: list[dict[str, Any]] = []
    blocks = doc.blocks
    for i, b in enumerate(blocks[:-1]):
        level = _level(b.text) if b.kind == "heading" else None
        if level is None or blocks[i + 1].kind != "heading":
            continue
        for j in range(i + 1, len(blocks)):
            h = blocks[j]
            if h.kind != "heading":
                continue
            if not _short_title(h.text):
                break
            out.append(_item(h.text, level, h))
            for it in blocks[j + 1:]:
                if it.kind != "list_item":
                    break
                text = _clean(enumerated(it.text) or it.text)
                out.append(_item(text, "priority", it, parent=h.text))
    return out


@cache
def _commitment() -> re.Pattern[str]:
    return re.compile(_rules()["themes"]["commitment_opening"])


@cache
def _not_priority() -> re.Pattern[str]:
    return re.compile(_rules()["themes"]["commitment_heading_not"], re.I)


def committed_headings(doc: Document) -> list[dict[str, Any]]:
    """A short heading line right above the commitments made under it ('Best start in life'
    over 'We will offer every new parent a visit ...'): the heading is a priority. Not a
    heading over themes ('Our priorities'), a vision or a label, nor a question.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("Warm homes\\n\\nWe will insulate 500 houses by 2027.\\n\\n"
    ...                 "Our approach\\n\\nWe will listen first.\\n\\nJobs\\n\\nJobs matter.")
    >>> [(t["text"], t["level"]) for t in committed_headings(doc)]
    [('Warm homes', 'priority')]
    """
    out = []
    blocks = doc.blocks
    for b, nxt in zip(blocks, blocks[1:], strict=False):
        text = SECTION_MARK.sub("", b.text.strip())  # 'b A healthier borough'
        if heading_like(b) and b.kind != "list_item" and _commitment().match(nxt.text.strip()) \
                and not heading_only(text) and not text.endswith("?") and \
                labelled(text) is None and not _commitment().match(text) and \
                not re.search(r"\d", text) and _level(text) is None and \
                not _not_priority().match(text):
            out.append(_item(_clean(text), "priority", b))
    return out


_SECTION = re.compile(r"^(?P<t>[A-Z][\w’'&,\- ]{1,40}):$")
#: labels that lead into commitments or a meeting's record, not sections of themes
_LEAD_LABEL = re.compile(r"^(?:We will|We'll|We’ll)\b|\b(?:[Mm]inutes|[Dd]ecisions?|RESOLVED|"
                         r"[Rr]esolved|[Aa]greed|[Rr]ecommendations?)\b")


def sections(doc: Document) -> list[dict[str, Any]]:
    """A text that announces its number of themes in a sentence ('The plan is built around
    five themes, each with its ambitions') and then labels that many sections ('Place &
    Environment:', 'Economy:'): the labels are themes of that level; under each, a first
    line that is a phrase is its ambition, and items worded 'To ...' its objectives.

    >>> from lspgraph.documents import read_text
    >>> doc = read_text("The plan has two themes.\\n\\nHomes:\\nA warm home for all\\n"
    ...                 "· To insulate 500 houses.\\n\\nJobs:\\nGood work close to home\\n")
    >>> [(t["text"], t["level"], t.get("parent")) for t in sections(doc)]
    [('Homes', 'theme', None), ('A warm home for all', 'ambition', 'Homes'), \
('To insulate 500 houses', 'objective', 'Homes'), ('Jobs', 'theme', None), \
('Good work close to home', 'ambition', 'Jobs')]
    >>> doc = read_text("The plan has two themes.\\n\\n- Homes\\n- Jobs\\n\\nA\\n\\nB\\n\\nC\\n\\n"
    ...                 "Reasons:\\nCost.\\n\\nOptions:\\nNone.\\n")
    >>> sections(doc)
    []
    """
    from .lists import count

    levels = _rules()["themes"]["levels"]
    nouns = "|".join(sorted(levels, key=len, reverse=True))
    numbers = "|".join(_rules()["lists"]["numbers"])
    counted = re.compile(rf"\b(?:\d{{1,2}}|{numbers})\s+(?:[\w\-]+\s+){{0,2}}?({nouns})\b", re.I)
    blocks = doc.blocks
    for i, b in enumerate(blocks):
        n = count(b.text) if not b.text.rstrip().endswith(":") else None
        m = counted.search(b.text) if n else None
        level = levels[m[1].lower()] if m else None
        if not n or not level:
            continue
        labels = [j for j in range(i + 1, len(blocks)) if _SECTION.match(blocks[j].text.strip())
                  and not _LEAD_LABEL.search(blocks[j].text)
                  and not heading_only(blocks[j].text.strip(" :"))]
        if len(labels) < n or labels[0] - i > 4:
            continue  # the sections start right below the sentence that counts them ('We
            # will:' is a lead-in, and 'Reasons for the decision:' far below is a page's)
        out: list[dict[str, Any]] = []
        for j in labels[:n]:
            title = _SECTION.match(blocks[j].text.strip())["t"]
            out.append(_item(title, level, blocks[j]))
            out += _section_body(blocks[j + 1:], title)
        return out
    return []


def _section_body(blocks: list[Block], title: str) -> list[dict[str, Any]]:
    """The ambition line and the 'To ...' objectives right under a section's label."""
    out: list[dict[str, Any]] = []
    for k, b in enumerate(blocks):
        text = (enumerated(b.text) or b.text).strip()
        if _SECTION.match(b.text.strip()):
            break
        if k == 0 and b.kind != "list_item" and len(text.split()) <= 25 and \
                not text.endswith((".", ":")) and not re.match(r"We\b", text):
            out.append(_item(_clean(text), "ambition", b, parent=title))
        elif b.kind == "list_item" and re.match(r"To [a-z]", text):
            out.append(_item(_clean(text), "objective", b, parent=title))
    return out


#: A clause that commits someone ('We'll do this through', 'This will be done in 3 ways'):
#: the lead-in of a list of actions, not a theme.
_COMMITTING = re.compile(r"^(?:we|this|these|it|they)(?:'ll|’ll| will| are going to)\b")


def heading_only(text: str) -> bool:
    """Whether a candidate is only a heading over themes or a lead-in: its words are level
    words and generic ones (cue ``themes.not_themes``).

    >>> heading_only("Other priorities"), heading_only("Key areas of focus")
    (True, True)
    >>> heading_only("We will")
    True
    >>> heading_only("Reducing inequalities"), heading_only("Healthy weight and physical activity")
    (False, False)
    """
    generic = set(_rules()["themes"]["not_themes"])
    levels = _rules()["themes"]["levels"]
    words = re.findall(r"[\w’'\-]+", text.lower())
    return bool(words) and all(w in generic or w in levels for w in words)


def themes(doc: Document, people_names: set[str], slides: bool,
           plans: list[Any] | None = None) -> list[dict[str, Any]]:
    """Themes with their level (and parent, for a theme's sub-themes): listed ones, then
    labelled titles and stated visions, then the rules that read one block at a time;
    each text once."""
    out = sections(doc) + listed(doc, people_names, slides) + \
        (slide_titles(doc) if slides else [])
    used_labels = set()
    for block in doc.blocks:
        found = labelled(enumerated(block.text) or block.text)
        if found is not None and found[1][:1] in "\"“‘'":
            found = None  # 'Ambition 2 – "Saftey" should read "Safety"': a correction
        if found is not None:
            used_labels.add(found[2])
            short = _gloss(found[1]).lower()
            if not any(t["text"].lower() == short for t in out):  # (a list's item already,
                out.append(_item(found[1], found[0], block))  # without its gloss)
        named = kind_heading(block.text) if heading_like(block) else None
        if named is not None and not any(t["text"].lower() == block.text.strip().lower()
                                         for t in out):  # already an item, as written
            out.append(_item(named[1], named[0], block))
        vision = stated_vision(block.text)
        if vision is not None:
            out.append(_item(vision, "ambition", block))
    out += committed_headings(doc)
    for block in doc.blocks:
        out += _quoted_vision(block) + _our_ambition(block) + _inline(block) + \
            _numbered_inline(block) + _dashed_inline(block) + \
            _named_in_prose(block) + \
            _such_as(block) + _table(block, plans or [], people_names) + \
            _references(block, used_labels)
    seen: set[str] = set()
    unique = []
    texts = {t["text"].lower() for t in out}
    for t in out:
        k = t["text"].lower()
        paged = re.fullmatch(r"(.*\S)\s+\d{1,3}", k)  # a contents line: 'Living well 6'
        if k not in seen and not heading_only(t["text"]) and not _COMMITTING.match(k) and \
                not (paged and paged[1] in texts):
            seen.add(k)
            unique.append(t)
    whole = [(t["line"], t["text"].lower()) for t in unique if t["level"] == "ambition"]
    return [t for t in unique if t["level"] != "ambition" or not any(
        line == t["line"] and len(w) > len(t["text"]) and w.startswith(t["text"].lower())
        for line, w in whole)]  # a vision read twice, once cut at a colon: the whole one
