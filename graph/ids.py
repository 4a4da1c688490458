"""Names to ids and identity keys.

An id is ``<type prefix>:<slug>``: readable, stable, and the same whatever the spelling
details of the name (case, punctuation, spacing). Generic names ('Health and Wellbeing
Board') are qualified by the area they belong to, so Kent's and Leicester's boards are two
nodes. The *identity key* is looser: it also expands abbreviations and drops filler words,
so 'Herts Valleys CCG' and 'Herts Valleys NHS Clinical Commissioning Group' are one entity.

>>> slug("Hertfordshire County Council")
'hertfordshire-county-council'
>>> identity_key("Herts Valleys CCG") == identity_key(
...     "Herts Valleys NHS Clinical Commissioning Group")
True
>>> make_id("Partnership", "Health and Wellbeing Board", area="Kent")
'partnership:kent-health-and-wellbeing-board'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from ..schemas import load_schema

__all__ = ["clean_text", "display_name", "generic_words", "identity_key", "is_generic",
           "is_ons_code", "look_alike", "make_id", "near_key", "person_name", "slug"]

_MAX_SLUG = 80
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


# Characters that change how text shows without being text: control codes (terminal
# escapes), direction overrides and isolates, zero-width spaces and joiners, soft hyphens.
# A spelling of a name that differs from another only by these is the same spelling.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def clean_text(text: object) -> str:
    """Collapse white space (including non-breaking spaces) and trim; drop control,
    direction and zero-width characters.

    An import cleans the same few thousand names (strategies, bodies, areas) once for each
    of a hundred thousand rows that name them, so each distinct string is cleaned once
    and remembered (:func:`_clean_str`).

    >>> clean_text("Kent\u202e County\u200b  Council\x1b[31m")
    'Kent County Council[31m'
    """
    if type(text) is str:
        return _clean_str(text)
    return _clean(str(text))


def _clean(text: str) -> str:
    if text.isascii() and text.isprintable():
        # what _normalised gives such a text, four times faster (a national import cleans
        # 400,000 distinct cells): NFKC leaves ASCII as it is, printable ASCII holds none of
        # the invisible characters, and its only white space is ' '
        return " ".join(text.replace("`", "'").split())
    return _normalised(text)


def _normalised(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return " ".join(_INVISIBLE.sub("", s).split())


# bounded: a national import names about 150,000 distinct strings, most of them once
_clean_str = lru_cache(maxsize=1 << 18)(_clean)


def _words(text: str) -> list[str]:
    """A name's lowercase ASCII words (a list of the caller's own)."""
    return list(_ascii_words(text))


@lru_cache(maxsize=1 << 16)  # slug, identity_key and is_generic each ask for a name's words
def _ascii_words(text: str) -> tuple[str, ...]:
    s = clean_text(text)
    if not s.isascii():  # NFKD and the ASCII encoding leave an ASCII text as it is
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = s.lower().replace("&", " and ").replace("'s ", "s ").replace("'", "")
    return tuple(_WORD.findall(s))


def _lost(text: str) -> list[str]:
    """Per word of ``text``, its letters and digits that have no ASCII form ('α' in
    'Project α Board'); accents are not lost ('é' is 'e' and a mark)."""
    if text.isascii():
        return []
    words = re.findall(r"\w+", unicodedata.normalize("NFKD", clean_text(text).casefold()))
    lost = ("".join(c for c in w if c.isalnum() and not c.isascii()) for w in words)
    return [w for w in lost if w]


def _whole(text: str) -> str:
    """``text`` with case, spacing and punctuation folded: what a digest is taken of."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def slug(text: str) -> str:
    """Lowercase ASCII words joined by '-'; long slugs keep a short hash of the rest.
    Letters without an ASCII form are kept as a short hash, so 'Project α Board' and
    'Project β Board' stay two ids; so is a name with no letters at all ('???').

    >>> slug("  Children’s Trust   Board ")
    'childrens-trust-board'
    >>> slug("Project α Board") != slug("Project β Board")
    True
    """
    words = _words(text)
    if _lost(text):
        words.append(_digest(_whole(text)))
    if not words:
        rest = clean_text(text)
        words = ["unnamed", _digest(rest)] if rest else ["unnamed"]
    s = "-".join(words)
    if len(s) > _MAX_SLUG:
        digest = hashlib.sha1(s.encode()).hexdigest()[:8]
        s = s[: _MAX_SLUG - 9].rstrip("-") + "-" + digest
    return s


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=1 << 18)  # a national import's distinct names, each keyed once
def identity_key(name: str) -> str:
    """The key under which two spellings of one entity's name meet: the schema's identity
    rules (``identity`` in lsp.yaml): abbreviations expanded, an office holder's title put
    after its place, a council's tier words folded, filler words dropped, plurals folded,
    then ``synonyms`` (phrases that name one kind of body) read as one.

    >>> identity_key("The Hertfordshire LEP")
    'hertfordshire local enterprise partnership'
    >>> identity_key("Leicester CC") == identity_key("Leicester City Council")
    True
    >>> identity_key("Office of the PCC for Kent") == identity_key("Kent PCC")
    True
    """
    return _key(name, fold_councils=True)


@lru_cache(maxsize=1 << 16)
def near_key(name: str) -> str:
    """:func:`identity_key` with a council's tier words kept: what near matches compare
    letter by letter, so 'Hertsmere Borough Concil' (a typo) is still near 'Hertsmere
    Borough Council' though the latter's identity key folds to 'hertsmere council'."""
    return _key(name, fold_councils=False)


def _key(name: str, fold_councils: bool) -> str:
    words = _ascii_words(name)
    ident = load_schema().identity
    if not _rule_words().isdisjoint(words):  # one call, not one per word
        expanded = [w for word in words for w in ident["abbreviations"].get(word, word).split()]
        expanded = _title_last(expanded)
        if fold_councils:
            expanded = _council_fold(expanded)
        out = _synonyms([w for word in expanded for w in _word_key(word)])
    else:  # most names: no rule applies, each word keyed on its own
        keys = _WORD_KEYS  # a dict, not an lru_cache call: 1.5M words nationally
        out = []
        for word in words:
            key = keys.get(word)
            if key is None:
                if len(keys) >= _WORD_KEYS_KEPT:  # bounded, as _word_key's cache is
                    keys.clear()
                key = keys[word] = _word_key(word)
            out += key
    out += _lost(name)  # 'Project α Board' and 'Project β Board' do not meet
    return " ".join(out)


_WORD_KEYS: dict[str, tuple[str, ...]] = {}  # word -> _word_key(word)
_WORD_KEYS_KEPT = 1 << 16


@lru_cache(maxsize=1)
def _rule_words() -> frozenset[str]:
    """The words (and abbreviations of them) without which no whole-name rule applies."""
    ident = load_schema().identity
    words = {*ident.get("council_tier_words", []), "council", "of", "for"}
    words |= {w for t in ident.get("titles_before_place", []) for w in t.split()}
    words |= {w for phrase in ident.get("synonyms", {}) for w in phrase.split()}
    words |= {abbr for abbr, full in ident["abbreviations"].items()
              if set(full.split()) & words}
    return frozenset(words)


def _title_last(words: list[str]) -> list[str]:
    """'(Office of) the Police and Crime Commissioner for Kent' as 'Kent Police and Crime
    Commissioner': an office holder named by title then place (``titles_before_place``)
    is keyed place first, as most users write it; 'office of' the holder is the holder."""
    ident = load_schema().identity
    rest = [w for w in words]
    while rest and rest[0] in ("the", "office", "of"):
        rest = rest[1:]
    for title in sorted(ident.get("titles_before_place", []), key=len, reverse=True):
        t = title.split()
        if rest[:len(t)] == t and len(rest) > len(t) + 1 and rest[len(t)] in ("for", "of"):
            return [*rest[len(t) + 1:], *t]
        if rest[:len(t)] == t and len(rest) > len(t) and len(t) > 1:
            return [*rest[len(t):], *t]  # 'OPCC Suffolk', 'PCC Kent'
        if rest[:len(t)] == t and len(rest) == len(t) and rest != words:
            return rest  # 'Office of the PCC': the holder, no place given
        if rest[-len(t):] == t and rest != words:
            return rest  # 'Office of the Kent PCC'
    return words


def _council_fold(words: list[str]) -> list[str]:
    """A council's name with its tier words read as one: 'Leicester City Council',
    'Leicester CC' (read as 'county council') and 'City of Leicester Council' meet, as do
    'Borough of Poole' and 'Poole Borough Council', and 'Bury MBC' and 'Bury Metropolitan
    Borough Council': one place has one council styled by a tier. A name with no tier word
    ('Buckinghamshire Council', 'Dorset Council') stays apart from the tiered one (the
    county council it succeeded is another body; a near match reports them). Only when a
    place is left (not generic words alone: 'the City Council' and 'the County Council' stay
    two), and a town or parish council keeps its word."""
    tiers = set(load_schema().identity.get("council_tier_words", []))
    lead = 0
    while lead < len(words) and words[lead] in tiers:
        lead += 1
    styled = lead and lead < len(words) - 1 and words[lead] == "of" and (
        words[-1] == "council" or "borough" in words[:lead])
    body = words[lead + 1:] if styled else list(words)
    tiered = bool(styled)
    if body and body[-1] == "council":
        body = body[:-1]
        while body and body[-1] in tiers:
            body = body[:-1]
            tiered = True
    if not tiered:
        return words
    generic = generic_words()
    if not any(w not in generic and w not in ("and", "with", "upon", "on") for w in body):
        return words
    return [*body, _TIERED, "council"]


_TIERED = "tiered"  # a council's tier words, read as one in its identity key


def _synonyms(words: list[str]) -> list[str]:
    """The schema's ``synonyms`` (whole-word phrases of a key, longest first) read as the
    phrase they stand for: 'fire authority' is 'fire and rescue service'."""
    table = load_schema().identity.get("synonyms", {})
    if not table:
        return words
    out = " " + " ".join(words) + " "
    for phrase in sorted(table, key=lambda p: len(p.split()), reverse=True):
        out = out.replace(f" {phrase} ", f" {table[phrase]} ")
    return out.split()


@lru_cache(maxsize=1 << 16)  # names are many, their words few
def _word_key(word: str) -> tuple[str, ...]:
    """What one word of a name gives its identity key: abbreviations expanded, filler
    words dropped, plurals made singular."""
    ident = load_schema().identity
    expanded = ident["abbreviations"].get(word, word)
    return tuple(_singular(w) for w in expanded.split() if w not in ident["drop_words"])


@lru_cache(maxsize=1)
def _titles() -> tuple[re.Pattern[str], re.Pattern[str]]:
    ident = load_schema().identity

    def words(items: list[str]) -> str:
        return "|".join(re.escape(t.rstrip(".")).replace(r"\ ", r"\.?\s+")
                        for t in sorted(items, key=len, reverse=True))

    before = re.compile(rf"(?:{words(ident.get('person_titles', []))})\.?(?=\s)", re.I)
    after = re.compile(rf"(?<=\s)(?:,\s*)?(?:{words(ident.get('person_honours', []))})\.?$",
                       re.I)
    return before, after


@lru_cache(maxsize=65_536)
def person_name(name: str) -> tuple[str, str | None]:
    """A person's name without courtesy titles and honours, and what was taken off (the
    ``person_titles`` and ``person_honours`` of the schema's identity rules), so that
    'Cllr Graham Gooch' and 'Graham Gooch' are one person. A name that would be left with
    one word keeps its title: 'Dr Smith' and 'Mrs Smith' are not one person.

    >>> person_name("Cllr Graham Gooch"), person_name("Prof. Sir A Smith OBE")
    (('Graham Gooch', 'Cllr'), ('A Smith', 'Prof. Sir OBE'))
    >>> person_name("Dr Smith"), person_name("Graham Gooch")
    (('Dr Smith', 'Dr'), ('Graham Gooch', None))
    """
    text = clean_text(name)
    before, after = _titles()
    taken: list[str] = []
    rest = text
    while m := before.match(rest):
        taken.append(m[0])
        rest = rest[m.end():].lstrip()
    honours: list[str] = []
    while m := after.search(rest):
        honours.insert(0, m[0].lstrip(", "))
        rest = rest[:m.start()].rstrip(" ,")
    if not (taken or honours) or not rest or not rest[0].isupper():
        return text, None
    if len(rest.split()) < 2:  # 'Dr Smith': a person, but the title tells them apart
        return text, " ".join(taken + honours)
    return rest, " ".join(taken + honours)


@lru_cache(maxsize=1 << 16)
def is_generic(name: str) -> bool:
    """True when a name is made only of generic words, so it needs an area to mean one body.

    >>> is_generic("the Health and Wellbeing Board"), is_generic("Kent HWB")
    (True, False)
    """
    generic = generic_words()
    words = _words(name)
    return bool(words) and all(w in generic for w in words)


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The schema's generic words (``identity.generic_words``), read once."""
    return frozenset(load_schema().identity["generic_words"])



def display_name(name: str, area: str | None) -> str:
    """The name a body is shown and looked up by: a generic name with its area before it.

    >>> display_name("Health and Wellbeing Board", "Leicester")
    'Leicester Health and Wellbeing Board'
    >>> display_name("Kent HWB", "Kent")
    'Kent HWB'
    """
    if area and is_generic(name) and slug(area) not in slug(name):
        return f"{area} {name}"
    return name

def make_id(
    type_name: str, name: str, *, area: str | None = None, scope: str | None = None
) -> str:
    """The id of a node of ``type_name`` called ``name``.

    ``scope`` (the id of the containing node, e.g. a theme's strategy) qualifies names that
    are only unique within it; ``area`` qualifies generic names. Areas with an ONS code are
    keyed by the code.

    >>> make_id("Theme", "Health", scope="strategy:kent-health-and-wellbeing-strategy")
    'theme:kent-health-and-wellbeing-strategy/health'
    >>> make_id("Area", "E10000015")
    'area:E10000015'
    """
    nt = load_schema().node_types[type_name]
    if type_name == "Person":  # 'Cllr Graham Gooch' is person:graham-gooch
        name = person_name(name)[0]
    if type_name == "Area" and is_ons_code(name):
        return f"{nt.prefix}:{name.strip().upper()}"
    base = slug(name)
    if area and is_generic(name) and slug(area) not in base:
        base = slug(f"{area} {name}")
    if scope:
        base = f"{scope.split(':', 1)[-1]}/{base}"
    return f"{nt.prefix}:{base}"


_ONS = re.compile(r"^[EWSNK]\d{8}$", re.IGNORECASE)


def is_ons_code(text: str) -> bool:
    """True for a GSS code such as E10000015.

    >>> is_ons_code("E10000015"), is_ons_code("Kent")
    (True, False)
    """
    return bool(_ONS.match(text.strip()))


# Letters of other scripts drawn like Latin ones (Unicode's confusables, the common part)
_LOOK_ALIKE = str.maketrans("аеорсухіјѕԁһӏոԛԝαβεικνοτυχ", "aeopcyxijsdhlnqwabeiknotux")


def look_alike(name: str) -> str:
    """``name`` as it looks: case folded and look-alike letters of other scripts read as
    the Latin ones ('Kеnt' with a Cyrillic 'е' looks like 'kent'). Two names that look
    the same but are not are reported as possible duplicates.

    >>> look_alike("K\u0435nt County Council") == look_alike("Kent County Council")
    True
    """
    return " ".join(clean_text(name).casefold().translate(_LOOK_ALIKE).split())
