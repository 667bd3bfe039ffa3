"""The fast composer (libyaml straight into nodes, generator/load/_libyaml.c) gives exactly the nodes of
the careful PyYAML path, or refuses and leaves the document to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load import nodes
from generator.load.nodes import MappingNode, Node, ScalarNode, SequenceNode, compose_text
from generator.source import Span
from generator.synth import write_county

from .conftest import CONTENT, ROOT


def _both(text: str) -> tuple[Node | None, Node | None]:
    fast = nodes._compose_fast(text.encode("utf-8"), text, "t.yaml")
    careful, found = nodes._compose_careful(text, "t.yaml")
    return fast, careful if not found else None


def _same(a: Node, b: Node) -> bool:
    """Equal nodes of equal classes all the way down (tuples alone would compare classes away)."""
    if type(a) is not type(b) or type(a.span) is not Span or type(b.span) is not Span or a.span != b.span:
        return False
    if isinstance(a, ScalarNode):
        return a == b
    if len(a.value) != len(b.value):
        return False
    if isinstance(a, MappingNode):
        assert isinstance(b, MappingNode)
        return all(_same(k1, k2) and _same(v1, v2) for (k1, v1), (k2, v2) in zip(a.value, b.value, strict=True))
    assert isinstance(b, SequenceNode)
    return all(_same(x, y) for x, y in zip(a.value, b.value, strict=True))


def test_the_c_module_is_built() -> None:
    """The install builds it (scripts/setup); without it every load takes the careful path, 5x slower."""
    assert nodes._libyaml is not None, "generator/load/_libyaml.c was not built: is libyaml-dev installed?"


def _content_files(tmp: Path) -> list[Path]:
    write_county(tmp / "county", 4, 2, 3)
    return [*sorted(CONTENT.rglob("*.yaml")), *sorted((ROOT / "tests" / "fixtures").rglob("*.yaml")),
            *sorted((tmp / "county").rglob("*.yaml"))]


def test_fast_path_equals_careful_path_on_every_content_file(tmp_path: Path) -> None:
    fast_count = 0
    for path in _content_files(tmp_path):
        text = path.read_bytes().decode("utf-8", "replace")
        fast, careful = _both(text)
        if fast is None:
            continue
        fast_count += 1
        assert careful is not None and _same(fast, careful), path
    assert fast_count > 40


def test_seeds_take_the_fast_path() -> None:
    for path in sorted(CONTENT.rglob("*.yaml")):
        text = path.read_text("utf-8")
        assert nodes._compose_fast(text.encode(), text, "x") is not None, path


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",           # anchor and alias
    "a: !!str 1\n",                # explicit tag
    "a: 1\n---\nb: 2\n",           # two documents
    "a: [1, 2\n",                  # syntax error
    "a: \"\\ud800\"\n",            # lone surrogate escape
    "a:\tb\n",                     # tab (libyaml allows it, PyYAML does not)
    "a: \x07\n",                   # control character
    "[" * 70 + "]" * 70 + "\n",    # deeper than the fast path goes
    "# only a comment\n",          # no document
])
def test_fast_path_refuses_what_the_careful_path_must_report(text: str) -> None:
    assert nodes._compose_fast(text.encode(), text, "x") is None


def test_careful_path_still_reports_after_a_refusal() -> None:
    node, found = compose_text("a: &x 1\nb: *x\n", "t.yaml")
    assert node is not None and [(d.code, d.span.line, d.span.column) for d in found] == [("YAML004", 2, 4)]
    node, found = compose_text("a: [1, 2\n", "t.yaml")
    assert node is None and [d.code for d in found] == ["YAML001"]


def test_positions_and_styles() -> None:
    node, found = compose_text("名称: 寻乌\nrows:\n  - ['1', \"2\", 3]\n  - |\n    x\n  - >\n    y\n", "f.yaml")
    assert not found and isinstance(node, MappingNode)
    key, value = node.value[1]
    assert key == ScalarNode("rows", Span("f.yaml", 2, 1, 2, 5), "")  # spans end just after the value
    assert isinstance(value, SequenceNode) and value.span == Span("f.yaml", 3, 3, 8, 1)
    row = value.value[0]
    assert isinstance(row, SequenceNode) and row.span == Span("f.yaml", 3, 5, 3, 18)
    assert [(c.value, c.style, c.span.column, c.span.end_column) for c in row.value if isinstance(c, ScalarNode)] == [
        ("1", "'", 6, 9), ("2", '"', 11, 14), ("3", "", 16, 17)]
    assert value.value[1:] == [ScalarNode("x\n", Span("f.yaml", 4, 5, 6, 1), "|"),
                               ScalarNode("y\n", Span("f.yaml", 6, 5, 8, 1), ">")]
    assert node.value[0][1] == ScalarNode("寻乌", Span("f.yaml", 1, 5, 1, 7), "")  # columns count characters


_scalars = st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none(),
                     st.floats(allow_nan=False), st.sampled_from(["2,495.56", "~", "no", "2023-01-01", "—"]))
_documents = st.recursive(_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_documents, st.sampled_from([None, True, False]), st.sampled_from([None, "'", '"', "|"]),
       st.booleans())
def test_fast_path_equals_careful_path_on_generated_documents(data: object, flow: bool | None,
                                                              style: str | None, unicode: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, default_style=style, allow_unicode=unicode)
    fast, careful = _both(text)
    if fast is not None:
        assert careful is not None and _same(fast, careful), text


_SEED = CONTENT / "yuanzhou" / "yuanzhou-sbzx" / "2022-budget.yaml"  # the smallest filing: 18 KB
_PIECES = [*":-[]{},&*!|>'\"#?%@` \n\t\x01", "\\ud800", "---", "..."]
_MUTATION = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 3), st.sampled_from(_PIECES)),
                     min_size=1, max_size=6)


@settings(max_examples=100, deadline=None)
@given(_MUTATION)
def test_fast_path_survives_mutated_filings(mutations: list[tuple[int, int, str]]) -> None:
    """Damaged YAML never crashes the C module; whatever both paths accept, they read alike."""
    text = _SEED.read_text("utf-8")
    for position, action, piece in mutations:
        at = position % (len(text) + 1)
        if action == 0:
            text = text[:at] + piece + text[at:]
        elif action == 1:
            text = text[:at] + text[at + len(piece):]
        else:
            text = text[:at] + piece + text[at + 1:]
    fast, careful = _both(text)
    if fast is not None and careful is not None:
        assert _same(fast, careful)
