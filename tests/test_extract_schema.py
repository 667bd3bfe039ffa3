"""The published extract format against what the codec writes: the JSON Schema (``extract.schema.json``) accepts
every extract of the seeds, of a synthetic county and of odd filings, and refuses typical mistakes; the page 数据格式
(``extract.md``) names every field and every value of the schema; the JSON text round-trips through the codec.

The document of a filing that could not be loaded (``gongkai-failed``, kept in the filing cache, never published) is
checked against a small schema of its own, below, that shares the extract schema's diagnostic."""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.diagnostics import Severity
from generator.facts import codec, links
from generator.facts import extract as extract_filing
from generator.load.content import load_filing_file
from generator.model.extract import Extract
from generator.model.figures import FigureKind, FigureRole
from generator.model.forms import FormLayout
from generator.model.indicators import Horizon, ValueKind
from generator.model.keys import LineKey, RowKind
from generator.model.kind import FilingKind
from generator.model.measures import Measure, Side
from generator.model.money import MoneyUnit
from generator.model.narrative import SectionRole
from generator.model.org import Basis
from generator.model.tables import ColumnRole, RowRole, TableKind
from generator.pipeline import SCHEMA_PATH, run
from generator.synth import write_county

from .conftest import CONTENT, ROOT

DOC = ROOT / "generator" / "facts" / "extract.md"
HOSTILE = ROOT / "tests" / "fixtures" / "valid" / "hostile" / "content"
INVALID = ROOT / "tests" / "fixtures" / "invalid"
SCHEMA_ID = "https://gongkai.invalid/schema/extract-1.json"

Json = dict[str, Any]

FAILURE_SCHEMA: Json = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["format", "version", "file", "diagnostics"],
    "properties": {
        "format": {"const": codec.FAILED},
        "version": {"type": "integer", "const": 1},
        "file": {"type": "string", "minLength": 1},
        "diagnostics": {"type": "array", "minItems": 1, "items": {"$ref": f"{SCHEMA_ID}#/$defs/diagnostic"}},
    },
}
"""a filing that could not be loaded: which file, and why (at least one diagnostic, as in an extract)"""


@dataclass(frozen=True, slots=True)
class Written:
    """One extract and the JSON text the site publishes for it."""

    extract: Extract
    text: str


# -- the documents ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> Json:
    data: Json = json.loads(codec.SCHEMA.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def validator(schema: Json) -> Draft202012Validator:
    return Draft202012Validator(schema)


def _published(root: Path, project: Path) -> list[Written]:
    """Each filing's extract with the text the site publishes for it (the text a worker wrote), or, for a unit no
    region registers (nothing is published), the extract written again."""
    result = run(root, project, jobs=1)
    assert result.rendered is not None
    documents: dict[str, str] = {}
    for path, source in result.rendered.files:
        text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
        if path.endswith(".json") and path != SCHEMA_PATH:
            documents[json.loads(text)["filing"]["file"]] = text
    return [Written(e, documents.get(e.identity.file) or codec.dumps(e)) for e in result.extracts]


@pytest.fixture(scope="module")
def seeds() -> list[Written]:
    found = _published(CONTENT, ROOT)
    assert len(found) == 5
    return found


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> list[Written]:
    project = tmp_path_factory.mktemp("synthetic")
    write_county(project / "content", units=6, years=2, seed=2)
    found = _published(project / "content", project)
    assert len(found) >= 10
    return found


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> list[Written]:
    """Filings with findings: the hostile fixture, the same unit registered in no region (no path, region or
    department), and every invalid fixture that still loads (extracted with no region)."""
    found = _published(HOSTILE, ROOT)
    project = tmp_path_factory.mktemp("unregistered")
    shutil.copytree(HOSTILE, project / "content")
    (project / "content" / "evil" / "region.yaml").unlink()
    unregistered = _published(project / "content", project)
    assert [w.extract.identity.region for w in unregistered] == [None]
    found += unregistered
    for path in _filing_fixtures():
        filing, diagnostics = load_filing_file(path, ROOT)
        if filing is not None:
            loaded = extract_filing(filing, None, diagnostics)
            found.append(Written(loaded, codec.dumps(loaded)))
    assert sum(1 for w in found if w.extract.diagnostics) >= 10
    return found


def _filing_fixtures() -> Iterator[Path]:
    for path in sorted(INVALID.glob("*.yaml")):
        if not path.read_bytes().startswith(b"# class:"):
            yield path


CORPORA = ("seeds", "synthetic", "odd")


@pytest.fixture(params=CORPORA)
def corpus(request: pytest.FixtureRequest) -> list[Written]:
    found: list[Written] = request.getfixturevalue(request.param)
    return found


def _errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


# -- the schema describes what the codec writes -------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema(schema: Json) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID
    assert schema["properties"]["format"]["const"] == codec.FORMAT
    assert schema["properties"]["version"]["const"] == 1


def test_the_schema_file_is_pretty_printed_with_two_spaces(schema: Json) -> None:
    assert codec.SCHEMA.read_text(encoding="utf-8") == json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def test_every_extract_validates_against_the_schema(corpus: list[Written], validator: Draft202012Validator) -> None:
    problems = {w.extract.identity.file: _errors(validator, json.loads(w.text)) for w in corpus}
    assert {file: found[:5] for file, found in problems.items() if found} == {}


def test_to_json_is_the_published_text(corpus: list[Written]) -> None:
    for written in corpus:
        assert codec.to_json(written.extract) == json.loads(written.text)


def test_the_text_round_trips_through_the_codec(corpus: list[Written]) -> None:
    for written in corpus:
        back = codec.from_json(json.loads(written.text))
        assert back == written.extract, written.extract.identity.file
        assert codec.dumps(back) == written.text
        assert codec.dumps(written.extract) == written.text


def test_failure_documents_validate_against_their_own_schema(schema: Json) -> None:
    registry: Registry[Any] = Registry().with_resource(SCHEMA_ID, Resource.from_contents(schema))
    Draft202012Validator.check_schema(FAILURE_SCHEMA)
    checker = Draft202012Validator(FAILURE_SCHEMA, registry=registry)
    failed = 0
    for path in _filing_fixtures():
        filing, diagnostics = load_filing_file(path, ROOT)
        if filing is not None:
            continue
        failed += 1
        file = path.relative_to(ROOT).as_posix()
        text = codec.dumps_failure(file, diagnostics)
        assert _errors(checker, json.loads(text)) == [], path.name
        assert codec.load_result(text, lambda: "") == tuple(sorted(diagnostics))
    assert failed >= 3
    assert _errors(checker, {"format": codec.FAILED, "version": 1, "file": "a.yaml", "diagnostics": []})


def test_the_schema_vocabularies_are_the_python_enums(schema: Json) -> None:
    defs, props = schema["$defs"], {name: d.get("properties", {}) for name, d in schema["$defs"].items()}
    concepts = {"subject", "project_form", *(c for _, c in (*links._THREE_PUBLIC, *links._TOTALS))}
    expected: list[tuple[list[Any], set[Any]]] = [
        (defs["measure"]["enum"], {m.value for m in Measure}),
        (defs["moneyUnit"]["enum"], {u.value for u in MoneyUnit}),
        (defs["tableKind"]["enum"], {k.value for k in TableKind}),
        (defs["factKind"]["enum"], {k.value for k in TableKind} | {"project_form", "dept_form"}),
        (props["filing"]["kind"]["enum"], {k.value for k in FilingKind}),
        (props["filing"]["year_basis"]["enum"], {b.value for b in Basis}),
        (props["column"]["role"]["enum"], {r.value for r in ColumnRole}),
        (props["column"]["side"]["enum"], {s.value for s in Side} | {None}),
        (props["row"]["role"]["enum"], {r.value for r in RowRole}),
        (props["form"]["layout"]["enum"], {f.value for f in FormLayout} | {"yx_fu2_2"}),
        (props["figure"]["kind"]["enum"], {k.value for k in FigureKind}),
        (props["figure"]["role"]["enum"], {r.value for r in FigureRole}),
        (props["figure"]["concept"]["enum"], concepts | {None}),
        (props["figure"]["context"]["anyOf"][0]["enum"], {r.value for r in SectionRole} | {"profile"}),
        (props["link"]["relation"]["enum"], {"equals", "share", "change"}),
        (props["indicator"]["horizon"]["enum"], {h.value for h in Horizon}),
        (props["indicatorValue"]["kind"]["enum"], {k.value for k in ValueKind}),
        (props["diagnostic"]["severity"]["enum"], {s.value for s in Severity}),
    ]
    for listed, values in expected:
        assert len(listed) == len(set(listed)) and set(listed) == values


def test_the_row_key_pattern_knows_every_kind_and_line(schema: Json) -> None:
    pattern = re.compile(schema["$defs"]["rowKey"]["pattern"])
    good = ["total", "total:12", "function:208", "function:20801", "function:2080109", "economic:301",
            "economic:30101", "department:202", "department:11430404006258088", "label:其他项目", "label:5",
            "label:income:财政拨款", "blank:8", "funding", "funding:本级", "detail:1", "project:12",
            *(f"line:{key.value}" for key in LineKey)]
    bad = ["", "label", "function:2080", "function:20801091", "economic:3010101", "line:income", "subject:208",
           "blank:x", "detail:", "Total", "total:x", "department:", "function:2080109 "]
    assert {kind.value for kind in RowKind} == {key.partition(":")[0] for key in good}
    assert [key for key in good if not pattern.search(key)] == []
    assert [key for key in bad if pattern.search(key)] == []


@pytest.mark.parametrize("text", ["2495.56", "282.90", "-3.5", "0", "-0", "1E-7", "0E-8", "1E+3", "1.5E+4"])
def test_the_decimal_pattern_covers_what_str_of_a_decimal_gives(schema: Json, text: str) -> None:
    assert str(Decimal(text)) == text
    assert re.search(schema["$defs"]["decimal"]["pattern"], text)


# -- the schema refuses typical mistakes -----------------------------------------------------------------------

Mutation = Callable[[Json], None]


def _drop(*path: str | int) -> Mutation:
    def mutate(doc: Json) -> None:
        *parents, last = path
        target: Any = doc
        for step in parents:
            target = target[step]
        del target[last]
    return mutate


def _set(value: Any, *path: str | int) -> Mutation:
    def mutate(doc: Json) -> None:
        *parents, last = path
        target: Any = doc
        for step in parents:
            target = target[step]
        target[last] = value
    return mutate


def _first_linked(doc: Json) -> Json:
    found: Json = next(f for f in doc["figures"] if f["link"] is not None)
    return found


MISTAKES = [
    pytest.param(_drop("facts", 0, "value"), id="a fact without value"),
    pytest.param(_set(282.90, "facts", 0, "value"), id="a value as a JSON number"),
    pytest.param(_set("2,495.56", "facts", 0, "value"), id="a value with a thousands separator"),
    pytest.param(_set("net", "facts", 0, "measure"), id="an unknown measure"),
    pytest.param(_set("red", "facts", 0, "colour"), id="an extra property of a fact"),
    pytest.param(_set({}, "extra"), id="an extra top-level property"),
    pytest.param(_set(2, "version"), id="version 2"),
    pytest.param(_set("1", "version"), id="the version as text"),
    pytest.param(_set("gongkai", "format"), id="another format"),
    pytest.param(_drop("indicators"), id="a missing section"),
    pytest.param(_set("千元", "facts", 0, "unit"), id="an unknown money unit"),
    pytest.param(_set("subject:2080109", "facts", 0, "row"), id="an unknown row key kind"),
    pytest.param(_set("function:2080", "facts", 0, "row"), id="a function code of four digits"),
    pytest.param(_set("line:income", "facts", 0, "row"), id="an unknown line key"),
    pytest.param(_set([1, 2, 3], "facts", 0, "at"), id="a position of three numbers"),
    pytest.param(_set([1, -2, 1, 3], "facts", 0, "at"), id="a negative column"),
    pytest.param(_set(None, "filing", "unit"), id="a filing without its unit"),
    pytest.param(_set("2023", "filing", "year"), id="the year as text"),
    pytest.param(_set("draft", "filing", "kind"), id="an unknown filing kind"),
    pytest.param(_set("36073", "filing", "region", "code"), id="a region code of five digits"),
    pytest.param(_set(-1, "counts", "facts"), id="a negative count"),
    pytest.param(lambda doc: _first_linked(doc)["link"].update(relation="sum"), id="an unknown relation"),
    pytest.param(lambda doc: _first_linked(doc).update(direction=2), id="a direction of 2"),
    pytest.param(lambda doc: _first_linked(doc).update(concept="money"), id="an unknown concept"),
    pytest.param(lambda doc: _first_linked(doc)["link"]["facts"][0].pop("measure"), id="a reference without measure"),
    pytest.param(_set("semester", "indicators", 0, "horizon"), id="an unknown horizon"),
    pytest.param(_set("1", "indicators", 0, "value", "markup_removed"), id="markup_removed as text"),
    pytest.param(_set({"level": "info"}, "diagnostics", 0), id="a diagnostic of another shape"),
]


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_schema_refuses_typical_mistakes(seeds: list[Written], validator: Draft202012Validator,
                                             mistake: Mutation) -> None:
    xunwu = next(w for w in seeds if w.extract.unit == "xunwu-sbfwzx")
    doc = json.loads(xunwu.text)
    doc["diagnostics"] = [{"file": "a.yaml", "line": 1, "column": 1, "severity": "warning", "code": "VAL012",
                           "message": "m", "hint": "", "end_line": 0, "end_column": 0, "related": [],
                           "printed": None, "expected": None, "acknowledged": None}]
    assert _errors(validator, doc) == []
    broken = copy.deepcopy(doc)
    mistake(broken)
    assert broken != doc
    assert _errors(validator, broken) != []


# -- the page 数据格式 documents the schema ---------------------------------------------------------------------


def _names_and_values(node: Any) -> Iterator[tuple[str, Any]]:
    """("property", name) for every key under every ``properties``, ("value", v) for every enum value and const."""
    if isinstance(node, dict):
        for name in node.get("properties", {}):
            yield "property", name
        for value in node.get("enum", []):
            yield "value", value
        if "const" in node:
            yield "value", node["const"]
        for child in node.values():
            yield from _names_and_values(child)
    elif isinstance(node, list):
        for child in node:
            yield from _names_and_values(child)


def test_the_page_names_every_property_and_every_value(schema: Json) -> None:
    text = DOC.read_text(encoding="utf-8")
    found = set(_names_and_values(schema))
    assert len({name for what, name in found if what == "property"}) > 60
    missing = sorted(f"{what} {value}" for what, value in found if value is not None and f"`{value}`" not in text)
    assert missing == []


def test_the_page_lists_every_row_kind_and_line_key() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert [kind.value for kind in RowKind if not re.search(rf"`{kind.value}(:[^`]*)?`", text)] == []
    assert [key.value for key in LineKey if f"| `{key.value}` |" not in text] == []


def test_the_page_is_plain_markdown_in_chinese() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.startswith("# 数据格式\n")
    assert "schema/extract-1.json" in text and "<单位id>-<年度>-<类别>.json" in text
    prose = "\n".join(line for line in text.splitlines() if not line.startswith("    "))  # not the examples
    outside_code = re.sub(r"`[^`\n]*`", "", prose)
    assert not re.search(r"<[a-zA-Z/!]", outside_code), "no raw HTML"


def test_every_property_has_a_chinese_description(schema: Json) -> None:
    def walk(node: Any, path: str) -> Iterator[str]:
        if isinstance(node, dict):
            for name, child in node.get("properties", {}).items():
                if not re.search(r"[\u4e00-\u9fff]", child.get("description", "")):
                    yield f"{path}/{name}"
            for key, child in node.items():
                yield from walk(child, f"{path}/{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from walk(child, f"{path}/{index}")

    assert list(walk(schema, "")) == []


def test_every_object_is_closed_and_requires_all_its_properties(schema: Json) -> None:
    def objects(node: Any) -> Iterator[Json]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for child in node.values():
                yield from objects(child)
        elif isinstance(node, list):
            for child in node:
                yield from objects(child)

    found = list(objects(schema))
    assert len(found) >= 15
    for node in found:
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])
