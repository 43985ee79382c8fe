"""``python -m jekyll_book import``: a Jekyll repository brought in unchanged."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import shutil
import subprocess
from io import StringIO
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from bs4 import BeautifulSoup

from jekyll_book.cli import main
from jekyll_book.cli.importer import import_blog
from jekyll_book.config import Settings
from jekyll_book.features.drafts import hidden_reason
from jekyll_book.jekyll import frontmatter
from jekyll_book.jekyll.permalinks import jekyll_url, output_files
from jekyll_book.jekyll.site import conf_overrides

from .conftest import ROOT, need_shared

CONFIG = """\
title: 옮길 블로그
description: 설명
author:
  name: 글쓴이
url: https://me.github.io
baseurl: /blog
timezone: Asia/Seoul
permalink: pretty
excerpt_separator: <!--more-->
plugins: [jekyll-feed]
"""

POST = """\
---
title: 그림 있는 글
image: /assets/img/cover.png
---
![그림](/assets/img/a.png) ![둘]({{ site.baseurl }}/images/b.png)
<img src="{{ "/img/c.png" | relative_url }}"> [pdf](https://me.github.io/blog/files/d.pdf)
[missing](/assets/img/gone.png) [other post](/2020/01/01/other.html) [web](https://example.com/x.png)
{% include note.html %}
"""


def jekyll_repo(root: Path) -> Path:
    files = {
        "_config.yml": CONFIG,
        "_posts/2020-01-01-pictures.md": POST,
        "_posts/2019/2019-05-05-nested.markdown": "---\ntitle: 하위 폴더\n---\n본문\n",
        "_posts/2019/2020-01-01-pictures.md": "---\ntitle: 같은 이름\n---\n",
        "_posts/notes.md": "---\ntitle: 날짜 없는 이름\n---\n",
        "_posts/2020-02-02-page.html": "<p>html</p>\n",
        "_drafts/idea.md": "---\ntitle: 아이디어\n---\n초안\n",
        "_includes/note.html": "{% include inner.html %}\n",
        "_includes/inner.html": "<b>inner</b>\n",
        "_includes/unused.html": "x\n",
        "assets/img/cover.png": "png",
        "assets/img/a.png": "png",
        "assets/img/unused.png": "png",
        "assets/css/site.css": "css",
        "images/b.png": "png",
        "img/c.png": "png",
        "files/d.pdf": "pdf",
        "_site/2020/index.html": "built",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path):
    return jekyll_repo(tmp_path / "blog")


def test_import_copies_posts_drafts_files_and_includes(repo, tmp_path):
    dest = tmp_path / "site"
    report = import_blog(repo, dest)
    copied = set(report.copied)
    assert {
        "docs/posts/2020-01-01-pictures.md",
        "docs/posts/2019/2019-05-05-nested.markdown",
        "docs/drafts/idea.md",
        "assets/img/cover.png",
        "assets/img/a.png",
        "images/b.png",
        "img/c.png",
        "files/d.pdf",
        "_includes/note.html",
        "_includes/inner.html",
    } <= copied
    for unwanted in ("assets/img/unused.png", "assets/css/site.css", "_includes/unused.html"):
        assert not (dest / unwanted).exists()
    # byte for byte: nothing in the posts is rewritten
    assert (dest / "docs/posts/2020-01-01-pictures.md").read_text(encoding="utf-8") == POST
    reasons = dict(report.skipped)
    # a sub-folder keeps its posts apart, as in Jekyll's _posts/
    assert (dest / "docs/posts/2019/2020-01-01-pictures.md").is_file()
    assert "_posts/2019/2020-01-01-pictures.md" not in reasons
    assert "YYYY-MM-DD" in reasons["_posts/notes.md"]
    assert "not a Markdown post" in reasons["_posts/2020-02-02-page.html"]
    assert "not in the repository" in reasons["assets/img/gone.png"]
    assert not any("other.html" in p or "example.com" in p for p in reasons)
    site = json.loads((dest / "jekyll_site.json").read_text(encoding="utf-8"))
    assert site == {
        "title": "옮길 블로그", "description": "설명", "author": "글쓴이",
        "url": "https://me.github.io", "baseurl": "/blog", "timezone": "Asia/Seoul",
        "permalink": "pretty", "excerpt_separator": "<!--more-->",
    }


def test_rerun_is_safe_and_never_overwrites_without_force(repo, tmp_path):
    dest = tmp_path / "site"
    import_blog(repo, dest)
    again = import_blog(repo, dest)
    assert again.copied == []
    post = dest / "docs/posts/2020-01-01-pictures.md"
    post.write_text("edited here", encoding="utf-8")
    kept = import_blog(repo, dest)
    assert post.read_text(encoding="utf-8") == "edited here"
    assert "--force" in dict(kept.skipped)["_posts/2020-01-01-pictures.md"]
    forced = import_blog(repo, dest, force=True)
    assert "docs/posts/2020-01-01-pictures.md" in forced.copied
    assert post.read_text(encoding="utf-8") == POST


def test_dry_run_copies_nothing(repo, tmp_path):
    report = import_blog(repo, tmp_path / "site", dry_run=True)
    assert report.copied and not (tmp_path / "site").exists()


def test_command_line(repo, tmp_path, capsys):
    assert main(["import", str(repo), "--dest", str(tmp_path / "site")]) == 0
    out = capsys.readouterr().out
    assert "copied     docs/posts/2020-01-01-pictures.md" in out
    assert out.strip().splitlines()[-1].endswith("skipped")
    assert main(["import", str(tmp_path / "nowhere")]) == 2
    assert "no _posts/" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        ({}, {}),
        (
            {"title": "T", "author": "A", "permalink": "pretty", "timezone": "UTC", "url": "u"},
            {
                "project": "T", "html_title": "T", "author": "A", "jekyll_permalink": "pretty",
                "jekyll_timezone": "UTC",
                "jekyll_site": {"title": "T", "author": "A", "permalink": "pretty",
                                "timezone": "UTC", "url": "u", "baseurl": ""},
            },
        ),
    ],
)
def test_conf_overrides(tmp_path, site, expected):
    path = tmp_path / "jekyll_site.json"
    if site:
        path.write_text(json.dumps(site), encoding="utf-8")
    assert conf_overrides(path, {"jekyll_site": {"baseurl": ""}}) == expected


# -- acceptance: real blogs, imported and built as a new user would -------------------

BLOGS = [
    # corpus folder, the _config.yml permalink it is tried with
    ("GiGong__gigong.github.io", "/:categories/:title/"),
    ("Kitchu0401__kitchu0401.github.io", "date"),
    ("hololee__hololee.github.io", "pretty"),
]
BASE = "https://blog.readthedocs.io/ko/latest/"


def new_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in ("conf.py", "index.md"):
        shutil.copy(ROOT / name, dest / name)
    for folder in ("_static", "_templates"):
        shutil.copytree(ROOT / folder, dest / folder)
    (dest / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "about.md", dest / "docs" / "about.md")
    return dest


@pytest.mark.parametrize(("blog", "permalink"), BLOGS)
def test_imported_blog_keeps_posts_urls_feed_and_cards(tmp_path, monkeypatch, blog, permalink):
    corpus = need_shared("corpus", blog)
    repo = tmp_path / "repo"
    for md in corpus.rglob("*"):
        if md.suffix in (".md", ".markdown"):
            target = repo / "_posts" / md.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(md, target)
    (repo / "_config.yml").write_text(f"title: 옮긴 블로그\npermalink: {permalink}\n", encoding="utf-8")
    project = new_project(tmp_path / "project")
    report = import_blog(repo, project)
    posts = sorted(p for p in (project / "docs/posts").rglob("*") if p.is_file())
    assert len(posts) + len([s for s in report.skipped if s[0].startswith("_posts/")]) == len(
        list((repo / "_posts").rglob("*.*"))
    )

    from sphinx.testing.util import SphinxTestApp

    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", BASE)
    app = SphinxTestApp("html", srcdir=project, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    out = Path(app.outdir)
    mine = [w for w in app.warning.getvalue().splitlines()
            if any(f"jekyll_book.{s}" in w for s in ("permalink", "config"))]
    assert mine == []

    opts = Settings(permalink=permalink)
    now = dt.datetime.now(dt.timezone.utc)
    built = 0
    for path in posts:
        fm = frontmatter.split_front_matter(path.read_text(encoding="utf-8-sig", errors="replace"))
        meta, _ = frontmatter.resolve_meta(fm, path.stem, "Asia/Seoul")
        if hidden_reason(meta, opts, now):
            continue
        rel = path.relative_to(project / "docs/posts").with_suffix("").as_posix()
        page = out / "docs/posts" / f"{rel}.html"
        assert page.is_file(), path.name  # every post is present
        built += 1
        for old in output_files(jekyll_url(meta, permalink, "Asia/Seoul")):
            html = BeautifulSoup((out / old).read_text(encoding="utf-8"), "html.parser")
            target = html.find("meta", attrs={"http-equiv": "refresh"})["content"].split("url=", 1)[1]
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(old), unquote(target)))
            assert resolved == f"docs/posts/{rel}.html", old  # old link reaches the post
        card = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for prop in ("og:url", "og:image"):
            tag = card.find("meta", property=prop)
            if tag is not None:
                assert tag["content"].startswith("https://"), (path.name, prop)
        assert card.find("meta", property="og:url") is not None
    assert built > 0
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == min(built, 20)
    assert all(e.link.startswith(BASE) for e in feed.entries)
    assert (out / "sitemap.xml").is_file()


@pytest.mark.parametrize(("blog", "permalink"), BLOGS)
def test_make_import_then_make_html(tmp_path, blog, permalink):
    """The README's way: `make import SRC=…` then `make html`, both exit 0."""
    corpus = need_shared("corpus", blog)
    repo = tmp_path / "repo"
    shutil.copytree(corpus, repo / "_posts", ignore=shutil.ignore_patterns("PROVENANCE.txt"))
    (repo / "_config.yml").write_text(
        f"title: 옮긴 블로그\npermalink: {permalink}\nurl: https://blog.example\n", encoding="utf-8"
    )
    project = new_project(tmp_path / "project")
    for name in ("Makefile", "requirements.txt"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "jekyll_book", project / "jekyll_book",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (project / ".venv").symlink_to(ROOT / ".venv")
    run = subprocess.run(["make", "import", f"SRC={repo}"], cwd=project, capture_output=True,
                         text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (project / "jekyll_site.json").is_file()
    run = subprocess.run(["make", "html"], cwd=project, capture_output=True, text=True,
                         check=False)
    assert run.returncode == 0, run.stderr[-3000:]
    summary = [line for line in run.stdout.splitlines() if line.startswith("jekyll_book: ")
               and "problem" in line]
    assert len(summary) == 1, run.stdout[-2000:]
    opts = Settings(permalink=permalink)
    now = dt.datetime.now(dt.timezone.utc)
    shown = 0
    for post in (project / "docs/posts").rglob("*"):
        if post.suffix not in (".md", ".markdown"):
            continue
        fm = frontmatter.split_front_matter(post.read_text(encoding="utf-8-sig", errors="replace"))
        meta, _ = frontmatter.resolve_meta(fm, post.stem, "Asia/Seoul")
        if hidden_reason(meta, opts, now):
            continue
        rel = post.relative_to(project).with_suffix(".html")
        assert (project / "_build/html" / rel).is_file(), rel
        shown += 1
    assert shown >= 10
