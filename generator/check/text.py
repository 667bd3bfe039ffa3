"""文表: every amount, share and change the text states is compared with the table facts it is linked to, at the
precision it is printed with; and a figure restated in another unit shows an amount entered in the wrong one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from generator.check.context import CheckRule, Context, money, plain, quoted, total
from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import FactRef, LinkedFigure
from generator.model.figures import FigureKind, FigureRole, TextFigure
from generator.model.keys import RowKind
from generator.model.measures import Measure
from generator.model.money import MoneyUnit

W, INFO = Severity.WARNING, Severity.INFO
HUNDRED = Decimal(100)
TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
"""how many 万元 one of each unit is"""


def places(value: Decimal) -> int:
    """The decimals a figure is printed with (``282.9`` -> 1, ``2`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounded(value: Decimal, digits: int, mode: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=mode)


def in_unit(ctx: Context, refs: Iterable[FactRef]) -> tuple[Decimal, MoneyUnit]:
    """The sum of the facts at ``refs`` (blank cells add nothing) and their unit."""
    values, unit = [], MoneyUnit.WAN_YUAN
    tables = ctx.by_id
    for ref in refs:
        fact = ctx.facts.get(ref)
        if fact is not None:
            values.append(fact.value)
            unit = fact.unit
        elif ref.table in tables:
            unit = tables[ref.table].unit
    return total(values), unit


def _described(ctx: Context, refs: Iterable[FactRef]) -> str:
    tables, forms = ctx.by_id, ctx.forms
    parts = []
    for ref in refs:
        if ref.table in tables:
            from generator.check.arithmetic import row_name

            table = tables[ref.table]
            parts.append(f"{table.title}“{row_name(table, ref.row)}”的{ref.measure.title}")
        elif ref.table in forms:
            form = forms[ref.table]
            parts.append(f"“{form.name or form.title}”的{ref.measure.title}")
    return "、".join(parts)


def related(ctx: Context, refs: Iterable[FactRef]) -> list:  # type: ignore[type-arg]
    tables = ctx.by_id
    spans = []
    for ref in refs:
        fact = ctx.facts.get(ref)
        if fact is not None:
            spans.append(fact.span)
        elif ref.table in tables:
            spans.append(ctx.row_span(tables[ref.table], ref.row))
    return spans


def _linked(ctx: Context, relation: str) -> Iterator[tuple[LinkedFigure, TextFigure]]:
    for linked in ctx.extract.figures:
        if linked.link is not None and linked.link.relation == relation:
            yield linked, linked.figure


def amounts(ctx: Context) -> Iterable[Diagnostic] | None:
    """TXT001."""
    found: list[Diagnostic] = []
    applicable = False
    for linked, figure in _linked(ctx, "equals"):
        assert linked.link is not None and figure.value is not None
        factor = TO_WAN.get(figure.unit or "")
        if factor is None:
            continue
        applicable = True
        actual, unit = in_unit(ctx, linked.link.facts)
        stated_wan = figure.value * factor
        actual_wan = actual * TO_WAN[unit.value]
        digits = places(figure.value)
        shown = rounded(actual_wan / factor, digits)
        if shown == figure.value:
            continue
        where = _described(ctx, linked.link.facts)
        message = f"文中{quoted(figure.about)}{figure.text}，{where}为 {money(actual)}{unit.value}"
        if rounded(actual_wan * 10000 / factor, digits) == figure.value or rounded(stated_wan * 10000, 2) == actual_wan:
            message += "（相差一万倍：金额单位可能写错）"
        else:
            message += f"（按文中的精度应为 {shown:f}{figure.unit}）"
        found.append(ctx.finding(figure.span, message, related=related(ctx, linked.link.facts),
                                 printed=figure.text, expected=f"{shown:f}{figure.unit}"))
    return found if applicable else None


def shares(ctx: Context) -> Iterable[Diagnostic] | None:
    """TXT002."""
    found: list[Diagnostic] = []
    applicable = False
    for linked, figure in _linked(ctx, "share"):
        assert linked.link is not None and figure.value is not None
        part, _ = in_unit(ctx, linked.link.facts)
        whole, _ = in_unit(ctx, linked.link.base)
        if not whole:
            continue
        applicable = True
        exact = part * HUNDRED / whole
        digits = places(figure.value)
        right, cut = rounded(exact, digits), rounded(exact, digits, ROUND_DOWN)
        if figure.value == right:
            continue
        how = "截断而非四舍五入" if figure.value == cut else "与表中数字算出的不符"
        found.append(ctx.finding(
            figure.span,
            f"文中{quoted(figure.about)}占{figure.base}的 {figure.text}{how}：{money(part)} ÷ {money(whole)} = "
            f"{rounded(exact, digits + 4)}%，应为 {right:f}%",
            related=related(ctx, (*linked.link.facts, *linked.link.base)), printed=figure.text,
            expected=f"{right:f}%"))
    return found if applicable else None


def changes(ctx: Context) -> Iterable[Diagnostic] | None:
    """TXT003: a change stated both as an amount and as a rate must agree with the level it changes, at the
    precision each is printed with; a change of 0 is 持平, not 增加 or 减少."""
    found: list[Diagnostic] = []
    applicable = False
    groups: dict[tuple[str, int, int], list[LinkedFigure]] = {}
    for linked in ctx.extract.figures:
        figure = linked.figure
        if figure.kind is not FigureKind.AMOUNT and figure.kind is not FigureKind.PERCENT:
            continue
        if figure.role is FigureRole.CHANGE and figure.value == 0 and figure.direction:
            applicable = True
            found.append(ctx.finding(figure.span, f"文中写的增减为 {figure.text}：没有变化，应写作“持平”",
                                     printed=figure.text, expected="持平", severity=INFO))
        if figure.about_span.line:
            groups.setdefault((figure.place, figure.about_span.line, figure.about_span.column), []).append(linked)
    for members in groups.values():
        if len(members) < 3:
            continue  # a level, a change and a rate
        level = next((m for m in members if m.figure.role is FigureRole.LEVEL and m.figure.kind is FigureKind.AMOUNT),
                     None)
        amount = next((m.figure for m in members if m.figure.role is FigureRole.CHANGE
                       and m.figure.kind is FigureKind.AMOUNT), None)
        rate = next((m.figure for m in members if m.figure.role is FigureRole.CHANGE
                     and m.figure.kind is FigureKind.PERCENT), None)
        if level is None or amount is None or rate is None or not amount.value or rate.value is None:
            continue
        applicable = True
        current = _level(ctx, level)
        if current is None or amount.value is None:
            continue
        low, high = _rates(current, amount.value, amount.direction)
        half = Decimal("0.5").scaleb(-places(rate.value))
        if rate.value + half < low or rate.value - half > high:
            found.append(ctx.finding(
                rate.span,
                f"文中{quoted(level.figure.about)}{level.figure.text}，{amount.text}的变化率为 "
                f"{plain(rounded(low, 2))}%～{plain(rounded(high, 2))}%，与文中的 {rate.text} 不符",
                related=[amount.span, level.figure.span], printed=rate.text,
                expected=f"{plain(rounded((low + high) / 2, places(rate.value)))}%"))
    return found if applicable else None


def _level(ctx: Context, level: LinkedFigure) -> Decimal | None:
    """This year's value: the table's when the figure is linked to it, else as printed (in 万元)."""
    figure = level.figure
    factor = TO_WAN.get(figure.unit or "")
    if factor is None or figure.value is None:
        return None
    if level.link is not None and level.link.relation == "equals":
        actual, unit = in_unit(ctx, level.link.facts)
        return actual * TO_WAN[unit.value] / factor
    return figure.value


def _rates(current: Decimal, change: Decimal, direction: int) -> tuple[Decimal, Decimal]:
    """The change rates (%) the printed change allows: the amount is read as the interval its printed decimals
    stand for, and last year's value is this year's minus the change."""
    half = Decimal("0.5").scaleb(-places(change))
    rates = []
    for amount in (change - half, change + half):
        prior = current - direction * amount
        if prior > 0:
            rates.append(amount * HUNDRED / prior)
    if not rates:
        return Decimal(0), Decimal(10) ** 6
    return min(rates), max(rates)


_MISREAD: tuple[tuple[Decimal, str, Callable[[Decimal], bool]], ...] = (
    (Decimal("0.0001"), "元", lambda value: value >= 1000),
    (Decimal(10000), "万元", lambda value: value < 10000),
)
"""(one unit in 万元, the unit the amount seems written in, whether the declared amount is implausible enough for
that): an amount really in 元 under a 万元 heading reads as at least 1,000 万元 (a county unit's project of ten
million or more); one really in 万元 under a 元 heading as less than 10,000 元. A smaller coincidence (a project of
4 万元 whose overview pays 4 元 a person) is no evidence."""


def restated_units(ctx: Context) -> Iterable[Diagnostic] | None:
    """UNT001: an amount declared in 万元 that the form's own indicators or text restate as one ten-thousandth of
    it was entered in 元 (and the other way round)."""
    found: list[Diagnostic] = []
    applicable = False
    stated: dict[str, list[Decimal]] = {}
    for form, indicator in ctx.indicators:
        value = indicator.value
        if value is not None and value.number is not None and value.unit in TO_WAN:
            stated.setdefault(form.id, []).append(value.number * TO_WAN[value.unit])
    for figure in (f.figure for f in ctx.extract.figures):
        if figure.context and figure.context.startswith("form:") and figure.kind is FigureKind.AMOUNT \
                and figure.value is not None and figure.unit in TO_WAN:
            stated.setdefault(figure.context[5:], []).append(figure.value * TO_WAN[figure.unit])
    forms = ctx.forms
    for fact in ctx.extract.facts:
        if fact.kind != "project_form" or fact.row.kind is not RowKind.FUNDING or fact.measure is not Measure.ANNUAL:
            continue
        restatements = stated.get(fact.table, [])
        if not restatements or not fact.value:
            continue
        applicable = True
        declared = TO_WAN[fact.unit.value]
        in_wan = fact.value * declared
        if in_wan in restatements:
            continue
        for other, name, plausible in _MISREAD:
            if other != declared and fact.value * other in restatements and plausible(fact.value):
                info = forms[fact.table]
                found.append(ctx.finding(
                    fact.span,
                    f"“{info.name or info.title}”的年度资金总额 {fact.text} 声明单位为{fact.unit.value}，"
                    f"而表中指标或文字写作 {plain(fact.value * other)} 万元：金额似以{name}填写",
                    printed=f"{fact.text}{fact.unit.value}", expected=f"{plain(fact.value * other)}万元"))
                break
    return found if applicable else None


RULES: tuple[CheckRule, ...] = (
    CheckRule("TXT001", W, "文中金额与表中不符", "文表",
              "情况说明等文字中的金额，凡能确定说的是哪张表哪一格的（科目名称、合计、基本支出、项目支出、“三公”经费等），"
              "按文中印出的小数位四舍五入后应与表中数字相等。文字写 282.9 万元、表中为 282.90 时相符。",
              "核对文字与表中的数字，改正有误的一处；若原文如此，在该段写核查说明。",
              example="文中“基本支出”335.7万元，部门支出总表“合计”的基本支出为 353.70万元（按文中的精度应为 "
                      "353.7万元）",
              run=amounts),
    CheckRule("TXT002", W, "占比计算有误", "文表",
              "文中的占比（占财政拨款支出的 x%）用表中的数字重新计算，按印出的小数位四舍五入后应与文中相等；"
              "规则说明算出的比例、是否截断了小数，以及差多少。",
              "按表中数字重新计算占比并改正。",
              example="文中“对机关事业单位职业年金的补助”占财政拨款支出的 48.08%截断而非四舍五入：1,200.00 ÷ 2,495.56 "
                      "= 48.085400%，应为 48.09%",
              run=shares),
    CheckRule("TXT003", W, "增减额与增减率不一致", "文表",
              "同一句中既写增减额又写增减率时（同比减少 1.6 万元，下降 45%），按本年数、增减额推算出的上年数计算的"
              "增减率，在各数字印出的精度范围内应能与文中的增减率相符；增减为 0 时应写“持平”。",
              "核对本年数、增减额和增减率。",
              example="文中“机关运行经费预算”55.95 万元，16.92 万元的变化率为 23.21%～23.22%，与文中的 30.24% 不符",
              run=changes),
    CheckRule("UNT001", W, "金额单位可疑", "单位",
              "同一金额在表或绩效目标表中一处、在指标值或文字中另一处出现时，两处折算成同一单位后应相等；"
              "正好相差一万倍，而声明的金额按其单位又不合常理（以“万元”计达 1000 万元以上，或以“元”计不足 1 万元），"
              "说明金额实际是以“元”填写的（或相反）。",
              "把金额换算成声明的单位，或改正单位行；若原表如此，在该表写核查说明。",
              example="“代发个人储蓄性养老保险待遇”的年度资金总额 8,400 声明单位为万元，而表中指标或文字写作 0.84 "
                      "万元：金额似以元填写",
              run=restated_units),
)
