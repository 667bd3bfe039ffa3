"""Figures in text (文中数字): each number a 情况说明 prints, with its unit, its role and what it is said about."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import NamedTuple

from generator.model.figures import FigureKind, FigureRole

AMOUNT_UNITS = ("亿元", "万元", "千元", "元")
"""金额单位"""
PERCENT_UNITS = ("个百分点", "百分点", "百分比", "%", "‰")
"""百分比 and 百分点 (``％`` is read as ``%``)"""
COUNT_UNITS = (
    "万人次", "人次", "户次", "万人", "万户", "人", "个工作日", "工作日", "个月", "个", "辆", "项", "台", "套",
    "家", "户", "次", "所", "名", "位", "件", "批", "期", "座", "处", "张", "份", "册", "篇", "场", "宗",
    "条", "封", "亩", "公里", "平方米", "吨", "天", "小时", "周岁", "岁",
)
"""计量单位 of counts (数量). ``号`` is not one: 文号 such as ``〔2015〕79 号`` are never figures."""


def _by_character(at: int, words: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Words by their first (0) or last (-1) character, longest first: one look-up finds the candidates."""
    index: dict[str, tuple[str, ...]] = {}
    for word in sorted(words, key=len, reverse=True):
        index[word[at]] = (*index.get(word[at], ()), word)
    return index


_UNITS = _by_character(0, AMOUNT_UNITS + PERCENT_UNITS + COUNT_UNITS)
_KINDS = (dict.fromkeys(AMOUNT_UNITS, FigureKind.AMOUNT) | dict.fromkeys(PERCENT_UNITS, FigureKind.PERCENT)
          | dict.fromkeys(COUNT_UNITS, FigureKind.COUNT))
_UNIT_STARTS = frozenset(_UNITS) | {" ", "余", "多"}
"""what may follow the number of a figure"""
_NOT_UNITS = ("人民", "名称", "期间")
"""words that start with a unit but are none (``5人民币`` is not 5 人)"""

# Full-width digits, point and per cent, and the ideographic space, read one character for one, so that
# offsets in the normalised text are offsets in the input. The full-width comma stays: it is never a separator.
_NORMALISE = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {"．": ".", "％": "%", "\u3000": " ", "\xa0": " ", "－": "-", "～": "~"}
)

# Possessive quantifiers (*+) and no nested repetition: every pattern runs in time linear in what it reads.
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3}(?![0-9]))+|[0-9]+)(?:\.[0-9]+)?")
_DATE = re.compile(r" *+年 *+([0-9]{1,2})(?![0-9]) *+月(?: *+([0-9]{1,2})(?![0-9]) *+[日号])?")
_YEAR = re.compile(r" *+年度?")
_ENUMERATION = re.compile(r" *+[、和及与至到~\-–—] *+")
_RANGE = re.compile(r" *+[至到~\-–—] *+")
_GAP = re.compile(r" *+(?:[余多] *+)?")
_NUMBERING = re.compile(r"[（(][一二三四五六七八九十0-9]++[）)]|[一二三四五六七八九十]++、|[0-9]++[、.)）]|[⑴-⒇①-⑳]")
_COMPARATOR = re.compile(r"同比|环比|[比较与同](?:上一?年度?|去年)(?:同期)?")
_CHANGE_VERB = re.compile(r"增加|减少|增长|下降|上升|降低|提高|压减|缩减|持平|增|减")
_BARE_CHANGE = re.compile(
    r"(?:(增加|减少|增长|下降|上升|降低|提高|压减|缩减|减)了?约?(?:幅度[为是达]?)?|(增幅|降幅|减幅)[为是达]?约?)$"
)
_DIRECTION = {"增加": 1, "增长": 1, "上升": 1, "提高": 1, "增": 1, "增幅": 1, "持平": 0}
"""+1 or 0 for these change verbs, -1 for the others (减少, 下降, 降低, 压减 …)"""

_CLAUSE_ENDS = frozenset("，。；：、,;:！？!?\n\r")
_SENTENCE_ENDS = frozenset("。；;！？!?\n\r")
_BRACKETS = dict(zip("（(【〔[［《“‘「", "）)】〕]］》”’」", strict=True))
_CLOSING = frozenset(_BRACKETS.values())
_LEADING = re.compile(
    _NUMBERING.pattern + "|" + "|".join(sorted(
        ("其中", "包括", "包含", "具体支出情况是", "具体情况是", "具体为", "按支出功能科目划分", "按支出项目类别划分",
         "按功能科目划分", "按经济科目划分", "主要原因是", "主要是", "另外", "此外", "以及", "截至", "截止", "本部门",
         "本单位", "部门", "所属各单位", "所属单位", "共有", "预算安排", "安排"),
        key=len, reverse=True,
    ))
)
"""list markers, connectives and determiners that open a clause but are not what a figure is about"""
_TRAILING = _by_character(-1, (
    "为", "是", "达到", "约为", "共计", "合计", "总计", "累计", "共有", "安排", "给予", "预计", "等", "按", "≥", "≤",
    "=", ">", "<", "＞", "＜", "＝", "大于或等于", "小于或等于", "大于等于", "小于等于", "不低于", "不少于", "不超过",
    "不高于", "大于", "小于", "高于", "低于", "超过",
))
"""copulas, verbs and comparison signs that close a clause before its figure (``预算数为`` keeps 预算数)"""
_WORDS_IN_WEI = ("行为", "作为", "认为", "因为")
_STRIPS = 8
"""words stripped at most from either end of a clause (``（一）其中：``, ``合计为``): a bound, whatever the text"""
_LIST_HEAD = re.compile(r" *+[，,：:（(]? *+(?:包括|其中|包含)")
"""after a figure, what makes it the head of a list: ``基本支出 353.7万元，包括…``, ``3.6 万元，其中：…``"""
_SPLIT = re.compile(r"\s*+(?:" + _NUMBERING.pattern + ")?其中")
"""a sentence that splits the total of the sentence before: ``其中：财政拨款收入 2495.56万元``"""


class Found(NamedTuple):
    """文中数字: one figure of a text, with offsets into that text (``text == input[start:end]``)."""

    kind: FigureKind
    role: FigureRole
    text: str
    """the number and its unit as printed (``282.9万元``, ``31.26 万元``, ``2022 年 12 月 31 日``)"""
    value: Decimal | None
    """the number, exact (a year for 年度; None for 日期)"""
    unit: str | None
    """计量单位 (``万元``, ``%``, ``人``, ``年``/``年度``); full-width ``％`` is given as ``%``"""
    date: str | None
    """日期 in ISO form (``2022-12-31``, ``2019-05``)"""
    direction: int
    """+1 增加/增长, -1 减少/下降, 0 for a level, a share or 持平"""
    start: int
    end: int
    about: str | None
    """what the figure is said about (``社会保险经办机构``); a change or share takes its level's"""
    about_start: int
    about_end: int
    base: str | None
    """for 占比: the whole (``财政拨款支出``)"""
    scope: str | None
    """the heading a listed figure belongs to (``基本支出`` for ``包括工资福利支出294.15万元``)"""


class _Hit(NamedTuple):
    kind: FigureKind
    start: int
    end: int
    value: Decimal | None
    unit: str | None
    date: str | None = None


_Role = tuple[FigureRole, int, tuple[int, int] | None, tuple[int, int] | None]
"""role, direction, the whole (for 占比) and the subject, as offsets"""
_DATED: _Role = (FigureRole.LEVEL, 0, None, None)
_DATED_KINDS = (FigureKind.YEAR, FigureKind.DATE)


def find_figures(text: str) -> list[Found]:
    """Every figure of ``text`` in order of position: 金额, 百分比, 数量, 年度 and 日期, with role and subject."""
    norm = text.translate(_NORMALISE)
    return _describe(text, norm, _scan(norm))


# -- finding the numbers ----------------------------------------------------------------------------------


def _scan(norm: str) -> list[_Hit]:
    """Each number with a unit, each 年度 and 日期, in order; bare numbers (编号, 科目编码, 电话, 序号) are skipped."""
    hits: list[_Hit] = []
    pos = 0
    while (m := _NUMBER.search(norm, pos)) is not None:
        pos = m.end()
        if not _is_quantity(norm, m):
            continue
        if _is_year(m):
            dated = _date_or_year(norm, m)
            if dated is not None:
                hits.append(dated)
                pos = dated.end
                continue
            years, resume = _enumeration(norm, m)
            hits += [_Hit(FigureKind.YEAR, y.start(), y.end(), Decimal(y.group()), None) for y in years]
            if resume != m.end():
                pos = resume
                continue
        unit = _unit(norm, m)
        if unit is not None:
            hits.append(_Hit(unit[0], m.start(), unit[2], Decimal(m.group().replace(",", "")), unit[1]))
            pos = unit[2]
        elif (
            (dash := _RANGE.match(norm, m.end())) is not None
            and (upper := _NUMBER.match(norm, dash.end())) is not None
            and (unit := _unit(norm, upper)) is not None
        ):  # the lower bound of ``30-320元``: no unit printed
            hits.append(_Hit(unit[0], m.start(), m.end(), Decimal(m.group().replace(",", "")), None))
            pos = upper.start()
    return hits


def _unit(norm: str, m: re.Match[str]) -> tuple[FigureKind, str, int] | None:
    """The kind, unit and end of the figure whose number is ``m``, if a unit follows it (``200余人``, ``3.6 万元``)."""
    if norm[m.end():m.end() + 1] not in _UNIT_STARTS:
        return None
    gap = _GAP.match(norm, m.end())
    at = gap.end() if gap else m.end()
    if norm.startswith(_NOT_UNITS, at):
        return None
    unit = next((u for u in _UNITS.get(norm[at:at + 1], ()) if norm.startswith(u, at)), None)
    return (_KINDS[unit], unit, at + len(unit)) if unit else None


def _is_quantity(norm: str, m: re.Match[str]) -> bool:
    """Not an ordinal (第3), a code (A4, 01, 2080109 has no unit anyway) or the tail of ``.5``."""
    before = norm[m.start() - 1] if m.start() else ""
    if before in ("第", ".") or (before.isascii() and before.isalpha()):
        return False
    return not (m.group()[0] == "0" and m.group()[1:2].isdigit())


def _is_year(m: re.Match[str]) -> bool:
    digits = m.group()
    return len(digits) == 4 and digits.isdigit() and digits[:2] in ("19", "20")


def _date_or_year(norm: str, m: re.Match[str]) -> _Hit | None:
    """年度 ``2023 年`` / ``2023年度``, or 日期 ``2022 年 12 月 31 日`` / ``2019年5月``."""
    year = int(m.group())
    date = _DATE.match(norm, m.end())
    if date is not None and 1 <= int(date.group(1)) <= 12:
        month = int(date.group(1))
        if date.group(2) is not None:
            try:
                day = datetime.date(year, month, int(date.group(2)))
                return _Hit(FigureKind.DATE, m.start(), date.end(), None, None, day.isoformat())
            except ValueError:
                pass
        return _Hit(FigureKind.DATE, m.start(), norm.index("月", date.end(1)) + 1, None, None, f"{year}-{month:02}")
    unit = _YEAR.match(norm, m.end())
    if unit is None:
        return None
    return _Hit(FigureKind.YEAR, m.start(), unit.end(), Decimal(year), unit.group().strip())


def _enumeration(norm: str, m: re.Match[str]) -> tuple[list[re.Match[str]], int]:
    """The bare years before the last of ``2022、2023年``, and where to read on (each number is read at most twice)."""
    chain = [m]
    while _is_year(chain[-1]) and (sep := _ENUMERATION.match(norm, chain[-1].end())) is not None:
        following = _NUMBER.match(norm, sep.end())
        if following is None:
            break
        chain.append(following)
        ends = _date_or_year(norm, following) if _is_year(following) else None
        if ends is not None and ends.kind is FigureKind.YEAR:
            return chain[:-1], following.start()
    return [], chain[-1].start() if len(chain) > 1 else m.end()


# -- what each figure is about ------------------------------------------------------------------------------


def _describe(text: str, norm: str, hits: list[_Hit]) -> list[Found]:
    """Roles, subjects and scopes, sentence by sentence (a sentence ends at 。；!? or a line break)."""
    found: list[Found] = []
    prev_end = 0
    prev: tuple[int, int] | None = None  # the subject of the figure just before in this sentence
    level: tuple[int, int] | None = None  # the subject of the last 数额 in this sentence
    first: tuple[int, int] | None = None  # the subject of the first 数额 in this sentence: a total 其中 may split
    has_first = False
    scope: str | None = None
    for hit in hits:
        clause = _back(norm, prev_end, hit.start, _CLAUSE_ENDS)
        sentence = _back(norm, prev_end, clause, _SENTENCE_ENDS)
        if sentence > prev_end or not found:
            split = first if has_first and found and _follows(norm, prev_end, sentence) else None
            scope = _slice(text, split) if split and _SPLIT.match(norm, sentence) else None
            prev, level, first, has_first = None, None, None, False
        dated = hit.kind in _DATED_KINDS
        role, direction, base, about = _role(norm, prev_end, clause, hit) if not dated else _DATED
        if role is not FigureRole.LEVEL:
            about = about or level or prev  # ``占基本支出的比重为 80%，比上年增长 5 个百分点``
        elif about is None and not dated and clause == prev_end and found and found[-1].kind not in _DATED_KINDS:
            # right after another figure: ``9000封 10000封``, ``30-320元``
            about = prev
        found.append(Found(
            hit.kind, role, text[hit.start:hit.end], hit.value, hit.unit, hit.date, direction, hit.start, hit.end,
            _slice(text, about), about[0] if about else -1, about[1] if about else -1,
            _slice(text, base), None if dated else scope,
        ))
        if not dated and role is FigureRole.LEVEL:
            level = about
            if not has_first:
                first, has_first = about, True
        if not dated and about is not None and _LIST_HEAD.match(norm, hit.end):
            scope = _slice(text, about)
        prev, prev_end = about if not dated else prev, hit.end
    return found


def _back(norm: str, lo: int, i: int, stops: frozenset[str]) -> int:
    """Where the clause or sentence that ``norm[i]`` is in starts, not before ``lo``."""
    while i > lo and norm[i - 1] not in stops:
        i -= 1
    return i


def _role(norm: str, lo: int, a: int, hit: _Hit) -> _Role:
    """占比 (``占财政拨款支出的``), 增减 (``同比减少``, ``下降``) or 数额, from the clause ``norm[a:hit.start]``."""
    b = hit.start
    if hit.kind is FigureKind.PERCENT and (share := _share(norm, a, b)) is not None:
        return FigureRole.SHARE, 0, share[1], _phrase(norm, a, share[0])
    comparator = _COMPARATOR.search(norm, a, b)
    tail = a + len(norm[a:b].rstrip())
    bare = _BARE_CHANGE.search(norm, max(a, tail - 10), tail)
    if bare is not None:
        verb = bare.group(1) or bare.group(2)
        subject_end = comparator.start() if comparator and comparator.start() < bare.start() else bare.start()
        return FigureRole.CHANGE, _DIRECTION.get(verb, -1), None, _phrase(norm, a, subject_end)
    if comparator is not None and (verb_match := _CHANGE_VERB.search(norm, comparator.end(), b)) is not None:
        return FigureRole.CHANGE, _DIRECTION.get(verb_match.group(), -1), None, _phrase(norm, a, comparator.start())
    about = _phrase(norm, a, b)
    if about is None and lo < a and norm[a - 1] in "：:":  # a label and its value: ``资金总额：74万元``
        about = _phrase(norm, _back(norm, lo, a - 1, _CLAUSE_ENDS), a - 1)
    return FigureRole.LEVEL, 0, None, about


def _share(norm: str, a: int, b: int) -> tuple[int, tuple[int, int] | None] | None:
    """Where 占 stands and the whole it names, for ``占…的``, ``占…比重`` and ``占比``; None when no share."""
    at = norm.rfind("占", a, b)
    if at < 0:
        return None
    end = b
    while end > at + 1 and (norm[end - 1].isspace() or norm[end - 1] in "为是达约=≥≤＝"):
        end -= 1
    if end == at + 2 and norm[at + 1] == "比":  # 占比 names no whole
        return at, None
    if norm.endswith(("比重", "比例", "份额"), at + 1, end):
        end -= 2
    elif not norm.endswith("的", at + 1, end):
        return None
    if norm.endswith("的", at + 1, end):
        end -= 1
    return at, _phrase(norm, at + 1, end)


def _phrase(norm: str, a: int, b: int) -> tuple[int, int] | None:
    """The clause ``norm[a:b]`` after any bracket left open, without the words around it that are not its subject."""
    opened: list[int] = []
    for i in range(a, b):
        if norm[i] in _BRACKETS:
            opened.append(i)
        elif norm[i] in _CLOSING:
            if opened and _BRACKETS[norm[opened[-1]]] == norm[i]:
                opened.pop()
            else:
                a, opened = i + 1, []
    if opened:
        a = opened[-1] + 1
    a = _lstrip(norm, a, b)
    b = _rstrip(norm, a, b)
    return (a, b) if any(norm[i].isalnum() for i in range(a, b)) else None


def _lstrip(norm: str, a: int, b: int) -> int:
    for _ in range(_STRIPS):
        a = b - len(norm[a:b].lstrip())
        if (word := _LEADING.match(norm, a, b)) is None:
            break
        a = word.end()
    return a


def _rstrip(norm: str, a: int, b: int) -> int:
    for _ in range(_STRIPS):
        b = a + len(norm[a:b].rstrip())
        word = next((w for w in _TRAILING.get(norm[b - 1:b], ()) if norm.endswith(w, a, b)), None)
        if word is None or (word == "为" and norm.endswith(_WORDS_IN_WEI, a, b)):
            break
        b -= len(word)
    return b


def _follows(norm: str, prev_end: int, sentence: int) -> bool:
    """Whether the sentence before the one starting at ``sentence`` holds the figure ending at ``prev_end``."""
    between = norm[prev_end:sentence].rstrip("".join(_SENTENCE_ENDS) + " \t")
    return not any(c in _SENTENCE_ENDS for c in between)


def _slice(text: str, span: tuple[int, int] | None) -> str | None:
    return text[span[0]:span[1]] if span else None
