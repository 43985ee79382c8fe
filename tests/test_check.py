"""``python -m jekyll_book check``: every problem at once, path:line:col, with a fix."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from jekyll_book.check import check_paths

ROOT = Path(__file__).resolve().parents[1]


def fm(body: str = "본문", front: str = "title: 제목") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


# (file content, expected "line:col: severity: message" fragment)
CASES = [
    (fm().encode("cp949"), "2:8: error: not UTF-8 (CP949) [fix: iconv -f cp949 -t utf-8"),
    (fm().encode("utf-16"), "1:1: error: not UTF-8 (UTF-16)"),
    (fm().encode() + b"\xff\n", "6:1: error: not UTF-8 (invalid UTF-8)"),
    (fm("a\x00b"), "5:2: error: NUL byte"),
    ("no front matter\n", "1:1: error: no front matter"),
    ("---\ntitle: x\n\nbody\n", "1:1: error: front matter is not closed"),
    (fm(front="title: Docker: 시작하기"), "2:14: error: invalid YAML: mapping values"),
    (fm(front="title: x\ndate: 2019-13-45"), "3:1: warning: unparsable date"),
    (fm(front="- a\n- b"), "2:1: error: front matter must be a mapping"),
    (fm(front="tags:"), "2:1: warning: empty 'tags:'"),
    (fm(front="title: t\ntags: [" + "가" * 80 + "]"), "3:1: warning: tags: a value is longer"),
    (fm(front="title: t\ntags: {a: 1}"), "3:1: error: 'tags' must be a list"),
    (fm(front="title: <b>굵게</b>"), "2:1: warning: title contains HTML"),
    (fm(front="title: {a: 1}"), "2:1: error: title is not text"),
    (fm(front="title: t\nmyst:\n  enable_extensions: [substitution]"),
     "3:1: error: front-matter key 'myst' refused"),
    (fm(front="title: t\nhtml_meta:\n  x: y"), "3:1: error: front-matter key 'html_meta'"),
    (fm(front="title: t\nsubstitutions:\n  x: y"), "3:1: error: front-matter key 'substitutions'"),
    (fm(front="title: t\nimage: javascript:alert(1)"), "3:1: error: image with javascript: URL"),
    (fm(front="title: t\nimage: ../../etc/passwd"), "3:1: error: image path leaves the site"),
    (fm(front="title: t\nfoo: 1"), "3:1: warning: unknown front-matter key 'foo'"),
    (fm(front="tags: [a]"), "1:1: warning: no title: using the file name"),
    (fm("<script>alert(1)</script>"), "5:1: error: unsafe HTML removed by the build: <script>"),
    (fm('x <img src=a onerror="x()">'), "5:1: error: unsafe HTML removed by the build: onerror="),
    (fm("```{include} /etc/passwd\n```"), "5:1: error: {include} is not allowed in posts"),
    (fm("```{csv-table}\n:file: ../x.csv\n```"), "5:1: error: {csv-table} with :file:/:url:"),
    (fm("[x](../../../../etc/passwd)"), "5:1: error: '../../../../etc/passwd' points outside"),
    (fm(" ".join(["*a"] * 60) + " " + " ".join(["a*"] * 60)),
     "5:1: error: content nested 61 levels deep"),
    (fm("x" * 20001), "5:1: error: line is 20001 characters long"),
    (fm("\n".join(["가나다라마바사"] * 60000)), "1:1: error: post is 1320023 bytes"),
]


@pytest.mark.parametrize(("content", "expected"), CASES, ids=range(len(CASES)))
def test_problem_reported(tmp_path: Path, content: str | bytes, expected: str) -> None:
    post = tmp_path / "2020-01-02-post.md"
    if isinstance(content, bytes):
        post.write_bytes(content)
    else:
        post.write_text(content, encoding="utf-8")
    lines = [str(f) for f in check_paths([tmp_path])]
    assert any(line.startswith(f"{post}:{expected}") for line in lines), lines


def test_clean_post_has_no_findings(tmp_path: Path) -> None:
    (tmp_path / "2020-01-02-ok.md").write_text(
        fm('<span class="emphasis">강조</span> [x](https://a.io)', "title: 좋은 글\ntags: [a]"),
        encoding="utf-8",
    )
    assert check_paths([tmp_path]) == []


def test_file_name_rules_and_symlinks(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "2020-01-02-한글.md")
    (tmp_path / decomposed).write_text(fm(), encoding="utf-8")
    (tmp_path / "2020-01-03-Case.md").write_text(fm(), encoding="utf-8")
    (tmp_path / "2020-01-03-case.md").write_text(fm(), encoding="utf-8")
    (tmp_path / "2020-01-04-link.md").symlink_to(tmp_path / "2020-01-03-Case.md")
    (tmp_path / "notes.md").write_text(fm(), encoding="utf-8")
    text = "\n".join(str(f) for f in check_paths([tmp_path]))
    assert "not NFC-normalised" in text
    assert "2020-01-03-case.md:1:1: error: same name as 2020-01-03-Case.md" in text
    assert "2020-01-04-link.md:1:1: error: post is a symbolic link" in text
    assert "notes.md:1:1: warning: file name is not YYYY-MM-DD-slug.md" in text


def test_cli_reports_everything_and_fails(tmp_path: Path) -> None:
    (tmp_path / "2020-01-02-a.md").write_bytes(fm().encode("cp949"))
    (tmp_path / "2020-01-03-b.md").write_text(fm("<iframe src=x></iframe>"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "jekyll_book", "check", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 1
    assert "2020-01-02-a.md:2:8: error: not UTF-8" in run.stdout
    assert "2020-01-03-b.md:5:1: error: unsafe HTML removed by the build: <iframe>" in run.stdout
    assert "2 error(s)" in run.stderr


def test_cli_passes_on_the_site_posts() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "jekyll_book", "check"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 error(s)" in run.stdout
