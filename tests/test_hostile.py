"""Hostile content: mutated filings never crash the loader, the CLI reports instead of tracebacking, failed
builds leave the previous site untouched, and identifiers never lead a file out of the output directory.

Most properties call the loader in-process (fast); a few run the real command line in a subprocess.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator import cli, shards
from generator.diagnostics import RULES, Diagnostic, Severity
from generator.load import load_content, load_filing_file
from generator.load.content import load_region_file
from generator.model.filing import Content, Filing, Settings
from generator.model.org import Region
from generator.pipeline import run
from generator.render import render_indexes
from generator.render.page import Page
from generator.site import SiteError, safe_path

from .conftest import ROOT, run_gongkai

XUNWU = ROOT / "content" / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"
XUNWU_REGION = ROOT / "content" / "xunwu" / "region.yaml"

DIAG_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[A-Z]+\d{3})\] ")
IDENT = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


def fast(examples: int) -> settings:
    """Bounded, deadline-free runs (the whole file stays well under 90 s); no example database on disk."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture])

SITE_YAML = "title: 示例站点\npublisher: 测试\nmask_phones: true\n"

REGION_YAML = """\
region:
  code: "110101"
  slug: demo
  name: 示例县
  province: 示例省
  organisations:
    - id: demo-dept
      name: 示例局
      role: department
      code: "101"
    - id: demo-unit
      name: 示例中心
      role: unit
      parent: demo-dept
      aliases: [中心]
"""

SMALL_FILING = """\
unit: demo-unit
fiscal_year: 2023
title: 2023 年部门预算
unit_name: 示例中心
source: {document: demo.pdf, medium: pdf}
profile:
  heading: 第一部分 概况
  duties_heading: 一、部门主要职责
  duties:
    - {number: （一）, text: 职责一}
  staffing_heading: 二、机构设置及人员情况
  staffing_text: 共有预算单位 1 个。
  staffing: {budget_units: 1, authorized: 2}
explanation:
  heading: 第三部分 情况说明
  paragraphs: [说明。]
  sections:
    - number: 一、
      title: 收入预算情况
      role: income
      paragraphs: [收入 1 万元。]
      sections:
        - {title: 子节, paragraphs: [子段落。]}
glossary:
  heading: 第四部分 名词解释
  groups:
    - title: 支出科目
      terms:
        - {term: 社会保险经办机构, definition: 指经办机构, subject: "2080109"}
tables:
  - kind: income
    title: 部门收入总表
    unit_label: 单位：万元
    columns:
      - {label: 科目编码, role: code, scheme: function}
      - {label: 科目名称, role: name}
      - label: 收入
        children: [合计, 财政拨款]
    rows:
      - [~, 合计, "2.00", "2.00"]
      - ["208", 社会保障和就业支出, "1.00", "1.00"]
      - ["2080109", 社会保险经办机构, "1.00", "1.00"]
project_forms:
  - id: p01
    layout: jx2023
    title: 项目支出绩效目标表
    name: 示例项目
    funding: {annual: "1.00", fiscal: "1.00"}
    goals: {annual: [目标一]}
    people:
      - {role: 填报人, name: 张三, phone: "0797-1234567"}
    indicator_sets:
      - branches:
          - level1: 产出指标
            groups:
              - level2: 数量指标
                items:
                  - {name: 人数, value: "≥95%"}
dept_overall_forms:
  - id: d01
    title: 部门整体绩效目标申报表
    dept_name: 示例中心
    annual_goals: [目标一, ~]
"""


# -- helpers ---------------------------------------------------------------------------------------


def write_content(root: Path, filing: str | bytes = SMALL_FILING, region: str = REGION_YAML,
                  site: str = SITE_YAML) -> Path:
    """A content directory with one region, two organisations and one filing; returns the filing path."""
    (root / "demo" / "demo-unit").mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(site, encoding="utf-8")
    (root / "demo" / "region.yaml").write_text(region, encoding="utf-8")
    path = root / "demo" / "demo-unit" / "2023-budget.yaml"
    if isinstance(filing, bytes):
        path.write_bytes(filing)
    else:
        path.write_text(filing, encoding="utf-8", errors="surrogatepass")
    return path


def assert_well_formed(found: list[Diagnostic], files: set[str]) -> None:
    """Every problem is a Diagnostic of a known rule, placed in one of the input files at line >= 1."""
    for d in found:
        assert isinstance(d, Diagnostic), d
        assert d.code in RULES, d
        assert d.span.file in files, f"diagnostic names {d.span.file!r}, not one of {files}: {d.as_text()}"
        assert d.span.line >= 1 and d.span.column >= 1, d.as_text()
        first = d.as_text().splitlines()[0]
        assert DIAG_LINE.match(first), first


def load_one(path: Path, project: Path) -> tuple[Filing | None, list[Diagnostic]]:
    """Load one filing in-process; any exception here is a bug (the loader must report, not raise)."""
    filing, found = load_filing_file(path, project)
    file = path.relative_to(project).as_posix()
    assert_well_formed(found, {file})
    if filing is None:
        assert any(d.severity is Severity.ERROR for d in found), \
            "the filing was dropped without a single error diagnostic"
    return filing, found


def render_one(path: Path, project: Path, region: Region) -> list[Page]:
    """Every page of a site holding this one filing: the pipeline's per-filing step (load, extract, render, as a
    worker runs it, its result decoded as the cache decodes it) and its index step."""
    done = shards.decode(shards.compute(path, project, (region,), True))
    assert done.extract is not None and done.pages is not None
    return list(render_indexes(Content(Settings(), (region,), ()), [done.extract], done.pages).pages)


def tree(root: Path) -> dict[str, str]:
    """Every file and directory below ``root`` with a digest of its bytes (directories map to '')."""
    result = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            result[rel] = "link:" + os.readlink(path)
        elif path.is_dir():
            result[rel] = ""
        else:
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    out = result.stdout + result.stderr
    assert "Traceback" not in out, out[-3000:]


def diag_lines(text: str) -> list[re.Match[str]]:
    return [m for line in text.splitlines() if (m := DIAG_LINE.match(line))]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def xunwu_region() -> Region:
    region, found = load_region_file(XUNWU_REGION, ROOT)
    assert region is not None and not found
    return region


@pytest.fixture(scope="module")
def demo_region(scratch: Path) -> Region:
    root = scratch / "demo-region"
    write_content(root)
    region, found = load_region_file(root / "demo" / "region.yaml", scratch)
    assert region is not None and not found, found
    return region


def test_the_starting_points_are_valid(scratch: Path) -> None:
    filing, found = load_one(XUNWU, ROOT)
    assert filing is not None and not found
    path = write_content(scratch / "valid")
    filing, found = load_one(path, scratch)
    assert filing is not None and not found, [d.as_text() for d in found]


# -- node-level mutations (hypothesis) ---------------------------------------------------------------

SAFE_C = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STR, INT, NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"

HOSTILE_SCALARS = [
    ("9" * 60, INT), ("-" + "9" * 40, INT), ("-1", INT), ("0", INT), ("-99999999999", INT),
    ("1" + "0" * 400, INT), ("1e309", STR), (".nan", "tag:yaml.org,2002:float"), ("-.inf", "tag:yaml.org,2002:float"),
    ("9" * 30 + ".5", STR), ("1." + "0" * 40, STR), ("-0.000000000000000000000000000001", STR),
    ("", STR), ("~", NULL), ("null", NULL), ("true", "tag:yaml.org,2002:bool"), ("no", STR),
    ("2019-05-21", "tag:yaml.org,2002:timestamp"), ("\u202eevil\u202c", STR), ("\u200b", STR),
    ("\x01\x02\x7f\x85\x9f", STR), ("\t", STR), ("a\nb\n\nc", STR), ("../../etc", STR), ("%2e%2e", STR),
    ("<script>alert(1)</script>", STR), ("x" * 5000, STR), ("𝟘𝟙", STR), ("١٢٣", STR), ("１２３", STR),
]

MUTATIONS = ["as_list", "as_map", "scalar", "text", "drop", "unknown_key", "duplicate_key", "deep",
             "alias", "tag", "swap"]


def compose(text: str) -> Node:
    node = yaml.compose(text, Loader=SAFE_C)
    assert node is not None
    return node


def slots(root: Node) -> list[tuple[Node, int, int]]:
    """Every (container, index, which) slot in the tree: which is 0 for a key, 1 for a value, -1 for a list item."""
    found: list[tuple[Node, int, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for i, (k, v) in enumerate(node.value):
                found.append((node, i, 0))
                found.append((node, i, 1))
                stack.extend((k, v))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                found.append((node, i, -1))
                stack.append(item)
    return found


def get(slot: tuple[Node, int, int]) -> Node:
    container, i, which = slot
    node: Node = container.value[i] if which == -1 else container.value[i][which]
    return node


def put(slot: tuple[Node, int, int], new: Node) -> None:
    container, i, which = slot
    if which == -1:
        container.value[i] = new
    else:
        pair = list(container.value[i])
        pair[which] = new
        container.value[i] = tuple(pair)


def scalar(value: str, tag: str = STR) -> ScalarNode:
    return ScalarNode(tag, value)


DEEP = "__deep_placeholder__"
# Any code point but a surrogate, biased towards the troublesome ones (built without st.characters(), whose
# Unicode tables hypothesis would cache in a .hypothesis directory).
TRICKY = ("\x00\x01\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x86\x9f\xa0\u200b\u200f\u2028\u2029\u202e\u2066\ufeff\ufffe"
          "\uffff:#&*!|>'\"%@`{}[],-?~")
CHARS = st.one_of(st.sampled_from(TRICKY),
                  st.integers(0, 0x10FFFF).filter(lambda c: not 0xD800 <= c <= 0xDFFF).map(chr))
TEXTS = st.lists(CHARS, max_size=40).map("".join)


def mutate(root: Node, data: st.DataObject) -> str:
    """Apply one structural mutation to ``root`` (in place) and serialise it back to YAML text."""
    all_slots = slots(root)
    slot = all_slots[data.draw(st.integers(0, len(all_slots) - 1), label="slot")]
    kind = data.draw(st.sampled_from(MUTATIONS), label="mutation")
    target = get(slot)
    deep_text = None
    if kind == "as_list":
        put(slot, SequenceNode("tag:yaml.org,2002:seq", [target]))
    elif kind == "as_map":
        put(slot, MappingNode("tag:yaml.org,2002:map", [(scalar("k"), target)]))
    elif kind == "scalar":
        put(slot, scalar(*data.draw(st.sampled_from(HOSTILE_SCALARS), label="scalar")))
    elif kind == "text":
        text = data.draw(TEXTS, label="text")
        put(slot, scalar(text))
    elif kind == "drop":
        container, i, _ = slot
        del container.value[i]
    elif kind == "unknown_key":
        mapping = target if isinstance(target, MappingNode) else slot[0]
        if isinstance(mapping, MappingNode):
            key = data.draw(st.sampled_from(["unknown", "Title", "titel", "<<", "", "__proto__", "的"]), label="key")
            mapping.value.append((scalar(key), scalar("x")))
    elif kind == "duplicate_key":
        mapping = target if isinstance(target, MappingNode) else slot[0]
        if isinstance(mapping, MappingNode) and mapping.value:
            k, _ = mapping.value[0]
            mapping.value.append((scalar(k.value, k.tag), scalar("dup")))
    elif kind == "deep":
        levels = data.draw(st.integers(1, 1500), label="levels")
        flavour = data.draw(st.sampled_from(["list", "map", "sections"]), label="flavour")
        if flavour == "list":
            deep_text = "[" * levels + "x" + "]" * levels
        elif flavour == "map":
            deep_text = "{a: " * levels + "x" + "}" * levels
        else:
            deep_text = "[{title: t, sections: " * levels + "[]" + "}]" * levels
        put(slot, scalar(DEEP))
    elif kind == "alias":
        # the same node object twice: the serialiser writes an anchor and an alias
        other = get(all_slots[data.draw(st.integers(0, len(all_slots) - 1), label="other")])
        put(slot, other)
    elif kind == "tag":
        tag = data.draw(st.sampled_from(["tag:yaml.org,2002:python/object/apply:os.system", "!custom",
                                         "tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
                                         "tag:yaml.org,2002:omap", NULL, INT]), label="tag")
        target.tag = tag
    elif kind == "swap":
        other_slot = all_slots[data.draw(st.integers(0, len(all_slots) - 1), label="other")]
        other = get(other_slot)
        if other is not target and not _contains(target, other) and not _contains(other, target):
            put(slot, copy.deepcopy(other))
    try:
        text = yaml.serialize(root, Dumper=DUMPER, allow_unicode=True, width=10_000)
    except (yaml.YAMLError, RecursionError):
        assume(False)
        raise
    if deep_text is not None:
        text = text.replace(DEEP, deep_text, 1)
    return text


def _contains(outer: Node, inner: Node) -> bool:
    stack = [outer]
    while stack:
        node = stack.pop()
        if node is inner:
            return True
        if isinstance(node, MappingNode):
            stack.extend(x for pair in node.value for x in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return False


SMALL_TEXT = SMALL_FILING
XUNWU_TEXT = XUNWU.read_text(encoding="utf-8")


def _check_mutated(text: str, scratch: Path, name: str, region: Region) -> None:
    path = scratch / "mut" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    filing, _ = load_one(path, scratch)
    if filing is not None:
        # whatever the loader accepts must also be extracted and render (the step before mkdocs), without an exception
        render_one(path, scratch, region)


@fast(100)
@given(data=st.data())
def test_node_mutations_of_a_small_filing(scratch: Path, demo_region: Region, data: st.DataObject) -> None:
    text = mutate(compose(SMALL_TEXT), data)
    _check_mutated(text, scratch, "small.yaml", demo_region)


@fast(12)
@given(data=st.data())
def test_node_mutations_of_the_xunwu_filing(scratch: Path, xunwu_region: Region, data: st.DataObject) -> None:
    text = mutate(compose(XUNWU_TEXT), data)
    _check_mutated(text, scratch, "xunwu.yaml", xunwu_region)


# -- text and byte-level mutations (hypothesis) --------------------------------------------------------

HOSTILE_LINES = [
    "\tunit: demo-unit", "unit:\tdemo-unit", "  \t- x", "title: a\x01b", "title: \x00", "title: \x1b[31mred",
    "title: \u202eevil", "\ufefftitle: bom", "title: \x85\u2028\u2029", "title: \ud7ff\ue000\ufffd",
    "&a title: x", "title: *a", "title: &a [*a, *a]", "<<: *a", "title: !!python/object/apply:os.system [id]",
    "title: !!binary aGVsbG8=", "? [a, b]\n: c", "---", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "{", "]",
    "title: 'unterminated", 'title: "\\x', "title: |\n  block\n\n  text", "- list at top", "unit: [a, b]",
    "fiscal_year: 99999999999", "fiscal_year: -2023", "fiscal_year: 0x7E7", "fiscal_year: 2_023",
    "tables: {a: b}", "tables: [[[[[]]]]]", "title: " + "长" * 20000,
]


@fast(100)
@given(data=st.data())
def test_text_mutations_never_escape_the_loader(scratch: Path, data: st.DataObject) -> None:
    base = data.draw(st.sampled_from([SMALL_TEXT, XUNWU_TEXT[:6000]]), label="base")
    lines = base.split("\n")
    kind = data.draw(st.sampled_from(["insert_line", "insert_char", "truncate", "indent"]), label="kind")
    if kind == "insert_line":
        at = data.draw(st.integers(0, len(lines)), label="at")
        line = data.draw(st.sampled_from(HOSTILE_LINES), label="line")
        lines.insert(at, line)
    elif kind == "insert_char":
        at = data.draw(st.integers(0, len(lines) - 1), label="at")
        char = data.draw(CHARS, label="char")
        column = data.draw(st.integers(0, len(lines[at])), label="column")
        lines[at] = lines[at][:column] + char + lines[at][column:]
    elif kind == "truncate":
        at = data.draw(st.integers(len(lines[0]), len(base)), label="at")
        lines = base[:at].split("\n")
    else:
        at = data.draw(st.integers(0, len(lines) - 1), label="at")
        lines[at] = data.draw(st.sampled_from(["\t", " ", "   ", "- "]), label="prefix") + lines[at]
    path = scratch / "text" / "mutated.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    load_one(path, scratch)


@fast(50)
@given(data=st.data())
def test_byte_mutations_never_escape_the_loader(scratch: Path, data: st.DataObject) -> None:
    raw = bytearray(SMALL_TEXT.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4), label="count")):
        at = data.draw(st.integers(0, len(raw) - 1), label="at")
        raw[at] = data.draw(st.integers(0, 255), label="byte")
    path = scratch / "bytes" / "mutated.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(raw))
    load_one(path, scratch)


# -- specific hostile files, in-process ----------------------------------------------------------------

BILLION_LAUGHS = (
    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "unit: demo-unit\nfiscal_year: 2023\ntitle: *i\n"
)


def _deep_sections(levels: int) -> str:
    return ("unit: demo-unit\nfiscal_year: 2023\nexplanation:\n  heading: h\n  sections: "
            + "[{title: t, sections: " * levels + "[]" + "}]" * levels + "\n")


HOSTILE_FILES: dict[str, tuple[str | bytes, set[str]]] = {
    # name: (file contents, acceptable codes of which at least one must be reported; empty = harmless)
    "list_where_mapping": (SMALL_FILING.replace("source: {document: demo.pdf, medium: pdf}",
                                                "source: [demo.pdf, pdf]"), {"KEY003"}),
    "mapping_where_scalar": (SMALL_FILING.replace("title: 2023 年部门预算", "title: {a: b}"), {"KEY003"}),
    "list_where_scalar": (SMALL_FILING.replace("title: 2023 年部门预算", "title: [a, b]"), {"KEY003"}),
    "scalar_where_list": (SMALL_FILING.replace("annual_goals: [目标一, ~]", "annual_goals: 目标一"), {"KEY003"}),
    "missing_required": (SMALL_FILING.replace("unit: demo-unit\n", ""), {"KEY002"}),
    "missing_required_nested": (SMALL_FILING.replace("    title: 部门收入总表\n", ""), {"KEY002"}),
    "unknown_key": (SMALL_FILING + "unknwon: 1\n", {"KEY001"}),
    "unknown_nested_key": (SMALL_FILING.replace("  heading: 第一部分 概况", "  heading: 第一部分 概况\n  headng: x"),
                           {"KEY001"}),
    "huge_year": (SMALL_FILING.replace("fiscal_year: 2023", "fiscal_year: " + "9" * 50), {"VAL004", "VAL010"}),
    "negative_year": (SMALL_FILING.replace("fiscal_year: 2023", "fiscal_year: -2023"), {"VAL004", "VAL010"}),
    "float_year": (SMALL_FILING.replace("fiscal_year: 2023", "fiscal_year: 2023.5"), {"VAL004", "VAL010"}),
    "negative_staff": (SMALL_FILING.replace("authorized: 2", "authorized: -2"), set()),
    "huge_staff": (SMALL_FILING.replace("authorized: 2", "authorized: 1" + "0" * 30), {"VAL004"}),
    "bad_amount": (SMALL_FILING.replace('annual: "1.00"', 'annual: "1.0.0"'), {"VAL001"}),
    "nested_lists_10000": ("unit: demo-unit\nfiscal_year: 2023\ntables: " + "[" * 10_000 + "]" * 10_000 + "\n",
                           {"YAML006"}),
    "nested_maps_10000": ("unit: demo-unit\nfiscal_year: 2023\nprofile: " + "{a: " * 10_000 + "x" + "}" * 10_000
                          + "\n", {"YAML006"}),
    "nested_sections_10000": (_deep_sections(10_000), {"YAML006"}),
    "nested_sections_300": (_deep_sections(300), {"YAML006"}),
    "nested_block_lists_2000": ("unit: demo-unit\nfiscal_year: 2023\ntables:\n"
                                + "".join(" " * i + "-\n" for i in range(2000)), {"YAML006", "KEY003"}),
    "alias": (SMALL_FILING.replace("title: 2023 年部门预算", "title: &t 2023 年部门预算\nunit_name: *t")
              .replace("unit_name: 示例中心\n", "", 1), {"YAML004"}),
    "alias_bomb": (BILLION_LAUGHS, {"YAML004"}),
    "merge_key": (SMALL_FILING.replace("source: {document: demo.pdf, medium: pdf}",
                                       "base: &b {document: demo.pdf}\nsource:\n  <<: *b"), {"YAML004", "KEY001"}),
    "undefined_alias": (SMALL_FILING.replace("title: 2023 年部门预算", "title: *nowhere"), {"YAML004", "YAML001"}),
    "control_characters": (SMALL_FILING.replace("title: 2023 年部门预算", "title: 2023\x01\x02\x1b年"),
                           {"YAML001", "YAML005"}),
    "nul_byte": (SMALL_FILING.replace("title: 2023 年部门预算", "title: a\x00b"), {"YAML001", "YAML005"}),
    "c1_control_raw": (SMALL_FILING.replace("title: 2023 年部门预算", "title: a\x86b"), {"YAML001", "YAML005"}),
    "escaped_controls": (SMALL_FILING.replace("title: 2023 年部门预算", 'title: "a\\x01\\x1b\\x7f\\x86b"'), set()),
    "rtl_marks": (SMALL_FILING.replace("title: 2023 年部门预算", "title: \u202e算预门部年 3202\u202c")
                  .replace("name: 示例项目", "name: \u2066示例\u2069\u200f"), set()),
    "bom_at_start": ("\ufeff" + SMALL_FILING, set()),
    "invalid_utf8": (SMALL_FILING.encode("utf-8").replace("示例项目".encode(), b"\xff\xfe\xc3\x28"), {"YAML005"}),
    "utf16": (SMALL_FILING.encode("utf-16"), {"YAML005"}),
    "latin1": (SMALL_FILING.replace("示例项目", "Caf\u00e9").encode("latin-1", errors="replace"), {"YAML005"}),
    "string_10mb": ("unit: demo-unit\nfiscal_year: 2023\ntitle: " + "长" * (10 * 1024 * 1024 // 3 + 10) + "\n",
                    {"YAML005"}),
    # a title past the length limit (issue 14: every text field is bounded): reported, not loaded
    "string_300kb": ("unit: demo-unit\nfiscal_year: 2023\ntitle: " + "x" * (300 * 1024) + "\n", {"VAL018"}),
    "duplicate_top_key": (SMALL_FILING + "title: again\n", {"YAML002"}),
    "duplicate_nested_key": (SMALL_FILING.replace("    title: 部门收入总表\n",
                                                  "    title: 部门收入总表\n    title: 又一个\n"), {"YAML002"}),
    "tab_indent": (SMALL_FILING.replace("\n  heading: 第一部分 概况", "\n\theading: 第一部分 概况"), {"YAML001"}),
    # YAML allows a tab after the colon, PyYAML does not: either outcome is fine as long as it is reported
    "tab_after_colon": (SMALL_FILING.replace("title: 2023 年部门预算", "title:\t2023 年部门预算"), {"YAML001"}),
    "multiple_documents": (SMALL_FILING + "---\nunit: other\n", {"YAML001"}),
    "top_level_list": ("- unit: demo-unit\n  fiscal_year: 2023\n", {"KEY003"}),
    "top_level_scalar": ("just text\n", {"KEY003"}),
    "python_tag": ("unit: demo-unit\nfiscal_year: 2023\ntitle: !!python/object/apply:os.system [echo pwned]\n",
                   {"KEY003"}),
    "complex_key": (SMALL_FILING + "? [a, b]\n: c\n", {"KEY003"}),
    "empty_file": ("", {"KEY002", "YAML001", "YAML005"}),
    "only_comments": ("# nothing here\n", {"KEY002", "YAML001", "YAML005"}),
    "null_document": ("~\n", {"KEY002", "KEY003"}),
    "lone_surrogate_escape": (SMALL_FILING.replace("title: 2023 年部门预算", 'title: "a\\ud800b"'),
                              {"YAML001", "YAML005", "VAL008"}),
    # a key no record has, spelled with a lone surrogate: the diagnostic itself must still be printable
    "lone_surrogate_key": (SMALL_FILING + '"\\ud800": x\n', {"KEY001", "YAML001", "YAML005"}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_file_in_process(scratch: Path, name: str) -> None:
    text, codes = HOSTILE_FILES[name]
    root = scratch / "files" / name
    path = write_content(root, text)
    filing, found = load_one(path, scratch)
    reported = {d.code for d in found if d.severity is Severity.ERROR}
    if codes:
        assert reported & codes, f"expected one of {codes}, got {[d.as_text() for d in found]}"
    else:
        assert not reported, [d.as_text() for d in found]
        assert filing is not None
    # the CLI, in-process: exit 1 for findings (0 for harmless content), never an exception
    exit_code = cli.main(["check", "--content", str(root), "--project", str(scratch)])
    assert exit_code == (1 if codes else 0)


# -- the command line, for real ------------------------------------------------------------------------

CLI_CASES = ["control_characters", "alias_bomb", "nested_sections_10000", "invalid_utf8",
             "string_10mb", "duplicate_nested_key", "tab_indent", "list_where_mapping", "empty_file",
             "lone_surrogate_escape", "lone_surrogate_key", "rtl_marks"]


JSON_CASES = {"control_characters", "alias_bomb", "empty_file", "rtl_marks"}


@pytest.mark.parametrize("name", CLI_CASES)
def test_hostile_file_on_the_command_line(scratch: Path, name: str) -> None:
    text, codes = HOSTILE_FILES[name]
    root = scratch / "cli" / name
    path = write_content(root, text)
    result = run_gongkai("check", "--content", str(root), "--project", str(scratch), timeout=120)
    no_traceback(result)
    assert result.returncode == (1 if codes else 0), result.stdout + result.stderr
    file = path.relative_to(scratch).as_posix()
    lines = diag_lines(result.stdout)
    if codes:
        ours = [m for m in lines if m["file"] == file]
        assert ours, f"no `{file}:line:column: severity[CODE]` line in:\n{result.stdout[-2000:]}"
        assert all(int(m["line"]) >= 1 and int(m["col"]) >= 1 for m in ours)
        assert {m["code"] for m in ours} & codes, result.stdout[-2000:]
    if name not in JSON_CASES:
        return
    # the JSON report says the same
    result = run_gongkai("check", "--content", str(root), "--project", str(scratch), "--format", "json",
                         timeout=120)
    no_traceback(result)
    assert result.returncode == (1 if codes else 0)
    report = json.loads(result.stdout)["findings"]
    for item in report:
        assert item["line"] >= 1 and item["column"] >= 1 and item["file"], item
    if codes:
        assert any(item["file"] == file and item["code"] in codes for item in report), report


# -- failed builds leave the previous site alone ---------------------------------------------------------


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A tiny valid site, built for real; tests attempt bad builds into the same --out."""
    base = tmp_path_factory.mktemp("previous")
    content = base / "content"
    write_content(content)
    out = base / "site"
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (out / "index.html").is_file() and (out / "demo" / "demo-unit" / "2023" / "index.html").is_file()
    yield out, tree(out)


def _attempt(base: Path, out: Path, *extra: str, filing: str | bytes = SMALL_FILING, region: str = REGION_YAML,
             site: str = SITE_YAML, pages: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    content = base / "bad-content"
    write_content(content, filing, region, site)
    for name, text in (pages or {}).items():
        (content / "pages").mkdir(exist_ok=True)
        (content / "pages" / name).write_text(text, encoding="utf-8")
    return run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search", *extra)


@pytest.fixture
def old_site(previous_site: tuple[Path, dict[str, str]], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A private copy of the previous site (so one test's outcome cannot leak into another)."""
    out = tmp_path / "site"
    shutil.copytree(previous_site[0], out)
    before = tree(out)
    assert before == previous_site[1]
    return out, before


def _assert_untouched(out: Path, before: dict[str, str]) -> None:
    assert tree(out) == before, "the previous site changed"
    leftovers = [p.name for p in out.parent.iterdir()
                 if p.name.startswith(".gongkai-build-") or p.name.endswith(".old")]
    assert not leftovers, leftovers


def test_strict_build_with_bad_content_leaves_the_site(old_site: tuple[Path, dict[str, str]]) -> None:
    out, before = old_site
    bad = SMALL_FILING.replace("fiscal_year: 2023", "fiscal_year: soon").replace("title: 2023", "title: [x]")
    result = _attempt(out.parent, out, "--strict", filing=bad)
    no_traceback(result)
    assert result.returncode == 1
    assert diag_lines(result.stdout), result.stdout
    _assert_untouched(out, before)


def test_strict_build_with_unreadable_content_leaves_the_site(old_site: tuple[Path, dict[str, str]]) -> None:
    out, before = old_site
    result = _attempt(out.parent, out, "--strict", filing=b"unit: \xff\xfe\n")
    no_traceback(result)
    assert result.returncode == 1
    _assert_untouched(out, before)


def test_failing_mkdocs_leaves_the_site(old_site: tuple[Path, dict[str, str]]) -> None:
    """Valid content, but a project configuration that `mkdocs build --strict` refuses: nothing is swapped in.
    (Content itself can no longer make mkdocs fail: hand-written pages reach it as escaped, rendered HTML.)"""
    out, before = old_site
    project = out.parent / "project"
    shutil.copytree(ROOT / "theme", project / "theme")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("  - attr_list\n", "  - attr_list\n  - no_such_extension\n"),
                                        encoding="utf-8")
    result = _attempt(out.parent, out, "--project", str(project))
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "原有网站保持不变" in result.stderr, result.stderr
    _assert_untouched(out, before)


def test_a_link_to_a_missing_page_leaves_the_site(old_site: tuple[Path, dict[str, str]]) -> None:
    """A hand-written page linking a page the site does not have: PAG001 at its place, and --strict publishes
    nothing."""
    out, before = old_site
    result = _attempt(out.parent, out, "--strict", pages={"broken.md": "# 坏页面\n\n文字 [去向不明](nowhere.md)\n"})
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "pages/broken.md:3:11: error[PAG001] 链接指向的页面 nowhere.md 不存在" in result.stdout, result.stdout
    _assert_untouched(out, before)


def test_duplicate_pages_leave_the_site(old_site: tuple[Path, dict[str, str]]) -> None:
    """A region slug that is also a generated page (subjects/): refused at the latest in the site stage."""
    out, before = old_site
    result = _attempt(out.parent, out, "--strict", region=REGION_YAML.replace("slug: demo", "slug: subjects"))
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    _assert_untouched(out, before)


def test_render_crash_leaves_the_site(old_site: tuple[Path, dict[str, str]]) -> None:
    """Amounts with more digits than the default decimal precision: a build that fails for them (in any way)
    keeps the old site; one that succeeds replaces it completely."""
    out, before = old_site
    huge = SMALL_FILING.replace('["208", 社会保障和就业支出, "1.00", "1.00"]',
                                '["208", 社会保障和就业支出, "' + "9" * 40 + '", "-' + "1" * 30 + '.5"]')
    result = _attempt(out.parent, out, filing=huge)
    if result.returncode == 0 and "Traceback" not in result.stderr:
        assert "9,999,999,999" in (out / "demo" / "demo-unit" / "2023" / "tables" / "index.html").read_text()
    else:
        _assert_untouched(out, before)
    # and whatever happened, the user saw diagnostics or a message, never a traceback
    no_traceback(result)


HUGE_AMOUNTS = ["9" * 40, "-" + "1" * 30 + ".5", "1." + "0" * 40, "12,345,678,901,234,567,890,123,456,789",
                "0." + "0" * 60 + "1"]


@pytest.mark.parametrize("amount", HUGE_AMOUNTS, ids=[a[:12] for a in HUGE_AMOUNTS])
def test_huge_amounts_render_in_process(scratch: Path, demo_region: Region, amount: str) -> None:
    """Amounts are exact decimals of any length: every place that shows one must cope (tables, forms)."""
    text = SMALL_FILING.replace('"1.00"', json.dumps(amount)).replace('"2.00"', json.dumps(amount))
    path = scratch / "huge" / f"{HUGE_AMOUNTS.index(amount)}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    filing, found = load_one(path, scratch)
    assert filing is not None and not found, [d.as_text() for d in found]
    pages = render_one(path, scratch, demo_region)
    digits = amount.lstrip("-").split(".")[0].replace(",", "")
    grouped = f"{int(digits):,}"
    assert any(grouped in p.text for p in pages), "the amount is not shown with all its digits"


def test_lone_surrogate_builds_without_a_traceback(tmp_path: Path) -> None:
    bad = SMALL_FILING.replace("title: 2023 年部门预算", 'title: "a\\ud800b"')
    result = _attempt(tmp_path, tmp_path / "site", filing=bad)
    no_traceback(result)
    assert result.returncode in (0, 1)


def test_c1_control_in_a_name_does_not_break_the_build(tmp_path: Path) -> None:
    """A name with an escaped C1 control character is accepted by the loader, so it must not break mkdocs."""
    region = REGION_YAML.replace("name: 示例中心", 'name: "示例\\x86中心"')
    result = _attempt(tmp_path, tmp_path / "site", region=region)
    no_traceback(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "demo" / "demo-unit" / "index.html").is_file()


@pytest.mark.parametrize("which", ["content", "project"])
def test_build_refuses_to_overwrite_the_content(tmp_path: Path, which: str) -> None:
    """`--out` pointing at the content directory (or a directory containing it) must not destroy the content."""
    content = tmp_path / "content"
    write_content(content)
    before = tree(tmp_path)
    out = content if which == "content" else tmp_path
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search")
    no_traceback(result)
    assert (content / "demo" / "demo-unit" / "2023-budget.yaml").is_file(), "the build replaced the content"
    assert tree(tmp_path) == before, "the content directory changed"
    assert result.returncode != 0


@pytest.mark.parametrize("slug", ["search", "guide"])
def test_a_region_slug_never_silently_replaces_another_page(tmp_path: Path, slug: str) -> None:
    """A valid identifier that is also the URL of a generated page (搜索, 填报说明) must not replace that page."""
    content = tmp_path / "content"
    write_content(content, region=REGION_YAML.replace("slug: demo", f"slug: {slug}"))
    (content / "demo").rename(content / slug)
    (content / "pages").mkdir()
    (content / "pages" / "guide.md").write_text("# 填报说明\n\n只在填报说明页上的一句话。\n", encoding="utf-8")
    out = tmp_path / "site"
    result = run_gongkai("build", "--content", str(content), "--out", str(out), "--no-search")
    no_traceback(result)
    if result.returncode == 0:
        # published: then the region page and the page it would shadow must both be there
        assert "示例县" in (out / slug / "index.html").read_text(encoding="utf-8"), "the region page is missing"
        marker = 'id="gk-search"' if slug == "search" else "只在填报说明页上的一句话。"
        pages = [p for p in out.rglob("*.html") if marker in p.read_text(encoding="utf-8")]
        assert pages, f"the {slug} page was silently replaced by the region page"
    else:
        assert diag_lines(result.stdout) or "gongkai:" in result.stderr, result.stdout + result.stderr


# -- identifiers never lead out of the output directory ---------------------------------------------------

HOSTILE_IDS = [
    "../../etc", "..", ".", "a/b", "a/../b", "/etc/passwd", "/", "%2e%2e", "%2e%2e%2fetc", "..%2f..%2fetc",
    "a\\b", "..\\..\\windows", "C:\\Windows", "a\x00b", "abc\n", "\nabc", "abc/", "~user", "ａｂｃ", "ABC",
    "-abc", "a b", "a" * 65, "\u202eabc", "abc\u200b", "file:///etc/passwd", "a:b", "😀", "a?b", "a#b",
]

# where each identifier lives: (file, text to replace, replacement template)
ID_FIELDS = {
    "region_slug": ("region", "slug: demo", "slug: {v}"),
    "organisation_id": ("region", "id: demo-dept\n      name: 示例局", "id: {v}\n      name: 示例局"),
    "organisation_parent": ("region", "parent: demo-dept", "parent: {v}"),
    "filing_unit": ("filing", "unit: demo-unit\n", "unit: {v}\n"),
    "project_form_id": ("filing", "id: p01", "id: {v}"),
    "dept_form_id": ("filing", "id: d01", "id: {v}"),
    "table_id": ("filing", "  - kind: income\n", "  - kind: income\n    id: {v}\n"),
}


def _with_id(field: str, value: str) -> tuple[str, str]:
    where, old, new = ID_FIELDS[field]
    replacement = new.format(v=json.dumps(value))
    region, filing = REGION_YAML, SMALL_FILING
    if where == "region":
        assert old in region
        region = region.replace(old, replacement, 1)
    else:
        assert old in filing
        filing = filing.replace(old, replacement, 1)
    return region, filing


def _identifiers(content: Content) -> list[str]:
    ids: list[str] = [r.slug for r in content.regions]
    ids += [o.id for r in content.regions for o in r.organisations]
    ids += [o.parent for r in content.regions for o in r.organisations if o.parent is not None]
    ids += [f.unit for f in content.filings]
    ids += [x.id for f in content.filings for x in f.project_forms]
    ids += [x.id for f in content.filings for x in f.dept_overall_forms]
    ids += [t.id for f in content.filings for t in f.tables if t.id is not None]
    return ids


@pytest.mark.parametrize("value", HOSTILE_IDS, ids=[repr(v)[1:-1][:24] for v in HOSTILE_IDS])
def test_hostile_identifiers_are_rejected(scratch: Path, value: str) -> None:
    for field in ID_FIELDS:
        root = scratch / "ids" / f"{field}-{HOSTILE_IDS.index(value)}"
        region, filing = _with_id(field, value)
        write_content(root, filing, region)
        content, found = load_content(root, scratch)
        files = {p.relative_to(scratch).as_posix() for p in root.rglob("*.yaml")}
        assert_well_formed(found, files)
        assert any(d.code == "VAL005" for d in found), (field, [d.as_text() for d in found])
        loaded = _identifiers(content)
        assert value not in loaded, f"{field}: {value!r} was accepted"
        assert all(IDENT.fullmatch(i) for i in loaded), (field, loaded)
        docs = scratch / "ids-docs"
        rendered = run(root, scratch, jobs=1).rendered
        assert rendered is not None
        for page in rendered.pages:
            target = safe_path(docs, page.path)
            assert target.is_relative_to(docs.resolve()), page.path


def test_hostile_identifiers_build_nothing_outside_the_output(tmp_path: Path) -> None:
    """One real build with a hostile identifier in every field: only --out (and nothing else) changes."""
    region, filing = REGION_YAML, SMALL_FILING
    for i, field in enumerate(ID_FIELDS):
        where, old, new = ID_FIELDS[field]
        replacement = new.format(v=json.dumps(["../../escaped", "/tmp/escaped", "%2e%2e", "..", "a/b",
                                               "../..", "..\\escaped"][i]))
        if where == "region":
            region = region.replace(old, replacement, 1)
        else:
            filing = filing.replace(old, replacement, 1)
    work = tmp_path / "deep" / "er"
    work.mkdir(parents=True)
    content = work / "content"
    write_content(content, filing, region)
    before = tree(tmp_path)
    outside_before = set(os.listdir("/tmp"))
    result = run_gongkai("build", "--content", str(content), "--out", str(work / "site"), "--no-search")
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(m["code"] == "VAL005" for m in diag_lines(result.stdout)), result.stdout
    after = tree(tmp_path)
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert all(k == "deep/er/site" or k.startswith(("deep/er/site/", "deep/er/.gongkai-sites")) for k in changed), \
        sorted(changed)[:20]  # the site is a symlink into its store beside it (generator/publish.py)
    assert "escaped" not in set(os.listdir("/tmp")) - outside_before


SAFE_PATH_BAD = ["../x.md", "../../etc/passwd", "..", "a/../../x.md", "/etc/passwd", "/", "a\\..\\x.md",
                 "..\\x.md", "a/..", "", ".", "a\x00b.md", "C:\\x.md"]


@pytest.mark.parametrize("relative", SAFE_PATH_BAD, ids=[repr(v) for v in SAFE_PATH_BAD])
def test_safe_path_refuses(tmp_path: Path, relative: str) -> None:
    with pytest.raises(SiteError):
        safe_path(tmp_path / "docs", relative)


@pytest.mark.parametrize("relative", ["index.md", "xunwu/index.md", "a/b/c/tables.md", "%2e%2e/x.md",
                                      "subjects/function-2080109.md", "..a/b.md", "a../b.md"])
def test_safe_path_accepts_pages_inside(tmp_path: Path, relative: str) -> None:
    root = tmp_path / "docs"
    target = safe_path(root, relative)
    assert target.is_relative_to(root.resolve())
    assert target == (root / relative).resolve()


def test_safe_path_refuses_a_symlink_out(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    root.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "link").symlink_to(outside)
    with pytest.raises(SiteError):
        safe_path(root, "link/x.md")


@fast(200)
@given(relative=st.text(alphabet=st.sampled_from(list("./\\a%2e\x00~:")), max_size=12))
def test_safe_path_never_leaves_the_root(tmp_path: Path, relative: str) -> None:
    root = tmp_path / "docs"
    try:
        target = safe_path(root, relative)
    except SiteError:
        return
    assert target.is_relative_to(root.resolve()) and target != root.resolve(), relative
