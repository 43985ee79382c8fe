"""``python -m jekyll_book search HTML_DIR QUERY``: the site's own search, in node.

The query runs through the JavaScript the site ships (its
``_static/language_data.js``) over its chunked index, so the answer is the
search page's answer, ranked the same, from a terminal or a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

RUNNER = Path(__file__).parents[1] / "search_ko" / "cli_runner.js"


class SearchError(RuntimeError):
    pass


def run_search(
    html_dir: str | os.PathLike[str], queries: list[str], **options: Any
) -> list[dict[str, Any]]:
    """Results per query (see cli_runner.js) from the built site in ``html_dir``."""
    node = shutil.which("node")
    if node is None:
        raise SearchError("node (Node.js 18 or newer) is needed to run the site's search")
    html = Path(html_dir)
    if not (html / "_static" / "search-ko" / "index.js").is_file():
        raise SearchError(
            f"{html}: no _static/search-ko/index.js; build the site with jekyll_book "
            "(language = \"ko\") first, e.g. `make html`"
        )
    with tempfile.TemporaryDirectory(prefix="jekyll-search-") as tmp:
        qfile = Path(tmp, "queries.json")
        qfile.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        ofile = Path(tmp, "options.json")
        ofile.write_text(json.dumps(options, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.run(
            [node, str(RUNNER), str(html), str(qfile), str(ofile)],
            capture_output=True,
            text=True,
            encoding="utf-8",
        )
    if proc.returncode:
        raise SearchError(proc.stderr.strip() or f"node exited with {proc.returncode}")
    return json.loads(proc.stdout)["results"]


def format_result(result: dict[str, Any]) -> str:
    lines = []
    kinds = {"tag": "태그", "category": "카테고리"}
    for label in result["labels"]:
        lines.append(f"{kinds[label['kind']]}: {label['name']} · {label['count']}개 글  ({label['url']})")
    lines.append(f"{result['total']}개 문서: {result['query']}")
    for rank, item in enumerate(result["items"], 1):
        meta = " · ".join(filter(None, [item["date"], ", ".join(item["tags"])]))
        lines.append(f"{rank:2}. {item['title']}  [{item['url']}]" + (f"  {meta}" if meta else ""))
        lines.append(f"    {item['snippet']}")
        for section in item["sections"]:
            lines.append(f"    › {section['title']}  [{item['url']}#{section['anchor']}]")
    return "\n".join(lines)


def _run(args: argparse.Namespace) -> int:
    options = {"limit": args.limit, "year": args.year, "tag": args.tag, "sort": args.sort}
    try:
        results = run_search(args.html_dir, [" ".join(args.query)], **options)
    except SearchError as err:
        print(f"jekyll_book search: {err}")
        return 2
    if args.json:
        print(json.dumps(results[0], ensure_ascii=False, indent=2))
    else:
        print(format_result(results[0]))
    return 0 if results[0]["total"] else 1


def add_search_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "search",
        help="search a built site with its own JavaScript search (node)",
        description="Run QUERY through the search the site in HTML_DIR ships and print "
        "the ranked results: page, title, date, tags, snippet ([matched] forms) and "
        "matched sections. Exit 1 when nothing matches, 2 when the search cannot run.",
    )
    parser.add_argument("html_dir", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("query", nargs="+", help="the query (several words allowed)")
    parser.add_argument("--json", action="store_true", help="print JSON for machines")
    parser.add_argument("--limit", type=int, default=10, help="results to print (default 10)")
    parser.add_argument("--year", default="", help="only pages of this year")
    parser.add_argument("--tag", default="", help="only pages with this tag")
    parser.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    parser.set_defaults(func=_run)
