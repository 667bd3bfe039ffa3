"""How check and build scale with the number of organisations in one region.yaml (issue 14: a region file of a
few thousand one-line organisations must not cost the square of their number).

    .venv/bin/python bench/organisations.py --counts 750,1500,3000 [--build]

Writes a content tree per count under a temporary folder (one region, N one-line organisations, the demo filing of
tests/test_hostile.py), times `gongkai check` and (with --build) `gongkai build --no-search --no-cache`, prints a
table and the growth per doubling (about 2 is linear, about 4 quadratic)."""

from __future__ import annotations

import argparse
import itertools
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_hostile import SITE_YAML, SMALL_FILING  # noqa: E402


def region(count: int) -> str:
    lines = ['region:', '  code: "110101"', "  slug: demo", "  name: 示例县", "  organisations:",
             "    - {id: demo-dept, name: 示例局, role: department, code: \"101\"}",
             "    - {id: demo-unit, name: 示例中心, role: unit, parent: demo-dept}"]
    lines += [f"    - {{id: unit-{i:05d}, name: 示例县第{i}号预算单位服务中心, role: unit, parent: demo-dept}}"
              for i in range(count - 2)]
    return "\n".join(lines) + "\n"


def timed(*args: str) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(result.stdout[-2000:] + result.stderr[-2000:])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counts", default="750,1500,3000")
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as base:
        for count in (int(c) for c in args.counts.split(",")):
            content = Path(base) / f"c{count}"
            (content / "demo" / "demo-unit").mkdir(parents=True)
            (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
            (content / "demo" / "region.yaml").write_text(region(count), encoding="utf-8")
            (content / "demo" / "demo-unit" / "2023-budget.yaml").write_text(SMALL_FILING, encoding="utf-8")
            check = timed("check", "--content", str(content), "--no-cache", "--jobs", "1")
            build = timed("build", "--content", str(content), "--out", str(Path(base) / f"s{count}"), "--no-search",
                          "--no-cache", "--jobs", "1") if args.build else float("nan")
            rows.append((count, check, build))
            print(f"{count:>6} organisations: check {check:6.2f} s, build {build:6.2f} s", flush=True)
    for (a, ca, ba), (b, cb, bb) in itertools.pairwise(rows):
        print(f"{a} -> {b}: check x{cb / ca:.2f}, build x{bb / ba:.2f}")


if __name__ == "__main__":
    main()
