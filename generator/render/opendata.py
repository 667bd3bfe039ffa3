"""Open data for the whole site: ``datapackage.json`` and the 数据下载 page.

``datapackage.json`` is a Frictionless Data Package v2 published at the **site root**, so that every resource
path is relative to it and needs no ``..`` (which v2 forbids): the site-wide tidy tables ``data/facts.csv`` and
``data/indicators.csv``, then each published table as ``<region>/<unit>/<year>/data/tables/<table>.csv``
(``downloads.table_file``). The archive ``data/gongkai-data.zip`` should hold the same paths, so that the
descriptor at its root describes it too.

Every resource has its Table Schema: the tidy tables take theirs from ``downloads.FACT_FIELDS`` and
``downloads.INDICATOR_FIELDS``; a table's fields are its printed column label paths (``table_resource``). The
facts table also carries a Fiscal Data Package (0.3) ``model``: its measure (金额（元）, in CNY) and its
dimensions (地区, 单位, 年度, 科目, 栏目 …), each attribute naming the column it comes from.

The render stage has no clock: the build time comes from the caller (``built_on``)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from generator.model.extract import Extract
from generator.model.filing import Filing, Settings
from generator.model.kind import FilingKind
from generator.model.org import Region
from generator.model.tables import BudgetTable, ColumnRole
from generator.render import urls
from generator.render.downloads import (
    FACT_FIELDS,
    FORM_FIELDS,
    INDICATOR_FIELDS,
    Field,
    cell_text,
    csv_text,
    fact_rows,
    facts_file,
    form_rows,
    forms_file,
    indicator_rows,
    indicators_file,
    label_paths,
    package_file,
    published,
    table_csv,
    table_file,
    unique_labels,
    workbook_file,
)
from generator.render.escape import Escaper
from generator.render.page import Builder, Page, list_table
from generator.render.page import anchor as _a
from generator.render.workbook import workbook

DATAPACKAGE = "datapackage.json"
"""where the descriptor is published: the site root (resource paths are relative to it)"""
FACTS = "data/facts.csv"
"""every fact of the site (header: ``FACT_FIELDS``)"""
INDICATORS = "data/indicators.csv"
"""every performance indicator of the site (header: ``INDICATOR_FIELDS``)"""
ARCHIVE = "data/gongkai-data.zip"
"""every download of the site in one archive"""

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
NAME = "gongkai-budgets"
"""the package's identifier (v2: it SHOULD NOT change between builds)"""
VERSION = "1.0.0"
ENCODING = "utf-8"
"""the IANA name v2 asks for; readers (frictionless, pandas, readr) drop the byte order mark of UTF-8"""
DIALECT: dict[str, Any] = {"header": True, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"',
                           "doubleQuote": True}
"""how ``downloads.csv_text`` writes"""
MISSING = [""]
"""a blank cell is the only missing value (a 0 is a 0)"""

_TYPE_WORDS = {"string": "文字", "number": "数字", "integer": "整数"}


# -- the tables of the filings ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableResource:
    """One published table CSV as ``datapackage.json`` describes it."""

    path: str
    """relative to the site root (``xunwu/xunwu-sbfwzx/2023/data/expenditure.csv``)"""
    title: str
    """表名 as printed"""
    unit: str
    """单位名称"""
    region: str
    """地区名称"""
    year: int
    """预算年度"""
    fields: tuple[tuple[str, str], ...]
    """(header label, Table Schema type) of each column, in printed order"""
    kind: FilingKind = FilingKind.BUDGET
    money_unit: str = ""
    """金额单位 of the table's amounts (``万元``)"""


def table_resource(region: Region, filing: Filing, table: BudgetTable) -> TableResource:
    """The resource of one table's CSV (``downloads.table_csv``): a field per leaf column, named by its label
    path, ``number`` for an amount column whose written cells are all amounts or blank, ``string`` otherwise
    (codes, names, labels, text, and an amount column holding text the loader could not read)."""
    leaves = table.leaves()
    rows = [row for row in table.rows if len(row.cells) == len(leaves)]  # the rows table_csv writes
    types = []
    for index, column in enumerate(leaves):
        numeric = column.role is ColumnRole.AMOUNT and all(
            row.cells[index].amount is not None or cell_text(row.cells[index], column.role) == "" for row in rows)
        types.append("number" if numeric else "string")
    org = region.organisation(filing.unit)
    unit_name = org.name if org is not None else filing.unit_name or filing.unit
    return TableResource(table_file(region, filing, table.anchor), table.title, unit_name, region.name,
                         filing.fiscal_year, tuple(zip(unique_labels(label_paths(table.columns)), types, strict=True)),
                         filing.kind, table.unit.value)


# -- datapackage.json ---------------------------------------------------------------------------------------


def datapackage(settings: Settings, tables: Sequence[TableResource], built_on: str, *,
                has_indicators: bool = True, more: Sequence[dict[str, Any]] = ()) -> str:
    """The JSON text of ``datapackage.json``: the site-wide facts and indicators, then every table given.

    ``built_on`` is the build's date and time, RFC 3339 with its offset (``2024-05-01T08:00:00+08:00``);
    ``has_indicators`` false leaves out ``data/indicators.csv`` (when the site publishes none)."""
    descriptor: dict[str, Any] = {
        "$schema": PROFILE,
        "name": NAME,
        "title": settings.title,
        "description": _description(settings),
        "version": VERSION,
        "created": _created(built_on),
        "keywords": ["部门预算", "预算公开", "政府收支分类科目", "绩效目标", "budget", "fiscal data"],
    }
    licence = licence_descriptor(settings.licence)
    if licence is not None:
        descriptor["licenses"] = [licence]
    descriptor["sources"] = [{"title": settings.publisher or settings.title}]
    descriptor["countryCode"] = "CN"  # Fiscal Data Package: the country the budgets are of
    descriptor["granularity"] = "aggregated"
    resources = [_resource("facts", FACTS, "全部金额", _FACTS_DESCRIPTION, _schema(FACT_FIELDS))]
    if has_indicators:
        resources.append(_resource("indicators", INDICATORS, "绩效指标", _INDICATORS_DESCRIPTION,
                                   _schema(INDICATOR_FIELDS)))
    names = {"facts", "indicators"}
    for table in tables:
        name = _resource_name(table.path, names)
        resources.append(_resource(name, table.path, _table_title(table), _table_description(table),
                                   {"fields": [{"name": label, "type": kind} for label, kind in table.fields],
                                    "missingValues": MISSING}))
    for resource in more:  # already described (a filing's own package)
        resources.append({**resource, "name": _resource_name(resource["path"], names)})
    descriptor["resources"] = resources
    descriptor["model"] = fiscal_model()
    return json.dumps(descriptor, ensure_ascii=False, separators=(",", ":")) + "\n"


def filing_package(region: Region, filing: Filing, extract: Extract) -> str:
    """The JSON text of a filing's own ``data/datapackage.json``: its tables, facts and indicators, with paths
    relative to its ``data/`` folder. The site's package takes every filing's resources from these."""
    data = f"{urls.filing_dir(region, filing)}/data/"
    names = {"facts", "indicators"}
    resources = [_resource("facts", "facts.csv", "全部金额", _FACTS_DESCRIPTION, _schema(FACT_FIELDS))]
    if extract.indicators:
        resources.append(_resource("indicators", "indicators.csv", "绩效指标", _INDICATORS_DESCRIPTION,
                                   _schema(INDICATOR_FIELDS)))
    if filing.project_forms:
        resources.append(_resource("forms", "forms.csv", "项目支出绩效目标表", _FORMS_DESCRIPTION,
                                   _schema(FORM_FIELDS)))
    names.add("forms")
    for table in filing.tables:
        resource = table_resource(region, filing, table)
        resources.append(_resource(_resource_name(resource.path, names), resource.path.removeprefix(data),
                                   _table_title(resource), _table_description(resource),
                                   {"fields": [{"name": label, "type": kind} for label, kind in resource.fields],
                                    "missingValues": MISSING}))
    org = region.organisation(filing.unit)
    title = f"{region.name} {org.name if org else filing.unit} {filing.fiscal_year} 年{filing.kind.title}"
    descriptor = {"$schema": PROFILE, "name": _resource_name(data.rstrip("/") + ".csv", set()), "title": title,
                  "resources": resources}
    return json.dumps(descriptor, ensure_ascii=False, separators=(",", ":")) + "\n"


def site_package(settings: Settings, filings: Sequence[tuple[str, str]], built_on: str, *,
                 has_indicators: bool = True) -> str:
    """The site's ``datapackage.json`` from the filings' own: (the filing's ``data/`` folder on the site, the JSON
    text of its package); each filing's tables become resources of the site's package (its facts and indicators
    are in the site-wide tables)."""
    tables: list[dict[str, Any]] = []
    for folder, text in filings:
        for resource in json.loads(text)["resources"]:
            if resource["name"] not in ("facts", "indicators"):  # those are in the site-wide tables
                tables.append({**resource, "path": folder + resource["path"]})
    return datapackage(settings, (), built_on, has_indicators=has_indicators, more=tables)


def _created(built_on: str) -> str:
    try:
        moment = datetime.fromisoformat(built_on)
    except ValueError:
        moment = None
    if moment is None or "T" not in built_on or moment.tzinfo is None:
        raise ValueError(f"built_on must be an RFC 3339 date-time with its offset, not {built_on!r}")
    return built_on


def _description(settings: Settings) -> str:
    text = ("各地区部门预算、部门决算公开文件的开放数据：每张公开表照原表转录为一个 CSV 文件，"
            "全站每一个金额和每一项绩效指标各汇成一张整洁表（data/facts.csv、data/indicators.csv）。"
            "数字照公开文件原样转录，原文中的错误也照录；本站的核查发现列在各文件页面的“数据核查”一节。")
    if licence_descriptor(settings.licence) is None and settings.licence.strip():
        text += f"数据许可：{settings.licence.strip()}"
    return text


_FACTS_DESCRIPTION = ("每行一个公开表或绩效目标表中印出的金额，以它的含义（哪张表、哪一行、哪一栏）定位。"
                      "value 以表的金额单位计、保留印出的小数位；yuan 折算为元。")
_INDICATORS_DESCRIPTION = "每行一项绩效指标（一级、二级、三级指标和指标值），照原文。"
_FORMS_DESCRIPTION = "每行一张项目支出绩效目标表：项目名称、主管部门、实施单位、资金和年度目标，照原文。"


def _schema(fields: Sequence[Field]) -> dict[str, Any]:
    return {"fields": [{"name": f.name, "title": f.title, "description": f.description, "type": f.type}
                       for f in fields],
            "missingValues": MISSING}


def _resource(name: str, path: str, title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "type": "table", "path": path, "title": title, "description": description,
            "format": "csv", "mediatype": "text/csv", "encoding": ENCODING, "dialect": DIALECT, "schema": schema}


def _resource_name(path: str, taken: set[str]) -> str:
    """``xunwu/xunwu-sbfwzx/2023/data/tables/expenditure.csv`` -> ``xunwu.xunwu-sbfwzx.2023.expenditure``: lowercase
    letters, digits, ``-``, ``_`` and ``.`` (the v1 pattern, which every reader accepts), unique."""
    stem = path.removesuffix(".csv").replace("/data/tables/", "/").replace("/", ".").lower()
    base = re.sub(r"[^-a-z0-9._]+", "-", stem).strip("-.") or "table"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    taken.add(name)
    return name


def _table_title(table: TableResource) -> str:
    return f"{table.region} {table.unit} {table.year} 年{table.kind.title}：{table.title}"


def _table_description(table: TableResource) -> str:
    unit = f"金额单位：{table.money_unit}。" if table.money_unit else ""
    return (f"{table.title}，照原表转录：第一行是表头（多级表头的各级栏目以“/”连接），其后各行依原表次序。"
            f"编码照原表印出的完整编码，金额保留印出的小数位。{unit}")


# -- licences -----------------------------------------------------------------------------------------------

_CC = re.compile(r"^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$", re.IGNORECASE)
_OTHER_LICENCES = {
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "PDDL-1.0": "https://opendatacommons.org/licenses/pddl/1-0/",
    "ODC-BY-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "ODBL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
}
_SPDX_SPELLING = {"CC0-1.0": "CC0-1.0", "PDDL-1.0": "PDDL-1.0", "ODC-BY-1.0": "ODC-By-1.0", "ODBL-1.0": "ODbL-1.0"}
_LICENCE_NAME = re.compile(r"^[-a-zA-Z0-9._]+$")
"""the pattern of a v2 licence ``name`` (an Open Definition / SPDX identifier)"""


def licence_descriptor(text: str) -> dict[str, str] | None:
    """A v2 licence from the site's 数据许可: the common Creative Commons and Open Data Commons identifiers with
    their address, any other identifier as its name; None for words that are no identifier (a v2 licence needs
    a name or a path: the words then go into the package's description)."""
    text = text.strip()
    cc = _CC.match(text)
    if cc is not None:
        kind, version = cc[1].upper(), cc[2]
        return {"name": f"CC-{kind}-{version}", "title": f"CC {kind} {version}",
                "path": f"https://creativecommons.org/licenses/{kind.lower()}/{version}/"}
    known = _OTHER_LICENCES.get(text.upper())
    if known is not None:
        return {"name": _SPDX_SPELLING[text.upper()], "path": known}
    if _LICENCE_NAME.match(text):
        return {"name": text, "title": text}
    return None


def licence_url(text: str) -> str | None:
    """The licence's address, when it is one the site knows."""
    found = licence_descriptor(text)
    return found.get("path") if found is not None else None


# -- the Fiscal Data Package model of the facts table -------------------------------------------------------

Attribute = tuple[str, str, str | None]
"""(attribute, source column, the attribute it labels)"""

_MEASURE = "yuan"
"""the one measure: the amount in yuan. ``value`` is no measure: its factor (万元 or 元) varies from row to row"""

_DIMENSIONS: tuple[tuple[str, str, tuple[Attribute, ...], tuple[str, ...]], ...] = (
    ("location", "location",
     (("id", "region", None), ("title", "region_name", "id"), ("code", "region_code", None)), ("id",)),
    ("administrator", "entity",
     (("id", "unit", None), ("title", "unit_name", "id"), ("department", "department", None)), ("id",)),
    ("fiscal-year", "datetime", (("year", "year", None),), ("year",)),
    ("kind", "other", (("code", "kind", None),), ("code",)),
    ("table", "other", (("id", "table", None), ("title", "table_title", "id")), ("id",)),
    ("row", "other", (("key", "row", None), ("printed", "printed_name", "key")), ("key",)),
    ("chart-of-accounts", "classification", (("scheme", "scheme", None), ("code", "code", None),
                                             ("title", "official_name", "code")), ("scheme", "code")),
    ("measure", "other", (("code", "measure", None), ("title", "measure_title", "code")), ("code",)),
    ("printed", "fact", (("text", "printed", None), ("value", "value", None), ("unit", "money_unit", None)),
     ("text",)),
    ("source", "fact", (("file", "file", None), ("line", "line", None), ("column", "column", None)),
     ("file", "line", "column")),
)


def fiscal_model() -> dict[str, Any]:
    """The Fiscal Data Package ``model`` of ``data/facts.csv``: every column is the measure or an attribute of
    one dimension."""
    dimensions: dict[str, Any] = {}
    for name, kind, attributes, key in _DIMENSIONS:
        described: dict[str, Any] = {}
        for attribute, source, label_for in attributes:
            described[attribute] = {"source": source, "resource": "facts"}
            if label_for is not None:
                described[attribute]["labelfor"] = label_for
        dimensions[name] = {"dimensionType": kind, "attributes": described, "primaryKey": list(key)}
    return {"measures": {"amount": {"source": _MEASURE, "resource": "facts", "currency": "CNY", "factor": 1,
                                    "title": "金额（元）"}},
            "dimensions": dimensions}


# -- the 数据下载 page --------------------------------------------------------------------------------------


def downloads_page(settings: Settings, esc: Escaper, has_indicators: bool = True) -> Page:
    """数据下载: what can be downloaded, the CSV conventions, the columns of the tidy tables (from ``FACT_FIELDS``
    and ``INDICATOR_FIELDS``, so the page cannot drift from the files) and the licence. ``has_indicators`` false
    leaves out ``data/indicators.csv`` (when the site publishes no performance forms)."""
    path = urls.downloads()
    b = Builder(esc)
    b.heading(1, "数据下载")
    b.html(Markup('<p class="gk-lead">{}</p>').format(
        "本站公开的每一张表、每一个金额和每一项绩效指标都可以下载，用于核对、汇总和研究。"
        "数字照公开文件原样转录，原文中的错误也照录，不作更正。"))
    _files(b, path, esc, has_indicators)
    _conventions(b)
    b.heading(2, "facts.csv 的各列", "facts")
    b.html(Markup("<p>{}</p>").format(
        "每行是公开表或绩效目标表中印出的一个金额，以它的含义定位：哪张表（table）、哪一行（row）、哪一栏"
        "（measure）。每份公开文件的 facts.csv 也是这些列；工作簿的“数据”工作表为便于阅读只取其中的表名、科目编码、"
        "表中印作、栏目、金额和金额单位。"))
    b.html(_fields_table(FACT_FIELDS))
    if has_indicators:
        b.heading(2, "indicators.csv 的各列", "indicators")
        b.html(Markup("<p>{}</p>").format(
            "每行是绩效目标表中的一项指标。每份公开文件的 indicators.csv 也是这些列。"))
        b.html(_fields_table(INDICATOR_FIELDS))
    _package(b, path, esc)
    _licence(b, path, settings, esc)
    return b.page(path)


def _list(items: Sequence[Markup | str]) -> Markup:
    return Markup("<ul>{}</ul>").format(Markup("").join(Markup("<li>{}</li>").format(item) for item in items))


def _files(b: Builder, path: str, esc: Escaper, has_indicators: bool) -> None:
    b.heading(2, "可以下载什么", "files")
    site = [(FACTS, "全站每一个金额")]
    if has_indicators:
        site.append((INDICATORS, "全站每一项绩效指标"))
    site += [(ARCHIVE, "压缩包，含全站和每份公开文件的全部下载文件"),
             (DATAPACKAGE, "数据包说明，列出每个 CSV 文件和它的各列（见下文）")]
    b.html(_list((
        Markup("<strong>每张公开表</strong>：表名下方的“本表 CSV”，照原表转录：第一行是表头"
               "（多级表头的各级栏目以“/”连接），其后各行依原表次序。"),
        Markup("<strong>每份公开文件</strong>（文件首页的“下载”一栏）：Excel 工作簿，每张公开表一个工作表，"
               "照原表的版式，另有“说明”和“数据”（本文件的每一个金额）工作表；"
               "本文件的 facts.csv，有绩效目标表的还有 indicators.csv 和 forms.csv"
               "（每张项目支出绩效目标表一行：项目名称、主管部门、实施单位、资金和年度目标）；"
               "本文件的数据包说明 data/datapackage.json；"
               "以及本文件的 JSON 数据，格式见{}页。").format(
            _a(urls.link(path, urls.data_format()), "数据格式", esc)),
        Markup("<strong>全站</strong>：{}").format(_list([
            Markup("{}：{}").format(_a(urls.file_link(path, file), file, esc), what) for file, what in site])),
    )))


def _conventions(b: Builder) -> None:
    b.heading(2, "CSV 文件的约定", "csv")
    b.html(_list((
        "UTF-8 编码，带字节顺序标记（BOM），Windows 上的 Excel 可以直接打开，中文不会乱码；"
        "逗号分隔，行尾为 CRLF，含逗号、引号或换行的值加英文双引号。",
        "编码照完整编码写出，是文字而不是数字（如 20801；原表只印“01”的也写完整编码）。"
        "Excel 可能把它显示为数字：需要保留原样时，请用“数据→自文本/CSV”导入并把编码列设为文本，或使用工作簿。",
        "金额照原表的小数位写出，不加千位分隔符（如 2495.56）。每张表的金额单位见该表的网页和 datapackage.json；"
        "facts.csv 的 money_unit 列是每个金额的单位，yuan 列已折算为元。",
        "空白单元格照样为空，印作 0 的照样为 0：空白不等于 0。",
    )))


def _fields_table(fields: Sequence[Field]) -> Markup:
    return list_table(("列名", "名称", "说明", "类型"), [
        (Markup("<code>{}</code>").format(f.name), f.title, f.description, _TYPE_WORDS.get(f.type, f.type))
        for f in fields])


def _package(b: Builder, path: str, esc: Escaper) -> None:
    b.heading(2, "数据包说明", "datapackage")
    b.html(Markup("<p>{}</p>").format(Markup(
        "{} 按 Frictionless Data Package（v2）的格式列出全站的每个 CSV 文件（路径相对于网站根目录）和各列的名称、"
        "说明、类型，可以用 frictionless 等工具读取和校验（<code>frictionless validate datapackage.json</code>）。"
        "facts.csv 另按 Fiscal Data Package 标明：金额（元，人民币 CNY）为度量，地区、单位、年度、科目、栏目等为维度。"
    ).format(_a(urls.file_link(path, DATAPACKAGE), "datapackage.json", esc))))


def _licence(b: Builder, path: str, settings: Settings, esc: Escaper) -> None:
    b.heading(2, "许可和说明", "licence")
    words = settings.licence.strip()
    address = licence_url(words)
    # the licence's address as text: a page of the site links no other host
    licence = (Markup("{}（{}）").format(esc.html(words), address) if address is not None
               else esc.html(words or "未写明"))
    b.html(_list((
        Markup("数据许可：{}。使用时请注明来源：{}。").format(licence, esc.html(settings.publisher or settings.title)),
        Markup("数字照公开文件原样转录，原文中的错误也照录，不作更正。本站的核查发现列在各文件页面的“数据核查”一节，"
               "全站汇总见{}页。").format(_a(urls.link(path, urls.checks()), "数据核查", esc)),
        "每个金额都注明了它在内容文件中的位置（file、line、column 列），可以逐一核对。",
    )))


def filing_downloads(filing: Filing, extract: Extract, region: Region, mask: bool = True) -> list[tuple[str, bytes]]:
    """Every download of one filing, as (path on the site, content): each table as CSV, the filing's facts,
    indicators and project forms as tidy CSV, its workbook (XLSX) and its data package; with ``mask`` (the site's
    setting), personal numbers in their texts masked as on the pages."""
    facts = published(FACT_FIELDS, fact_rows(extract, region), mask)
    indicators = published(INDICATOR_FIELDS, indicator_rows(extract), mask) if extract.indicators else []
    files = [(table_file(region, filing, table.anchor), table_csv(table, mask).encode("utf-8"))
             for table in filing.tables]
    files.append((facts_file(region, filing), csv_text([f.name for f in FACT_FIELDS], facts).encode("utf-8")))
    if indicators:
        files.append((indicators_file(region, filing),
                      csv_text([f.name for f in INDICATOR_FIELDS], indicators).encode("utf-8")))
    if filing.project_forms:
        files.append((forms_file(region, filing), csv_text(
            [f.name for f in FORM_FIELDS], published(FORM_FIELDS, form_rows(filing, extract), mask)).encode("utf-8")))
    files.append((workbook_file(region, filing), workbook(filing, extract, region, mask, facts)))
    files.append((package_file(region, filing), filing_package(region, filing, extract).encode("utf-8")))
    return files
