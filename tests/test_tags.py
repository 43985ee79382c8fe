"""Tag pages from front matter: every (post, tag) pair on exactly one page."""

from __future__ import annotations

import shutil
import unicodedata
from collections import defaultdict
from io import StringIO
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from jekyll_book.features.labels import RESERVED, assign_slugs, base_slug, fold
from jekyll_book.jekyll import frontmatter
from jekyll_book.pages.generate import md_escape, write_if_changed

from .conftest import ROOT, need_shared

ROOTS = Path(__file__).parent / "roots"
LONG = "긴태그" * 100
#: long enough to be cut in its slug, short enough for the front-matter limit
LONGISH = "긴태그" * 20


def build_site(
    dest: Path, posts: list[Path] | None = None, root: str = "tags", assets: Path | None = None
):
    """Copy test root ``test-<root>`` (optionally with other posts) and build it."""
    from sphinx.testing.util import SphinxTestApp

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOTS / f"test-{root}", dest)
    if assets is not None and assets.is_dir():
        shutil.copytree(assets, dest / assets.name)
    if posts is not None:
        folder = dest / "docs" / "posts"
        shutil.rmtree(folder)
        folder.mkdir()
        for post in posts:
            shutil.copy(post, folder / post.name)
    app = SphinxTestApp("html", srcdir=dest, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def expected_pairs(posts_dir: Path) -> dict[str, set[str]]:
    """fold(tag) → post docnames, straight from the front matter."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for path in posts_dir.iterdir():
        if path.suffix not in (".md", ".markdown"):
            continue
        fm = frontmatter.split_front_matter(path.read_text(encoding="utf-8-sig"))
        meta, _ = frontmatter.resolve_meta(fm, path.stem)
        if not meta.published:
            continue
        for tag in meta.tags:
            pairs[fold(tag)].add(f"docs/posts/{path.stem}")
    return dict(pairs)


def _post_doc(page: Path, href: str) -> str:
    target = (page.parent / unquote(href.split("#")[0])).resolve()
    return target.relative_to(page.parents[2].resolve()).with_suffix("").as_posix()


def shown_pairs(outdir: Path) -> tuple[dict[str, set[str]], dict[str, int], set[str]]:
    """(fold(tag) → posts on its page, fold(tag) → count on the index, slugs)."""
    tags_dir = outdir / "docs" / "tags"
    index = soup(tags_dir / "tagsindex.html").select_one("article")
    counts: dict[str, int] = {}
    slugs: set[str] = set()
    shown: dict[str, set[str]] = {}
    for item in index.select("ul.jekyll-link-list > li"):
        link = item.find("a")
        name = link.get_text()
        assert fold(name) not in counts, f"tag {name!r} twice on the index"
        counts[fold(name)] = int(item.get_text().rsplit("(", 1)[1].rstrip(")"))
        slug = unquote(link["href"]).removesuffix(".html")
        assert slug not in slugs
        slugs.add(slug)
        page = tags_dir / f"{slug}.html"
        article = soup(page).select_one("article")
        h1 = article.select_one("section > h1")
        h1.select_one("a.headerlink").decompose()
        title = h1.get_text().strip()
        assert fold(title.split(": ", 1)[1]) == fold(name)
        docs = [
            _post_doc(page, a["href"])
            for a in article.select(".post-list .post-summary-title a")
        ]
        assert len(docs) == len(set(docs))
        shown[fold(name)] = set(docs)
    return shown, counts, slugs


def assert_tag_pages_right(app) -> None:
    expected = expected_pairs(Path(app.srcdir) / "docs" / "posts")
    shown, counts, _ = shown_pairs(Path(app.outdir))
    assert shown == expected
    assert counts == {tag: len(docs) for tag, docs in expected.items()}


def warnings_of(app) -> list[str]:
    return [line for line in app.warning.getvalue().splitlines() if "WARNING" in line]


def unexpected_warnings(app) -> list[str]:
    """All warnings but the one the root asks for: its 300-character tag."""
    return [w for w in warnings_of(app) if "third.md:4:" not in w or "200 bytes" not in w]


# -- pure: folding and slugs ------------------------------------------------------

NFD = unicodedata.normalize("NFD", "데뷰")
COLLISIONS = [
    "C++", "C#", "C", "c", "#", "##", "..", ".", "🚀", "🚀🚀", LONG, LONG + "x", "tagsindex",
    "index", "Index", "search", "dev ops", "dev-ops", "Dev Ops", "DEVIEW", "Deview", "데뷰", NFD,
    "a   b", "<script>", "", "파이썬", "Python",
]


def test_slugs_are_unique_nonempty_and_safe():
    keys = {fold(name): name for name in COLLISIONS}
    slugs = assign_slugs(keys.items())
    assert set(slugs) == set(keys)
    assert len(set(slugs.values())) == len(slugs)
    for slug in slugs.values():
        assert slug and slug not in RESERVED and len(slug.encode()) < 200
        assert "/" not in slug and not slug.startswith((".", "-"))


@pytest.mark.parametrize(
    ("a", "b"), [("DEVIEW", "Deview"), ("데뷰", NFD), ("a   b", "A B"), ("Dev Ops", "dev  ops")]
)
def test_fold_joins_spellings(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("name", "slug"), [("Python", "python"), ("쿠버네티스", "쿠버네티스"), ("dev ops", "dev-ops")]
)
def test_plain_names_keep_readable_slugs(name, slug):
    assert assign_slugs([(fold(name), name), (fold("C++"), "C++")])[fold(name)] == slug
    assert base_slug(name) == (slug, True)


def test_plain_name_keeps_its_slug_when_a_lossy_one_collides():
    slugs = assign_slugs([(fold("C++"), "C++"), (fold("C"), "C")])
    assert slugs[fold("C")] == "c" and slugs[fold("C++")].startswith("c-")


@pytest.mark.parametrize("text", ["*a*", "<b>x</b>", "[x](y)", "{doc}`x`", "% x", "a_b_", "\\"])
def test_md_escape_escapes_markdown(text):
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").renderInline(md_escape(text))
    assert "<" not in rendered.replace("&lt;", "") and "em>" not in rendered


def test_write_if_changed_keeps_mtime(tmp_path):
    path = tmp_path / "a.md"
    assert write_if_changed(path, "x")
    assert not write_if_changed(path, "x")
    assert write_if_changed(path, "y")
    assert path.read_text() == "y"


# -- built sites --------------------------------------------------------------


@pytest.fixture(scope="module")
def tags_site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("tags") / "src")


def test_collision_cases_lose_no_post(tags_site):
    # the 300-character tag is kept, silently (Jekyll takes any tag)
    assert warnings_of(tags_site) == [] and unexpected_warnings(tags_site) == []
    assert_tag_pages_right(tags_site)
    _, counts, slugs = shown_pairs(Path(tags_site.outdir))
    assert counts[fold("DEVIEW")] == 3  # DEVIEW, Deview, deview; never the draft
    assert counts[fold("데뷰")] == 2
    assert fold("비공개") not in counts
    assert not slugs & RESERVED


def test_first_spelling_wins_and_names_are_escaped(tags_site):
    out = Path(tags_site.outdir) / "docs" / "tags"
    names = [a.get_text() for a in soup(out / "tagsindex.html").select(".jekyll-link-list a")]
    assert "DEVIEW" in names and "Deview" not in names
    assert "<script>alert(1)</script>" in names
    for page in out.glob("*.html"):
        html = soup(page)
        assert not html.select("article script, nav script"), page
        assert "<script>alert" not in str(html.select_one("section")), page


def test_tag_page_lists_newest_first_with_dates(tags_site):
    out = Path(tags_site.outdir) / "docs" / "tags"
    index = soup(out / "tagsindex.html")
    href = next(a["href"] for a in index.select(".jekyll-link-list a") if a.get_text() == "DEVIEW")
    items = soup(out / unquote(href)).select(".post-list .post-card")
    assert [li.select_one(".post-summary-title a").get_text() for li in items] == [
        "세 번째 글",
        "두 번째 글",
        "첫 글: {중괄호} & *별*",
    ]
    assert items[0].select_one(".post-date").get_text() == "2020년 3월 1일"


def test_post_header_tags_link_to_their_pages(tags_site):
    page = Path(tags_site.outdir) / "docs" / "posts" / "2019-02-01-second.html"
    links = soup(page).select(".post-header .post-tag-list a")
    shown = [a.get_text() for a in links]
    assert shown == ["Deview", "데뷰", "C#", "C", "*emph*", "A B", LONGISH + "x"]
    for link in links:
        target = (page.parent / unquote(link["href"])).resolve()
        assert target.is_file(), link["href"]


def test_sample_posts(tmp_path):
    posts = sorted((ROOT / "docs" / "posts").glob("*.md"))
    app = build_site(tmp_path / "src", posts, assets=ROOT / "assets")
    assert warnings_of(app) == []
    assert_tag_pages_right(app)


def test_corpus_sample(tmp_path):
    corpus = need_shared("corpus")
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".markdown"))
    # every sixth file: a spread over all the blogs, not the first blog only
    sample = [p for p in files[::6] if frontmatter.FILENAME_RE.match(p.stem)][:100]
    names = {p.name for p in sample}
    assert len(names) == len(sample)
    app = build_site(tmp_path / "src", sample)
    assert_tag_pages_right(app)
    # the posts' own content warns (HTML, includes…: other features, located in
    # the posts); the generated pages and the toctree structure must not
    generated = ("docs/tags/", "docs/archive/", "docs/categories/", "docs/sessions/", "[toc.")
    mine = [w for w in warnings_of(app) if any(g in w for g in generated)]
    assert mine == []


def test_generated_posts(tmp_path):
    from benchmarks.generate import generate_posts

    posts = generate_posts(tmp_path / "posts", 30, seed=3)
    app = build_site(tmp_path / "src", posts)
    assert warnings_of(app) == []
    assert_tag_pages_right(app)
