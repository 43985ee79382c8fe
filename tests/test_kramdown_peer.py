"""kramdown's own test inputs, rendered as posts, against what Jekyll 4.3 made of them.

``../shared/peer-cases/kramdown/manifest.json`` holds each upstream input
(kramdown and kramdown-parser-gfm test cases) with ``jekyll_4_3_default_html``:
the HTML of a Jekyll site with the default configuration (GFM input).  Every
case is built as one post of a single site; each innermost text block of
Jekyll's HTML (p, li, h1–h6, td, th, dt, dd), whitespace normalised, must
appear in our page's text.  Cases we knowingly do not match are listed in
:data:`EXCLUDED` with the reason.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from .conftest import need_shared

ROOT = Path(__file__).parent / "roots" / "test-kramdown"
BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"]

#: case (path of its input) → why our text differs from Jekyll's
EXCLUDED = {
    'gettalong-kramdown/block/04_header/setext_header.text':
        'a setext underline after a multi-line paragraph: CommonMark makes it a heading, kramdown keeps the paragraph',
    'gettalong-kramdown/block/09_html/content_model/tables.text':
        'parse_block_html-only content model of raw <table> HTML',
    'gettalong-kramdown/block/09_html/invalid_html_1.text':
        'invalid HTML: kramdown prints a stray </div> as text, the sanitiser drops it',
    'gettalong-kramdown/block/09_html/parse_as_span.text':
        'invalid HTML error case (kramdown shows tag text literally)',
    'gettalong-kramdown/block/09_html/parse_block_html.text':
        'invalid HTML: a stray </div> shown as text by kramdown',
    'gettalong-kramdown/block/09_html/processing_instruction.text':
        'XML processing instructions: kramdown prints them, the sanitiser drops them (invisible in browsers)',
    'gettalong-kramdown/block/12_extension/comment.text':
        'error case: an unclosed {::comment} is text in kramdown, we end it at the block',
    'gettalong-kramdown/block/12_extension/ignored.text':
        'unknown {::something} extensions: kramdown prints them, we do not know them',
    'gettalong-kramdown/block/12_extension/nomarkdown.text':
        'error case: an unclosed {::nomarkdown} is text in kramdown',
    'gettalong-kramdown/block/12_extension/options.text':
        '{::options} that change parsing mid-document (auto_ids off…) are ignored',
    'gettalong-kramdown/block/13_definition_list/item_ial.text':
        'IAL at the start of a definition (kramdown-only definition-list syntax)',
    'gettalong-kramdown/block/14_table/errors.text':
        'error case: header-only separator lines without a table',
    'gettalong-kramdown/block/14_table/escaping.text':
        'kramdown splits cells at | inside backticks; GFM (markdown-it) does not',
    'gettalong-kramdown/block/14_table/simple.text':
        'kramdown tables without a header separator line (plain-kramdown syntax, not GFM)',
    'gettalong-kramdown/block/15_math/normal.text':
        "$$ inside a paragraph spanning lines: kramdown's inline/display decision differs",
    'gettalong-kramdown/span/01_link/inline.text':
        'link destinations with spaces and odd titles: kramdown accepts, CommonMark refuses',
    'gettalong-kramdown/span/01_link/latex_escaping.text':
        'kramdown shows the percent-decoded URL as the autolink text',
    'gettalong-kramdown/span/01_link/link_defs.text':
        'link definitions with punctuation-only ids (kramdown id rules)',
    'gettalong-kramdown/span/01_link/reference.text':
        'reference ids with spaces normalised differently',
    'gettalong-kramdown/span/02_emphasis/empty.text':
        'empty emphasis error case',
    'gettalong-kramdown/span/02_emphasis/errors.text':
        'unbalanced emphasis error case: delimiter rules differ (CommonMark)',
    'gettalong-kramdown/span/02_emphasis/nesting.text':
        'intraword underscore emphasis nesting: CommonMark and kramdown differ',
    'gettalong-kramdown/span/02_emphasis/normal.text':
        'nested same-character emphasis: CommonMark and kramdown pair delimiters differently',
    'gettalong-kramdown/span/05_html/markdown_attr.text':
        'markdown="0"/span attributes on inline HTML (kramdown-only)',
    'gettalong-kramdown/span/05_html/normal.text':
        'invalid/block tags inside a paragraph: kramdown prints them as text, the sanitiser drops them',
    'gettalong-kramdown/span/05_html/raw_span_elements.text':
        'raw span elements (kbd/samp with --): kramdown does not smarten their text',
    'gettalong-kramdown/span/05_html/xml.text':
        'XML-ish tags in text: kramdown prints them, the sanitiser drops them',
    'gettalong-kramdown/span/autolinks/url_links.text':
        'autolink text: kramdown obfuscates/encodes e-mail and entity text differently',
    'gettalong-kramdown/span/extension/comment.text':
        'error cases of span {::comment} (unclosed, mismatched)',
    'gettalong-kramdown/span/extension/ignored.text':
        'unknown span extensions are printed by kramdown',
    'gettalong-kramdown/span/extension/options.text':
        '{::options} changing parsing mid-paragraph is ignored',
    'gettalong-kramdown/span/ial/simple.text':
        'escaped/ignored span IALs after plain text',
    'gettalong-kramdown/span/line_breaks/normal.text':
        'backslash at line end: GFM hard break in markdown-it, text in kramdown',
    'gettalong-kramdown/span/math/normal.text':
        "$$ spans next to text and escaped dollars: kramdown's math rules",
    'gettalong-kramdown/span/text_substitutions/entities.text':
        'invalid and unusual entities (&#xYZ;, &amp;O) printed differently',
    'gettalong-kramdown/span/text_substitutions/typography.text':
        '<< >> guillemets with spaces and quotes around emphasis markers',
    'gettalong-kramdown/span/text_substitutions/typography_subst.text':
        '<< >> guillemets with inner spaces',
    'kramdown-parser-gfm/emoji.text':
        'by design: jekyll_emoji (jemoji, on by default) turns :smile: into an emoji; this Jekyll run had no jemoji',
    'kramdown-parser-gfm/emoji_custom.text':
        'by design: jekyll_emoji (jemoji) as above',
    'kramdown-parser-gfm/strikethrough.text':
        "single-tilde and spaced ~~ strikethrough edge cases (markdown-it's strikethrough)",
}


def _manifest() -> list[dict]:
    path = need_shared("peer-cases", "kramdown", "manifest.json")
    return json.loads(path.read_text(encoding="utf-8"))


def _text(node) -> str:
    for junk in node.select("pre, code, sup, a.footnote-reference, a.reversefootnote, a.headerlink, script"):
        junk.decompose()
    return re.sub(r"\s+", " ", node.get_text("")).replace("\u00b6", "").strip()


def _slug(case: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", case.lower()).strip("-")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every case as a post of one site → the text of its page."""
    records = _manifest()
    base = Path(need_shared("peer-cases", "kramdown"))
    src = tmp_path_factory.mktemp("peer") / "src"
    src.mkdir()
    for part in ("conf.py", "index.md"):  # the root's settings, none of its posts
        shutil.copy(ROOT / part, src / part)
    posts = src / "docs" / "posts"
    posts.mkdir(parents=True)
    names = {}
    for record in records:
        name = f"2000-01-01-{_slug(record['text'])}"
        names[record["text"]] = name
        text = (base / record["text"]).read_text(encoding="utf-8")
        (posts / f"{name}.md").write_text(f"---\ntitle: case\n---\n{text}", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        pages = {}
        for case, name in names.items():
            page = app.outdir / "docs" / "posts" / f"{name}.html"
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            main = soup.select_one('[role="main"]') or soup.body
            pages[case] = _text(main)
    finally:
        app.cleanup()
    return pages


def _cases() -> list[tuple[str, str]]:
    try:
        records = _manifest()
    except pytest.skip.Exception:
        return [pytest.param("-", "", marks=pytest.mark.skip(reason="../shared is absent"))]
    return [
        pytest.param(
            r["text"],
            r["jekyll_4_3_default_html"],
            marks=[pytest.mark.xfail(reason=EXCLUDED[r["text"]], strict=True)]
            if r["text"] in EXCLUDED
            else [],
            id=r["text"],
        )
        for r in records
        if r.get("jekyll_4_3_default_html") is not None
    ]


@pytest.mark.parametrize(("case", "expected_html"), _cases())
def test_jekyll_text_blocks(built: dict[str, str], case: str, expected_html: str) -> None:
    ours = built[case]
    soup = BeautifulSoup(expected_html, "html.parser")
    missing = []
    for block in soup.find_all(BLOCKS):
        if block.find(BLOCKS):
            continue  # the innermost blocks only
        text = _text(block)
        if text and text not in ours:
            missing.append(text)
    assert not missing, f"{case}: Jekyll's blocks missing from our page: {missing[:5]}"
