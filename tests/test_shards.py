"""Loading in worker processes, and from the filing cache, gives exactly what one process gives."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from generator import shards
from generator.cache import Entry, FilingCache
from generator.load import load_content
from generator.render import render_indexes, render_site
from generator.render.page import Page
from generator.shards import PARALLEL_FROM, Loaded, load_all
from generator.site import static_pages
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


def _same(a: Loaded, b: Loaded) -> None:
    assert [d.as_text() for d in a.found] == [d.as_text() for d in b.found]
    assert a.digests == b.digests
    assert _pages(a.pages) == _pages(b.pages)


def test_parallel_equals_serial_and_render_site(county: Path) -> None:
    serial = load_all(county, ROOT, jobs=1)
    parallel = load_all(county, ROOT, jobs=2)
    _same(serial, parallel)
    assert [d.code for d in serial.found] == ["VAL001"]
    content, found = load_content(county, ROOT)
    assert [d.as_text() for d in found] == [d.as_text() for d in serial.found]
    whole = render_site(content, static_pages(county))
    pieces = render_indexes(serial.content, serial.digests, serial.pages, static_pages(county))
    assert _pages(whole.pages) == _pages(pieces.pages) and whole.nav == pieces.nav
    checked = load_all(county, ROOT, render=False, jobs=2)
    assert checked.pages == () and all(not d.subjects for d in checked.digests)  # a check gathers no subjects
    assert checked.digests == tuple(dataclasses.replace(d, subjects=()) for d in serial.digests)
    assert all(d.subjects for d in serial.digests)


def test_cache_gives_the_same_result_and_follows_every_input(county: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(county, content)
    cache = tmp_path / "cache"
    computed: list[Path] = []
    real_one = shards._one

    def counting(path: Path, *args: object) -> Entry:
        computed.append(path)
        return real_one(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(shards, "_one", counting)
    files = len(list(content.glob("*/*/*-budget.yaml")))

    checked = load_all(content, ROOT, render=False, jobs=1, cache_dir=cache)
    assert len(computed) == files
    cold = load_all(content, ROOT, jobs=1, cache_dir=cache)  # a check stores no pages: render them now
    assert len(computed) == 2 * files
    assert checked.digests == tuple(dataclasses.replace(d, subjects=()) for d in cold.digests)
    computed.clear()
    warm = load_all(content, ROOT, jobs=1, cache_dir=cache)
    assert computed == []
    _same(cold, warm)
    assert load_all(content, ROOT, jobs=1, cache_dir=None).digests == cold.digests
    computed.clear()

    edited = sorted(content.glob("*/*/*-budget.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# 修改\n", encoding="utf-8")
    load_all(content, ROOT, jobs=1, cache_dir=cache)
    assert computed == [edited]  # only the edited filing is loaded again

    computed.clear()
    region = next(content.glob("*/region.yaml"))
    region.write_text(region.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    renamed = load_all(content, ROOT, jobs=1, cache_dir=cache)
    assert len(computed) == files  # every filing depends on the regions
    assert _pages(renamed.pages) != _pages(warm.pages)

    computed.clear()
    for entry in (cache / "filings").glob("*/*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = load_all(content, ROOT, jobs=1, cache_dir=cache)
    assert len(computed) == files  # unreadable entries count as missing
    _same(renamed, again)


def test_cache_key_covers_file_name_and_setup(tmp_path: Path) -> None:
    region = tmp_path / "region.yaml"
    region.write_text("a", encoding="utf-8")
    one = FilingCache(tmp_path / "c", [region])
    assert one.key("x/a.yaml", b"1") != one.key("x/b.yaml", b"1") != one.key("x/a.yaml", b"2")
    region.write_text("b", encoding="utf-8")
    assert FilingCache(tmp_path / "c", [region]).key("x/a.yaml", b"1") != one.key("x/a.yaml", b"1")
