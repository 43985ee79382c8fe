"""Archive by year/month, category pages, older/newer links, bounded sidebar."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from urllib.parse import unquote

import pytest

from .test_tags import build_site, soup, unexpected_warnings

# the test-tags root's published posts, oldest first
ORDER = [
    ("2019-01-01-first", "첫 글: {중괄호} & *별*"),
    ("2019-02-01-second", "두 번째 글"),
    ("2020-03-01-third", "세 번째 글"),
    ("2020-05-05-opt-out", "세션 목차를 끈 글"),
    ("2020-06-01-levels", "제목 수준이 섞인 글"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("archives") / "src")


def out(app, *parts: str) -> Path:
    return Path(app.outdir).joinpath(*parts)


def listed(page: Path) -> list[tuple[str, str]]:
    """(post title, the card's text) of a generated list of post cards."""
    return [
        (card.select_one(".post-summary-title a").get_text(), card.get_text(" ", strip=True))
        for card in soup(page).select(".post-list .post-card")
    ]


def test_archive_years_and_months_newest_first(site):
    assert unexpected_warnings(site) == []
    index = soup(out(site, "docs", "archive", "index.html")).select_one("article section")
    years = [h.get_text().rstrip("#").strip() for h in index.select("h2")]
    assert years == ["2020년 (3)", "2019년 (2)"]
    page = soup(out(site, "docs", "archive", "2020.html"))
    months = [h.get_text().rstrip("#").strip() for h in page.select("article h2")]
    assert months == ["2020년 6월", "2020년 5월", "2020년 3월"]
    lines = listed(out(site, "docs", "archive", "2019.html"))
    assert [title for title, _ in lines] == [ORDER[1][1], ORDER[0][1]]
    assert "2019년 2월 1일" in lines[0][1] and "Deview" in lines[0][1]


def test_every_published_post_in_exactly_one_year_page(site):
    seen = []
    for page in sorted(out(site, "docs", "archive").glob("[0-9]*.html")):
        seen += [title for title, _ in listed(page)]
    assert sorted(seen) == sorted(title for _, title in ORDER)


@pytest.mark.parametrize(
    ("category", "titles"),
    # a string category splits on spaces, as in Jekyll: "Dev Ops" is two
    [
        ("Dev", [ORDER[0][1]]),
        ("Ops", [ORDER[0][1]]),
        ("dev-ops", [ORDER[1][1]]),
        ("C#", [ORDER[1][1]]),
    ],
)
def test_category_pages(site, category, titles):
    index = soup(out(site, "docs", "categories", "index.html"))
    link = next(a for a in index.select(".jekyll-link-list a") if a.get_text() == category)
    page = out(site, "docs", "categories", unquote(link["href"]))
    assert [t for t, _ in listed(page)] == titles


@pytest.mark.parametrize("i", range(len(ORDER)))
def test_older_and_newer_links(site, i):
    stem, _ = ORDER[i]
    nav = soup(out(site, "docs", "posts", f"{stem}.html")).select_one(".post-chrono-nav")
    older = nav.select_one(".post-older a")
    newer = nav.select_one(".post-newer a")
    assert (older.get_text() if older else None) == (ORDER[i - 1][1] if i > 0 else None)
    expected = ORDER[i + 1][1] if i + 1 < len(ORDER) else None
    assert (newer.get_text() if newer else None) == expected
    assert "이전 글" in nav.get_text() or i == 0


def test_sidebar_shows_years_not_posts(site):
    nav = soup(out(site, "docs", "posts", f"{ORDER[0][0]}.html")).select_one("nav.bd-docs-nav")
    texts = [a.get_text(strip=True) for a in nav.select("a")]
    assert "2019년" in texts and "2020년" in texts
    assert not set(texts) & {title for _, title in ORDER}


def test_draft_is_unlisted(site):
    for page in out(site, "docs", "archive").glob("*.html"):
        assert "초안" not in [t for t, _ in listed(page)]


def _rebuild(srcdir: Path):
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_incremental_builds(tmp_path):
    first = build_site(tmp_path / "src")
    srcdir = Path(first.srcdir)
    generated = sorted((srcdir / "docs").glob("*/*.md"))
    generated = [p for p in generated if "posts" not in p.parts]
    mtimes = {p: p.stat().st_mtime_ns for p in generated}

    # nothing changed: no page rewritten, no document read
    again = _rebuild(srcdir)
    assert {p: p.stat().st_mtime_ns for p in generated} == mtimes
    assert "0 added, 0 changed, 0 removed" in again.status.getvalue()

    # a new newest post: its older neighbour gets a newer link without a clean build
    (srcdir / "docs" / "posts" / "2021-01-01-new.md").write_text(
        "---\ntitle: 새 글\ndate: 2021-01-01\ntags: [DEVIEW]\n---\n\n본문.\n", encoding="utf-8"
    )
    third = _rebuild(srcdir)
    assert unexpected_warnings(third) == []
    nav = soup(out(third, "docs", "posts", f"{ORDER[-1][0]}.html")).select_one(".post-chrono-nav")
    assert nav.select_one(".post-newer a").get_text() == "새 글"
    untouched = srcdir / "docs" / "archive" / "2019.md"
    assert untouched.stat().st_mtime_ns == mtimes[untouched]
    assert "새 글" in [t for t, _ in listed(out(third, "docs", "archive", "2021.html"))]

    # removing it removes its now stale year page
    (srcdir / "docs" / "posts" / "2021-01-01-new.md").unlink()
    _rebuild(srcdir)
    assert not (srcdir / "docs" / "archive" / "2021.md").exists()
