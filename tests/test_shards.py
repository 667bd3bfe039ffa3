"""Loading in worker processes, and from the filing cache, gives exactly what one process gives; the cache holds
data that cannot run code."""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import pickle
import re
import shutil
from pathlib import Path

import pytest

from generator import shards
from generator.cache import Entry, FilingCache
from generator.facts import codec
from generator.model.extract import Extract
from generator.pipeline import Result, run
from generator.render.page import Page
from generator.shards import PARALLEL_FROM
from generator.synth import write_county

from .conftest import ROOT


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic county with one broken amount, large enough to be loaded in parallel."""
    content = tmp_path_factory.mktemp("county") / "content"
    write_county(content, units=9, years=3, seed=3)
    files = sorted(content.glob("*/*/*-budget.yaml"))
    assert len(files) >= PARALLEL_FROM
    text = files[5].read_text(encoding="utf-8")
    files[5].write_text(re.sub(r'"\d+\.\d\d"', '"12x.50"', text, count=1), encoding="utf-8")
    return content


def _pages(pages: tuple[Page, ...] | list[Page]) -> list[tuple[str, str, str, str]]:
    return [(p.path, p.text, p.title, p.body) for p in pages]


def _same(a: Result, b: Result) -> None:
    assert [d.as_text() for d in a.found] == [d.as_text() for d in b.found]
    assert a.extracts == b.extracts
    assert a.rendered is not None and b.rendered is not None
    assert _pages(a.rendered.pages) == _pages(b.rendered.pages) and a.rendered.nav == b.rendered.nav
    assert _files(a) == _files(b)


def _files(result: Result) -> list[tuple[str, str]]:
    """The published files and their texts (kept in memory, or linked from the cache)."""
    assert result.rendered is not None
    return [(path, source.read_text(encoding="utf-8") if isinstance(source, Path) else source)
            for path, source in result.rendered.files]


def _entries(cache: Path) -> list[Path]:
    """The entry files (not the extract documents beside them)."""
    return sorted(p for p in (cache / "filings").glob("*/*.json") if not p.name.endswith(".extract.json"))


def test_parallel_equals_serial(county: Path) -> None:
    serial = run(county, ROOT, jobs=1)
    parallel = run(county, ROOT, jobs=2)
    _same(serial, parallel)
    assert [d.code for d in serial.found] == ["VAL001"]
    checked = run(county, ROOT, render=False, jobs=2)
    assert checked.rendered is None
    assert checked.extracts == serial.extracts  # a check extracts the same facts


def test_what_crosses_processes_is_text(county: Path) -> None:
    """The extract crosses as JSON text, the pages as plain strings: data, never objects."""
    path = sorted(county.glob("*/*/*-budget.yaml"))[0]
    settings_regions = run(county, ROOT, render=False, jobs=1).regions
    entry = shards.compute(path, ROOT, settings_regions, True)
    assert type(entry.head) is str and type(entry.document) is str and type(entry.index) is str
    assert entry.pages and all(type(p) is tuple and len(p) == 4 and all(type(x) is str for x in p)
                               for p in entry.pages)
    text = entry.document
    document = json.loads(text)
    assert document["format"] == "gongkai-extract" and document["version"] == 1
    assert codec.dumps(codec.loads(text)) == text  # the text is exactly the extract
    lazy = codec.from_head(entry.head, lambda: text)
    assert lazy == codec.loads(text) and json.loads(entry.head).items() <= document.items()



def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The filings computed (in this process) from now on."""
    computed: list[Path] = []
    real = shards.compute

    def counting(path: Path, *args: object) -> Entry:
        computed.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "compute", counting)
    return computed


def test_cache_gives_the_same_result_and_follows_every_input(county: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(county, content)
    cache = tmp_path / "cache"
    computed = _counting(monkeypatch)
    files = len(list(content.glob("*/*/*-budget.yaml")))

    checked = run(content, ROOT, render=False, jobs=1, cache=cache)
    assert len(computed) == files
    cold = run(content, ROOT, jobs=1, cache=cache)  # a check stores no pages: render them now
    assert len(computed) == 2 * files
    assert checked.extracts == cold.extracts
    computed.clear()
    warm = run(content, ROOT, jobs=1, cache=cache)
    assert computed == []
    _same(cold, warm)
    _same(run(content, ROOT, jobs=1, cache=None), cold)
    computed.clear()

    edited = sorted(content.glob("*/*/*-budget.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# 修改\n", encoding="utf-8")
    run(content, ROOT, jobs=1, cache=cache)
    following = edited.with_name(f"{int(edited.name[:4]) + 1}-budget.yaml")
    assert following.is_file()
    # only the edited filing is loaded again, and the unit's next year, whose rules compare with it (its 上年)
    assert computed == [edited, following]

    computed.clear()
    region = next(content.glob("*/region.yaml"))
    region.write_text(region.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    renamed = run(content, ROOT, jobs=1, cache=cache)
    assert len(computed) == files  # every filing depends on the regions
    assert renamed.rendered is not None and warm.rendered is not None
    assert _pages(renamed.rendered.pages) != _pages(warm.rendered.pages)

    computed.clear()
    entries = _entries(cache)
    assert len(entries) >= files and not list((cache / "filings").glob("*/*.pickle"))  # old keys stay a while
    for entry in entries:
        entry.write_bytes(b"not an entry")
    again = run(content, ROOT, jobs=1, cache=cache)
    assert len(computed) == files  # unreadable entries count as missing
    _same(renamed, again)


class _Planted:
    """What an attacker would put in a pickle: unpickling it runs ``touch``."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        import os

        return os.system, (f"touch {self.target}",)


def _plant(cache: Path, payload: bytes | str) -> list[Path]:
    """Write ``payload`` over every entry (and beside it, under the old pickle name)."""
    planted = []
    for entry in _entries(cache):
        data = payload if isinstance(payload, bytes) else payload.encode()
        entry.write_bytes(data)
        entry.with_suffix(".pickle").write_bytes(data)
        planted.append(entry)
    return planted


def test_a_crafted_cache_entry_runs_nothing_and_is_recomputed(county: Path, tmp_path: Path) -> None:
    """A shared or restored CI cache is not trusted: a pickle that runs a command when loaded, an entry filed
    under another filing's key and an extract with a mistyped value are all refused and recomputed."""
    content = tmp_path / "content"
    shutil.copytree(county, content)
    cache = tmp_path / "cache"
    clean = run(content, ROOT, jobs=1, cache=cache)
    marker = tmp_path / "pwned"
    assert _plant(cache, pickle.dumps(_Planted(marker)))
    for render in (False, True):  # a plain `gongkai check` reads the cache too
        again = run(content, ROOT, render=render, jobs=1, cache=cache)
        assert not marker.exists(), "loading the cache ran code"
        assert again.extracts == clean.extracts

    entries = _entries(cache)
    first, second = entries[0].read_text(encoding="utf-8"), entries[1].read_text(encoding="utf-8")
    entries[0].write_text(second, encoding="utf-8")  # a valid entry, filed under another filing's key
    entries[1].write_text(first.replace('"unit":{"id":"', '"unit":{"id":7, "x":"', 1), encoding="utf-8")
    _same(run(content, ROOT, jobs=1, cache=cache), clean)


def test_entries_are_keyed_on_the_bytes_that_were_loaded(tmp_path: Path) -> None:
    region = tmp_path / "region.yaml"
    region.write_text("a", encoding="utf-8")
    one = FilingCache(tmp_path / "c", [region])
    assert one.key("x/a.yaml", b"1") != one.key("x/b.yaml", b"1") != one.key("x/a.yaml", b"2")
    region.write_text("b", encoding="utf-8")
    assert FilingCache(tmp_path / "c", [region]).key("x/a.yaml", b"1") != one.key("x/a.yaml", b"1")
    one.put("k" * 64, Entry("{}", "{}"))
    document = one.folder / "kk" / f"{'k' * 64}.extract.json"  # type: ignore[operator]
    assert one.get("k" * 64, need_pages=False) == Entry("{}", document) and document.read_text() == "{}"
    assert one.get("k" * 64, need_pages=True) is None  # only checked: no pages for a build
    pages = (("a.md", "# 甲\n\n<p>\"x\"</p>\n", "甲", "<h1>甲</h1>"), ("b/index.md", "", "", "乙\n"))
    one.put("p" * 64, Entry("{}", None, "[]", pages))
    assert one.get("p" * 64, need_pages=True) == Entry("{}", None, "[]", pages)  # texts as they were
    stored = one.folder / "pp" / f"{'p' * 64}.json"  # type: ignore[operator]
    stored.write_bytes(stored.read_bytes()[:-1])  # a page text one character short
    assert one.get("p" * 64, need_pages=True) is None
    assert one.get("j" * 64, need_pages=False) is None
    (tmp_path / "c" / "filings" / "kk" / f"{'k' * 64}.json").rename(tmp_path / "c" / "filings" / "kk" / "moved.json")
    assert one.get("k" * 64, need_pages=False) is None


# -- downloads made after the pages ----------------------------------------------------------------------------


def _own_downloads(result: Result) -> dict[str, bytes]:
    """Each filing's downloads (under a filing's ``data/`` folder, and its workbook), by site path."""
    assert result.rendered is not None
    files = [*result.rendered.files, *(result.rendered.later() if result.rendered.later is not None else ())]
    return {path: source.read_bytes() if isinstance(source, Path) else source if isinstance(source, bytes)
            else source.encode() for path, source in files if "/data/" in path or path.endswith(".xlsx")}


def test_downloads_made_after_the_pages_are_those_made_with_them(county: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers hand back every filing's pages first and make the downloads afterwards, on what cores the rest of
    the build leaves idle: the same bytes as one process making them with the pages, stored with their entries."""
    serial = run(county, ROOT, jobs=1, downloads=True)
    cache = tmp_path / "cache"
    later = run(county, ROOT, jobs=2, cache=cache, downloads=True, defer=True)
    assert later.rendered is not None and later.rendered.later is not None
    assert not any(path.endswith(".xlsx") for path, _ in later.rendered.files)  # not yet: still being made
    _same_pages(serial, later)
    expected = _own_downloads(serial)
    assert expected and _own_downloads(later) == expected
    assert {p.name for p in cache.rglob("*") if p.is_dir() and p.suffix == ".tmp"} == set()  # no scratch left

    computed = _counting(monkeypatch)
    warm = run(county, ROOT, jobs=1, cache=cache, downloads=True, defer=True)  # (one process: every call counted)
    assert computed == []  # every entry was stored with its downloads
    assert warm.rendered is not None and warm.rendered.later is not None
    assert _own_downloads(warm) == expected


def _same_pages(a: Result, b: Result) -> None:
    assert a.rendered is not None and b.rendered is not None
    assert _pages(a.rendered.pages) == _pages(b.rendered.pages) and a.rendered.nav == b.rendered.nav


def _failing(kind: str, victim: str) -> object:
    """``filing_downloads`` that fails for one filing (``kind``: raise, or end the process)."""
    from generator.render import opendata

    real = opendata.filing_downloads

    def failing(filing: object, extract: Extract, *args: object) -> object:
        if extract.identity.file.endswith(victim):
            if kind == "exit":
                os._exit(3)
            raise RuntimeError("下载文件出错（测试）")
        return real(filing, extract, *args)  # type: ignore[arg-type]

    return failing


@pytest.mark.parametrize("kind", ["raise", "exit"])
def test_a_worker_failing_on_the_downloads_fails_the_build_and_keeps_the_site(
        county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    from generator.render import opendata
    from generator.site import Timings, build_site

    content = tmp_path / "content"
    shutil.copytree(county, content)
    for path in content.glob("*/*/*-budget.yaml"):  # no errors: the build would be refused before the downloads
        path.write_text(path.read_text(encoding="utf-8").replace('"12x.50"', '"12.50"'), encoding="utf-8")
    victim = sorted(content.glob("*/*/*-budget.yaml"))[-1]
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("旧网站", encoding="utf-8")
    monkeypatch.setattr(opendata, "filing_downloads", _failing(kind, victim.name))  # the workers are forked
    with pytest.raises(shards.WorkerError) as failed:  # while the pages are made, or once they are published
        result = run(content, ROOT, jobs=2, cache=tmp_path / "cache", downloads=True, defer=True)
        assert result.rendered is not None and not result.broken
        build_site(ROOT, result.rendered, out, "测试", Timings(), search=False)
    assert ("下载文件出错（测试）" if kind == "raise" else "意外退出") in str(failed.value)
    assert (out / "index.html").read_text(encoding="utf-8") == "旧网站"
    assert multiprocessing.active_children() == []


def test_the_command_says_a_worker_failed_and_publishes_nothing(county: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli
    from generator.render import opendata

    content = tmp_path / "content"
    shutil.copytree(county, content)
    for path in content.glob("*/*/*-budget.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"12x.50"', '"12.50"'), encoding="utf-8")
    victim = sorted(content.glob("*/*/*-budget.yaml"))[0]
    monkeypatch.setattr(opendata, "filing_downloads", _failing("raise", victim.name))  # the workers are forked
    out = tmp_path / "site"
    try:
        code = cli.main(["build", "--project", str(ROOT), "--content", str(content), "--out", str(out),
                         "--cache", str(tmp_path / "cache"), "--no-search", "--jobs", "2"])
    finally:
        gc.enable()  # a build turns the cycle collector off for its process
    err = capsys.readouterr().err
    assert code == 1 and "下载文件出错（测试）" in err and "Traceback" not in err, err
    assert not out.exists() and multiprocessing.active_children() == []


def test_a_build_that_publishes_nothing_stops_the_workers(county: Path, tmp_path: Path) -> None:
    result = run(county, ROOT, jobs=2, cache=tmp_path / "cache", downloads=True, defer=True)
    assert result.broken and result.rendered is not None and result.rendered.later is not None
    result.rendered.later.stop()
    assert multiprocessing.active_children() == []


def test_a_filings_downloads_are_stored_whole(tmp_path: Path) -> None:
    """The downloads go into their folder in one rename; a folder that is there already has its files replaced,
    never rewritten in place (a published site may link them)."""
    cache = FilingCache(tmp_path / "c", [])
    entry = Entry("{}", None, "[]", (), (("a/data/x.csv", b"1"), ("a/x.xlsx", b"22")))
    assert cache.put("f" * 64, entry)
    first = cache.file("f" * 64, 0)
    linked = tmp_path / "linked"
    os.link(first, linked)
    assert cache.put("f" * 64, Entry("{}", None, "[]", (), (("a/data/x.csv", b"3"), ("a/x.xlsx", b"44"))))
    assert first.read_bytes() == b"3" and cache.file("f" * 64, 1).read_bytes() == b"44"
    assert linked.read_bytes() == b"1"  # the old file, still whole where the site linked it
    assert cache.get("f" * 64, need_pages=True) is not None
    assert [p.name for p in (tmp_path / "c").rglob("*.tmp")] == []
