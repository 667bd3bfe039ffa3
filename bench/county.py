"""County-scale benchmark: synthesise, check, build, search, and compare against mkdocs alone.

    python bench/county.py [--sizes 60,120,240] [--years 3] [--seed 1] [--work DIR] [--no-browser]

For each size (number of 预算单位) it:

1. writes a synthetic county with ``gongkai synth`` (timed);
2. runs ``gongkai check --content`` with an empty filing cache (cold), then again (warm);
3. runs ``gongkai build`` with an empty cache (cold) in a wrapper process that reports the peak RSS of the
   build and everything it starts (``getrusage(RUSAGE_CHILDREN)``) and reads the build's own step times
   (mkdocs, search); then again with nothing changed (warm), and after editing one filing (one);
4. in a separate process, loads and renders the same content with the generator's functions (in worker
   processes, as the build does, no cache), writes the same docs tree and generated config, then runs
   ``python -m mkdocs build`` on it alone (timed);
5. serves the built site on 127.0.0.1 and runs each query in headless Chromium, recording the bytes
   downloaded from ``/pagefind/`` and the time to the first result.

It prints a plain table and writes every figure to ``bench/results.json``. Targets are reported, not
asserted. Nothing here is a test; it needs minutes per size.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import itertools
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUERIES = ("社会保险经办机构", "职业年金", "满意度", "三公经费", "2080109")
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
UI_ASSETS = ("pagefind-ui.js", "pagefind-ui.css")
"""loaded by the search page itself; every other /pagefind/ request serves the query"""
TARGET_SIZE = 120
TARGETS = {"build_s": 60.0, "rss_mb": 1024.0, "overhead": 0.25, "doubling": 2.2, "check_s": 5.0, "rules": 0.25,
           "downloads_cold": 0.15, "downloads_warm": 0.05, "doubling_480": 2.1, "charts": 0.10}
STEP = re.compile(r"(\w+) ([\d.]+) 秒")
PAGES = re.compile(r"已生成 (\d+) 个页面")


# ---------------------------------------------------------------- helper modes (run in child processes)

def measure_mode(argv: list[str]) -> int:
    """Run ``argv``; print wall time, CPU time and the peak RSS of it and its descendants as JSON."""
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": result.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "maxrss_kb": usage.ru_maxrss, "stdout": result.stdout, "stderr": result.stderr},
                     ensure_ascii=False))
    return 0


def docs_mode(content: Path, work: Path, profile: bool) -> int:
    """Load, render and write the docs tree and config exactly as ``gongkai build`` does; time each."""
    sys.path.insert(0, str(ROOT))
    import gc

    from generator.pipeline import run
    from generator.site import write_config, write_docs

    gc.disable()  # as the command line does

    profiler = None
    if profile:
        import cProfile
        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    result = run(content, ROOT, downloads=True)  # load, check, extract, render every filing (and its downloads)
    rendered = result.rendered
    assert rendered is not None
    t2 = time.perf_counter()
    write_docs(rendered, work / "docs", files=False)  # as the build writes them: the pages alone
    config = write_config(ROOT, work, rendered, result.settings.title)
    t3 = time.perf_counter()
    if profiler is not None:
        import pstats
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    print(json.dumps({"generation": t2 - t0, "write": t3 - t2, "pages": len(rendered.pages),
                      "config": str(config)}))
    return 0


def charts_mode(content: Path) -> int:
    """Load, check and render every filing in this one process (no cache), with the charts and with them drawn as
    nothing, alternating, best of two each: what drawing the charts costs."""
    sys.path.insert(0, str(ROOT))
    import gc

    from markupsafe import Markup

    import generator.render.document as document
    import generator.render.indexes as indexes
    from generator.pipeline import run

    gc.disable()
    drawn = (document._pictures, indexes.bar_chart)
    nothing = (lambda *args, **kwargs: Markup(""),) * 2
    timed: dict[str, list[float]] = {"with": [], "without": []}
    for _ in range(2):
        for label in ("with", "without"):
            pictures, bars = drawn if label == "with" else nothing
            document._pictures = pictures
            indexes.bar_chart = bars
            start = time.perf_counter()
            run(content, ROOT, jobs=1)
            timed[label].append(time.perf_counter() - start)
            gc.collect()
    print(json.dumps({"with": min(timed["with"]), "without": min(timed["without"])}))
    return 0


# ---------------------------------------------------------------- orchestration

def measured(argv: list[str]) -> dict[str, Any]:
    """Run a command through the measuring wrapper (a fresh process, so RSS is its own)."""
    out = subprocess.run([PYTHON, __file__, "--measure", "--", *argv], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    data: dict[str, Any] = json.loads(out.stdout)
    if data["rc"] not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({data['rc']}):\n{data['stderr'][-3000:]}")
    return data


def gongkai(*args: str) -> list[str]:
    return [PYTHON, "-m", "generator", *args]


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def search_queries(site: Path) -> dict[str, dict[str, Any]]:
    """Each query in a fresh browser context (cold cache): bytes from /pagefind/ and time to first result."""
    from playwright.sync_api import Request, sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in QUERIES:
                context = browser.new_context()
                page = context.new_page()
                finished: list[Request] = []
                page.on("requestfinished", lambda request, seen=finished: seen.append(request))
                start = time.perf_counter()
                page.goto(f"{base}/search/?q={quote(query)}", wait_until="commit")
                page.wait_for_selector(".pagefind-ui__result", timeout=60000)
                first = time.perf_counter() - start
                page.wait_for_load_state("networkidle")
                shown = page.locator(".pagefind-ui__result").count()
                message = page.locator(".pagefind-ui__message").first.text_content() or ""
                query_bytes = index_bytes = ui_bytes = requests = 0
                for request in finished:
                    path = request.url.removeprefix(base).split("?")[0]
                    if not path.startswith("/pagefind/"):
                        continue
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    if path.rsplit("/", 1)[-1] in UI_ASSETS:
                        ui_bytes += size
                        continue
                    requests += 1
                    query_bytes += size
                    if "/index/" in path or "/fragment/" in path or "/filter/" in path or path.endswith("pf_meta"):
                        index_bytes += size
                results[query] = {"first_result_s": first, "query_bytes": query_bytes, "index_bytes": index_bytes,
                                  "ui_bytes": ui_bytes, "requests": requests, "shown": shown,
                                  "message": message.strip()}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def run_size(units: int, years: int, seed: int, work: Path, browser: bool, profile: bool) -> dict[str, Any]:
    base = work / f"county-{units}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    content, site, scratch = base / "content", base / "site", base / "alone"
    row: dict[str, Any] = {"units": units, "years": years, "seed": seed, "loadavg_before": os.getloadavg()}

    log(f"[{units}] synth")
    synth = measured(gongkai("synth", "--units", str(units), "--years", str(years), "--seed", str(seed),
                             "--out", str(content)))
    row["synth_s"] = synth["wall"]
    row["content_mb"] = tree_size(content) / 1e6
    row["filings"] = sum(1 for _ in content.rglob("*-budget.yaml"))

    log(f"[{units}] check, cold and warm")
    check_cache = base / "check-cache"
    check = measured(gongkai("check", "--content", str(content), "--cache", str(check_cache)))
    row.update(check_s=check["wall"], check_cpu_s=check["cpu"], check_rc=check["rc"],
               check_summary=check["stdout"].strip().splitlines()[-1])
    warm_check = measured(gongkai("check", "--content", str(content), "--cache", str(check_cache)))
    row.update(check_warm_s=warm_check["wall"], check_warm_cpu_s=warm_check["cpu"])

    log(f"[{units}] check without cache, with all rules and with rules off (twice each, alternating)")
    timed: dict[str, list[float]] = {"rules": [], "off": []}
    for _ in range(2):
        for label, extra in (("rules", []), ("off", ["--no-rules"])):
            timed[label].append(measured(gongkai("check", "--content", str(content), "--no-cache", *extra))["wall"])
    row.update(check_rules_s=min(timed["rules"]), check_no_rules_s=min(timed["off"]),
               rules_overhead=min(timed["rules"]) / min(timed["off"]) - 1)

    log(f"[{units}] build, cold")
    build_cache = base / "build-cache"
    build = measured(gongkai("build", "--content", str(content), "--out", str(site), "--cache", str(build_cache)))
    summary = build["stdout"].strip().splitlines()[-1]
    steps = {name: float(secs) for name, secs in STEP.findall(summary)}
    pages = PAGES.search(summary)
    row.update(build_s=build["wall"], build_cpu_s=build["cpu"], build_rc=build["rc"],
               rss_mb=build["maxrss_kb"] / 1024, pages=int(pages[1]) if pages else None,
               mkdocs_in_build_s=steps.get("mkdocs"), search_s=steps.get("search"), write_s=steps.get("write"),
               search_after_mkdocs_s=steps.get("search_after_mkdocs", 0.0), build_summary=summary)
    row["site_mb"] = tree_size(site) / 1e6
    row["pagefind_mb"] = tree_size(site / "pagefind") / 1e6
    for label, edit in (("warm", False), ("one", True)):
        if edit:  # a clerk's correction to one filing
            first = sorted(content.glob("*/*/*-budget.yaml"))[0]
            first.write_text(first.read_text(encoding="utf-8") + "\n# 更正\n", encoding="utf-8")
        log(f"[{units}] build, {label}")
        again = measured(gongkai("build", "--content", str(content), "--out", str(site),
                                 "--cache", str(build_cache)))
        again_steps = {name: float(secs) for name, secs in STEP.findall(again["stdout"].strip().splitlines()[-1])}
        row.update({f"build_{label}_s": again["wall"], f"build_{label}_cpu_s": again["cpu"],
                    f"mkdocs_in_build_{label}_s": again_steps.get("mkdocs"),
                    f"search_{label}_s": again_steps.get("search"),
                    f"search_after_mkdocs_{label}_s": again_steps.get("search_after_mkdocs", 0.0)})

    log(f"[{units}] build without downloads, cold and warm")
    bare_cache, bare_site = base / "bare-cache", base / "bare-site"
    for label in ("cold", "warm"):
        bare = measured(gongkai("build", "--content", str(content), "--out", str(bare_site), "--cache",
                                str(bare_cache), "--no-downloads"))
        row[f"build_bare_{label}_s"] = bare["wall"]
    row["bare_site_mb"] = tree_size(bare_site) / 1e6
    row["downloads_mb"] = row["site_mb"] - row["bare_site_mb"]
    row["downloads_cold"] = row["build_s"] / row["build_bare_cold_s"] - 1
    row["downloads_warm"] = row["build_warm_s"] / row["build_bare_warm_s"] - 1
    shutil.rmtree(bare_site, ignore_errors=True)

    log(f"[{units}] generation alone, then mkdocs alone")
    docs_cmd = [PYTHON, __file__, "--docs", str(content), str(scratch)] + (["--profile"] if profile else [])
    docs = subprocess.run(docs_cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    if profile:
        row["profile"] = docs.stderr
        print(docs.stderr, file=sys.stderr)
    phases = json.loads(docs.stdout.strip().splitlines()[-1])
    row.update(docs_write_s=phases["write"], generation_s=phases["generation"])
    alone = measured([PYTHON, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", phases["config"]])
    row.update(mkdocs_alone_s=alone["wall"], mkdocs_alone_rss_mb=alone["maxrss_kb"] / 1024,
               mkdocs_alone_rc=alone["rc"])
    row["overhead"] = overhead(row["build_s"], row["mkdocs_alone_s"], row["search_after_mkdocs_s"])
    row["overhead_warm"] = overhead(row["build_warm_s"], row["mkdocs_alone_s"], row["search_after_mkdocs_warm_s"])
    shutil.rmtree(scratch, ignore_errors=True)

    if units == TARGET_SIZE:
        log(f"[{units}] charts: generation in one process with and without them")
        charts = subprocess.run([PYTHON, __file__, "--charts", str(content)], capture_output=True, text=True,
                                check=True, cwd=ROOT)
        costs = json.loads(charts.stdout.strip().splitlines()[-1])
        row.update(charts_with_s=costs["with"], charts_without_s=costs["without"],
                   charts_s=costs["with"] - costs["without"])
        row["charts_cold"] = row["charts_s"] / row["build_s"]

    if browser:
        log(f"[{units}] queries in headless Chromium")
        row["queries"] = search_queries(site)
    row["loadavg_after"] = os.getloadavg()
    return row


def overhead(build: float, alone: float, after_mkdocs: float) -> float:
    """What the build adds to mkdocs alone, beside the search index: Pagefind runs while mkdocs builds, so
    only the part of it that outlasts mkdocs (``search_after_mkdocs``, as the build reports it) lengthens
    the build, and that part is not gongkai's overhead."""
    return (build - alone - after_mkdocs) / alone


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- report

def report(rows: list[dict[str, Any]]) -> dict[str, Any]:
    lines = []
    head = ("units", "pages", "synth s", "check s", "warm s", "rules s", "off s", "rules +", "gen s", "mkdocs s",
            "search s", "build s", "warm s", "one s", "bare s", "warm s", "dl +", "dl warm", "RSS MB", "site MB",
            "dl MB", "index MB", "alone s", "overhead", "warm")
    lines.append(" ".join(f"{h:>8}" for h in head))
    for r in rows:
        cells = (r["units"], r["pages"], r["synth_s"], r["check_s"], r["check_warm_s"], r["check_rules_s"],
                 r["check_no_rules_s"], f"{r['rules_overhead']:.0%}", r["generation_s"],
                 r["mkdocs_in_build_s"], r["search_s"], r["build_s"], r["build_warm_s"], r["build_one_s"],
                 r["build_bare_cold_s"], r["build_bare_warm_s"], f"{r['downloads_cold']:.0%}",
                 f"{r['downloads_warm']:.0%}", r["rss_mb"], r["site_mb"], r["downloads_mb"], r["pagefind_mb"],
                 r["mkdocs_alone_s"], f"{r['overhead']:.0%}",
                 f"{r['overhead_warm']:.0%}")
        lines.append(" ".join(f"{c:>8.1f}" if isinstance(c, float) else f"{c!s:>8}" for c in cells))
    print("\n".join(lines))
    print("\n(check: cold = empty filing cache, warm = again; rules / off = without cache, with all rules and "
          "with rules off (--no-rules), best of two each, rules + = what the rules add; gen = load, check and "
          "render in worker processes plus index pages; build = wall time of `gongkai build` incl. check, "
          "mkdocs and Pagefind (which runs beside mkdocs), cold, then warm with nothing changed, then one = after "
          "editing one filing; alone = `python -m mkdocs build` on the same docs and config; overhead = (build − "
          "alone − the time Pagefind went on after mkdocs ended) / alone, cold and warm)")

    growth = []
    for small, big in itertools.pairwise(rows):
        factor = big["units"] / small["units"]
        entry = {"from": small["units"], "to": big["units"], "units_factor": factor,
                 "build_factor": big["build_s"] / small["build_s"], "check_factor": big["check_s"] / small["check_s"],
                 "mkdocs_factor": big["mkdocs_alone_s"] / small["mkdocs_alone_s"],
                 "rss_factor": big["rss_mb"] / small["rss_mb"]}
        growth.append(entry)
        print(f"growth {small['units']} -> {big['units']} units (x{factor:g}): build x{entry['build_factor']:.2f}, "
              f"check x{entry['check_factor']:.2f}, mkdocs alone x{entry['mkdocs_factor']:.2f}, "
              f"RSS x{entry['rss_factor']:.2f}")

    for r in rows:
        if "queries" not in r:
            continue
        print(f"\nqueries at {r['units']} units (cold cache; bytes from /pagefind/ except the UI's own js/css):")
        for query, q in r["queries"].items():
            print(f"  {query:<10} {q['query_bytes'] / 1024:8.1f} KB ({q['index_bytes'] / 1024:7.1f} KB index and "
                  f"fragments, {q['requests']} requests)  first result {q['first_result_s']:.2f} s  "
                  f"[{q['message']}]")

    verdicts = targets(rows, growth)
    print()
    for name, verdict in verdicts.items():
        print(f"target {name}: {verdict['detail']} -> {'met' if verdict['met'] else 'NOT met'}")
    return {"growth": growth, "targets": verdicts}


def targets(rows: list[dict[str, Any]], growth: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    at = next((r for r in rows if r["units"] == TARGET_SIZE), None)
    verdicts: dict[str, dict[str, Any]] = {}
    if at is not None:
        verdicts["build time at 120x3"] = {"met": at["build_s"] <= TARGETS["build_s"],
                                           "detail": f"{at['build_s']:.1f} s (<= {TARGETS['build_s']:g} s)"}
        verdicts["peak RSS at 120x3"] = {"met": at["rss_mb"] <= TARGETS["rss_mb"],
                                         "detail": f"{at['rss_mb']:.0f} MB (<= {TARGETS['rss_mb']:g} MB)"}
        verdicts["warm build time at 120x3"] = {"met": at["build_warm_s"] <= TARGETS["build_s"],
                                                "detail": f"{at['build_warm_s']:.1f} s (<= {TARGETS['build_s']:g} s)"}
        for label, key in (("cold", "overhead"), ("warm", "overhead_warm")):
            verdicts[f"overhead at 120x3 ({label})"] = {
                "met": at[key] <= TARGETS["overhead"], "detail": f"{at[key]:.0%} (<= {TARGETS['overhead']:.0%})"}
        for label in ("cold", "warm"):
            key = f"downloads_{label}"
            verdicts[f"downloads at 120x3 ({label})"] = {
                "met": at[key] <= TARGETS[key],
                "detail": f"build {at['build_s' if label == 'cold' else 'build_warm_s']:.1f} s with downloads, "
                          f"{at[f'build_bare_{label}_s']:.1f} s without: +{at[key]:.0%} (<= {TARGETS[key]:.0%}); "
                          f"downloads add {at['downloads_mb']:.0f} MB to the site"}
        if "charts_cold" in at:
            verdicts["charts at 120x3 (cold)"] = {
                "met": at["charts_cold"] <= TARGETS["charts"],
                "detail": f"drawing the charts takes {at['charts_s']:.2f} s of one process's generation "
                          f"({at['charts_with_s']:.1f} s with, {at['charts_without_s']:.1f} s without), "
                          f"{at['charts_cold']:.1%} of the {at['build_s']:.1f} s cold build "
                          f"(<= {TARGETS['charts']:.0%})"}
        verdicts["rules at 120x3"] = {"met": at["rules_overhead"] <= TARGETS["rules"],
                                      "detail": f"check {at['check_rules_s']:.1f} s with all rules, "
                                                f"{at['check_no_rules_s']:.1f} s with rules off: "
                                                f"+{at['rules_overhead']:.0%} (<= {TARGETS['rules']:.0%})"}
        for label, key in (("cold", "check_s"), ("warm", "check_warm_s")):
            verdicts[f"check at 120x3 ({label})"] = {
                "met": at[key] <= TARGETS["check_s"], "detail": f"{at[key]:.1f} s (<= {TARGETS['check_s']:g} s)"}
    for g in growth:
        if g["units_factor"] == 2:
            verdicts[f"doubling {g['from']}->{g['to']}"] = {
                "met": g["build_factor"] <= TARGETS["doubling"],
                "detail": f"build x{g['build_factor']:.2f} (<= x{TARGETS['doubling']:g})"}
            if g["to"] >= 480:  # the navigation must not grow with the county: build and mkdocs alone stay linear
                verdicts[f"doubling {g['from']}->{g['to']} (build and mkdocs alone)"] = {
                    "met": max(g["build_factor"], g["mkdocs_factor"]) <= TARGETS["doubling_480"],
                    "detail": f"build x{g['build_factor']:.2f}, mkdocs alone x{g['mkdocs_factor']:.2f} "
                              f"(<= x{TARGETS['doubling_480']:g})"}
    return verdicts


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--measure"]:
        return measure_mode(args[2:] if args[1:2] == ["--"] else args[1:])
    if args[:1] == ["--docs"]:
        return docs_mode(Path(args[1]), Path(args[2]), "--profile" in args)
    if args[:1] == ["--charts"]:
        return charts_mode(Path(args[1]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,120,240", help="numbers of units, comma-separated")
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=None, help="scratch directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the generated content and sites")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium query measurements")
    parser.add_argument("--profile", action="store_true", help="cProfile the load and render phase")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    opts = parser.parse_args(args)
    sizes = [int(s) for s in opts.sizes.split(",") if s.strip()]
    work = opts.work or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    rows = []
    started = time.perf_counter()
    try:
        for units in sizes:
            rows.append(run_size(units, opts.years, opts.seed, work, not opts.no_browser, opts.profile))
            partial = {"command": " ".join(["python", "bench/county.py", *args]), "partial": True, "sizes": rows}
            opts.json.write_text(json.dumps(partial, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            if not opts.keep:
                shutil.rmtree(work / f"county-{units}", ignore_errors=True)
    finally:
        if not opts.keep and opts.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    summary = report(rows)
    result = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "platform": platform.platform()},
              "command": " ".join(["python", "bench/county.py", *args]),
              "bench_wall_s": time.perf_counter() - started, "sizes": rows, **summary}
    opts.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwritten to {opts.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
