"""Reading in a real headless Chromium (file://): Korean line breaking, no
sideways scrolling on a phone, readable emphasis in light and dark, pages of
ten posts, a copy button on every code block."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from jekyll_book.jekyll import frontmatter

from .conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, need_shared
from .test_reading import PINNED, make_site

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="chromium is not installed (make chromium)"
    ),
]

#: WCAG relative luminance and contrast of the element's text on what is behind it
CONTRAST_JS = """
(el) => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let bg = null;
  for (let n = el; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) { bg = c.slice(0, 3); break; }
  }
  if (!bg) bg = [255, 255, 255];
  const fg = parse(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""
OVERFLOW_JS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _build(src: Path) -> Path:
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return Path(app.outdir)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The repository's own site (its sample posts)."""
    from benchmarks.bench import make_site as site_copy

    src = site_copy(
        tmp_path_factory.mktemp("sample") / "src",
        sorted((ROOT / "docs" / "posts").glob("*.md")),
    )
    shutil.copytree(ROOT / "assets", src / "assets", dirs_exist_ok=True)
    return _build(src)


@pytest.fixture(scope="module")
def reading(tmp_path_factory) -> Path:
    """The test-reading root with 21 more posts: three landing pages."""
    return _build(make_site(tmp_path_factory.mktemp("reading") / "src"))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    page = browser.new_page(viewport={"width": 375, "height": 812})
    yield page
    page.close()


@pytest.fixture
def desktop(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    yield page
    page.close()


def overview_pages(out: Path) -> list[Path]:
    """Landing page, every post, a tag page, the archive and the session index."""
    tags = sorted(p for p in (out / "docs" / "tags").glob("*.html") if p.stem != "tagsindex")
    pages = [out / "index.html", *sorted((out / "docs" / "posts").glob("*.html"))]
    pages += [max(tags, key=lambda p: p.stat().st_size)] if tags else []
    pages += [out / "docs" / "archive" / "index.html", out / "docs" / "sessions" / "index.html"]
    pages += sorted((out / "docs" / "archive").glob("[0-9]*.html"))
    return [p for p in pages if p.is_file()]


def sideways(page, pages: list[Path]) -> list[tuple[str, int]]:
    found = []
    for path in pages:
        page.goto(path.as_uri())
        extra = page.evaluate(OVERFLOW_JS)
        if extra > 0:
            found.append((path.name, extra))
    return found


def test_post_text_breaks_korean_at_spaces(sample, desktop):
    post = next((sample / "docs" / "posts").glob("2022-07-16-*.html"))
    desktop.goto(post.as_uri())
    styles = desktop.eval_on_selector(
        "article.bd-article section p",
        "p => [getComputedStyle(p).wordBreak, getComputedStyle(p).overflowWrap,"
        " parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize)]",
    )
    assert styles[0] == "keep-all" and styles[1] == "anywhere"
    assert 1.7 <= styles[2] <= 1.8
    family = desktop.eval_on_selector("article.bd-article", "a => getComputedStyle(a).fontFamily")
    assert family.startswith('"Apple SD Gothic Neo", Pretendard')


def test_no_sideways_scrolling_on_a_phone_sample_site(sample, phone):
    pages = overview_pages(sample)
    assert len(pages) >= 13
    assert sideways(phone, pages) == []


def test_no_sideways_scrolling_on_a_phone_reading_root(reading, phone):
    assert sideways(phone, overview_pages(reading)) == []


def test_no_sideways_scrolling_on_a_phone_30_corpus_posts(tmp_path, phone):
    corpus = need_shared("corpus")
    files = sorted(p for p in corpus.rglob("*") if p.suffix in (".md", ".markdown"))
    # a spread over all the blogs: every twentieth file
    sample = [p for p in files[::20] if frontmatter.FILENAME_RE.match(p.stem)][:30]
    assert len({p.name for p in sample}) == len(sample) == 30
    from benchmarks.bench import make_site as site_copy

    out = _build(site_copy(tmp_path / "src", sample))
    pages = overview_pages(out)
    assert len(pages) >= 34
    assert sideways(phone, pages) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_emphasis_classes_readable_in_light_and_dark(reading, desktop, theme):
    post = reading / "docs" / "posts" / "2021-06-10-typography-check.html"
    desktop.goto(post.as_uri())
    desktop.evaluate(f"() => document.documentElement.setAttribute('data-theme', '{theme}')")
    for selector in (".emphasis", ".emphasis-org", ".caption", ".post-meta", "a.post-category",
                     "a.post-tag"):
        ratio = desktop.eval_on_selector(selector, CONTRAST_JS)
        assert ratio >= 4.5, (theme, selector, ratio)


def test_landing_ten_posts_then_the_next_ten(reading, desktop):
    desktop.goto((reading / "index.html").as_uri())
    first = desktop.eval_on_selector_all(
        ".post-list .post-summary-title a", "as => as.map(a => a.textContent)"
    )
    assert len(first) == 10 and first[0] == PINNED
    desktop.click("a.post-pager-older")
    desktop.wait_for_load_state("load")
    assert desktop.url.endswith("/docs/page/2.html")
    second = desktop.eval_on_selector_all(
        ".post-list .post-summary-title a", "as => as.map(a => a.textContent)"
    )
    assert len(second) == 10 and not set(first) & set(second)
    assert second[0] == "채우는 글 11"


@pytest.mark.parametrize("site_name", ["sample", "reading"])
def test_a_copy_button_on_every_code_block(request, desktop, site_name):
    out = request.getfixturevalue(site_name)
    blocks = 0
    for post in sorted((out / "docs" / "posts").glob("*.html")):
        desktop.goto(post.as_uri())
        desktop.wait_for_load_state("load")
        counts = desktop.evaluate(
            "() => [document.querySelectorAll('div.highlight pre').length,"
            " document.querySelectorAll('div.highlight button.copybtn').length]"
        )
        assert counts[0] == counts[1], (post.name, counts)
        blocks += counts[0]
    assert blocks >= 3
