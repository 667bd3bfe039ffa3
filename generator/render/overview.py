"""What the pages about many filings need of each one (its 概要): its subject rows, its headline figures and its
performance indicators. A worker makes it beside the filing's pages and the cache keeps it as JSON, so a warm
build makes the index pages without reading any extract's facts again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.facts.headline import Figure, Topic, headline
from generator.model.codes import CodeLevel, CodeScheme
from generator.model.extract import Extract, IndicatorFact
from generator.model.indicators import IndicatorValue, ValueKind
from generator.model.money import MoneyUnit
from generator.render.subjects import SubjectRow, rows_from_json, rows_to_json, subject_rows

_OPS = {">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝"}


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    """绩效指标 as the indicator index lists it: where it is, and its value as printed and as read."""

    form: str
    """the form's id (its anchor on the filing's forms page)"""
    project: str
    level1: str
    level2: str
    name: str
    printed: str
    parsed: str
    """the value as gongkai reads it (``≥ 98 %``), empty for a text or an empty value"""


@dataclass(frozen=True, slots=True)
class Overview:
    subjects: list[SubjectRow]
    headline: tuple[Figure, ...]
    indicators: tuple[IndicatorRow, ...]
    spending: str | None = None
    """the table whose 功能分类 rows tell where the money goes (部门支出总表, else 一般公共预算支出表, else
    支出预算总表)"""
    stated: tuple[str, ...] = ()
    """the changes against the year before that the text states (``收入预算总额同比减少83%``), as printed"""

    def classes(self) -> list[SubjectRow]:
        """The 功能分类 类 rows of the spending table: the composition of spending."""
        return [r for r in self.subjects if r.table_anchor == self.spending and r.code.scheme is CodeScheme.FUNCTION
                and r.code.level is CodeLevel.CLASS]


SPENDING = ("expenditure", "general_expenditure", "expenditure_summary")
"""table kinds that break spending down by 功能分类, in order of preference"""


def _spending(filing: Extract) -> str | None:
    for kind in SPENDING:
        for table in filing.tables:
            if table.kind == kind and table.rows:
                return table.id
    return None


def _stated(filing: Extract) -> tuple[str, ...]:
    said = []
    for linked in filing.figures:
        figure = linked.figure
        if linked.link is None or linked.link.relation != "change" or figure.value is None:
            continue
        verb = "增加" if figure.direction > 0 else "减少" if figure.direction < 0 else ""
        said.append(f"{figure.about or ''}{verb}{figure.text}")
    return tuple(dict.fromkeys(said))


def read_value(value: IndicatorValue | None) -> str:
    """A parsed 指标值 in words a reader checks against the print: ``≥ 98 %``, ``30–320 元``, ``12 个``."""
    if value is None or value.number is None or value.kind not in (ValueKind.NUMERIC, ValueKind.RANGE):
        return ""
    number = _plain(value.number)
    if value.number_max is not None:
        number = f"{number}–{_plain(value.number_max)}"
    op = _OPS.get(value.op or "", "")
    return " ".join(x for x in (op, number, value.unit or "") if x)


def _plain(number: Decimal) -> str:
    return format(number, "f")


def indicator_rows(indicators: tuple[IndicatorFact, ...], forms: dict[str, str]) -> tuple[IndicatorRow, ...]:
    return tuple(IndicatorRow(i.form, i.project or forms.get(i.form, ""), i.level1 or "", i.level2 or "",
                              i.name or "", i.value.raw if i.value is not None else "", read_value(i.value))
                 for i in indicators)


def overview(filing: Extract) -> Overview:
    forms = {f.id: f.name or f.title for f in filing.forms}
    return Overview(list(subject_rows(filing)), headline(filing), indicator_rows(filing.indicators, forms),
                    _spending(filing), _stated(filing))


def to_json(o: Overview) -> str:
    figures = [[f.topic.value, f.text, None if f.value is None else str(f.value), f.unit.value, f.table,
                f.table_title, f.row, f.empty_table] for f in o.headline]
    indicators = [[i.form, i.project, i.level1, i.level2, i.name, i.printed, i.parsed] for i in o.indicators]
    return json.dumps({"subjects": json.loads(rows_to_json(o.subjects)), "headline": figures,
                       "indicators": indicators, "spending": o.spending, "stated": list(o.stated)},
                      ensure_ascii=False, separators=(",", ":"))


_TOPICS = {t.value: t for t in Topic}
_UNITS = {u.value: u for u in MoneyUnit}


def _text(value: Any, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if type(value) is not str:
        raise ValueError("an overview's texts are text")
    return value


def from_json(text: str) -> Overview:
    """An overview from ``to_json``; ValueError (KeyError and TypeError included) unless every value is of its
    kind."""
    try:
        data = json.loads(text)
        subjects = rows_from_json(json.dumps(data["subjects"]))
        figures = []
        for topic, printed, value, unit, table, title, row, empty in data["headline"]:
            if type(empty) is not bool:
                raise ValueError("empty_table is true or false")
            amount = None if value is None else Decimal(_text(value, False) or "")
            figures.append(Figure(_TOPICS[topic], _text(printed), amount, _UNITS[unit], _text(table), _text(title),
                                  _text(row), empty))
        indicators = []
        for item in data["indicators"]:
            if len(item) != 7:
                raise ValueError("an indicator has seven fields")
            indicators.append(IndicatorRow(*(_text(x, False) or "" for x in item)))
        spending = _text(data["spending"])
        stated = tuple(_text(x, False) or "" for x in data["stated"])
    except (KeyError, TypeError, ArithmeticError) as problem:
        raise ValueError(f"not an overview: {problem}") from problem
    return Overview(subjects, tuple(figures), tuple(indicators), spending, stated)
