"""Atom feeds: valid, newest posts, absolute URLs, per-tag feeds, head links."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from jekyll_book.outputs.feeds import ATOM, XML_BASE, atom_entry, atom_feed, clean_body

from .conftest import build_root

BASE = "https://example.org/blog/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_root(
        "migration", tmp_path_factory.mktemp("feeds") / "src", confoverrides={"html_baseurl": BASE}
    )


@pytest.fixture(scope="module")
def local_excerpt_site(tmp_path_factory):
    return build_root(
        "migration", tmp_path_factory.mktemp("feeds-local") / "src",
        confoverrides={"jekyll_feed_content": "excerpt"},
    )


def parse(path: Path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_feed_is_valid_and_newest_first(site):
    feed = parse(Path(site.outdir) / "feed.xml")
    assert feed.version == "atom10"
    assert feed.feed.title == "이전 테스트 블로그"
    assert feed.feed.subtitle == "옮겨 온 블로그"
    titles = [e.title for e in feed.entries]
    # no draft, no future post
    assert titles == ["한글 파일 이름", "직접 정한 주소", "첫 글"]
    first = feed.entries[-1]
    assert first.link == BASE + "docs/posts/2020-01-02-hello-world.html"
    assert first.published_parsed[:3] == (2020, 1, 2)
    assert [t.term for t in first.tags] == ["파이썬", "테스트"]
    assert "파이썬으로 테스트를 작성했다." in first.content[0].value
    assert "<h1" not in first.content[0].value  # the title is the entry's, not repeated
    assert first.summary == "처음 쓰는 글이다. 블로그를 옮겼다."


@pytest.mark.parametrize(
    ("tag", "titles"), [("파이썬", ["직접 정한 주소", "첫 글"]), ("테스트", ["한글 파일 이름", "첫 글"])]
)
def test_tag_feeds(site, tag, titles):
    feed = parse(Path(site.outdir) / "feeds" / "tags" / f"{tag}.xml")
    assert [e.title for e in feed.entries] == titles
    assert feed.feed.title.endswith(tag)


@pytest.mark.parametrize("page", ["index.html", "docs/posts/2020-01-02-hello-world.html"])
def test_every_page_links_the_feed(site, page):
    html = BeautifulSoup((Path(site.outdir) / page).read_text(encoding="utf-8"), "html.parser")
    link = html.find("link", rel="alternate", type="application/atom+xml")
    assert link["href"] == BASE + "feed.xml"


def test_local_build_excerpt_feed_with_relative_links(local_excerpt_site):
    out = Path(local_excerpt_site.outdir)
    feed = parse(out / "feed.xml")
    entry = feed.entries[-1]
    assert "content" not in entry
    assert entry.summary == "처음 쓰는 글이다. 블로그를 옮겼다."
    assert entry.link.endswith("docs/posts/2020-01-02-hello-world.html")
    html = BeautifulSoup((out / "docs/posts/2020-01-02-hello-world.html").read_text("utf-8"), "html.parser")
    assert html.find("link", type="application/atom+xml")["href"] == "../../feed.xml"


@pytest.mark.parametrize(
    ("body", "cleaned"),
    [
        ('<section><h1>T<a class="headerlink" href="#t">#</a></h1><p>x</p></section>',
         "<section><p>x</p></section>"),
        ("<p>no title</p>", "<p>no title</p>"),
    ],
)
def test_clean_body(body, cleaned):
    assert clean_body(body) == cleaned


def test_atom_feed_escapes_markup():
    when = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    text = atom_feed(
        title="A & <B>", feed_url="f.xml", home_url="/", feed_id="urn:x", author="", subtitle="",
        generated=when,
        entries=[{"title": "<t>", "url": "p.html", "id": "urn:p", "date": when, "tags": ["c++"],
                  "content": "<p>&amp;</p>"}],
    )
    feed = feedparser.parse(text)
    assert not feed.bozo
    assert feed.feed.title == "A & <B>"
    assert feed.entries[0].content[0].value == "<p>&amp;</p>"


def one_tree_feed(head: dict, entries: list[dict]) -> str:
    """The feed as one ElementTree document (how feeds were made before
    entries were serialised once each): the oracle for :func:`atom_feed`."""

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed")
    sub(feed, "title", head["title"])
    if head["subtitle"]:
        sub(feed, "subtitle", head["subtitle"])
    sub(feed, "id", head["feed_id"])
    sub(feed, "link", href=head["feed_url"], rel="self", type="application/atom+xml")
    sub(feed, "link", href=head["home_url"], rel="alternate", type="text/html")
    sub(feed, "updated", max((e["date"] for e in entries), default=head["generated"]).isoformat())
    sub(feed, "generator", "jekyll_book")
    sub(sub(feed, "author"), "name", head["author"] or head["title"])
    for e in entries:
        entry = sub(feed, "entry")
        sub(entry, "title", e["title"])
        sub(entry, "link", href=e["url"], rel="alternate", type="text/html")
        sub(entry, "id", e["id"])
        sub(entry, "published", e["date"].isoformat())
        sub(entry, "updated", e["date"].isoformat())
        if e.get("author"):
            sub(sub(entry, "author"), "name", e["author"])
        for tag in e["tags"]:
            sub(entry, "category", term=tag)
        if e.get("summary"):
            sub(entry, "summary", e["summary"], type="text")
        if e.get("content"):
            sub(entry, "content", e["content"], type="html").set(XML_BASE, e["url"])
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


_KST = dt.timezone(dt.timedelta(hours=9))
_FULL = {
    "title": "<쿠버네티스> & \"따옴표\"", "url": "docs/posts/a%20b.html", "id": "urn:x:1",
    "date": dt.datetime(2024, 5, 1, 9, tzinfo=_KST), "tags": ["파이썬", "C++ & Rust"],
    "author": "작성자", "summary": "요약 <b>",
    "content": '<section id="x"><p>본문 &amp; <span class="emphasis">강조</span></p>\n<pre>a < b\n\tc</pre></section>',
}  # fmt: skip
_BARE = {"title": "제목", "url": "p.html", "id": "urn:x:2", "tags": [],
         "date": dt.datetime(2020, 1, 2, tzinfo=_KST)}  # fmt: skip


@pytest.mark.parametrize(
    ("subtitle", "author", "entries"),
    [
        ("", "", []),  # no posts yet: the head alone
        ("부제", "작성자", [_FULL]),
        ("", "", [_BARE]),
        ("부제", "", [_FULL, _BARE, {**_FULL, "content": "", "author": ""}]),
    ],
)
def test_feed_of_entries_serialised_once_equals_one_tree(subtitle, author, entries):
    head = {"title": "블로그", "subtitle": subtitle, "author": author, "feed_id": "urn:feed",
            "feed_url": "feed.xml", "home_url": "index.html",
            "generated": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)}  # fmt: skip
    expected = one_tree_feed(head, entries)
    assert atom_feed(entries=entries, **head) == expected
    serialised = [atom_entry(e) for e in entries]
    assert atom_feed(entries=entries, serialised=serialised, **head) == expected
    ET.fromstring(expected.encode("utf-8"))  # well-formed


def test_editing_a_post_remakes_only_the_feeds_it_is_in(tmp_path):
    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    build_root("migration", src)
    out = Path(src, "_build", "html")
    feeds = {name: out / name for name in ("feed.xml", "feeds/tags/파이썬.xml", "feeds/tags/테스트.xml")}
    before = {name: (p.stat().st_mtime_ns, p.read_bytes()) for name, p in feeds.items()}
    post = src / "docs" / "posts" / "2021-03-04-custom-link.md"  # tagged 파이썬, not 테스트
    post.write_text(post.read_text(encoding="utf-8") + "\n\n덧붙인 문단 FEED-EDIT.\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, status=None, warning=None)
    try:
        app.build()
    finally:
        app.cleanup()
    after = {name: (p.stat().st_mtime_ns, p.read_bytes()) for name, p in feeds.items()}
    assert b"FEED-EDIT" in after["feed.xml"][1] and b"FEED-EDIT" in after["feeds/tags/파이썬.xml"][1]
    assert after["feeds/tags/테스트.xml"] == before["feeds/tags/테스트.xml"]  # not even rewritten
    fresh = tmp_path / "fresh"
    shutil.copytree(src, fresh, ignore=shutil.ignore_patterns("_build"))
    app = SphinxTestApp("html", srcdir=fresh, status=None, warning=None)
    try:
        app.build()
    finally:
        app.cleanup()
    for name, (_, data) in after.items():  # the same feeds as a clean build
        assert Path(fresh, "_build", "html", name).read_bytes() == data, name
