"""算术: what a table or form prints as a total equals the sum of what it prints as the parts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal

from generator.check.context import CheckRule, Context, RuleRun, money, total
from generator.diagnostics import Diagnostic, Severity
from generator.model.extract import TableInfo
from generator.model.keys import TOTAL_KEY, LineKey, RowKey, RowKind
from generator.model.measures import Measure
from generator.source import Span

W = Severity.WARNING
ZERO = Decimal(0)
_EMPTY: dict[Measure, Decimal] = {}
M = Measure
_SUBJECTS = (RowKind.FUNCTION, RowKind.ECONOMIC)


def row_name(table: TableInfo, key: RowKey) -> str:
    """How a finding names a row: its code and printed name, or its printed label."""
    for row in table.rows:
        for k, name in zip(row.keys, row.names, strict=False):
            if k == key:
                code = key.name if key.kind in (*_SUBJECTS, RowKind.DEPARTMENT) else ""
                return " ".join(x for x in (code, " ".join((name or "").split())) if x) or str(key)
    return str(key)


_RATES = frozenset({M.CHANGE_RATE})
"""measures that do not add up (a total's 增减率 is not the sum of its parts' rates)"""


def _printed(ctx: Context, table: TableInfo) -> list[Measure]:
    """The measures of a table with at least one amount printed that add up, in a stable order (an all-blank
    column adds up to nothing and is nothing)."""
    found = {m for row in ctx.amounts.get(table.id, {}).values() for m in row if m not in _RATES}
    return sorted(found, key=lambda m: m.value)


def mismatch(ctx: Context, table: TableInfo, key: RowKey, measure: Measure, printed: Decimal | None,
             expected: Decimal, what: str, related: Iterable[Span]) -> Diagnostic | None:
    """A finding when what is printed at (table, key, measure) differs from ``expected`` (a blank cell counts
    as nothing printed: it differs from any amount but 0)."""
    if (printed if printed is not None else Decimal(0)) == expected:
        return None
    shown = money(printed) if printed is not None else "空白"
    difference = (printed or Decimal(0)) - expected
    return ctx.finding(ctx.at(table, key, measure),
                       f"{table.title}“{row_name(table, key)}”的{measure.title}印为 {shown}，{what}为 {money(expected)}"
                       f"（相差 {money(difference)}）",
                       related=related, printed=None if printed is None else money(printed), expected=money(expected))


# -- 科目层级 ---------------------------------------------------------------------------------------------


def hierarchy(ctx: Context) -> Iterable[Diagnostic] | None:
    """ARI001: in every amount column, each 类 and 款 equals the sum of its 款 or 项 printed below it, and the
    合计 row the sum of the 类."""
    found: list[Diagnostic] = []
    applicable = False
    for table in ctx.extract.tables:
        keys = ctx.subjects(table)
        present = ctx.row_keys[table.id]
        children: dict[RowKey, list[RowKey]] = {}
        for key in keys:
            above = key.parent
            if above is not None and above in present:
                children.setdefault(above, []).append(key)
        tops = [k for k in keys if len(k.name) == 3]
        if tops and TOTAL_KEY in present:
            children[TOTAL_KEY] = tops
        if not children:
            continue
        applicable = True
        rows = ctx.amounts.get(table.id, {})
        for measure in _printed(ctx, table):
            for parent, kids in children.items():
                expected = total(rows.get(k, _EMPTY).get(measure) for k in kids)
                printed = rows.get(parent, _EMPTY).get(measure)
                if (printed if printed is not None else ZERO) == expected:
                    continue
                what = "下级科目之和" if parent != TOTAL_KEY else "各类科目之和"
                problem = mismatch(ctx, table, parent, measure, printed, expected, what,
                                   [ctx.at(table, k, measure) for k in kids])
                if problem is not None:
                    found.append(problem)
    return found if applicable else None


# -- 同一行的栏目之间 ----------------------------------------------------------------------------------------

_ROW_RULES: tuple[tuple[str, Measure, tuple[tuple[Measure, ...], ...]], ...] = (
    ("ARI002", M.TOTAL, ((M.BASIC, M.PROJECT, M.UPPER_REMIT, M.OPERATING_EXPENDITURE, M.SUBSIDY_TO_AFFILIATED),)),
    ("ARI003", M.TOTAL, ((M.PERSONNEL, M.PUBLIC),)),
    ("ARI004", M.TOTAL, ((M.CARRYOVER, M.FISCAL, M.SPECIAL_ACCOUNT, M.EDUCATION_FEES, M.BUSINESS, M.OPERATING,
                          M.AFFILIATED, M.SUPERIOR, M.OTHER, M.NON_FISCAL_BALANCE, M.BUSINESS_FUND),
                         (M.CARRYOVER, M.GENERAL, M.GOVFUND, M.SOE, M.SPECIAL_ACCOUNT, M.EDUCATION_FEES, M.BUSINESS,
                          M.OPERATING, M.AFFILIATED, M.SUPERIOR, M.OTHER, M.NON_FISCAL_BALANCE, M.BUSINESS_FUND))),
    ("ARI004", M.FISCAL, ((M.GENERAL, M.GOVFUND, M.SOE),)),
    ("ARI007", M.TOTAL, ((M.ABROAD, M.RECEPTION, M.VEHICLE), (M.ABROAD, M.RECEPTION, M.VEHICLE_PURCHASE,
                                                              M.VEHICLE_OPERATION))),
    ("ARI007", M.VEHICLE, ((M.VEHICLE_PURCHASE, M.VEHICLE_OPERATION),)),
)
"""(rule, the total column, the sets of columns that may add up to it): a rule applies to a table that prints the
total column and two of its parts, with the set the table prints most columns of (the income table adds
财政拨款 and the other sources; a table split by fund, 一般公共预算 + 政府性基金 + 国有资本经营)"""


def _row_rule(code: str) -> RuleRun:
    def run(ctx: Context) -> Iterable[Diagnostic] | None:
        found: list[Diagnostic] = []
        applicable = False
        for table in ctx.extract.tables:
            have = ctx.measures(table)
            for rule, result, choices in _ROW_RULES:
                if rule != code or result not in have:
                    continue
                parts = max(choices, key=lambda c: sum(1 for m in c if m in have))  # the set the table prints most of
                if sum(1 for m in parts if m in have) < 2:
                    continue
                parts = tuple(m for m in parts if m in have)
                applicable = True
                rows = ctx.amounts.get(table.id, {})
                printed_anywhere = set(_printed(ctx, table))
                for key, _ in ctx.keys(table):
                    cells = rows.get(key)
                    if not cells:
                        continue  # a row that prints no amount
                    printed = cells.get(result)
                    values = [cells.get(m) for m in parts]
                    if printed is None and all(v is None for v in values):
                        continue
                    expected = total(values)
                    if (printed if printed is not None else ZERO) == expected:
                        continue
                    named = [m for m in parts if m in printed_anywhere] or list(parts)  # not an all-blank column
                    problem = mismatch(ctx, table, key, result, printed, expected,
                                       "、".join(m.title for m in named) + "之和",
                                       (ctx.at(table, key, m) for m in named))
                    if problem is not None:
                        found.append(problem)
        return found if applicable else None

    return run


# -- 收支总表的各行 ------------------------------------------------------------------------------------------

L = LineKey
_LINE_RULES: tuple[tuple[str, LineKey, tuple[LineKey | str, ...]], ...] = (
    ("summary", L.FISCAL_INCOME, (L.GENERAL_INCOME, L.GOVFUND_INCOME, L.SOE_INCOME)),
    ("summary", L.INCOME_TOTAL, (L.FISCAL_INCOME, L.SPECIAL_ACCOUNT_INCOME, L.EDUCATION_FEES_INCOME, L.BUSINESS_INCOME,
                                 L.OPERATING_INCOME, L.AFFILIATED_INCOME, L.SUPERIOR_INCOME, L.OTHER_INCOME)),
    ("summary", L.INCOME_GRAND_TOTAL, (L.INCOME_TOTAL, L.NON_FISCAL_BALANCE, L.BUSINESS_FUND, L.CARRYOVER)),
    ("summary", L.EXPENDITURE_TOTAL, ("classes",)),
    ("summary", L.EXPENDITURE_GRAND_TOTAL, (L.EXPENDITURE_TOTAL, L.CARRY_FORWARD)),
    ("fiscal_summary", L.FISCAL_INCOME, (L.GENERAL_INCOME, L.GOVFUND_INCOME, L.SOE_INCOME)),
    ("fiscal_summary", L.CARRYOVER, (L.GENERAL_CARRYOVER, L.GOVFUND_CARRYOVER, L.SOE_CARRYOVER)),
    ("fiscal_summary", L.INCOME_GRAND_TOTAL, (L.FISCAL_INCOME, L.CARRYOVER)),
    ("fiscal_summary", L.CURRENT_EXPENDITURE, ("classes",)),
    ("fiscal_summary", L.EXPENDITURE_GRAND_TOTAL, (L.CURRENT_EXPENDITURE, L.CARRY_FORWARD)),
)
"""(table kind, the line, what adds up to it: other lines, or "classes", every 类 the table lists)"""


def _parts(ctx: Context, table: TableInfo, parts: Sequence[LineKey | str]) -> list[RowKey]:
    keys = [k for k, _ in ctx.keys(table)]
    found: list[RowKey] = []
    for part in parts:
        if part == "classes":
            found += [k for k in keys if k.kind is RowKind.FUNCTION and len(k.name) == 3]
        elif isinstance(part, LineKey):
            found.append(RowKey.line(part))
    return found


def lines(ctx: Context) -> Iterable[Diagnostic] | None:
    """ARI005: in the 收支总表 and 财政拨款收支总表, each total line equals the lines it adds up, in every column,
    and 收入总计 equals 支出总计."""
    found: list[Diagnostic] = []
    applicable = False
    for kind in ("summary", "fiscal_summary"):
        table = ctx.table(kind)
        if table is None:
            continue
        present = {k for k, _ in ctx.keys(table)}
        for rule_kind, line, parts in _LINE_RULES:
            result = RowKey.line(line)
            if rule_kind != kind or result not in present:
                continue
            keys = _parts(ctx, table, parts)
            if not any(k in present for k in keys):
                continue
            applicable = True
            for measure in _printed(ctx, table):
                values = [ctx.value(table, k, measure) for k in keys]
                printed = ctx.value(table, result, measure)
                if printed is None and all(v is None for v in values):
                    continue
                expected = total(values)
                if (printed if printed is not None else ZERO) == expected:
                    continue
                names = "、".join(row_name(table, k) for k in keys if k in present)
                problem = mismatch(ctx, table, result, measure, printed, expected, f"{names}之和",
                                   [ctx.at(table, k, measure) for k in keys if k in present])
                if problem is not None:
                    found.append(problem)
        income, spending = RowKey.line(L.INCOME_GRAND_TOTAL), RowKey.line(L.EXPENDITURE_GRAND_TOTAL)
        if income in present and spending in present:
            applicable = True
            incoming = ctx.value(table, income, M.BUDGET) or Decimal(0)
            outgoing = ctx.value(table, spending, M.BUDGET if kind == "summary" else M.TOTAL) or Decimal(0)
            if incoming != outgoing:
                found.append(ctx.finding(
                    ctx.at(table, spending, M.BUDGET if kind == "summary" else M.TOTAL),
                    f"{table.title}的支出总计 {money(outgoing)} 与收入总计 {money(incoming)} 不相等"
                    f"（相差 {money(outgoing - incoming)}）",
                    related=(ctx.at(table, income, M.BUDGET),), printed=money(outgoing), expected=money(incoming)))
    return found if applicable else None


# -- 绩效目标表的资金 ----------------------------------------------------------------------------------------


def form_funds(ctx: Context) -> Iterable[Diagnostic] | None:
    """ARI006: a project's 年度资金总额 equals its sources (财政拨款, 政府性基金, 自有资金, 其他资金), each scope's
    likewise, its 支出明细 add up to their 合计, and a 部门整体 form's 收入构成 and 支出构成 to their 合计."""
    found: list[Diagnostic] = []
    applicable = False
    facts = ctx.facts
    for form_id, form in ctx.forms.items():
        amounts = ctx.amounts.get(form_id)
        if not amounts:
            continue
        values = {(row, m): v for row, cells in amounts.items() for m, v in cells.items()}

        def check(row: RowKey, result: Measure, parts: Sequence[tuple[RowKey, Measure]], what: str,
                  form_id: str = form_id, values: dict[tuple[RowKey, Measure], Decimal] = values,
                  title: str = form.name or form.title) -> Iterator[Diagnostic]:
            printed = values.get((row, result))
            present = [p for p in parts if p in values]
            if printed is None or not present:
                return
            expected = total(values.get(p) for p in parts)
            if printed != expected:
                yield ctx.finding(facts[form_id, row, result].span,
                                  f"“{title}”的{what}印为 {money(printed)}，各项之和为 {money(expected)}"
                                  f"（相差 {money(printed - expected)}）",
                                  related=[facts[(form_id, *p)].span for p in present], printed=money(printed),
                                  expected=money(expected))

        rows = {row for row, _ in values}
        for row in sorted((r for r in rows if r.kind is RowKind.FUNDING), key=str):
            sources = [(row, m) for m in (M.FISCAL, M.GOVFUND, M.OWN_FUNDS, M.OTHER)]
            if (row, M.ANNUAL) in values and any(s in values for s in sources):
                applicable = True
                found += check(row, M.ANNUAL, sources, "年度资金总额")
        details = sorted((r for r in rows if r.kind is RowKind.DETAIL), key=lambda r: int(r.name))
        if details and (TOTAL_KEY, M.TOTAL) in values:
            applicable = True
            found += check(TOTAL_KEY, M.TOTAL, [(r, M.TOTAL) for r in details], "项目支出明细合计")
        if not any(r.kind is RowKind.LINE for r in rows):
            continue  # a project form: no 收入构成 or 支出构成
        for result, members, side in ((L.INCOME_TOTAL, (L.FISCAL_INCOME, L.OTHER_INCOME), "收入构成"),
                                      (L.EXPENDITURE_TOTAL, (L.BASIC_EXPENDITURE, L.PROJECT_EXPENDITURE), "支出构成")):
            for measure in sorted({m for _, m in values}, key=lambda m: m.value):
                parts = [(RowKey.line(m), measure) for m in members]
                if (RowKey.line(result), measure) in values and any(p in values for p in parts):
                    applicable = True
                    found += check(RowKey.line(result), measure, parts, f"{side}合计（{measure.title}）")
    return found if applicable else None


# -- 与上年比较的栏目 -----------------------------------------------------------------------------------------


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def changes(ctx: Context) -> Iterable[Diagnostic] | None:
    """ARI008: in a table that prints 上年预算数 beside this year's amount, 增减额 = 本年 − 上年 and 增减率 = 增减额 ÷
    上年 × 100 (at the decimals printed)."""
    found: list[Diagnostic] = []
    applicable = False
    for table in ctx.extract.tables:
        have = ctx.measures(table)
        current = next((m for m in (M.TOTAL, M.BUDGET) if m in have), None)
        if current is None or M.PRIOR_BUDGET not in have or not have & {M.CHANGE, M.CHANGE_RATE}:
            continue
        applicable = True
        rows = ctx.amounts.get(table.id, {})
        for key, _ in ctx.keys(table):
            cells = rows.get(key, _EMPTY)
            now, before = cells.get(current), cells.get(M.PRIOR_BUDGET)
            if now is None and before is None:
                continue
            difference = (now or ZERO) - (before or ZERO)
            change = cells.get(M.CHANGE)
            if M.CHANGE in have:
                problem = mismatch(ctx, table, key, M.CHANGE, change, difference,
                                   f"{current.title}减{M.PRIOR_BUDGET.title}",
                                   (ctx.at(table, key, m) for m in (current, M.PRIOR_BUDGET)))
                if problem is not None:
                    found.append(problem)
            rate = cells.get(M.CHANGE_RATE)
            if rate is None or not before:
                continue
            digits = _places(rate)
            expected = (difference * 100 / before).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
            if rate != expected:
                found.append(ctx.finding(
                    ctx.at(table, key, M.CHANGE_RATE),
                    f"{table.title}“{row_name(table, key)}”的增减率印为 {rate}，按{current.title}与"
                    f"{M.PRIOR_BUDGET.title}算出为 {expected}",
                    related=[ctx.at(table, key, m) for m in (current, M.PRIOR_BUDGET)], printed=str(rate),
                    expected=str(expected)))
    return found if applicable else None


RULES: tuple[CheckRule, ...] = (
    CheckRule("ARI001", W, "科目层级合计不符", "算术",
              "在每个金额栏中，类级科目等于其下列出的各款之和，款级科目等于其下列出的各项之和，合计行等于各类之和。"
              "印出的下级科目不全或数字有误时，上下级就对不上。",
              "核对这一行及其下级科目的金额；若原表如此，在该行写核查说明。",
              example="部门支出总表“20801 人力资源和社会保障管理事务”的合计印为 283.88，下级科目之和为 292.70（相差 "
                      "-8.82）",
              run=hierarchy),
    CheckRule("ARI002", W, "合计不等于基本支出与项目支出之和", "算术",
              "支出类表格的每一行，合计等于基本支出、项目支出（以及表中印出的上缴上级支出、事业单位经营支出、"
              "对附属单位补助支出）之和。",
              "核对这一行的合计与各栏金额。",
              example="部门支出总表“2080109 社会保险经办机构”的合计印为 328.90，基本支出、项目支出之和为 382.90（相差 "
                      "-54.00）",
              run=_row_rule("ARI002")),
    CheckRule("ARI003", W, "基本支出不等于人员经费与公用经费之和", "算术",
              "一般公共预算基本支出表的每一行，合计等于人员经费与公用经费之和。",
              "核对这一行的合计、人员经费和公用经费。",
              example="一般公共预算基本支出表“30108 机关事业单位基本养老保险缴费”的合计印为 12.50，人员经费、"
                      "公用经费之和为 15.20（相差 -2.70）",
              run=_row_rule("ARI003")),
    CheckRule("ARI004", W, "收入来源之和不符", "算术",
              "部门收入总表的每一行，合计等于上年结转、财政拨款及其他各项收入之和；财政拨款（小计）等于一般公共预算、"
              "政府性基金预算、国有资本经营预算三项之和；财政拨款收支总表等按资金来源分栏的表，合计等于各来源之和。",
              "核对这一行的合计与各来源金额。",
              example="部门收入总表“2080109 社会保险经办机构”的合计印为 272.90，一般公共预算、其他收入之和为 "
                      "282.90（相差 -10.00）",
              run=_row_rule("ARI004")),
    CheckRule("ARI005", W, "收支总表各行之和不符", "算术",
              "收支预算总表和财政拨款收支总表中，本年收入合计等于各项收入之和，收入总计等于本年收入合计加结余和上年结转，"
              "本年支出合计等于各类支出之和，支出总计等于本年支出合计加结转下年，收入总计等于支出总计。",
              "核对收支总表中这一行及构成它的各行。",
              example="收支预算总表“本年支出合计”的预算数印为 353.70，208 社会保障和就业支出、210 卫生健康支出、221 "
                      "住房保障支出之和为 354.51（相差 -0.81）",
              run=lines),
    CheckRule("ARI006", W, "绩效目标表资金之和不符", "算术",
              "项目支出绩效目标表中，年度资金总额等于财政拨款、政府性基金、自有资金、其他资金之和（“其中”项不计入）；"
              "项目支出明细各行之和等于合计；部门整体绩效目标表的收入构成、支出构成各行之和等于合计。",
              "核对绩效目标表的资金栏；若原表如此，在该表写核查说明。",
              example="“死亡抚恤金补贴”的年度资金总额印为 421.49，各项之和为 412.49（相差 9.00）",
              run=form_funds),
    CheckRule("ARI007", W, "“三公”经费之和不符", "算术",
              "财政拨款“三公”经费支出表的每一行，合计等于因公出国（境）费、公务接待费、公务用车购置及运行费之和，"
              "公务用车购置及运行费等于购置费与运行维护费之和。",
              "核对“三公”经费表这一行的各栏。",
              example="财政拨款“三公”经费支出表“202002 寻乌县社会保险服务中心”的合计印为 2.00，公务接待费、"
                      "公务用车运行维护费之和为 3.50（相差 -1.50）",
              run=_row_rule("ARI007")),
    CheckRule("ARI008", W, "增减额、增减率与本年、上年数不符", "算术",
              "表中同时印有本年数、上年预算数和增减额（或增减率）时，每一行的增减额等于本年数减上年预算数，增减率等于"
              "增减额除以上年预算数（按印出的小数位四舍五入）。",
              "核对这一行的本年数、上年数和增减。",
              example="一般公共预算支出表“210 卫生健康支出”的增减率印为 -6.03，按预算数与上年预算数算出为 -5.69",
              run=changes),
)
