"""What every question is made of: its options, its findings and its headline.

A question is one module holding one :class:`Question` subclass, registered with
:func:`lspgraph.queries.register`. Everything that shows a question (the ``lspgraph query
NAME`` command and its ``--help``, ``lspgraph view --highlight``, the report's sections,
the demo's headlines) reads it from that class, so nothing else names a question.

>>> MIN_SCORE.name, MIN_SCORE.flag
('min_score', '--min-score')
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar

from ..graph.errors import LspGraphError
from ..graph.model import KnowledgeGraph
from .common import area_id, resolve_partnership
from .rules import load_rules

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AREA", "MIN_SCORE", "PARTNERSHIP", "WHOLE", "Finding", "Needs", "Option",
           "Question", "hashable"]


@dataclass(frozen=True)
class Option:
    """One option of one question, declared once.

    The CLI makes a click option of it (``lspgraph query NAME --help`` shows a question's
    own options only, and refuses the others); :meth:`Question.answer` checks library
    calls against the same list.

    Parameters
    ----------
    flag : the command-line flag, ``--min-score``.
    help : one line for ``--help``.
    type : ``str``, ``int``, ``float`` or ``bool`` (a flag).
    choices : the values allowed, if only some are.
    split : a comma-separated value on the command line, passed on as a list.
    dest : the keyword the question's ``run`` takes (default: from the flag).
    convert : turns a given value into what ``run`` takes (``PARTNERSHIP``: a name into
        an id), with the graph at hand.
    """

    flag: str
    help: str
    type: type = str
    choices: tuple[str, ...] | None = None
    split: bool = False
    dest: str | None = None
    convert: Callable[[KnowledgeGraph, Any], Any] | None = None

    @property
    def name(self) -> str:
        return self.dest or self.flag.lstrip("-").replace("-", "_")


AREA = Option("--area", "Only rows about this area (ONS code or area id).")
PARTNERSHIP = Option("--partnership", "Only rows about this partnership (id or name).",
                     convert=resolve_partnership)
MIN_SCORE = Option("--min-score", "Lowest score kept.", type=float)


def hashable(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every list or set cell made a tuple (in place), so that
    ``drop_duplicates()``, ``groupby`` and ``set(df.itertuples())`` work on any answer; the
    built-in questions already build tuples, this keeps a plugin's answer to the same rule.
    """
    for column in df.columns:
        if df[column].dtype == object and any(
                isinstance(v, list | set) for v in df[column].tolist()):
            df[column] = df[column].map(
                lambda v: tuple(sorted(v) if isinstance(v, set) else v)
                if isinstance(v, list | set) else v)
    return df


@dataclass(frozen=True)
class Needs:
    """The part of the store a question reads to answer, declared by :meth:`Question.needs`.

    ``whole``: every node and edge. Otherwise, when it names no ``types`` and no ``kinds``,
    the landscape with the geography around it (:func:`lspgraph.graph.storage.load_around`):
    every node that is not an area, the areas its bodies cover and the ``areas`` named here
    (ids), the areas within and above those, and every loaded node's footprint from the
    store's table. A store of national geography then loads the few thousand areas a
    county's landscape touches, not all 44,000.

    With ``types`` or ``kinds``, just the part they name
    (:func:`lspgraph.graph.storage.load_part`): the nodes of those types and of those kinds
    (areas, bodies or plans whose ``kind`` is one of them) and the ``areas``, the edges of
    the types ``edges`` among them, with ``footprints`` each loaded node's footprint from
    the store's table and the finest areas in it, each with the areas of the ``parents``
    kinds it lies directly within, and with ``plans`` the strategies, themes and
    objectives above each loaded node that has no scope (the walk to the plan it belongs
    to); ``provenance`` False: no node's sources (a question that cites none);
    ``edge_provenance`` False: no edge's.

    >>> Needs(whole=False, areas=("area:E10000017",)).whole
    False
    >>> Needs(whole=False, types=("Action",)).part, Needs(whole=False).part
    (True, False)
    """

    whole: bool = True
    areas: tuple[str, ...] = ()
    types: tuple[str, ...] | None = None
    kinds: tuple[str, ...] = ()
    edges: tuple[str, ...] = ()
    footprints: bool = False
    parents: tuple[str, ...] = ()
    plans: bool = False
    provenance: bool = True
    edge_provenance: bool = True

    @property
    def part(self) -> bool:
        """Whether it names its part by types or kinds (else whole, or around)."""
        return not self.whole and (self.types is not None or bool(self.kinds))


WHOLE = Needs()


@dataclass(frozen=True)
class Finding:
    """One thing a question found, as the view, the report and the demo show it.

    ``text`` says what it is, ``nodes`` are the nodes it concerns (the view selects them,
    the report links them), ``evidence`` says why, and ``link`` is an edge the view draws
    between two nodes, ``(from, to, label)``, when the finding is about a pair.
    """

    text: str
    nodes: tuple[str, ...]
    evidence: str = ""
    link: tuple[str, str, str] | None = None


class Question(ABC):
    """A question over the graph. Subclass it in one module and register it.

    Class attributes: ``name`` (``lspgraph query NAME``), ``title``, ``columns`` (of the
    default answer), ``options``, ``rules_section`` (its section of ``schemas/rules.yaml``;
    default its name), ``order`` (where the demo and the report put it), ``more`` (options
    the demo suggests to see the rest), ``report_rows`` (at most this many findings in a
    report), ``geography`` (``"whole"``, the default: the answer walks every area;
    ``"around"``: only the areas around the landscape and its ``--area``, with footprints
    from the store, see :class:`Needs`), ``whole_with`` (options that need every area).
    Methods: ``run`` (the answer, a DataFrame with evidence columns), ``findings``,
    ``headline``, and ``needs`` and ``load`` (the part of the store an answer reads; a
    question that reads only some types or kinds of node overrides ``needs`` to say so).
    """

    name: ClassVar[str]
    title: ClassVar[str]
    columns: ClassVar[tuple[str, ...]]
    options: ClassVar[tuple[Option, ...]] = ()
    rules_section: ClassVar[str | None] = None
    order: ClassVar[int] = 100
    more: ClassVar[str] = ""
    report_rows: ClassVar[int | None] = None
    geography: ClassVar[str] = "whole"
    whole_with: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def run(self, kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None,
            **params: Any) -> pd.DataFrame:
        """The answer: a DataFrame whose evidence columns say why each row is there."""

    @abstractmethod
    def findings(self, kg: KnowledgeGraph, df: pd.DataFrame) -> list[Finding]:
        """The answer's rows as findings (rows that are not findings are left out)."""

    def needs(self, **params: Any) -> Needs:
        """What part of the store an answer with these options reads: all of it unless the
        question declares ``geography = "around"`` (then the landscape with the geography
        around it and around ``area``; all of it again with any option of ``whole_with``)."""
        if self.geography != "around" or any(params.get(o) for o in self.whole_with):
            return WHOLE
        area = params.get("area")
        return Needs(whole=False, areas=(area_id(area),) if area else ())

    def load(self, store: Any = None, **params: Any) -> KnowledgeGraph:
        """The part of ``store`` (a path; default as :func:`lspgraph.graph.load`) that an
        answer with these options reads (:meth:`needs`)."""
        from ..graph import storage

        needs = self.needs(**params)
        if needs.whole:
            return storage.load(store)
        if not needs.part:
            return storage.load_around(store, needs.areas)
        return storage.load_part(store, types=needs.types or (), kinds=needs.kinds,
                                 ids=needs.areas, edges=needs.edges,
                                 footprints=needs.footprints, parents=needs.parents,
                                 plans=needs.plans, provenance=needs.provenance,
                                 edge_provenance=needs.edge_provenance)

    def headline(self, kg: KnowledgeGraph, rules: dict[str, Any]) -> list[str]:
        """A few lines for ``lspgraph demo``: a count, then the first findings."""
        found = self.findings(kg, self.answer(kg, rules=rules))
        return [f"{self.title}: {len(found)} finding{'' if len(found) == 1 else 's'}",
                *(f"  {f.text}" for f in found[:3])]

    @property
    def section(self) -> str:
        """The question's section of ``schemas/rules.yaml``."""
        return self.rules_section or self.name

    def takes(self, param: str) -> bool:
        return any(o.name == param for o in self.options)

    def answer(self, kg: KnowledgeGraph, *, rules: dict[str, Any] | None = None,
               **params: Any) -> pd.DataFrame:
        """``run`` with the shipped rules unless others are given, and the parameters
        checked against ``options`` (an unknown one is an error, not ignored)."""
        known = {o.name: o for o in self.options}
        unknown = sorted(set(params) - set(known))
        if unknown:
            raise LspGraphError(f"question '{self.name}' has no option "
                                f"{', '.join(repr(u) for u in unknown)}; its options: "
                                f"{', '.join(sorted(known)) or 'none'}")
        for key, value in list(params.items()):
            option = known[key]
            if value is None:
                continue
            for item in (value if option.split else [value]):
                if option.choices and item not in option.choices:
                    raise LspGraphError(f"no {self.name} {option.name} '{item}'; known: "
                                        f"{', '.join(option.choices)}")
            if option.convert:
                params[key] = option.convert(kg, value)
        return hashable(self.run(kg, rules=rules or load_rules(), **params))

    def cypher(self) -> str | None:
        """The question in Cypher (``queries/cypher/NAME.cypher``), if it has that form."""
        path = resources.files(__package__).joinpath("cypher", f"{self.name}.cypher")
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def cypher_rows(self, df: pd.DataFrame) -> pd.DataFrame:
        """The part of ``run``'s answer that the Cypher form computes (default: all)."""
        return df
