"""Old Jekyll URLs: Jekyll's permalink rules, and redirect pages that reach the post."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from jekyll_book.jekyll.frontmatter import PostMeta
from jekyll_book.jekyll.permalinks import jekyll_url, output_files, slugify

from .conftest import build_root

KST = ZoneInfo("Asia/Seoul")


def meta(slug="hello-world", cats=(), permalink="", when=(2020, 1, 2, 23, 30)):
    return PostMeta(
        title="t", date=dt.datetime(*when, tzinfo=KST), slug=slug, categories=cats,
        permalink=permalink,
    )


URLS = [
    # meta, style, expected (what Jekyll 4 writes, unescaped)
    (meta(), "date", "/2020/01/02/hello-world.html"),
    (meta(cats=("Dev", "회고")), "date", "/dev/회고/2020/01/02/hello-world.html"),
    (meta(cats=("Dev",)), "pretty", "/dev/2020/01/02/hello-world/"),
    (meta(), "ordinal", "/2020/002/hello-world.html"),
    (meta(), "weekdate", "/2020/W01/Thu/hello-world.html"),
    (meta(cats=("a b",)), "none", "/a b/hello-world.html"),
    (meta(), "/:year/:i_month/:i_day/:slug", "/2020/1/2/hello-world"),
    (meta(), "/blog/:short_year/:short_month/:title/", "/blog/20/Jan/hello-world/"),
    (meta(slug="한글 제목 (1)"), "/:title:output_ext", "/한글-제목-(1).html"),
    (meta(slug="Hello_World"), "/:slug/", "/hello-world/"),
    (meta(permalink="/custom/:title/"), "date", "/custom/hello-world/"),
    (meta(permalink="/fixed.html"), "pretty", "/fixed.html"),
    (meta(), "/:categories/:title/", "/hello-world/"),
    (meta(), "/:unknown/:title/", "/:unknown/hello-world/"),
]


@pytest.mark.parametrize(("post", "style", "expected"), URLS)
def test_jekyll_url(post, style, expected):
    assert jekyll_url(post, style, KST) == expected


def test_dates_are_read_in_the_site_time_zone():
    utc_evening = meta(when=(2020, 1, 2, 20, 0))  # 2020-01-03 05:00 in UTC+9... stays KST
    assert jekyll_url(utc_evening, "date", "UTC").startswith("/2020/01/02/")
    late = PostMeta(title="t", date=dt.datetime(2020, 1, 2, 20, tzinfo=dt.timezone.utc), slug="x")
    assert jekyll_url(late, "date", KST) == "/2020/01/03/x.html"


@pytest.mark.parametrize(
    ("url", "files"),
    [
        ("/a/b.html", ["a/b.html"]),
        ("/a/b/", ["a/b/index.html"]),
        ("/a/b", ["a/b.html", "a/b/index.html"]),
        ("/", ["index.html"]),
    ],
)
def test_output_files(url, files):
    assert output_files(url) == files


@pytest.mark.parametrize(
    ("text", "pretty", "slug"),
    [("Hello World!", True, "Hello-World!"), ("Hello World!", False, "hello-world"),
     ("C# 기초", False, "c-기초"), ("-x-", True, "x")],
)
def test_slugify(text, pretty, slug):
    assert slugify(text, pretty=pretty) == slug


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_root(
        "migration", tmp_path_factory.mktemp("permalinks") / "src",
        confoverrides={"html_baseurl": "https://example.org/blog/"},
    )


OLD_URLS = [
    ("dev/회고/2020/01/02/hello-world.html", "docs/posts/2020-01-02-hello-world.html"),
    ("custom/custom-link/index.html", "docs/posts/2021-03-04-custom-link.html"),
    ("일기/2022/05/06/한글-제목-(1).html", "docs/posts/2022-05-06-한글 제목 (1).html"),
]


@pytest.mark.parametrize(("old", "new"), OLD_URLS)
def test_old_url_redirects_to_the_post(site, old, new):
    out = Path(site.outdir)
    html = BeautifulSoup((out / old).read_text(encoding="utf-8"), "html.parser")
    refresh = html.find("meta", attrs={"http-equiv": "refresh"})["content"]
    target = refresh.split("url=", 1)[1]
    from urllib.parse import unquote

    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(old), unquote(target)))
    assert resolved == new and (out / resolved).is_file()
    canonical = html.find("link", rel="canonical")["href"]
    assert canonical.startswith("https://example.org/blog/docs/posts/")


def test_no_redirect_for_excluded_posts(site):
    assert not list(Path(site.outdir).rglob("hidden.html"))
    assert not list(Path(site.outdir).rglob("future.html"))


def test_redirects_are_not_rewritten_when_unchanged(site):
    page = Path(site.outdir) / OLD_URLS[0][0]
    before = page.stat().st_mtime_ns
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    from jekyll_book.outputs.redirects import write_redirects

    app = SphinxTestApp("html", srcdir=Path(site.srcdir), status=StringIO(), warning=StringIO(),
                        confoverrides={"html_baseurl": "https://example.org/blog/"})
    try:
        app.build()
        write_redirects(app, None)
    finally:
        app.cleanup()
    assert page.stat().st_mtime_ns == before
