"""How the chunked search index scales: bytes before the first result, index size, query time.

    python benchmarks/search_bench.py                    # 1,000 and 5,000 generated posts
    python benchmarks/search_bench.py --sizes 1000 --keep /tmp/sb --reuse

For each size: generate posts (benchmarks/generate.py, padded to a real
review's size), build a jekyll_book site (basic theme: the book theme's
sidebar lists every post on every page), then

- total index size: every file of ``_static/search-ko/`` (and Sphinx's own
  ``searchindex.js``, which the search page no longer loads, for comparison);
- bytes loaded before the first result of each typical query, counted by
  the site's own engine in node (``python -m jekyll_book search``'s runner:
  the files the page loads, in its order, up to the first result's page
  file), plus ``language_data.js`` (the engine itself);
- query time in headless Chromium over a local HTTP server: time from the
  query to the first result shown (files loading included) and to the
  whole first page of results, and the same query run again in the page
  (files cached: the engine's own time).

A benchmark, not a test: it prints a table and writes
benchmarks/SEARCH_RESULTS.md; exit status 1 when the 300 kB target is missed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate import POST_BYTES, generate_posts  # noqa: E402
from jekyll_book.cli.search import run_search  # noqa: E402

TARGET_BYTES = 300_000
QUERIES = [
    "쿠버네티스 배포",
    "카프카",
    "캐시 전략을",
    "레디스 장애 대응",
    "모니터링 지표를 개선했다",
    "데이터 파이프라인",
    "검색 클러스터 운영",
    "결제 시스템",
]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip

CONF = """\
project = "검색 벤치마크"
language = "ko"
extensions = ["jekyll_book"]
include_patterns = ["index.md", "docs/**"]
myst_heading_anchors = 6
html_theme = "basic"
jekyll_posts_dir = "docs/posts"
jekyll_timezone = "Asia/Seoul"
jekyll_search_glossary = ["카프카 = Kafka", "쿠버네티스 = Kubernetes = k8s", "레디스 = Redis"]
"""
INDEX = "# 검색 벤치마크\n\n```{post-list}\n:limit: 20\n```\n"


def build(count: int, work: Path, reuse: bool) -> tuple[Path, float]:
    src, out = work / f"n{count}" / "src", work / f"n{count}" / "html"
    if reuse and (out / "_static/search-ko/index.js").is_file():
        return out, 0.0
    shutil.rmtree(work / f"n{count}", ignore_errors=True)
    generate_posts(src / "docs" / "posts", count, seed=11, size=POST_BYTES)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(INDEX, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "auto", str(src), str(out)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    return out, time.perf_counter() - start


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def chromium_times(html: Path, queries: list[str]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in queries:
                page = browser.new_page()  # a new page: nothing of the index cached
                page.goto(f"{base}search.html?q={quote(query)}")
                page.wait_for_function(
                    "() => self.KOREAN_SEARCH_STATS && (self.KOREAN_SEARCH_STATS.ready || self.KOREAN_SEARCH_STATS.error)",
                    timeout=120_000,
                )
                stats = page.evaluate("() => self.KOREAN_SEARCH_STATS")
                # the same query again in the page, its files loaded: the engine's own time
                warm = page.evaluate(
                    """async (q) => {
                        const P = KoreanSearchPage;
                        const store = new P.Store((n) => Promise.resolve(self.KOREAN_SEARCH_DATA[n]));
                        const stemmer = new Stemmer();
                        const opts = {store, stem: (w) => stemmer.stemWord(w), stopwords: new Set(stopwords)};
                        await P.search(q, opts);
                        const t = performance.now();
                        for (let i = 0; i < 5; i++) await P.search(q, {...opts, view: undefined});
                        return (performance.now() - t) / 5;
                    }""",
                    query,
                )
                out.append({**stats, "warmMs": warm})
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def measure(count: int, work: Path, reuse: bool, browser: bool) -> dict:
    html, seconds = build(count, work, reuse)
    folder = html / "_static" / "search-ko"
    files = list(folder.glob("*.js"))
    engine = (html / "_static" / "language_data.js").stat().st_size
    node = run_search(html, QUERIES, limit=10)
    row = {
        "posts": count,
        "build_s": seconds,
        "index_files": len(files),
        "index_bytes": sum(f.stat().st_size for f in files),
        "page_files_bytes": sum(f.stat().st_size for f in folder.glob("d*.js")),
        "sphinx_index_bytes": (html / "searchindex.js").stat().st_size,
        "engine_bytes": engine,
        "queries": [
            {
                "query": r["query"],
                "results": r["total"],
                "bytes_before_first": r["bytesBeforeFirst"],
                "files_before_first": len(r["files"]),
            }
            for r in node
        ],
    }
    if browser:
        for q, t in zip(row["queries"], chromium_times(html, QUERIES), strict=True):
            q.update(first_ms=t.get("firstResultMs"), done_ms=t.get("doneMs"), warm_ms=t["warmMs"])
            sizes = {f.stem: f.stat().st_size for f in files}
            q["browser_bytes_before_first"] = sum(sizes.get(n, 0) for n in t.get("filesBeforeFirst", []))
    return row


def report(rows: list[dict]) -> list[str]:
    lines = [
        "# Search index at scale",
        "",
        "`make search-bench` (benchmarks/search_bench.py): generated posts of about "
        f"{POST_BYTES:,} bytes, jekyll_book site, basic theme. Bytes before the first result are the "
        "index files the search page loads for a query up to its first result (counted by the "
        "site's own engine; the same in Chromium), plus the engine (`language_data.js`, loaded "
        "once). Query times are medians over the queries, in headless Chromium over a local "
        "HTTP server: query → first result shown / whole first page (index files loading "
        "included), and the engine alone on a repeated query.",
        "",
        "| posts | index files | index total | of which page texts | Sphinx's searchindex.js | "
        "engine JS | before 1st result: median / max | first result ms | first page ms | engine ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        qs = row["queries"]
        before = [q["bytes_before_first"] for q in qs]
        med = lambda key: statistics.median(q[key] for q in qs) if key in qs[0] else float("nan")  # noqa: E731
        lines.append(
            f"| {row['posts']:,} | {row['index_files']:,} | {row['index_bytes'] / 1e6:.1f} MB "
            f"| {row['page_files_bytes'] / 1e6:.1f} MB | {row['sphinx_index_bytes'] / 1e6:.2f} MB "
            f"| {row['engine_bytes'] / 1e3:.0f} kB | {statistics.median(before) / 1e3:.0f} / "
            f"{max(before) / 1e3:.0f} kB (+ engine) | {med('first_ms'):.0f} | {med('done_ms'):.0f} "
            f"| {med('warm_ms'):.1f} |"
        )
    lines += ["", "Per query (bytes before the first result, without the engine):", ""]
    lines.append("| query | " + " | ".join(f"{r['posts']:,} posts" for r in rows) + " |")
    lines.append("|---|" + "---|" * len(rows))
    for i, q in enumerate(QUERIES):
        cells = []
        for r in rows:
            x = r["queries"][i]
            ms = f", {x['first_ms']:.0f} ms" if x.get("first_ms") is not None else ""
            cells.append(f"{x['bytes_before_first'] / 1e3:.0f} kB ({x['results']} results{ms})")
        lines.append(f"| {q} | " + " | ".join(cells) + " |")
    return lines


#: what follows this line in the output file was written by hand and is kept
NOTES_MARKER = "<!-- notes: kept by search_bench.py -->"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--keep", type=Path, help="build in (and keep) this folder")
    parser.add_argument("--reuse", action="store_true", help="reuse builds found in --keep")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    parser.add_argument("--output", type=Path, default=HERE / "SEARCH_RESULTS.md")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = []
        for count in args.sizes:
            row = measure(count, work, args.reuse, not args.no_browser)
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append(row)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    lines = report(rows)
    print("\n".join(lines))
    # notes written by hand below the marker are kept
    kept = ""
    if args.output.is_file():
        text = args.output.read_text(encoding="utf-8")
        if NOTES_MARKER in text:
            kept = "\n" + text[text.index(NOTES_MARKER):]
    args.output.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")
    worst = max(q["bytes_before_first"] for r in rows for q in r["queries"]) + max(r["engine_bytes"] for r in rows)
    met = worst <= TARGET_BYTES
    print(f"\ntarget ≤ {TARGET_BYTES / 1e3:.0f} kB before the first result (engine included): "
          f"{'met' if met else 'MISSED'} (worst {worst / 1e3:.0f} kB)")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
