"""导入问题: what the importer could not place or doubts, as data: a stable code, a severity, the workbook cell
(``表3!C12``), a Chinese message and how to fix it. The catalogue reuses the checker's ``Rule`` and ``Severity``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.diagnostics import Rule, Severity

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("IMP001", E, "无法读取工作簿", "请提供 .xlsx 格式的 Excel 工作簿（在 Excel 或 WPS 中“另存为” .xlsx）；文件不能加密或损坏。"),
    Rule("IMP002", W, "工作表中没有可识别的公开表", "公开表应有表名（如“部门收入总表”）和表头；若这张工作表不是公开表，可以忽略。"),
    Rule("IMP003", W, "无法识别表名", "表名应为标准公开表之一（见填报说明“表种类”），已按 other（其他表）导入；若是标准表，改正表名后重新导入，或在导入结果中改写 kind。"),
    Rule("IMP004", E, "金额栏中不是数字", "金额只能是数字（可带千分位逗号和小数点）；在工作簿中改正后重新导入，或在导入结果中照原文改写。"),
    Rule("IMP005", E, "公式没有计算结果", "工作簿中这个公式没有保存计算结果：在 Excel 或 WPS 中打开、重新计算并保存后再导入，或把公式改为数值。"),
    Rule("IMP006", E, "单元格不在任何栏目之下", "这一格在表头所列栏目之外，未能导入：补上它的表头，或把数字移到正确的栏目中。"),
    Rule("IMP007", E, "栏目含义无法识别", "表头文字应为常见写法（见 generator/reference/measures.toml）；在导入结果中给该栏目写 measure:（见填报说明“栏目含义”）。"),
    Rule("IMP008", W, "无法确定科目编码", "在导入结果中给该行写 subject: \"科目编码\"，或在工作簿中补上编码后重新导入。"),
    Rule("IMP009", E, "科目编码不正确", "功能分类写 3/5/7 位编码（款、项可只印后两位），经济分类写 3/5 位编码。"),
    Rule("IMP010", INFO, "“-”按空白导入", "原表“-”表示没有数字，导入为空白（~）；若它表示 0，在导入结果中改为 \"0\"。"),
    Rule("IMP011", W, "数字按单元格格式取舍", "单元格中存的数比印出的位数多，已按印出（单元格格式）的小数位导入；请核对原表。"),
    Rule("IMP012", INFO, "跳过的工作表", "这是 gongkai 工作簿的说明或数据工作表，不是公开表，已跳过。"),
    Rule("IMP013", E, "无法确定预算年度", "用 --year 指定年度，例如 --year 2023。"),
    Rule("IMP014", W, "未指定单位标识", "用 --unit 指定单位标识（region.yaml 中登记的 id），或在导入结果中改写 unit。"),
    Rule("IMP015", W, "表行的含义无法识别", "科目行应有科目编码；收支总表的行名称应为常见写法（见 generator/reference/lines.toml）；在导入结果中给该行写 subject: 或 lines:。"),
    Rule("IMP016", INFO, "金额已由元折算为万元", "按 1 万元 = 10000 元精确折算，未四舍五入；导入结果的注释中写明了原单位。"),
    Rule("IMP018", W, "表外的文字", "这一格不属于任何可识别的表（表名、表头、表行之外），未导入；若它属于某张表，检查该表的表名和表头。"),
    Rule("IMP017", E, "导入结果未通过检查", "按提示在工作簿中改正后重新导入，或在导入结果中改正。"),
)}


def column_letters(column: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_ref(sheet: str, row: int, column: int) -> str:
    """``表3!C12`` (0-based row and column in, Excel's 1-based reference out); a sheet name with spaces or
    punctuation is quoted as Excel quotes it (``'表1 收支预算总表'!A1``)."""
    quoted = sheet if sheet.replace("_", "").isalnum() else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{column_letters(column)}{row + 1}"


@dataclass(frozen=True, slots=True, order=True)
class Place:
    """A cell of the workbook: sheet order, then row and column (0-based), so problems sort as the sheets read."""

    sheet_index: int
    row: int
    column: int
    sheet: str

    def __str__(self) -> str:
        if self.row < 0:
            return self.sheet
        return cell_ref(self.sheet, self.row, self.column)


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding of the import, at one cell."""

    place: Place
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity

    @property
    def hint(self) -> str:
        return RULES[self.code].hint

    def as_text(self) -> str:
        return f"{self.place}: {self.severity.value}[{self.code}] {self.message}\n    提示：{self.hint}"

    def as_json(self) -> dict[str, object]:
        return {"cell": str(self.place), "sheet": self.place.sheet, "row": self.place.row + 1,
                "column": self.place.column + 1, "severity": self.severity.value, "code": self.code,
                "message": self.message, "hint": self.hint}


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(p.as_text() for p in sorted(problems))
