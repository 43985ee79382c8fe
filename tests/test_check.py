"""``python -m jekyll_book check``: every problem at once, path:line:col, with a fix."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from jekyll_book.cli.check import check_paths

ROOT = Path(__file__).resolve().parents[1]


def fm(body: str = "본문", front: str = "title: 제목") -> str:
    return f"---\n{front}\n---\n\n{body}\n"


# (file content, expected "line:col: level: message" fragment): errors are
# posts Jekyll cannot read as posts, warnings what a reader would lose
CASES = [
    (fm().encode("cp949"), "2:8: error: not UTF-8 (CP949) [fix: iconv -f cp949 -t utf-8"),
    (fm().encode("utf-16"), "1:1: error: not UTF-8 (UTF-16)"),
    (fm().encode() + b"\xff\n", "6:1: error: not UTF-8 (invalid UTF-8)"),
    (fm("a\x00b"), "5:2: error: NUL byte"),
    ("no front matter\n", "1:1: error: no front matter"),
    ("---\ntitle: x\n\nbody\n", "1:1: error: front matter is not closed"),
    (fm(front="title: Docker: 시작하기"), "2:14: error: invalid YAML: mapping values"),
    (fm(front="title: x\ndate: 2019-13-45"), "3:1: error: unparsable date"),
    (fm(front="- a\n- b"), "2:1: error: front matter must be a mapping"),
    (fm(front="title: t\ntags: {a: 1}"), "3:1: warning: 'tags' must be a list"),
    (fm(front="title: <b>굵게</b>"), "2:1: warning: title contains HTML"),
    (fm(front="title: {a: 1}"), "2:1: warning: title is not text"),
    (fm(front="title: t\nimage: javascript:alert(1)"), "3:1: warning: image with javascript: URL"),
    (fm(front="title: t\nimage: ../../etc/passwd"), "3:1: warning: image path leaves the site"),
    (fm("<script>alert(1)</script>"), "5:1: warning: removed by the build: <script>"),
    (fm("<style>p { color: red }</style>"), "5:1: warning: removed by the build: <style>"),
    (fm('x <img src=a onerror="x()">'), "5:1: warning: removed by the build: onerror="),
    (fm('<iframe src="https://e.example/v"></iframe>'),
     "5:1: warning: removed by the build: <iframe> from e.example (shown as a link)"),
    (fm("```{include} /etc/passwd\n```"), "5:1: warning: {include} is not allowed in posts"),
    (fm("```{csv-table}\n:file: ../x.csv\n```"), "5:1: warning: {csv-table} with :file:/:url:"),
    (fm("[x](../../../../etc/passwd)"), "5:1: warning: '../../../../etc/passwd' points outside"),
    (fm(" ".join(["*a"] * 60) + " " + " ".join(["a*"] * 60)),
     "5:1: warning: content nested 61 levels deep"),
]

#: Jekyll builds these without a word and we render them alike: no finding
SILENT = [
    fm(front="title: t\ncategories: []\ntags:\nimage:"),
    fm(front="title: t\ncategories:\ntag: ''"),
    fm(front="title: t\nmathjax: true\nuse_math: true\nauthor_profile: true\nsidebar:\n  nav: x"),
    fm(front="title: t\nmyst:\n  enable_extensions: [substitution]\nhtml_meta:\n  x: y"),
    fm(front="tags: [a]"),  # no title: the file name's, as Jekyll does
    fm(front="title: t\ntags: [" + "가" * 80 + "]"),
    fm(front="title: |\n  두 줄\n  제목"),
    fm('<div class="notice" markdown="1">\n**굵게**\n</div>'),
    fm('<a name="top"></a><font color="red">빨강</font> <span style="color:#d11">x</span>'),
    fm('<iframe src="https://www.youtube.com/embed/x" allowfullscreen></iframe>'),
    fm('<script src="https://gist.github.com/kim/0a1b.js"></script>'),
    fm("<h1>제목</h1><address>서울</address><svg width=1><rect/></svg>"),
    fm("{% highlight xml %}\n<param name=\"a\">x</param>\n<script>x()</script>\n"
       "{% endhighlight %}"),
    fm("x" * 20001),
    fm("[sibling](../other/2020-01-01-x.md)"),
]


@pytest.mark.parametrize("content", SILENT, ids=range(len(SILENT)))
def test_jekyll_valid_is_silent(tmp_path: Path, content: str) -> None:
    post = tmp_path / "posts" / "2020-01-02-post.md"
    post.parent.mkdir()
    post.write_text(content, encoding="utf-8")
    assert [str(f) for f in check_paths([tmp_path])] == []


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
    text = "\n".join(str(f) for f in check_paths([tmp_path]))
    assert "warning: file name is not NFC-normalised" in text
    assert "2020-01-03-case.md:1:1: warning: same name as 2020-01-03-Case.md" in text
    assert "2020-01-04-link.md:1:1: error: post is a symbolic link" in text


def test_cli_reports_everything_and_fails(tmp_path: Path) -> None:
    (tmp_path / "2020-01-02-a.md").write_bytes(fm().encode("cp949"))
    (tmp_path / "2020-01-03-b.md").write_text(fm("<style>x{}</style>"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "jekyll_book", "check", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 1
    assert "2020-01-02-a.md:2:8: error: not UTF-8" in run.stdout
    assert "2020-01-03-b.md:5:1: warning: removed by the build: <style>" in run.stdout
    assert "1 error(s), 1 warning(s)" in run.stderr


def test_cli_passes_on_the_site_posts() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "jekyll_book", "check"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 error(s), 0 warning(s)" in run.stdout
