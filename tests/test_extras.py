"""Reading time (CJK aware) and related posts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from jekyll_book.features.extras import reading_label, reading_minutes, related, related_all
from jekyll_book.features.posts import Post
from jekyll_book.jekyll.frontmatter import PostMeta

from .conftest import build_root


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("", 1),
        ("가" * 500, 1),
        ("가" * 501, 2),
        ("가나다 " * 500, 3),  # 1,500 syllables: spaces do not count
        ("word " * 230, 1),
        ("word " * 460, 2),
        ("가" * 250 + " word" * 115, 1),  # half a minute of each
        ("파이썬(Python) 3.12를 설치했다. " * 100, 3),
    ],
)
def test_reading_minutes(text, minutes):
    assert reading_minutes(text) == minutes


def test_reading_label():
    assert reading_label(3) == "약 3분"


def post(name, tags, day, published=True):
    meta = PostMeta(title=name, date=dt.datetime(2020, 1, day, tzinfo=dt.timezone.utc), slug=name,
                    tags=tuple(tags), published=published)
    return Post(docname=name, meta=meta)


POSTS = [
    post("a", ["파이썬", "테스트"], 1),
    post("b", ["파이썬"], 2),
    post("c", ["파이썬", "테스트"], 3),
    post("d", [], 4),
    post("e", ["테스트"], 5, published=False),
    post("f", ["Python"], 6),
]


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        ("a", 3, ["c", "b", "f"]),  # 2 shared, 1 shared, then newest
        ("b", 2, ["c", "a"]),
        ("d", 2, ["f", "c"]),  # no tags: the newest posts
        ("a", 0, []),
    ],
)
def test_related(name, limit, expected):
    me = next(p for p in POSTS if p.docname == name)
    assert [p.docname for p in related(me, POSTS, limit)] == expected


def _generated_posts(n):
    """Many posts from the benchmark generator's tag pool: ties, shared tags, none."""
    import random

    from benchmarks.generate import TAG_POOL

    rng = random.Random(5)
    return [
        post(f"g{i:03d}", rng.sample(TAG_POOL[:12], rng.randint(0, 3)), 1 + i % 28,
             published=i % 9 != 0)
        for i in range(n)
    ]


@pytest.mark.parametrize(
    ("posts", "limit"),
    [(POSTS, 0), (POSTS, 2), (POSTS, 10), (_generated_posts(120), 5), (_generated_posts(40), 50)],
)
def test_related_all_equals_related(posts, limit):
    """The indexed all-posts table gives exactly what related() gives per post."""
    expected = {p.docname: tuple(r.docname for r in related(p, posts, limit)) for p in posts}
    assert related_all(posts, limit) == expected


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_root("migration", tmp_path_factory.mktemp("extras") / "src")


def soup(app, page):
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def test_reading_time_under_the_title(site):
    meta = soup(site, "docs/posts/2020-01-02-hello-world.html").select_one(".post-header .post-meta")
    assert meta.select_one(".post-reading-time").get_text() == "약 1분"


def test_related_posts_at_the_end(site):
    html = soup(site, "docs/posts/2020-01-02-hello-world.html")
    box = html.select_one("article .related-posts")
    assert box.select_one(".rubric").get_text() == "관련 글"
    links = box.select("a")
    # both share one tag: the newer first; hidden and future posts never
    assert [a.get_text() for a in links] == ["한글 파일 이름", "직접 정한 주소"]
    for a in links:
        assert (Path(site.outdir) / "docs/posts" / unquote(a["href"])).is_file()


def test_related_list_follows_tag_changes_without_rereading(site):
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    src = Path(site.srcdir)
    target = src / "docs/posts/2021-03-04-custom-link.md"
    target.write_text(target.read_text(encoding="utf-8").replace("tags: [파이썬]", "tags: [파이썬, 테스트]"),
                      encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    html = soup(app, "docs/posts/2020-01-02-hello-world.html")
    assert [a.get_text() for a in html.select(".related-posts a")] == ["직접 정한 주소", "한글 파일 이름"]
