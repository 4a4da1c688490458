"""Issue 21.8, the command line's and the library's conventions: every question's
DataFrame holds hashable cells."""

from __future__ import annotations

import pytest


# -- every question's DataFrame ------------------------------------------------------------
def _variants():
    from lspgraph import queries

    for question in queries.questions():
        yield question.name, {}
        for option in question.options:
            if option.type is bool:
                yield question.name, {option.name: True}


@pytest.mark.parametrize(("name", "params"), list(_variants()),
                         ids=lambda v: v if isinstance(v, str) else ",".join(v) or "default")
def test_every_answer_has_hashable_cells_and_no_stray_index(sample_graph, name, params):
    import lspgraph

    question = lspgraph.question(name)
    df = question.run(sample_graph, **params)  # no rules given: the shipped ones load
    assert len(df) > 0, (name, params)
    assert "index" not in df.columns
    assert list(df.index) == list(range(len(df)))
    assert len(df.drop_duplicates()) <= len(df)  # raised TypeError on list cells
    assert not [c for c in df.columns
                if df[c].map(lambda v: isinstance(v, list | set | dict)).any()]
    same = lspgraph.run(name, sample_graph, **params)
    assert same.equals(df)


def test_a_plugins_list_cells_become_tuples():
    import pandas as pd

    from lspgraph.queries.base import hashable

    df = hashable(pd.DataFrame({"a": [["x", "y"], ["x", "y"]], "b": [{"q", "p"}, set()]}))
    assert df["a"].tolist() == [("x", "y"), ("x", "y")] and df["b"][0] == ("p", "q")
    assert len(df.drop_duplicates(subset=["a"])) == 1
