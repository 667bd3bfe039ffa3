"""The clerks' guide (content/pages/guide.md) documents the whole content format.

Every dataclass reachable from Filing, the region.yaml top level and Settings has a section in the guide (a
heading that names the class in full-width parentheses, e.g. ``### 公开文件（Filing）``) with a table of all its
YAML keys, their 必填 status and a type that points at the right record or value table. Every enum value, every
diagnostic rule and every ```yaml example block is checked against the code, so the page cannot drift.
"""

from __future__ import annotations

import dataclasses
import enum
import html
import re
import types
import typing
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import RULES, Severity
from generator.load.content import RegionFile
from generator.load.nodes import compose_text
from generator.load.records import IDENTIFIER_FIELDS, RecordLoader, yaml_keys
from generator.model import is_derived
from generator.model.codes import SubjectCode
from generator.model.filing import Filing, Settings
from generator.model.forms import ProjectForm
from generator.model.indicators import IndicatorValue
from generator.model.money import Amount
from generator.model.org import Region
from generator.model.tables import BudgetTable, Cell

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "content" / "pages" / "guide.md"

ROOTS: tuple[type, ...] = (Filing, Region, Settings, RegionFile)
# The region.yaml top level is a private wrapper record; its section is named after the file.
LABELS: dict[type, str] = {RegionFile: "region.yaml"}
# Written as one scalar, never as a mapping: the guide lists what is read from the value (属性), not keys.
SCALARS: frozenset[type] = frozenset({Amount, IndicatorValue, SubjectCode, Cell})
TYPE_WORDS: dict[object, str] = {Amount: "金额", SubjectCode: "科目编码", IndicatorValue: "指标值",
                                 int: "整数", bool: "布尔值"}
SEVERITY_WORDS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}

HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*(?:\{#(?P<id>[A-Za-z0-9_-]+)\})?\s*$")
FENCE = re.compile(r"^```")
YAML_BLOCK = re.compile(r"^```yaml\n(?P<body>.*?)^```\s*$", re.DOTALL | re.MULTILINE)


# -- the model ---------------------------------------------------------------------------------


def _written(cls: type) -> set[str]:
    """The fields a content file writes: not the positions, not what the loader derives."""
    return {f.name for f in dataclasses.fields(cls) if f.name not in ("span", "spans") and not is_derived(f)}


def _hints(cls: type) -> dict[str, Any]:
    written = _written(cls)
    return {name: hint for name, hint in typing.get_type_hints(cls).items() if name in written}


def _leaves(hint: Any) -> list[Any]:
    """The concrete types inside Optional / Union / tuple[...] hints."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType, tuple):
        return [leaf for arg in typing.get_args(hint) if arg is not Ellipsis for leaf in _leaves(arg)]
    return [hint]


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


@cache
def reachable() -> tuple[tuple[type, ...], tuple[type[enum.Enum], ...]]:
    """Every dataclass and enum reachable from the roots through field type hints (``span`` skipped)."""
    classes: list[type] = []
    enums: list[type[enum.Enum]] = []
    todo = list(ROOTS)
    while todo:
        cls = todo.pop(0)
        if cls in classes:
            continue
        classes.append(cls)
        for hint in _hints(cls).values():
            for leaf in _leaves(hint):
                if dataclasses.is_dataclass(leaf) and leaf not in classes:
                    todo.append(typing.cast(type, leaf))
                elif _is_enum(leaf) and leaf not in enums:
                    enums.append(leaf)
    return tuple(classes), tuple(enums)


def label(cls: type) -> str:
    return LABELS.get(cls, cls.__name__)


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


# -- the page ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Section:
    level: int
    title: str
    anchor: str | None
    text: str


@cache
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


@cache
def sections() -> tuple[Section, ...]:
    """Each heading (outside code blocks) with the text up to the next heading of the same or a higher level."""
    lines = guide().splitlines()
    heads: list[tuple[int, int, str, str | None]] = []
    fenced = False
    for number, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced and (m := HEADING.match(line)):
            heads.append((number, len(m["hashes"]), m["text"], m["id"]))
    found = []
    for i, (start, level, title, anchor) in enumerate(heads):
        end = next((n for n, lvl, _, _ in heads[i + 1:] if lvl <= level), len(lines))
        found.append(Section(level, title, anchor, "\n".join(lines[start + 1:end])))
    return tuple(found)


def section_for(name: str) -> Section:
    matches = [s for s in sections() if f"（{name}）" in s.title]
    assert len(matches) == 1, f"expected one heading naming （{name}） in guide.md, found {len(matches)}"
    return matches[0]


def anchor_of(name: str) -> str:
    section = section_for(name)
    assert section.anchor, f"the heading for {name} needs an explicit {{#id}}"
    return section.anchor


def table(text: str, first_header: str) -> list[dict[str, str]]:
    """The rows of the Markdown table in ``text`` whose first header cell is ``first_header``."""
    rows: list[list[str]] = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.startswith("|"):
            if header is not None and rows:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            if cells[0] == first_header:
                header = cells
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        rows.append(cells)
    assert header is not None, f"no table with a {first_header!r} column"
    assert all(len(r) == len(header) for r in rows), f"ragged table under {header}"
    return [dict(zip(header, r, strict=True)) for r in rows]


def _key(cell: str) -> str:
    m = re.fullmatch(r"`([^`]+)`", cell)
    assert m, f"the first cell should be one `key`, got {cell!r}"
    return m[1]


# -- tests: records ----------------------------------------------------------------------------


RECORDS = [c for c in reachable()[0] if c not in SCALARS]


def test_reachable_model_is_what_the_guide_expects() -> None:
    classes, enums = reachable()
    names = {c.__name__ for c in classes}
    for expected in ("Filing", "Source", "Profile", "Staffing", "NumberedText", "Part", "Section", "Glossary",
                     "TermGroup", "Term", "BudgetTable", "Column", "Row", "Cell", "ProjectForm", "CheckboxGroup",
                     "Funding", "FundingScope", "DetailBudget", "DetailItem", "ScheduleRow", "Goals", "ScopedGoal",
                     "Person", "Review", "IndicatorSet", "IndicatorBranch", "IndicatorGroup", "Indicator",
                     "IndicatorValue", "DeptOverallForm", "DeptFunds", "FundRow", "DeptProject", "Region",
                     "Organisation", "Settings"):
        assert expected in names
    assert {e.__name__ for e in enums} >= {"TableKind", "ColumnRole", "CodeStyle", "RowRole", "FormLayout",
                                           "Horizon", "SectionRole", "OrgRole", "Basis", "MoneyUnit",
                                           "CodeScheme", "FilingKind", "Measure", "LineKey"}


def test_page_title() -> None:
    assert guide().splitlines()[0] == "# 填报说明"


@pytest.mark.parametrize("cls", RECORDS, ids=label)
def test_record_section_lists_every_key(cls: type) -> None:
    section = section_for(label(cls))
    rows = table(section.text, "键")
    keys = [_key(r["键"]) for r in rows]
    assert keys == list(yaml_keys(cls)), f"{label(cls)}: keys in the guide differ from the model (order too)"
    for key in keys:
        assert f"`{key}`" in section.text


@pytest.mark.parametrize("cls", RECORDS, ids=label)
def test_record_section_states_required_and_type(cls: type) -> None:
    rows = {_key(r["键"]): r for r in table(section_for(label(cls)).text, "键")}
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name in _written(cls)}
    hints = _hints(cls)
    for name, row in rows.items():
        required = _required(fields[name])
        said = row["必填"]
        assert said.startswith("是") == required, f"{label(cls)}.{name}: 必填 says {said!r}"
        assert row["含义"] and row["示例"], f"{label(cls)}.{name}: 含义 and 示例 must be filled in"
        kind = row["类型"]
        hint = hints[name]
        if typing.get_origin(hint) is tuple:
            assert kind.startswith("列表"), f"{label(cls)}.{name}: a list, the guide says {kind!r}"
        for leaf in _leaves(hint):
            if leaf is type(None):
                continue
            if leaf in TYPE_WORDS:
                assert TYPE_WORDS[leaf] in kind, f"{label(cls)}.{name}: expected {TYPE_WORDS[leaf]} in {kind!r}"
            elif dataclasses.is_dataclass(leaf) or _is_enum(leaf):
                target = anchor_of(label(typing.cast(type, leaf)))
                assert f"(#{target})" in kind, f"{label(cls)}.{name}: type should link to #{target}: {kind!r}"
            elif leaf is str:
                word = "标识符" if name in IDENTIFIER_FIELDS else "文字"
                assert word in kind, f"{label(cls)}.{name}: expected {word} in {kind!r}"
            else:
                pytest.fail(f"{label(cls)}.{name}: no rule for documenting {leaf!r}")


@pytest.mark.parametrize("cls", (Amount, Cell, IndicatorValue, SubjectCode), ids=label)
def test_scalar_values_explain_what_is_read(cls: type) -> None:
    """Amounts, codes, cells and 指标值 are single values; the guide lists what is read from them."""
    section = section_for(cls.__name__)
    listed = [_key(r["属性"]) for r in table(section.text, "属性")]
    assert sorted(listed) == sorted(yaml_keys(cls))


def test_every_key_of_every_record_appears_in_its_section() -> None:
    for cls in reachable()[0]:
        text = section_for(label(cls)).text
        missing = [k for k in yaml_keys(cls) if f"`{k}`" not in text]
        assert not missing, f"{label(cls)}: {missing} not documented in its section"


# -- tests: enums ------------------------------------------------------------------------------


@pytest.mark.parametrize("enum_cls", reachable()[1], ids=[e.__name__ for e in reachable()[1]])
def test_enum_section_lists_every_value(enum_cls: type[enum.Enum]) -> None:
    section = section_for(enum_cls.__name__)
    rows = table(section.text, "取值")
    values = [_key(r["取值"]) for r in rows]
    assert sorted(values) == sorted(m.value for m in enum_cls)
    assert all(r["含义"] for r in rows), f"{enum_cls.__name__}: every value needs its Chinese meaning"


# -- tests: diagnostics ------------------------------------------------------------------------


def _plain(text: str) -> str:
    """A Markdown table cell as the reader sees it: entities decoded, backslash escapes dropped."""
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", html.unescape(text))


def test_every_diagnostic_code_with_title_and_hint() -> None:
    section = next(s for s in sections() if s.anchor == "diagnostics")
    rows = {_key(r["代码"]): r for r in table(section.text, "代码")}
    assert list(rows) == list(RULES), "the guide lists the codes of RULES, in order"
    for code, rule in RULES.items():
        row = rows[code]
        assert row["级别"] == SEVERITY_WORDS[rule.severity], code
        assert _plain(row["名称"]) == rule.title, code
        assert _plain(row["提示"]) == rule.hint, code


# -- tests: examples ---------------------------------------------------------------------------


def _example_classes() -> dict[str, type]:
    return {label(c): c for c in reachable()[0]}


def yaml_examples() -> list[tuple[str, str]]:
    """Each ```yaml block as (class label from its first-line comment, text)."""
    found = []
    for m in YAML_BLOCK.finditer(guide()):
        body = m["body"]
        first = body.splitlines()[0]
        name = re.match(r"#\s*([A-Za-z_][A-Za-z0-9_.]*)", first)
        assert name, f"a yaml example must start with `# <Record>`: {first!r}"
        found.append((name[1], body))
    return found


def load_example(name: str, body: str) -> tuple[object | None, list[str]]:
    """Load one example the way content files are loaded: safe composer, record loader (tables typed)."""
    cls = _example_classes().get(name)
    assert cls is not None, f"unknown record {name!r} in an example comment"
    node, found = compose_text(body, f"guide.md<{name}>")
    assert node is not None, [d.as_text() for d in found]
    loader = RecordLoader(f"guide.md<{name}>")
    record = loader.record(node, cls)
    return record, [d.as_text() for d in [*found, *loader.found]]


def test_there_are_yaml_examples() -> None:
    assert len(yaml_examples()) >= 5


@pytest.mark.parametrize(("name", "body"), yaml_examples(), ids=[n for n, _ in yaml_examples()])
def test_yaml_example_loads_cleanly(name: str, body: str) -> None:
    record, problems = load_example(name, body)
    assert record is not None
    assert not problems, "\n".join(problems)


def test_required_worked_examples_are_present() -> None:
    records = [load_example(n, b)[0] for n, b in yaml_examples()]
    tables = [r for r in records if isinstance(r, BudgetTable)]
    assert any(any(c.children for c in t.columns) and t.rows for t in tables), "a table with a multi-level header"
    assert any(not t.rows and t.note for t in tables), "an empty table with its note"
    forms = [r for r in records if isinstance(r, ProjectForm)]
    assert any(f.layout.value == "jx2023" and f.indicator_sets for f in forms), "a jx2023 project form"
    multi = next(t for t in tables if any(c.children for c in t.columns) and t.rows)
    assert all(len(r.cells) == len(multi.leaves()) for r in multi.rows)
    assert any(c.amount is not None and c.amount.value == Decimal("2495.56") for r in multi.rows for c in r.cells)


# -- tests: the rendered page ------------------------------------------------------------------


def test_guide_renders_with_its_anchors(built_site: Path) -> None:
    page = built_site / "guide" / "index.html"
    assert page.exists()
    rendered = page.read_text(encoding="utf-8")
    assert "填报说明" in rendered
    for section in sections():
        if section.anchor:
            assert f'id="{section.anchor}"' in rendered, f"heading anchor #{section.anchor} missing"
    assert "{#" not in rendered, "an attribute list was not applied"
    assert "```" not in rendered, "a fenced code block was not recognised"
    assert rendered.count('<table>') >= len(RECORDS), "the key tables were not rendered as tables"


def test_guide_maps_every_printed_table_title_to_its_kind() -> None:
    """The guide's 印刷表名与 kind 对照 lists exactly the titles the code knows (``titles.toml``), each with its
    kind, and names every table kind."""
    from generator.model.tables import TableKind
    from generator.reference.titles import kind_of_title, table_titles

    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("{#table-titles}", 1)[1].split("\n### ", 1)[0]
    rows = {t: k for t, k in re.findall(r"^\| ([^|`]+?) \| `([a-z_]+)` \|$", section, re.MULTILINE) if t != "印刷表名"}
    listed = {title: kind.value for title, kind in table_titles().items()}
    assert {t: k for t, k in rows.items() if not t.startswith("（")} == listed
    assert set(rows.values()) == {kind.value for kind in TableKind}
    for title, kind in listed.items():
        assert kind_of_title(title) is TableKind(kind)
        assert kind_of_title(f"2024年{title}") is TableKind(kind)
