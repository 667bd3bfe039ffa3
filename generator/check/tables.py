"""表间: every figure that two tables both print agrees, by what it means (row key and measure), whatever the two
tables' layouts; the 三公 table against the economic lines it summarises; the project forms against 项目支出."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from generator.check.arithmetic import row_name
from generator.check.context import CheckRule, Context, money, total
from generator.diagnostics import Diagnostic, Severity
from generator.facts.forms import annual_ref
from generator.model.extract import TableInfo
from generator.model.keys import TOTAL_KEY, LineKey, RowKey, RowKind
from generator.model.measures import Measure
from generator.source import Span

W, INFO = Severity.WARNING, Severity.INFO
ZERO = Decimal(0)
_NONE: dict[RowKey, dict[Measure, Decimal]] = {}
_EMPTY: dict[Measure, Decimal] = {}
M, L = Measure, LineKey
EACH = "each"
"""every subject row the first table prints, matched by its key in the other"""

Side = tuple[str, RowKey | str, Measure]
_RELATIONS: tuple[tuple[Side, tuple[Side, ...], str | None], ...] = (
    (("summary", RowKey.line(L.INCOME_TOTAL), M.BUDGET), (("income", TOTAL_KEY, M.TOTAL),), None),
    (("summary", RowKey.line(L.EXPENDITURE_TOTAL), M.BUDGET), (("expenditure", TOTAL_KEY, M.TOTAL),), None),
    (("summary", EACH, M.BUDGET), (("expenditure", EACH, M.TOTAL),), None),
    (("summary", RowKey.line(L.FISCAL_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.FISCAL),), None),
    (("summary", RowKey.line(L.FISCAL_INCOME), M.BUDGET), (("fiscal_summary", RowKey.line(L.FISCAL_INCOME), M.BUDGET),),
     None),
    (("summary", RowKey.line(L.GENERAL_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.GENERAL),), None),
    (("summary", RowKey.line(L.GENERAL_INCOME), M.BUDGET),
     (("fiscal_summary", RowKey.line(L.GENERAL_INCOME), M.BUDGET),), None),
    (("summary", RowKey.line(L.GOVFUND_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.GOVFUND),), None),
    (("summary", RowKey.line(L.GOVFUND_INCOME), M.BUDGET),
     (("fiscal_summary", RowKey.line(L.GOVFUND_INCOME), M.BUDGET),), None),
    (("summary", RowKey.line(L.SOE_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.SOE),), None),
    (("summary", RowKey.line(L.CARRYOVER), M.BUDGET), (("income", TOTAL_KEY, M.CARRYOVER),), None),
    (("summary", RowKey.line(L.EDUCATION_FEES_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.EDUCATION_FEES),), None),
    (("summary", RowKey.line(L.BUSINESS_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.BUSINESS),), None),
    (("summary", RowKey.line(L.OPERATING_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.OPERATING),), None),
    (("summary", RowKey.line(L.AFFILIATED_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.AFFILIATED),), None),
    (("summary", RowKey.line(L.SUPERIOR_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.SUPERIOR),), None),
    (("summary", RowKey.line(L.OTHER_INCOME), M.BUDGET), (("income", TOTAL_KEY, M.OTHER),), None),
    (("summary", RowKey.line(L.NON_FISCAL_BALANCE), M.BUDGET), (("income", TOTAL_KEY, M.NON_FISCAL_BALANCE),), None),
    (("fiscal_summary", EACH, M.GENERAL), (("general_expenditure", EACH, M.TOTAL),), None),
    (("fiscal_summary", EACH, M.GOVFUND), (("govfund_expenditure", EACH, M.TOTAL),), None),
    (("fiscal_summary", EACH, M.SOE), (("soe_expenditure", EACH, M.TOTAL),), None),
    (("fiscal_summary", RowKey.line(L.CURRENT_EXPENDITURE), M.GENERAL), (("general_expenditure", TOTAL_KEY, M.TOTAL),),
     None),
    (("fiscal_summary", RowKey.line(L.CURRENT_EXPENDITURE), M.GOVFUND),
     (("govfund_expenditure", TOTAL_KEY, M.TOTAL),), None),
    (("fiscal_summary", RowKey.line(L.CURRENT_EXPENDITURE), M.SOE), (("soe_expenditure", TOTAL_KEY, M.TOTAL),), None),
    (("general_expenditure", TOTAL_KEY, M.BASIC), (("general_basic", TOTAL_KEY, M.TOTAL),), None),
    (("expenditure_summary", EACH, M.TOTAL), (("expenditure", EACH, M.TOTAL),), None),
    (("expenditure_summary", TOTAL_KEY, M.TOTAL), (("expenditure", TOTAL_KEY, M.TOTAL),), None),
    (("fiscal_appropriation", EACH, M.FISCAL), (("fiscal_summary", EACH, M.TOTAL),), None),
    (("fiscal_appropriation", EACH, M.GENERAL), (("general_expenditure", EACH, M.TOTAL),), None),
    (("fiscal_appropriation", EACH, M.GOVFUND), (("govfund_expenditure", EACH, M.TOTAL),), None),
    (("fiscal_appropriation", TOTAL_KEY, M.FISCAL),
     (("fiscal_summary", RowKey.line(L.CURRENT_EXPENDITURE), M.TOTAL),), None),
    (("fiscal_appropriation", TOTAL_KEY, M.GENERAL), (("general_expenditure", TOTAL_KEY, M.TOTAL),), None),
    (("income", EACH, M.TOTAL), (("expenditure", EACH, M.TOTAL),), "no_carry"),
    (("income", EACH, M.GENERAL), (("general_expenditure", EACH, M.TOTAL),), "no_carry"),
    (("income", EACH, M.GOVFUND), (("govfund_expenditure", EACH, M.TOTAL),), "no_carry"),
    (("income", EACH, M.SOE), (("soe_expenditure", EACH, M.TOTAL),), "no_carry"),
    (("expenditure", EACH, M.TOTAL), (("general_expenditure", EACH, M.TOTAL), ("govfund_expenditure", EACH, M.TOTAL),
                                      ("soe_expenditure", EACH, M.TOTAL)), "all_fiscal"),
    (("expenditure", EACH, M.BASIC), (("general_expenditure", EACH, M.BASIC), ("govfund_expenditure", EACH, M.BASIC),
                                      ("soe_expenditure", EACH, M.BASIC)), "all_fiscal"),
    (("expenditure", EACH, M.PROJECT), (("general_expenditure", EACH, M.PROJECT),
                                        ("govfund_expenditure", EACH, M.PROJECT),
                                        ("soe_expenditure", EACH, M.PROJECT)), "all_fiscal"),
    (("expenditure", TOTAL_KEY, M.TOTAL), (("general_expenditure", TOTAL_KEY, M.TOTAL),
                                          ("govfund_expenditure", TOTAL_KEY, M.TOTAL),
                                          ("soe_expenditure", TOTAL_KEY, M.TOTAL)), "all_fiscal"),
)
"""(a figure of one table, the figures of others that add up to it, when the identity holds). ``no_carry``: the
income table is classified by function and nothing is carried over or forward, so each subject's income is its
expenditure, and its income from each fund is what that fund's table spends on it; ``all_fiscal``: all income is
财政拨款 (收支预算总表: 本年收入合计 = 财政拨款收入), so the 部门支出总表 is the sum of the three fund tables."""


def _condition(ctx: Context, name: str | None) -> bool:
    summary = ctx.table("summary")
    if name is None:
        return True
    if summary is None:
        return False
    if name == "no_carry":
        return all(not ctx.value(summary, RowKey.line(line), M.BUDGET)
                   for line in (L.CARRYOVER, L.NON_FISCAL_BALANCE, L.CARRY_FORWARD))
    assert name == "all_fiscal"
    income = ctx.value(summary, RowKey.line(L.INCOME_TOTAL), M.BUDGET)
    return income is not None and income == ctx.value(summary, RowKey.line(L.FISCAL_INCOME), M.BUDGET)


def _rows(ctx: Context, table: TableInfo, row: RowKey | str) -> list[RowKey]:
    if row == EACH:
        return ctx.subjects(table)
    assert isinstance(row, RowKey)
    return [row] if row in ctx.row_keys[table.id] else []


def same_figures(ctx: Context) -> Iterable[Diagnostic] | None:
    """XTB001."""
    found: list[Diagnostic] = []
    applicable = False
    conditions: dict[str | None, bool] = {}
    for (a_kind, a_row, a_measure), others, condition in _RELATIONS:
        first = ctx.table(a_kind)
        if first is None or a_measure not in ctx.measures(first):
            continue
        present = [(t, row, measure, ctx.row_keys[t.id], ctx.amounts.get(t.id, _NONE))
                   for t, row, measure in ((ctx.table(kind), row, measure) for kind, row, measure in others)
                   if t is not None and measure in ctx.measures(t)]
        if not present:
            continue
        if condition not in conditions:
            conditions[condition] = _condition(ctx, condition)
        if not conditions[condition]:
            continue
        rows = ctx.amounts.get(first.id, _NONE)
        for key in _rows(ctx, first, a_row):
            matched: list[tuple[TableInfo, RowKey, Measure]] = []
            expected = ZERO
            for t, row, measure, keys, amounts in present:
                k = key if row == EACH else row
                if isinstance(k, RowKey) and k in keys:
                    matched.append((t, k, measure))
                    value = amounts.get(k, _EMPTY).get(measure)
                    if value is not None:
                        expected += value
            if not matched:
                continue
            applicable = True
            printed = rows.get(key, _EMPTY).get(a_measure)
            if (printed if printed is not None else ZERO) == expected:
                continue
            where = "、".join(f"{t.title}的{m.title}" for t, _, m in matched)
            shown = money(printed) if printed is not None else "空白"
            found.append(ctx.finding(
                ctx.at(first, key, a_measure),
                f"{first.title}“{row_name(first, key)}”的{a_measure.title}为 {shown}，{where}为 {money(expected)}"
                f"（相差 {money((printed or ZERO) - expected)}）",
                related=[ctx.at(t, k, m) for t, k, m in matched],
                printed=None if printed is None else money(printed), expected=money(expected)))
    return found if applicable else None


_CONTRIBUTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("2080505",), "30108"), (("2080506",), "30109"), (("2210201",), "30113"),
)
"""social contributions: 功能分类 项 (单位缴费, in 一般公共预算基本支出) and the 经济分类 款 that records the same
payment"""


def contributions(ctx: Context) -> Iterable[Diagnostic] | None:
    """XTB002."""
    by_function, by_economic = ctx.table("general_expenditure"), ctx.table("general_basic")
    if by_function is None or by_economic is None:
        return None
    measure = M.BASIC if M.BASIC in ctx.measures(by_function) else M.TOTAL
    found: list[Diagnostic] = []
    functions = {k for k, _ in ctx.keys(by_function)}
    economics = {k for k, _ in ctx.keys(by_economic)}
    for codes, econ in _CONTRIBUTIONS:
        keys = [RowKey(RowKind.FUNCTION, c) for c in codes]
        econ_key = RowKey(RowKind.ECONOMIC, econ)
        if not any(k in functions for k in keys) and econ_key not in economics:
            continue
        paid = total(ctx.value(by_function, k, measure) for k in keys)
        recorded = ctx.value(by_economic, econ_key, M.TOTAL) or Decimal(0)
        if paid == recorded:
            continue
        spans = [ctx.at(by_function, k, measure) for k in keys if k in functions]
        at = ctx.at(by_economic, econ_key, M.TOTAL) if econ_key in economics else by_economic.span
        message = (f"经济分类 {econ} 为 {money(recorded)}，对应的功能分类 {'、'.join(codes)}（{measure.title}）"
                   f"为 {money(paid)}（相差 {money(recorded - paid)}）")
        found.append(ctx.finding(at, message, related=spans, printed=money(recorded), expected=money(paid)))
    return found


_THREE_PUBLIC: tuple[tuple[str, tuple[Measure, ...]], ...] = (
    ("30217", (M.RECEPTION,)), ("30231", (M.VEHICLE_OPERATION, M.VEHICLE)), ("31013", (M.VEHICLE_PURCHASE, M.VEHICLE)),
    ("30212", (M.ABROAD,)),
)
"""经济分类 款 of 基本支出 and the “三公” item that includes it"""


def three_public(ctx: Context) -> Iterable[Diagnostic] | None:
    """XTB003."""
    table, basic = ctx.table("three_public"), ctx.table("general_basic")
    if table is None or basic is None:
        return None
    rows = [k for k, _ in ctx.keys(table)]
    rows = [TOTAL_KEY] if TOTAL_KEY in rows else rows
    found: list[Diagnostic] = []
    for econ, measures in _THREE_PUBLIC:
        key = RowKey(RowKind.ECONOMIC, econ)
        line = ctx.value(basic, key, M.TOTAL)
        measure = next((m for m in measures if m in ctx.measures(table)), None)
        if line is None or measure is None:
            continue
        item = total(ctx.value(table, r, measure) for r in rows)
        if line > item:
            found.append(ctx.finding(
                ctx.at(basic, key, M.TOTAL),
                f"基本支出中的经济分类 {econ} 为 {money(line)}，超过“三公”经费表的{measure.title} {money(item)}",
                related=[ctx.at(table, r, measure) for r in rows], printed=money(line), expected=f"≤ {money(item)}"))
    return found


def projects(ctx: Context) -> Iterable[Diagnostic] | None:
    """XTB004: the projects' 年度资金总额 against the 项目支出 of the 部门支出总表."""
    table = ctx.table("expenditure")
    forms = [f for f in ctx.extract.forms if f.kind == "project_form" and f.unit.value == "万元"]
    if table is None or not forms or M.PROJECT not in ctx.measures(table):
        return None
    refs = {f.ref for f in ctx.extract.facts if f.kind == "project_form"}
    annual = {f.id: ctx.facts[ref] for f in forms if (ref := annual_ref(f.id, refs)) is not None}
    spans: list[Span] = [annual[f.id].span for f in forms if f.id in annual]
    amount = total(annual[f.id].value for f in forms if f.id in annual)
    project = ctx.value(table, TOTAL_KEY, M.PROJECT) or Decimal(0)
    if amount == project:
        return ()
    more = amount > project
    message = (f"{len(spans)} 张项目支出绩效目标表的年度资金总额合计 {money(amount)} 万元，"
               + ("超过" if more else "少于") + f"部门支出总表的项目支出 {money(project)} 万元")
    return (ctx.finding(ctx.at(table, TOTAL_KEY, M.PROJECT), message, related=spans, printed=money(amount),
                        expected=money(project), severity=None if more else INFO),)


def _iter(found: Iterator[Diagnostic]) -> list[Diagnostic]:
    return list(found)


RULES: tuple[CheckRule, ...] = (
    CheckRule("XTB001", W, "两张表中同一数字不一致", "表间",
              "同一个数字常在几张表中重复出现：收支预算总表的收入合计、各项收入与部门收入总表的合计行，各类支出与部门支出"
              "总表，财政拨款收支总表与一般公共预算、政府性基金、国有资本经营预算支出表，一般公共预算支出表的基本支出与"
              "一般公共预算基本支出表的合计，支出预算总表、财政拨款预算表与相应各表。全部收入都是财政拨款时，部门支出总表"
              "等于三张资金表之和；没有结转结余时，部门收入总表各科目等于部门支出总表。按行键和栏目含义对照，不看印刷位置。",
              "找出两张表中哪一个数字有误并改正；若原表如此，在该行写核查说明。",
              example="支出预算总表“210 卫生健康支出”的合计为 15.90，部门支出总表的合计为 15.09（相差 0.81）",
              run=same_figures),
    CheckRule("XTB002", W, "社会保障缴费的功能分类与经济分类不符", "表间",
              "单位为职工缴纳的社会保险费，在一般公共预算支出表中按功能分类（2080505 机关事业单位基本养老保险缴费支出、"
              "2080506 机关事业单位职业年金缴费支出、2210201 住房公积金）列示，在一般公共预算基本支出表中按经济分类"
              "（30108、30109、30113）列示，两者是同一笔钱。",
              "核对两张表中这笔缴费的金额。",
              example="经济分类 30108 为 31.62，对应的功能分类 2080505（基本支出）为 31.26（相差 0.36）",
              run=contributions),
    CheckRule("XTB003", W, "基本支出中的“三公”经济科目超过“三公”经费", "表间",
              "一般公共预算基本支出表中的公务接待费（30217）、公务用车运行维护费（30231）、公务用车购置（31013）和"
              "因公出国（境）费用（30212），是财政拨款“三公”经费的一部分，不应超过“三公”经费表中的相应项目。",
              "核对“三公”经费表与基本支出表中的对应金额。",
              example="基本支出中的经济分类 30217 为 3.00，超过“三公”经费表的公务接待费 2.00",
              run=three_public),
    CheckRule("XTB004", W, "绩效目标表的资金合计与项目支出不符", "表间",
              "各项目支出绩效目标表的年度资金总额之和，不应超过部门支出总表的项目支出；少于项目支出时，说明有项目没有公开"
              "绩效目标表（提示）。",
              "核对各绩效目标表的年度资金总额与项目支出。",
              example="2 张项目支出绩效目标表的年度资金总额合计 1,621.94 万元，超过部门支出总表的项目支出 1,621.49 "
                      "万元",
              run=projects),
)
