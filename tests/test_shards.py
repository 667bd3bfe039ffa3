"""Loading in worker processes, and from the filing cache, gives exactly what one process gives; the cache holds
data that cannot run code."""

from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path

import pytest

from generator import shards
from generator.cache import Entry, FilingCache
from generator.facts import codec
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



def test_cache_gives_the_same_result_and_follows_every_input(county: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(county, content)
    cache = tmp_path / "cache"
    computed: list[Path] = []
    real = shards.compute

    def counting(path: Path, *args: object) -> Entry:
        computed.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "compute", counting)
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
