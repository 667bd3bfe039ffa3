"""完整性: the tables and 情况说明 sections the region's 表样 requires; a statement for each empty table; a reason for
each change of the “三公” funds; required form fields filled in; no template residue left."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from generator.check.context import CheckRule, Context, quoted
from generator.diagnostics import Diagnostic, Severity
from generator.model.figures import FigureRole
from generator.model.narrative import Section

W, INFO = Severity.WARNING, Severity.INFO
_TABLE_NAMES = {
    "summary": "收支预算总表", "income": "部门收入总表", "expenditure": "部门支出总表",
    "fiscal_summary": "财政拨款收支总表", "general_expenditure": "一般公共预算支出表",
    "general_basic": "一般公共预算基本支出表", "three_public": "财政拨款“三公”经费支出表",
    "govfund_expenditure": "政府性基金预算支出表", "soe_expenditure": "国有资本经营预算支出表",
    "expenditure_summary": "支出预算总表", "fiscal_appropriation": "财政拨款预算表", "other": "其他表",
}
_SECTION_NAMES = {
    "income": "收入预算情况", "expenditure": "支出预算情况", "fiscal": "财政拨款支出情况", "govfund": "政府性基金情况",
    "soe": "国有资本经营情况", "running_cost": "机关运行经费", "procurement": "政府采购情况",
    "assets": "国有资产占有使用情况", "performance": "绩效目标设置情况", "key_project": "重点项目情况说明",
    "three_public": "“三公”经费预算情况说明",
}


def required_tables(ctx: Context) -> Iterable[Diagnostic] | None:
    """CMP001."""
    if ctx.template is None:
        return None
    have = {t.kind for t in ctx.filing.tables}
    title = ctx.template.title
    return [ctx.finding(ctx.filing.span, f"按{title}，本文件应公开{_TABLE_NAMES[kind.value]}，但没有这张表",
                        expected=_TABLE_NAMES[kind.value])
            for kind in ctx.template.tables if kind not in have]


def _sections(sections: Iterable[Section]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _sections(section.sections)


def required_sections(ctx: Context) -> Iterable[Diagnostic] | None:
    """CMP002."""
    if ctx.template is None:
        return None
    found: list[Diagnostic] = []
    roles = {s.role for s in _sections(ctx.filing.explanation.sections if ctx.filing.explanation else ())}
    where = ctx.filing.explanation.span if ctx.filing.explanation else ctx.filing.span
    for role in ctx.template.sections:
        if role not in roles:
            found.append(ctx.finding(where, f"按{ctx.template.title}，情况说明应有“{_SECTION_NAMES[role.value]}”一节，"
                                            "但没有（或没有标明这一节的 role）", expected=_SECTION_NAMES[role.value]))
    if ctx.template.project_forms and not ctx.filing.project_forms:
        found.append(ctx.finding(ctx.filing.span, f"按{ctx.template.title}，应公开项目支出绩效目标表，但本文件没有",
                                 expected="项目支出绩效目标表"))
    return found


def empty_tables(ctx: Context) -> Iterable[Diagnostic] | None:
    """CMP003: an empty table is published with a statement that it is empty (its note, or a sentence of the
    情况说明 naming its fund)."""
    empty = [t for t in ctx.filing.tables if not t.rows]
    if not empty:
        return None
    words = {"govfund_expenditure": "政府性基金", "soe_expenditure": "国有资本经营", "three_public": "三公"}
    prose = " ".join(text for text, _, place, _ in ctx.texts if place.startswith("explanation"))
    found: list[Diagnostic] = []
    for table in empty:
        word = words.get(table.kind.value)
        said = rf"(没有|无|未).{{0,12}}{word}|{word}.{{0,20}}(为零|为 ?0)"
        stated = table.note or (word is not None and word in prose and re.search(said, prose))
        if not stated:
            found.append(ctx.finding(table.span, f"{table.title}是空表，但表注和情况说明都没有说明为什么是空的"))
    return found


_REASONS = re.compile(r"原因|由于|因为|主要是|用于|按照|根据|压减|减少了|增加了")


def three_public_reasons(ctx: Context) -> Iterable[Diagnostic] | None:
    """CMP004: every change of the “三公” funds is explained: a reason in its paragraph, or, for the total, in the
    paragraph of an item that changed; 持平 needs none."""
    figures = [f for f in ctx.extract.figures if f.figure.context == "three_public"]
    if not figures:
        return None
    paragraphs = {place: text for text, _, place, _ in ctx.texts}
    reasoned = {f.figure.place for f in figures if _REASONS.search(paragraphs.get(f.figure.place, ""))}
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for linked in figures:
        figure = linked.figure
        if figure.role is not FigureRole.CHANGE or not figure.value or figure.place in seen:
            continue
        seen.add(figure.place)
        whole = linked.concept == "three_public" and any(
            f.figure.place in reasoned for f in figures if f.figure.role is FigureRole.CHANGE and f.figure.value)
        if figure.place not in reasoned and not whole:
            found.append(ctx.finding(figure.span, f"“三公”经费{quoted(figure.about)}{figure.text}的增减没有说明原因"))
    return found


_RESIDUE = re.compile(r"[xX×＊*]{2,}|某某|待填写|待补充|待定|此处填写|请填写|\{[^}]{0,12}\}|（单位名称）|\(单位名称\)")


def residue(ctx: Context) -> Iterable[Diagnostic] | None:
    """CMP005: template residue (XX, ××, 某某, 待填写, {单位}) left in the text or the indicators."""
    found: list[Diagnostic] = []
    indicators = [(indicator, indicator.name or "", indicator.value.raw if indicator.value is not None else "")
                  for _, indicator in ctx.indicators]
    everything = "|".join((*(text for text, _, _, _ in ctx.texts), *(n + "|" + v for _, n, v in indicators)))
    if not _maybe_residue(everything):
        return found
    for text, span, _, _ in ctx.texts:
        match = _RESIDUE.search(text)
        if match:
            found.append(ctx.finding(span, f"文字中留有模板占位内容“{match[0]}”", printed=text[:60]))
    for indicator, name, raw in indicators:
        if _RESIDUE.search(raw) or _RESIDUE.search(name):
            found.append(ctx.finding(indicator.span, "绩效指标中留有模板占位内容", printed=name or raw))
    return found


_MARKS = "xX×＊*{某"
_WORDS = ("待填写", "待补充", "待定", "此处填写", "请填写", "单位名称")


def _maybe_residue(text: str) -> bool:
    """Whether ``text`` may hold residue: every match of _RESIDUE has one of these marks or words (a quick test
    for the common case, a text with none)."""
    return any(c in text for c in _MARKS) or any(w in text for w in _WORDS)


def empty_fields(ctx: Context) -> Iterable[Diagnostic] | None:
    """CMP006: a named indicator has a value; a project form states its annual goal; a checkbox group has a box
    ticked."""
    forms = ctx.filing.project_forms
    if not forms:
        return None
    found: list[Diagnostic] = []
    for form in forms:
        title = form.name or form.title
        if form.goals is None or not (form.goals.annual or any(g.text for g in form.goals.scoped)):
            found.append(ctx.finding(form.span, f"“{title}”没有填写年度绩效目标"))
        for group in form.attributes:
            if group.options and not group.selected:
                found.append(ctx.finding(group.span, f"“{title}”的“{group.label}”一个也没有勾选", severity=INFO))
    for form, indicator in ctx.indicators:
        if indicator.name and (indicator.value is None or not indicator.value.raw.strip()):
            found.append(ctx.finding(indicator.span,
                                     f"“{form.name or form.title}”的绩效指标“{indicator.name}”没有指标值"))
    return found


RULES: tuple[CheckRule, ...] = (
    CheckRule("CMP001", W, "缺少表样要求的公开表", "完整性",
              "地区在 region.yaml 中为每个公开年度指定表样（templates.toml），表样列出必须公开的表；少一张即不完整"
              "（财预〔2016〕143号）。没有指定表样的年度，这条规则不适用。",
              "补上这张表；确实没有数据的，照样公开空表并写明原因。",
              example="按财预〔2016〕143号 部门预算公开（八张表），本文件应公开财政拨款“三公”经费支出表，但没有这张表",
              run=required_tables),
    CheckRule("CMP002", W, "缺少表样要求的情况说明", "完整性",
              "表样列出情况说明必须有的章节（收入、支出、财政拨款、机关运行经费、政府采购、国有资产、绩效目标、“三公”"
              "经费等），以及是否要公开项目支出绩效目标表；章节按其 role 识别。",
              "补上这一节，并在章节上写 role。",
              example="按财预〔2016〕143号 部门预算公开（八张表），情况说明应有“政府采购情况”一节，但没有"
                      "（或没有标明这一节的 role）",
              run=required_sections),
    CheckRule("CMP003", W, "空表没有说明", "完整性",
              "没有数据的表照样公开，并在表注或情况说明中写明为什么是空的（如“本部门没有使用政府性基金预算拨款安排的"
              "支出”）。",
              "在表注或情况说明中写明原因。",
              example="政府性基金预算支出表是空表，但表注和情况说明都没有说明为什么是空的",
              run=empty_tables),
    CheckRule("CMP004", W, "“三公”经费增减没有说明原因", "完整性",
              "“三公”经费每一项有增减的，都要说明原因（财政部历次检查都查这一项）；持平的不必说明。",
              "在这一段写明增减的原因。",
              example="“三公”经费“‘三公’经费支出预算数”1.6万元的增减没有说明原因",
              run=three_public_reasons),
    CheckRule("CMP005", W, "留有模板占位内容", "完整性",
              "文字和绩效指标中不应留有 XX、××、某某、待填写、{单位} 之类的模板占位内容。",
              "换成实际内容。",
              example="文字中留有模板占位内容“XX”",
              run=residue),
    CheckRule("CMP006", W, "绩效目标表有必填栏目未填", "完整性",
              "每个项目都要写年度绩效目标，每个列出的绩效指标都要有指标值；勾选项一个也没有勾的，给出提示。",
              "填写这一栏。",
              example="“死亡抚恤金补贴”的绩效指标“享受待遇人数”没有指标值",
              run=empty_fields),
)
