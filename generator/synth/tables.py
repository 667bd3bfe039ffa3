"""The eleven 部门预算公开表 of a synthetic budget, in the 寻乌 2023 table layouts.

Leaf (项) amounts come from the budget; every 款, 类 and 合计 row is summed here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import zip_longest

from generator.model.codes import CodeScheme, SubjectCode
from generator.model.tables import BudgetTable, Cell, CodeStyle, Column, ColumnRole, Row, TableKind
from generator.synth.budget import ZERO, Budget, Leaf
from generator.synth.fmt import printed
from generator.synth.reference import ECONOMIC_NAMES, FUNCTION_NAMES, PERSONNEL_CLASSES

UNIT_LABEL = "单位：万元"
EMPTY_NOTES = {
    TableKind.THREE_PUBLIC: "注：若为空表，则为该部门（单位）无“三公”经费支出",
    TableKind.GOVFUND_EXPENDITURE: "注：若为空表，则为该部门（单位）无政府性基金收支",
    TableKind.SOE_EXPENDITURE: "注：若为空表，则为该部门（单位）无国有资本经营预算收支",
}
Value = Callable[[Leaf], Decimal]


def money(value: Decimal | None) -> Cell:
    """An amount cell; zero prints blank, as in the published tables."""
    return Cell(printed(value) if value else None)


def text(value: str | None) -> Cell:
    return Cell(value)


def amount_col(label: str) -> Column:
    return Column(label)


def group(label: str, *children: Column) -> Column:
    return Column(label, children=children)


def code_col(label: str, scheme: CodeScheme) -> Column:
    return Column(label, ColumnRole.CODE, scheme)


def name_col(label: str) -> Column:
    return Column(label, ColumnRole.NAME)


def label_col(label: str) -> Column:
    return Column(label, ColumnRole.LABEL)


def numbering(prefix: int, values: int) -> str:
    return " ".join(["**"] * prefix + [str(i) for i in range(1, values + 1)])


def function_rows(leaves: Sequence[Leaf], values: Sequence[Value]) -> tuple[Row, ...]:
    """合计, then each 类, 款 and 项 in code order, every figure summed from the leaves."""
    def sums(members: Sequence[Leaf]) -> list[Cell]:
        return [money(sum((value(leaf) for leaf in members), ZERO)) for value in values]

    rows = [Row((text(None), text("合计"), *sums(leaves)))]
    for prefix in _prefixes(leaves):
        members = [leaf for leaf in leaves if leaf.code.startswith(prefix)]
        rows.append(Row((text(prefix), text(FUNCTION_NAMES[prefix]), *sums(members))))
    return tuple(rows)


def _prefixes(leaves: Sequence[Leaf]) -> list[str]:
    codes: list[str] = []
    for leaf in leaves:
        for prefix in (leaf.code[:3], leaf.code[:5], leaf.code):
            if prefix not in codes:
                codes.append(prefix)
    return codes


def classes(leaves: Sequence[Leaf], value: Value) -> list[tuple[str, Decimal]]:
    """(类 code, amount) for every 类 with a non-zero amount, in code order."""
    found: dict[str, Decimal] = {}
    for leaf in leaves:
        found[leaf.code[:3]] = found.get(leaf.code[:3], ZERO) + value(leaf)
    return [(code, amount) for code, amount in found.items() if amount]


def _function_columns(year_label: str | None, values: Sequence[str]) -> tuple[Column, ...]:
    subject = group("支出功能分类科目", code_col("科目编码", CodeScheme.FUNCTION), name_col("科目名称"))
    amounts = [amount_col(v) for v in values]
    if year_label is None:
        return (subject, *amounts)
    return (subject, group(year_label, *amounts))


def _table(kind: TableKind, title: str, filler: str | None, columns: tuple[Column, ...], rows: tuple[Row, ...],
           number: str | None = None, style: CodeStyle = CodeStyle.SUFFIX, unit_label: str | None = UNIT_LABEL,
           ) -> BudgetTable:
    return BudgetTable(kind=kind, title=title, filler=filler, unit_label=unit_label, note=EMPTY_NOTES.get(kind),
                       columns=columns, numbering=number, code_style=style, rows=rows)


def summary(b: Budget, filler: str) -> BudgetTable:
    fiscal = b.sum("fiscal")
    income: list[tuple[str, Decimal | None, int]] = [
        ("一、财政拨款收入", fiscal, 0), ("（一）一般公共预算收入", b.sum("general_total"), 1),
        ("（二）政府性基金预算收入", b.sum("govfund"), 1), ("（三）国有资本经营预算收入", None, 1),
        ("二、教育收费资金收入", None, 0), ("三、事业收入", b.sum("business"), 0), ("四、事业单位经营收入", None, 0),
        ("五、附属单位上缴收入", None, 0), ("六、上级补助收入", None, 0), ("七、其他收入", None, 0)]
    spending = [(FUNCTION_NAMES[code], amount) for code, amount in classes(b.leaves, lambda leaf: leaf.total)]
    rows = [Row((text(i[0] if i else None), money(i[1] if i else None),
                 text(s[0] if s else None), money(s[1] if s else None)), indent=i[2] if i else 0)
            for i, s in zip_longest(income, spending)]
    total = b.total
    rows += [Row((text("本年收入合计"), money(total), text("本年支出合计"), money(total))),
             Row((text("八、使用非财政拨款结余"), money(None), text("结转下年"), money(None))),
             Row((text("九、上年结转（结余）"), money(None), text(None), money(None))),
             Row((text("收入总计"), money(total), text("支出总计"), money(total)))]
    columns = (group("收入", label_col("项目"), amount_col("预算数")),
               group("支出", label_col("项目(按支出功能科目类级)"), amount_col("预算数")))
    return _table(TableKind.SUMMARY, "收支预算总表", filler, columns, tuple(rows))


def income(b: Budget, filler: str) -> BudgetTable:
    columns = (code_col("功能科目编码", CodeScheme.FUNCTION), name_col("功能科目名称"), amount_col("合计"),
               amount_col("上年结转"),
               group("财政拨款", *(amount_col(x) for x in ("小计", "一般公共预算拨款收入", "政府性基金预算拨款收入",
                                                       "国有资本经营预算收入"))),
               *(amount_col(x) for x in ("教育收费资金收入", "事业收入", "事业单位经营收入", "附属单位上缴收入",
                                         "上级补助收入", "其他收入", "使用非财政拨款结余")))
    none: Value = lambda leaf: ZERO  # noqa: E731
    values: list[Value] = [lambda leaf: leaf.total, none, lambda leaf: leaf.fiscal, lambda leaf: leaf.general_total,
                           lambda leaf: leaf.govfund, none, none, lambda leaf: leaf.business, none, none, none, none,
                           none]
    return _table(TableKind.INCOME, "部门收入总表", filler, columns, function_rows(b.leaves, values),
                  numbering(2, 13))


def expenditure(b: Budget, filler: str) -> BudgetTable:
    values: list[Value] = [lambda leaf: leaf.total, lambda leaf: leaf.basic, lambda leaf: leaf.project]
    return _table(TableKind.EXPENDITURE, "部门支出总表", filler, _function_columns(None, ("合计", "基本支出", "项目支出")),
                  function_rows(b.leaves, values), numbering(2, 3))


def fiscal_summary(b: Budget, filler: str) -> BudgetTable:
    fiscal, general, govfund = b.sum("fiscal"), b.sum("general_total"), b.sum("govfund")
    income: list[tuple[str, Decimal | None, int]] = [
        ("一、财政拨款收入", fiscal, 0), ("一般公共预算拨款收入", general, 1), ("政府性基金预算拨款收入", govfund, 1),
        ("国有资本经营预算收入", None, 1), ("二、上年结转", None, 0), ("一般公共预算拨款结转", None, 1),
        ("政府性基金预算拨款结转", None, 1)]
    spending: list[tuple[str | None, Decimal | None, Decimal | None, Decimal | None]] = [
        ("一、本年支出", fiscal, general, govfund)]
    for code, subtotal in classes(b.leaves, lambda leaf: leaf.fiscal):
        members = [leaf for leaf in b.leaves if leaf.code.startswith(code)]
        spending.append((FUNCTION_NAMES[code], subtotal, sum((m.general_total for m in members), ZERO),
                         sum((m.govfund for m in members), ZERO)))
    spending += [(None, None, None, None)] * max(0, 4 - len(spending))
    spending.append(("二、结转下年", None, None, None))
    rows = []
    for i, s in zip_longest(income, spending):
        label, received, indent = i if i else (None, None, 0)
        out = s if s else (None, None, None, None)
        rows.append(Row((text(label), money(received), text(out[0]), money(out[1]), money(out[2]), money(out[3]),
                         money(None)), indent=indent))
    rows.append(Row((text("收入总计"), money(fiscal), text("支出总计"), money(fiscal), money(general), money(govfund),
                     money(None))))
    columns = (group("收入", label_col("项目"), amount_col("预算数")),
               group("支出", label_col("项目(按支出功能科目类级)"),
                     *(amount_col(x) for x in ("合计", "一般公共预算支出", "政府性基金预算支出", "国有资本经营预算支出"))))
    return _table(TableKind.FISCAL_SUMMARY, "财政拨款收支总表", filler, columns, tuple(rows))


def general_expenditure(b: Budget, filler: str) -> BudgetTable:
    leaves = [leaf for leaf in b.leaves if leaf.general_total]
    values: list[Value] = [lambda leaf: leaf.general_total, lambda leaf: leaf.basic, lambda leaf: leaf.general]
    return _table(TableKind.GENERAL_EXPENDITURE, "一般公共预算支出表", filler,
                  _function_columns(f"{b.year}年预算数", ("合计", "基本支出", "项目支出")),
                  function_rows(leaves, values), numbering(2, 3))


def general_basic(b: Budget, filler: str) -> BudgetTable:
    def row(code: str, name: str, amount: Decimal, personnel: bool) -> Row:
        people, public = (amount, None) if personnel else (None, amount)
        return Row((text(code), text(name), money(amount), money(people), money(public)))

    total = sum(b.basic.values(), ZERO)
    rows = [Row((text(None), text("合计"), money(total), money(b.personnel), money(total - b.personnel)))]
    for cls in sorted({code[:3] for code in b.basic}):
        personnel = cls in PERSONNEL_CLASSES
        rows.append(row(cls, ECONOMIC_NAMES[cls], b.econ_class(cls), personnel))
        rows.extend(row(code, ECONOMIC_NAMES[code], amount, personnel)
                    for code, amount in b.basic.items() if code.startswith(cls))
    columns = (group("支出经济分类科目", code_col("科目编码", CodeScheme.ECONOMIC), name_col("科目名称")),
               group(f"{b.year}年基本支出", amount_col("合计"), amount_col("人员经费"), amount_col("公用经费")))
    return _table(TableKind.GENERAL_BASIC, "一般公共预算基本支出表", filler, columns, tuple(rows), numbering(2, 3),
                  CodeStyle.FULL)


def three_public(b: Budget, filler: str) -> BudgetTable:
    abroad, reception, car_run, car_buy = b.three_public()
    total = abroad + reception + car_run + car_buy
    rows = (Row((text(b.unit.code), text(b.unit.name), money(total), money(abroad), money(reception),
                 money(car_run), money(car_buy))),) if total else ()
    columns = (code_col("部门编码", CodeScheme.DEPARTMENT), name_col("部门名称"),
               *(amount_col(x) for x in ("合计", "因公出国(境)费", "公务接待费", "公务用车运行维护费", "公务用车购置")))
    return _table(TableKind.THREE_PUBLIC, "财政拨款“三公”经费支出表", filler, columns, rows, numbering(2, 5))


def govfund_expenditure(b: Budget, filler: str) -> BudgetTable:
    leaves = [leaf for leaf in b.leaves if leaf.govfund]
    values: list[Value] = [lambda leaf: leaf.govfund, lambda leaf: ZERO, lambda leaf: leaf.govfund]
    rows = function_rows(leaves, values) if leaves else ()
    return _table(TableKind.GOVFUND_EXPENDITURE, "政府性基金预算支出表", None,
                  _function_columns(f"{b.year}年预算数", ("合计", "基本支出", "项目支出")), rows, numbering(2, 3))


def soe_expenditure(b: Budget, filler: str) -> BudgetTable:
    return _table(TableKind.SOE_EXPENDITURE, "国有资本经营预算支出表", filler,
                  _function_columns(f"{b.year}年预算数", ("合计", "基本支出", "项目支出")), (), numbering(2, 3))


def expenditure_summary(b: Budget) -> BudgetTable:
    rows = [Row((text("合计"), money(b.total), money(None)))]
    rows += [Row((text(FUNCTION_NAMES[code]), money(amount), money(None)),
                 subject=SubjectCode(CodeScheme.FUNCTION, code))
             for code, amount in classes(b.leaves, lambda leaf: leaf.total)]
    columns = (name_col("科目名称"), amount_col("合计"), amount_col("结转下年"))
    return _table(TableKind.EXPENDITURE_SUMMARY, "支出预算总表", None, columns, tuple(rows), numbering(1, 2),
                  unit_label=None)


def fiscal_appropriation(b: Budget) -> BudgetTable:
    def line(name: str, members: Sequence[Leaf]) -> tuple[Cell, ...]:
        fiscal = sum((m.fiscal for m in members), ZERO)
        general = sum((m.general_total for m in members), ZERO)
        govfund = sum((m.govfund for m in members), ZERO)
        return (text(name), money(fiscal), money(general), money(govfund), money(None))

    rows = [Row(line("合计", b.leaves))]
    rows += [Row(line(FUNCTION_NAMES[code], [m for m in b.leaves if m.code.startswith(code)]),
                 subject=SubjectCode(CodeScheme.FUNCTION, code))
             for code, _ in classes(b.leaves, lambda leaf: leaf.fiscal)]
    columns = (name_col("科目名称"), amount_col("财政拨款"), amount_col("一般公共预算支出"),
               amount_col("政府性基金预算支出"), amount_col("国有资本经营预算"))
    return _table(TableKind.FISCAL_APPROPRIATION, "财政拨款预算表", None, columns, tuple(rows), numbering(1, 4),
                  unit_label=None)


def budget_tables(b: Budget) -> tuple[BudgetTable, ...]:
    """The eleven tables in printed order."""
    unit = f"[{b.unit.code}]{b.unit.name}"
    return (summary(b, f"填报单位:{unit}"), income(b, unit), expenditure(b, f"填报单位{unit}"), fiscal_summary(b, unit),
            general_expenditure(b, unit), general_basic(b, unit), three_public(b, f"填报单位{unit}"),
            govfund_expenditure(b, unit), soe_expenditure(b, f"填报单位:{unit}"), expenditure_summary(b),
            fiscal_appropriation(b))
