"""The summary line that ends a lenient build, clean and incremental."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from jekyll_book.report import summary

ROOT = Path(__file__).parent / "roots" / "test-lossless"
BAD = "---\ntitle: 문제 글\n---\n\n<script>x()</script>\n\n{% include gone.html %}\n"


@pytest.mark.parametrize(
    ("problems", "unlocated", "line"),
    [
        ({}, [], "jekyll_book: no problems in 7 pages"),
        ({"a": [("warning", "html", 3)]}, [],
         "jekyll_book: 1 post has 1 problem (html 1) — make check lists them"),
        ({"a": [("warning", "html", 3), ("error", "encoding", 1)], "b": [("warning", "image", 2)],
          "c": []}, [],
         "jekyll_book: 2 posts have 3 problems (1 error, encoding 1, html 1, image 1) — make check "
         "lists them"),
        ({}, [("warning", "config", 0)],
         "jekyll_book: the site's settings have 1 problem (config 1) — make check lists them"),
        ({"a": [("warning", "html", 3)]}, [("warning", "config", 0)],
         "jekyll_book: 1 post and the site's settings have 2 problems (config 1, html 1) — make "
         "check lists them"),
    ],
)
def test_summary(problems, unlocated, line) -> None:
    assert summary(problems, unlocated, 7) == line


def _build(src: Path) -> tuple[str, str]:
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp("html", srcdir=src, status=status, warning=warning)
    try:
        app.build()
    finally:
        app.cleanup()
    closing = [line for line in status.getvalue().splitlines() if line.startswith("jekyll_book: ")
               and "problem" in line]
    assert len(closing) == 1, status.getvalue()
    return closing[0], warning.getvalue()


def test_rebuilds_report_the_problems_of_pages_they_do_not_read(tmp_path: Path) -> None:
    src = tmp_path / "site"
    shutil.copytree(ROOT, src)
    bad = src / "docs/posts/2023-02-02-bad.md"
    bad.write_text(BAD, encoding="utf-8")
    expected = "jekyll_book: 1 post has 2 problems (html 1, include 1) — make check lists them"
    line, log = _build(src)
    assert line == expected
    assert "2023-02-02-bad.md:5: WARNING: removed <script>" in log
    # nothing changed: nothing is read again, the problems are still there
    line, log = _build(src)
    assert line == expected and "removed <script>" not in log
    # another post edited: still the bad post's problems, once
    other = src / "docs/posts/2021-05-10-styled.md"
    other.write_text(other.read_text(encoding="utf-8") + "\n추가.\n", encoding="utf-8")
    assert _build(src)[0] == expected
    # fixed: gone
    bad.write_text("---\ntitle: 고친 글\n---\n\n본문.\n", encoding="utf-8")
    assert _build(src)[0].startswith("jekyll_book: no problems in ")
