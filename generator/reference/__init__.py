"""Reference data kept as data: the official subject names (政府收支分类科目), and the printed label variants of
columns (measures) and of 收支总表 lines (line keys). Read once from the TOML files beside this module."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.keys import LineKey
from generator.model.measures import Measure, Side

HERE = Path(__file__).parent
_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "：": ":", "【": "[", "】": "]", "“": None, "”": None, "‘": None,
                           "’": None, '"': None, "'": None, "〔": "[", "〕": "]"})
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\((?:[一二三四五六七八九十]+|\d+)\)|\d+[、.．]|[⑴-⒇①-⑳])")
_YEAR = re.compile(r"(\d{4})年")
_RELATIVE = {0: "本年", 1: "上年", 2: "前年"}
_TOTAL = re.compile(r"^(?:小计|.*(?:合计|总计))$")


@lru_cache(maxsize=1 << 16)
def normalise(label: str, year: int | None = None) -> str:
    """A printed label as the variant tables write it: no spaces, ASCII brackets and colons, no quotes, no
    leading 其中: or numbering, and a year relative to the filing's (``2023年预算数`` -> ``本年预算数``)."""
    text = _SPACES.sub("", label).translate(_BRACKETS)
    if text.startswith("其中:"):
        text = text[3:]
    text = _NUMBERING.sub("", text, count=1)
    if year is not None:
        text = _YEAR.sub(lambda m: _RELATIVE.get(year - int(m[1]), m[0]), text)
    return text


def is_total(label: str) -> bool:
    """The documented rule for total rows: the label, normalised, is 小计 or ends in 合计 or 总计
    (合计, 总计, 本年收入合计, 收入总计)."""
    return bool(_TOTAL.match(normalise(label)))


def _read(name: str) -> dict[str, object]:
    with open(HERE / name, "rb") as stream:
        return tomllib.load(stream)


@cache
def _measures() -> dict[str, Measure]:
    labels = _read("measures.toml")["labels"]
    assert isinstance(labels, dict)
    return {normalise(label): Measure(value) for label, value in labels.items()}


@cache
def _lines() -> dict[Side, dict[str, LineKey]]:
    data = _read("lines.toml")
    tables: dict[Side, dict[str, LineKey]] = {}
    for side in Side:
        labels = data[side.value]
        assert isinstance(labels, dict)
        tables[side] = {normalise(label): LineKey(value) for label, value in labels.items()}
    return tables


def measure_of(path: Sequence[str], year: int | None) -> Measure | None:
    """The measure of a leaf column whose label path (groups, then the leaf) was printed as ``path``: the
    longest listed suffix of the path decides; a 小计 under a group with a measure takes that measure."""
    table = _measures()
    parts = [normalise(label, year) for label in path]
    for start in range(len(parts)):
        found = table.get("/".join(parts[start:]))
        if found is not None:
            return found
    if len(parts) > 1 and parts[-1] == "小计":
        return measure_of(path[:-1], year)
    return None


def measure_suggestion(label: str, year: int | None) -> str | None:
    """The listed label closest to ``label`` (for a did-you-mean)."""
    close = difflib.get_close_matches(normalise(label, year), list(_measures()), n=1, cutoff=0.5)
    return close[0] if close else None


def line_of(label: str, side: Side) -> LineKey | None:
    return _lines()[side].get(normalise(label))


def line_suggestion(label: str, side: Side) -> str | None:
    close = difflib.get_close_matches(normalise(label), list(_lines()[side]), n=1, cutoff=0.5)
    return close[0] if close else None


@dataclass(frozen=True, slots=True)
class Catalogue:
    """政府收支分类科目 as gongkai knows it."""

    edition: int
    """the year of the edition the names come from"""
    source: str
    names: dict[SubjectCode, str]
    by_name: dict[tuple[CodeScheme, str], tuple[SubjectCode, ...]]


@cache
def catalogue() -> Catalogue:
    data = _read("subjects.toml")
    names: dict[SubjectCode, str] = {}
    by_name: dict[tuple[CodeScheme, str], list[SubjectCode]] = {}
    for scheme in (CodeScheme.FUNCTION, CodeScheme.ECONOMIC):
        table = data[scheme.value]
        assert isinstance(table, dict)
        for code, name in table.items():
            problem = SubjectCode.problem(scheme, code)
            assert problem is None, f"subjects.toml: {code}: {problem}"
            subject = SubjectCode(scheme, code)
            names[subject] = str(name)
            by_name.setdefault((scheme, normalise(str(name))), []).append(subject)
    edition, source = data["edition"], data["source"]
    assert isinstance(edition, int) and isinstance(source, str)
    return Catalogue(edition, source, names, {k: tuple(v) for k, v in by_name.items()})


def official_name(code: SubjectCode) -> str | None:
    """科目名称 as the 政府收支分类科目 names it, or None when gongkai does not know the code."""
    return catalogue().names.get(code)


def subjects_named(name: str, scheme: CodeScheme) -> tuple[SubjectCode, ...]:
    """The codes whose official name is ``name`` (printed numbering and spacing ignored), shallowest first."""
    found = catalogue().by_name.get((scheme, normalise(name)), ())
    return tuple(sorted(found, key=lambda c: (len(c.code), c.code)))
