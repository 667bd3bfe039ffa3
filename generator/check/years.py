"""跨年度: what a filing says about the year before (同比增减 in the text, a 上年预算数 column) agrees with the same
unit's filing of that year, when the site has it. The two are matched by meaning (table, row key, measure), never
by position, so a changed layout does not matter."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from generator.check.arithmetic import row_name
from generator.check.context import CheckRule, Context, money, plain, quoted
from generator.check.text import HUNDRED, TO_WAN, in_unit, places, related, rounded
from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import FactRef
from generator.model.figures import FigureKind
from generator.model.measures import Measure

W = Severity.WARNING
_CURRENT = (Measure.TOTAL, Measure.BUDGET)
"""the measures that state a year's own amount, by preference"""


def _prior_sum(ctx: Context, refs: Iterable[FactRef]) -> tuple[Decimal, str] | None:
    """The sum (in 万元) of the same facts in the year before's filing, and its unit; None when that filing does
    not print all of them (a table it does not have, a subject it did not list)."""
    assert ctx.prior is not None
    facts = ctx.prior_facts
    values = []
    for ref in refs:
        fact = facts.get(ref)
        if fact is None:
            return None
        values.append(fact.value * TO_WAN[fact.unit.value])
    return sum(values, Decimal(0)), "万元"


def stated_changes(ctx: Context) -> Iterable[Diagnostic] | None:
    """YOY001: a change the text states against the year before (同比减少 1.6 万元, 下降 45%) equals this year's
    figure minus the year before's, as that year's filing prints it."""
    if ctx.prior is None:
        return None
    found: list[Diagnostic] = []
    applicable = False
    for linked in ctx.extract.figures:
        figure, link = linked.figure, linked.link
        if link is None or link.relation != "change" or figure.value is None or not link.facts:
            continue
        before = _prior_sum(ctx, link.facts)
        if before is None:
            continue
        now, unit = in_unit(ctx, link.facts)
        now_wan = now * TO_WAN[unit.value]
        was = before[0]
        difference = now_wan - was
        applicable = True
        digits = places(figure.value)
        stated = figure.value * figure.direction if figure.direction else figure.value
        if figure.kind is FigureKind.AMOUNT:
            factor = TO_WAN.get(figure.unit or "")
            if factor is None:
                continue
            expected = rounded(difference / factor, digits)
            if (figure.direction == 0 and expected == 0) or expected == stated:
                continue
            verb = "增加" if expected > 0 else "减少" if expected < 0 else "持平"
            shown = f"{verb} {plain(abs(expected))}{figure.unit}"
        elif figure.kind is FigureKind.PERCENT:
            if not was:
                continue
            rate = difference * HUNDRED / was
            expected = rounded(rate, digits)
            if (figure.direction == 0 and expected == 0) or expected == stated:
                continue
            verb = "增长" if expected > 0 else "下降" if expected < 0 else "持平"
            shown = f"{verb} {plain(abs(expected))}%"
        else:
            continue
        found.append(ctx.finding(
            figure.span,
            f"文中{quoted(figure.about)}{figure.text}；本年 {money(now_wan)} 万元，"
            f"{ctx.prior.identity.year} 年公开的为 {money(was)} 万元，应为{shown}",
            related=related(ctx, link.facts), printed=figure.text, expected=shown))
    return found if applicable else None


def prior_columns(ctx: Context) -> Iterable[Diagnostic] | None:
    """YOY002: a table's 上年预算数 equals what the year before's filing printed as that year's amount in the same
    table, row and kind of column."""
    if ctx.prior is None:
        return None
    found: list[Diagnostic] = []
    applicable = False
    prior_tables = {t.id: t for t in ctx.prior.tables}
    for table in ctx.extract.tables:
        if Measure.PRIOR_BUDGET not in ctx.measures(table) or table.id not in prior_tables:
            continue
        earlier = prior_tables[table.id]
        amounts = ctx.amounts.get(table.id, {})
        for key, _ in ctx.keys(table):
            printed = amounts.get(key, {}).get(Measure.PRIOR_BUDGET)
            fact = next((ctx.prior_facts.get(FactRef(earlier.id, key, m)) for m in _CURRENT
                         if FactRef(earlier.id, key, m) in ctx.prior_facts), None)
            if fact is None:
                continue
            applicable = True
            this = ctx.fact(table, key, Measure.PRIOR_BUDGET)
            unit = this.unit if this is not None else table.unit
            expected = fact.value * TO_WAN[fact.unit.value] / TO_WAN[unit.value]
            if printed is not None and printed == expected:
                continue
            shown = money(printed) if printed is not None else "空白"
            found.append(ctx.finding(
                ctx.at(table, key, Measure.PRIOR_BUDGET),
                f"{table.title}“{row_name(table, key)}”的上年预算数印为 {shown}，{ctx.prior.identity.year} 年"
                f"公开的{earlier.title}为 {money(expected)}（相差 {money((printed or Decimal(0)) - expected)}）",
                printed=None if printed is None else money(printed), expected=money(expected)))
    return found if applicable else None


RULES: tuple[CheckRule, ...] = (
    CheckRule("YOY001", W, "同比增减与上年公开的数字不符", "跨年度",
              "文中写明与上年相比的增减额或增减率（同比减少 1.6 万元，下降 45%）时，用本单位上年公开文件中同一张表、"
              "同一行、同一栏的数字重新计算：增减额 = 本年数 − 上年数，增减率 = 增减额 ÷ 上年数，按文中印出的小数位"
              "四舍五入后应与文中相等。本站没有上年文件时，这条规则不适用。",
              "按上年公开的数字改正增减额或增减率；若上年数字后来调整过，在该处写核查说明。",
              example="文中“县社保中心支出预算总额”102万元；本年 1,975.19 万元，2022 年公开的为 2,095.19 万元，"
                      "应为减少 120万元",
              run=stated_changes),
    CheckRule("YOY002", W, "上年预算数与上年公开的数字不符", "跨年度",
              "表中的“上年预算数”应等于本单位上年公开文件同一张表、同一行印出的当年数。本站没有上年文件时，"
              "这条规则不适用。",
              "按上年公开的数字改正；若上年预算后来调整过，在该行写核查说明。",
              example="一般公共预算支出表“合计”的上年预算数印为 380.00，2022 年公开的一般公共预算支出表为 380.60"
                      "（相差 -0.60）",
              run=prior_columns),
)
