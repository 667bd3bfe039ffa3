"""The checker's pages: 核查规则 (every rule, its principle and an example), 数据核查 (every finding of the site, by
region, unit and rule) and 公开情况 (per region and year: which units have published, and when)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from markupsafe import Markup

from generator.check import RULES
from generator.check.context import CheckRule
from generator.check.coverage import DAYS, Status, statuses
from generator.diagnostics import Severity
from generator.model.extract import CheckStatus, Extract
from generator.model.filing import Content
from generator.model.kind import FilingKind
from generator.model.org import Region
from generator.render import urls
from generator.render.escape import Escaper
from generator.render.findings import SEVERITY_WORDS, findings_of
from generator.render.indexes import year_label
from generator.render.page import ABOUT_THE_SITE, Builder, Page, facts_table, list_table
from generator.render.page import anchor as _a


def rules_page(esc: Escaper) -> Page:
    path = urls.rules()
    b = Builder(esc, weight=ABOUT_THE_SITE)
    b.heading(1, "核查规则")
    b.html(Markup('<p class="gk-lead">{}</p>').format(
        "本站在发布前用下列规则核对每一份公开文件。规则按数字的含义（哪张表、哪一行、哪一栏）比较，与表的版式无关，"
        "也不为某一份文件特设。核查只报告，不改动原文：公开文件照原样呈现，发现标在相关的表行、段落和绩效目标表旁。"
        "原文如此、文件中已写明原因的，注明“说明”。要核对的内容文件中没有的，规则记为“不适用”，不算通过。"))
    families: dict[str, list[CheckRule]] = {}
    for rule in RULES:
        families.setdefault(rule.family, []).append(rule)
    b.html(list_table(("规则", "名称", "类别", "级别"), [
        (Markup('<a href="#{}">{}</a>').format(r.code, r.code), r.title, r.family, SEVERITY_WORDS[r.severity])
        for r in RULES]))
    for number, (family, rules) in enumerate(families.items(), 1):
        b.heading(2, family, f"family-{number}")
        for rule in rules:
            b.heading(3, f"{rule.code} {rule.title}", rule.code)
            b.html(facts_table((
                ("级别", Markup(SEVERITY_WORDS[rule.severity])),
                ("核对什么", esc.html(rule.principle)),
                ("发现示例", Markup('<span class="gk-example">{}</span>').format(esc.html(rule.example))),
                ("怎样改", esc.html(rule.hint)),
            )))
    return b.page(path)


def checks_page(content: Content, filings: Sequence[Extract], esc: Escaper) -> Page:
    path = urls.checks()
    b = Builder(esc, weight=ABOUT_THE_SITE)
    b.heading(1, "数据核查")
    checked = [f for f in filings if f.checks]
    found = {id(f): findings_of(f) for f in checked}
    every = [d for f in checked for d in found[id(f)]]
    explained = sum(1 for d in every if d.acknowledged is not None)
    not_run = sum(1 for f in checked if any(o.status is CheckStatus.NOT_RUN for o in f.checks))
    b.html(Markup('<p class="gk-lead">{}</p>').format(
        f"本站用 {len(RULES)} 条核查规则核对了 {len(checked)} 份公开文件，共有 {len(every)} 处发现"
        + (f"，其中 {explained} 处文件已写明原因（原表如此等）" if explained else "")
        + (f"；{not_run} 份文件有格式错误，未能核查" if not_run else "") + "。"))
    statuses_links = Markup("、").join(_a(urls.link(path, urls.status(r, d.year, d.kind)),
                                          f"{r.name} {d.year} 年公开情况", esc)
                                       for r in content.regions for d in r.disclosures)
    b.html(Markup("<p>{}；{}</p>").format(_a(urls.link(path, urls.rules()), "每条规则核对什么、为什么必须成立", esc),
                                          statuses_links or "各地区未列出公开年度"))
    by_rule: Counter[str] = Counter(d.code for d in every)
    units: Counter[str] = Counter()
    for f in checked:
        for code in {d.code for d in found[id(f)]}:
            units[code] += 1
    if by_rule:
        b.heading(2, "按规则", "by-rule")
        b.html(list_table(("规则", "名称", "发现", "文件数"), [
            (_a(urls.link(path, urls.rules(), r.code), r.code, esc), r.title, str(by_rule[r.code]), str(units[r.code]))
            for r in RULES if by_rule[r.code]]))
    for region in content.regions:
        mine = sorted((f for f in checked if region.organisation(f.unit) is not None),
                      key=lambda f: (f.unit, -f.fiscal_year, f.kind.value))
        if not mine:
            continue
        b.heading(2, region.name, f"region-{region.slug}")
        rows = []
        for f in mine:
            org = region.organisation(f.unit)
            assert org is not None
            items = found[id(f)]
            open_ = sum(1 for d in items if d.acknowledged is None and d.severity is not Severity.INFO)
            rows.append((esc.html(org.name), year_label(f),
                         _a(urls.link(path, urls.filing(region, f), "checks"), f"{len(items)} 处", esc),
                         str(open_), _status_words(f)))
        b.html(list_table(("单位", "年度", "发现", "未说明的警告和错误", "规则结果"), rows))
        listed = [(f, number, d) for f in mine for number, d in enumerate(found[id(f)], 1)]
        if listed:
            lines = []
            for f, number, d in listed:
                org = region.organisation(f.unit)
                assert org is not None
                note = Markup("（说明：{}）").format(esc.html(d.acknowledged)) if d.acknowledged else Markup("")
                lines.append(Markup('<li class="gk-finding gk-{}"><a class="gk-rule" href="{}">{}</a> {} {} 年：{}{} '
                                    '<a href="{}">查看</a></li>').format(
                    d.severity.value, urls.link(path, urls.rules(), d.code), d.code, esc.html(org.name),
                    f.fiscal_year, esc.html(d.message), note,
                    urls.link(path, urls.filing(region, f), f"chk-{number}")))
            b.html(Markup('<details class="gk-region-findings"><summary>{} 的全部发现（{} 处）</summary>'
                          '<ul class="gk-findings">{}</ul></details>').format(
                esc.html(region.name), len(listed), Markup("").join(lines)))
    return b.page(path)


def _status_words(f: Extract) -> str:
    counts = Counter(o.status for o in f.checks)
    if counts[CheckStatus.NOT_RUN]:
        return "未运行（文件有错误）"
    return (f"通过 {counts[CheckStatus.PASSED]}，有发现 {counts[CheckStatus.FOUND]}，"
            f"不适用 {counts[CheckStatus.NOT_APPLICABLE]}")


def status_pages(content: Content, filings: Sequence[Extract], esc: Escaper) -> list[Page]:
    """公开情况: one page per region and year it publishes."""
    by_page: dict[tuple[str, int, str], list[Status]] = {}
    for status in statuses(content.regions, filings):
        by_page.setdefault((status.region.slug, status.year, status.kind.value), []).append(status)
    pages = []
    for region in content.regions:
        for disclosure in region.disclosures:
            rows = by_page.get((region.slug, disclosure.year, disclosure.kind.value), [])
            pages.append(_status_page(region, disclosure.year, disclosure.kind, rows, esc))
    return pages


def _status_page(region: Region, year: int, kind: FilingKind, rows: list[Status], esc: Escaper) -> Page:
    path = urls.status(region, year, kind)
    b = Builder(esc, weight=ABOUT_THE_SITE)
    b.heading(1, f"{region.name} {year} 年{kind.title}公开情况")
    published = [s for s in rows if s.filing is not None]
    late = [s for s in published if s.late_days is not None]
    undated = [s for s in published if s.filing is not None and not (s.filing.identity.approved_on
                                                                      and s.filing.identity.published_on)]
    facts = [("预算单位", Markup(str(len(rows)))), ("已公开", Markup(str(len(published)))),
             ("未公开", Markup(str(len(rows) - len(published)))),
             ("逾期公开", Markup(f"{len(late)}（批复后超过 {DAYS} 天）")),
             ("日期未写明", Markup(str(len(undated))))]
    b.html(facts_table(facts))
    b.html(Markup("<p>{}</p>").format(
        f"部门预算应在批复后 {DAYS} 日内公开（财预〔2016〕143号）。下表列出本地区登记的每个预算单位：未公开的排在前面，"
        "其次是逾期公开的。批复日期和公开日期取自公开文件；文件没有写明的，无法判断是否按时。"))

    def order(s: Status) -> tuple[int, int, str]:
        rank = 0 if s.filing is None else 1 if s.late_days is not None else 2
        return (rank, -(s.late_days or 0), s.org_id)

    table_rows = []
    for s in sorted(rows, key=order):
        org = region.organisation(s.org_id)
        parent = region.organisation(org.parent) if org is not None and org.parent else None
        name = _a(urls.link(path, urls.unit(region, s.org_id)), s.name, esc)
        if s.filing is None:
            table_rows.append((name, esc.html(parent.name if parent else ""), Markup('<strong class="gk-missing">'
                               "未公开</strong>"), "", "", "", ""))
            continue
        f = s.filing
        approved, out = f.identity.approved_on or "", f.identity.published_on or ""
        if s.late_days is not None:
            timing = Markup('<strong class="gk-late">逾期 {} 天</strong>').format(s.late_days)
        elif approved and out:
            timing = Markup("按时")
        else:
            timing = Markup("日期未写明")
        items = findings_of(f)
        table_rows.append((name, esc.html(parent.name if parent else ""),
                           _a(urls.link(path, urls.filing(region, f)), "已公开", esc), approved, out, timing,
                           _a(urls.link(path, urls.filing(region, f), "checks"), f"{len(items)} 处", esc)))
    b.html(list_table(("单位", "主管部门", "公开", "批复日期", "公开日期", "是否按时", "数据核查"), table_rows))
    return b.page(path)
