"""How `gongkai check` scales with the size of one filing, up to the size limit (load/nodes.py MAX_BYTES).

Grows 寻乌's 2023 filing by copies of its project forms (each copy with its own ids, so every form is checked,
extracted and compared like the originals) to a quarter, a half and all of the limit, and prints the wall time and
peak memory of `gongkai check` on each, measured in one run.

    .venv/bin/python bench/filing_size.py
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load.nodes import MAX_BYTES  # noqa: E402

SOURCE = ROOT / "content" / "xunwu" / "xunwu-sbfwzx" / "2023-budget.yaml"


def grown(text: str, size: int) -> str:
    """The filing with copies of its project forms appended until it is about ``size`` bytes."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("project_forms:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "#"))),
               len(lines))
    forms = "\n".join(lines[start + 1:end])
    head, tail = "\n".join(lines[:end]), "\n".join(lines[end:])
    copies, copy = [], 0
    total = len(text.encode("utf-8"))
    while True:
        copy += 1
        block = re.sub(r"(\bid: )(p\d+)", lambda m, n=copy: f"{m[1]}c{n}-{m[2]}", forms)
        added = len(block.encode("utf-8")) + 1
        if total + added > size:
            break
        copies.append(block)
        total += added
    return head + "\n" + "\n".join(copies) + "\n" + tail


def measure(content: Path) -> tuple[float, float, str]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--no-cache", "--jobs", "1",
                             "--content", str(content)], capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(result.stderr[-2000:])
    return wall, peak, result.stdout.strip().splitlines()[-1]


def main() -> int:
    text = SOURCE.read_text(encoding="utf-8")
    print(f"size limit {MAX_BYTES / 1e6:.2f} MB; the filing as published is {len(text.encode()) / 1e3:.0f} KB")
    for share in (0.25, 0.5, 1.0):
        work = Path(tempfile.mkdtemp(prefix="gongkai-size-"))
        try:
            content = work / "content"
            folder = content / "xunwu" / "xunwu-sbfwzx"
            folder.mkdir(parents=True)
            shutil.copy(ROOT / "content" / "site.yaml", content / "site.yaml")
            shutil.copy(ROOT / "content" / "xunwu" / "region.yaml", content / "xunwu" / "region.yaml")
            big = grown(text, int(MAX_BYTES * share) - 1024)
            (folder / "2023-budget.yaml").write_text(big, encoding="utf-8")
            wall, peak, summary = measure(content)
            print(f"{len(big.encode()) / 1e6:5.2f} MB: check {wall:5.2f} s, peak RSS {peak:6.0f} MB  [{summary[:90]}]")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
