"""复制粘贴: different projects with word-for-word the same goal, overview, 实施内容 or indicator set; a table note
that contradicts its table or names another table's fund."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.forms import ProjectForm
from generator.model.tables import TableKind
from generator.reference import normalise
from generator.source import Span

W, INFO = Severity.WARNING, Severity.INFO
_MIN = 8
"""texts shorter than this (``无``, ``符合规定``) are template words, not copies"""


Place = tuple[Any, str]
"""a record and the field a text is written in: its span is looked up only for a finding"""


def _texts(form: ProjectForm) -> Iterator[tuple[str, str, Place]]:
    """(what, text, where) of each text of a form that should be the project's own."""
    if form.goals is not None:
        for index, text in enumerate(form.goals.annual):
            yield "年度目标", text, (form.goals, f"annual.{index}")
        for index, text in enumerate(form.goals.long_term):
            yield "长期目标", text, (form.goals, f"long_term.{index}")
        for scoped in form.goals.scoped:
            if scoped.text:
                yield "年度目标", scoped.text, (scoped, "text")
    if form.overview:  # 立项依据 and 测算依据 may well be the same document for several projects
        yield "项目概况", form.overview, (form, "overview")
    steps = "".join(row.content or "" for row in form.schedule)
    if form.schedule and steps:  # the plan as a whole: single steps (组织实施) are common to every project
        yield "实施进度计划", steps, (form.schedule[0], "")


def _span(place: Place) -> Span:
    record, name = place
    span: Span = record.span
    return record.spans.of(name, span) if name else span


def copied_texts(ctx: Context) -> Iterable[Diagnostic] | None:
    """CPY001."""
    forms = [f for f in ctx.filing.project_forms if f.name]
    if len(forms) < 2:
        return None
    found: list[Diagnostic] = []
    seen: dict[tuple[str, str], tuple[ProjectForm, Place]] = {}
    for form in forms:
        for what, text, place in _texts(form):
            flat = normalise(text)
            if len(flat) < _MIN or flat.strip("…. ") == "":
                continue
            key = (what if what != "长期目标" else "年度目标", flat)
            first = seen.get(key)
            if first is not None and normalise(first[0].name or "") != normalise(form.name or ""):
                found.append(ctx.finding(_span(place), f"“{form.name}”的{what}与“{first[0].name}”的一字不差",
                                         related=(_span(first[1]),), printed=text[:60]))
            else:
                seen.setdefault(key, (form, place))
    return found


def copied_indicators(ctx: Context) -> Iterable[Diagnostic] | None:
    """CPY002: two projects with the very same indicators and values (beyond the template's usual rows) say the
    second form's targets were copied."""
    forms = [f for f in ctx.filing.project_forms if f.name and f.indicator_sets]
    if len(forms) < 2:
        return None
    found: list[Diagnostic] = []
    seen: dict[tuple[tuple[str, str, str], ...], ProjectForm] = {}
    for form in forms:
        items = tuple(sorted((normalise(group.level2), normalise(item.name or ""), item.value.raw if item.value else "")
                             for s in form.indicator_sets for branch in s.branches for group in branch.groups
                             for item in group.items))
        quantities = [i for i in items if "数量" in i[0] and i[1]]
        if len(items) < 3 or not quantities:
            continue
        first = seen.get(items)
        if first is not None and normalise(first.name or "") != normalise(form.name or ""):
            span = form.indicator_sets[0].span
            found.append(ctx.finding(span, f"“{form.name}”的绩效指标（含数量指标）与“{first.name}”的完全相同",
                                     related=(first.indicator_sets[0].span,)))
        seen.setdefault(items, form)
    return found


_EMPTY = re.compile(r"(?<!若)(?<!如)(?:本表为空表|此表为空表|无此项|本表无数据)")
_FUNDS = {TableKind.GOVFUND_EXPENDITURE: "政府性基金", TableKind.SOE_EXPENDITURE: "国有资本经营",
          TableKind.THREE_PUBLIC: "三公"}


def notes(ctx: Context) -> Iterable[Diagnostic] | None:
    """CPY003."""
    tables = [t for t in ctx.filing.tables if t.note]
    if not tables:
        return None
    found: list[Diagnostic] = []
    for table in tables:
        assert table.note is not None
        note = normalise(table.note)
        span = table.spans.of("note", table.span)
        if table.rows and _EMPTY.search(note) and "若" not in note:
            found.append(ctx.finding(span, f"{table.title}印有数据，表注却说“{table.note}”", printed=table.note))
        named = [kind for kind, fund in _FUNDS.items() if fund in note]
        if named and table.kind not in named and table.kind in _FUNDS:
            found.append(ctx.finding(span, f"{table.title}的表注说的是{_FUNDS[named[0]]}，不是本表的"
                                           f"{_FUNDS[table.kind]}：表注可能是从另一张表复制的", printed=table.note))
    return found


RULES: tuple[CheckRule, ...] = (
    CheckRule("CPY001", W, "不同项目的目标或内容一字不差", "复制粘贴",
              "绩效目标表中的年度目标、长期目标、项目概况和实施内容是每个项目自己的；两个名称不同的项目写得一字不差"
              "（较短的模板用语除外），通常是复制后漏改。立项依据、测算依据可以是同一份文件，不在此列。",
              "按这个项目的实际情况改写；若原表如此，在该表写核查说明。",
              example="“企业离休人员生活补贴县级配套资金”的年度目标与“死亡抚恤金补贴”的一字不差",
              run=copied_texts),
    CheckRule("CPY002", W, "不同项目的绩效指标完全相同", "复制粘贴",
              "两个名称不同的项目，绩效指标（包括数量指标及其指标值）完全相同时，指标很可能是复制来的。",
              "按这个项目的产出和效益设定指标。",
              example="“企业离休人员生活补贴县级配套资金”的绩效指标（含数量指标）与“死亡抚恤金补贴”的完全相同",
              run=copied_indicators),
    CheckRule("CPY003", W, "表注与本表不符", "复制粘贴",
              "空表说明只应出现在确实为空的表上（“若为空表……”这样的条件说明除外），说明中的资金类型应是本表的"
              "（政府性基金预算支出表说政府性基金，国有资本经营预算支出表说国有资本经营）。",
              "改正表注。",
              example="国有资本经营预算支出表的表注说的是政府性基金，不是本表的国有资本经营："
                      "表注可能是从另一张表复制的",
              run=notes),
)
