"""个人信息: personal mobile and resident ID numbers written anywhere in a filing (the site masks them; the clerk
should know they are there)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from generator.check.context import CheckRule, Context
from generator.diagnostics import Diagnostic, Severity
from generator.model.forms import Person
from generator.model.tables import ColumnRole
from generator.source import Span

W = Severity.WARNING
_WORDS = (ColumnRole.NAME, ColumnRole.LABEL, ColumnRole.TEXT)
_SEPARATED = re.compile(r"(?<![0-9])(?:\+?86[\s\-]*)?(1[3-9](?:[\s\-.·]*[0-9]){9})(?![0-9])")
_ID = re.compile(r"(?<![0-9])([1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])"
                 r"(?![0-9])")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def mobiles(text: str) -> list[str]:
    """The personal mobile numbers in a text, whatever full-width digits or separators they are written with."""
    flat = unicodedata.normalize("NFKC", text)
    return [re.sub(r"[^0-9]", "", m[1]) for m in _SEPARATED.finditer(flat)]


def resident_ids(text: str) -> list[str]:
    """18-digit 居民身份证号码 whose check digit is right."""
    flat = unicodedata.normalize("NFKC", text).upper()
    found = []
    for match in _ID.finditer(flat):
        number = match[1]
        check = _CHECK[sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True)) % 11]
        if number[17] == check:
            found.append(number)
    return found


_LIKELY_MOBILE = re.compile(r"[1１][3-9３-９](?:[\s\-.·]*+[0-9０-９]){9}")
_LIKELY_ID = re.compile(r"(?:19|20|１９|２０)(?<=[0-9０-９]{8})[0-9０-９]{9}")
"""a mobile or an ID number (its year of birth after six digits), roughly: texts without one are not read further
(two patterns, each found quickly by its first characters)"""


def _likely(text: str) -> bool:
    return bool(_LIKELY_MOBILE.search(text) or _LIKELY_ID.search(text))


def _written(ctx: Context) -> Iterator[tuple[str, Span]]:
    for text, span, _, _ in ctx.texts:
        yield text, span
    people: list[Person] = [p for f in ctx.filing.project_forms for p in f.people]
    people += [d.preparer for d in ctx.filing.dept_overall_forms if d.preparer is not None]
    for person in people:
        if person.phone:
            yield person.phone, person.spans.of("phone", person.span)
    for table in ctx.filing.tables:  # the words of a table are in its name, label and text columns
        words = [i for i, column in enumerate(table.leaves()) if column.role in _WORDS]
        for row in table.rows:
            for i in words:
                cell = row.cells[i] if i < len(row.cells) else None
                if cell is not None and cell.text:
                    yield cell.text, cell.span


def personal(ctx: Context) -> Iterable[Diagnostic] | None:
    """PRV001."""
    found: list[Diagnostic] = []
    written = list(_written(ctx))
    if not _likely("|".join(text for text, _ in written)):
        return found  # no text holds anything like a number (the joined search only ever finds more)
    for text, span in written:
        if not _likely(text):
            continue
        for number in mobiles(text):
            found.append(ctx.finding(span, f"写有个人手机号码（{number[:3]}****{number[-4:]}）；网站上已遮蔽，"
                                           "公开前请确认是否应当公开"))
        for number in resident_ids(text):
            found.append(ctx.finding(span, f"写有居民身份证号码（{number[:6]}********{number[-4:]}）；网站上已遮蔽，"
                                           "身份证号码不应公开"))
    return found


RULES: tuple[CheckRule, ...] = (
    CheckRule("PRV001", W, "写有个人手机号码或身份证号码", "个人信息",
              "公开文件中不应有个人手机号码和居民身份证号码；本站默认在网页上遮蔽它们（151****0845），这条规则告诉录入人员"
              "它们在哪里。号码中夹有空格、连字符，或用全角数字书写的，也能识别；身份证号码按校验码识别。",
              "删去号码，或改写为单位办公电话；若确需保留，在该处写核查说明。",
              example="写有个人手机号码（138****8000）；网站上已遮蔽，公开前请确认是否应当公开",
              run=personal),
)
