"""kramdown constructs: input in tests/roots/test-kramdown → expected HTML.

One build of the test root; each row names a CSS selector in the built post
and the text/attributes kramdown (Jekyll 4) gives it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from jekyll_book.source.anchors import gfm_slug
from jekyll_book.source.kramdown import parse_attributes
from jekyll_book.source.typography import smart_quotes, typographic_symbols

from .conftest import need_shared, render_as_post

ROOT = Path(__file__).parent / "roots" / "test-kramdown"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BeautifulSoup, str]:
    src = tmp_path_factory.mktemp("kramdown") / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
        warnings = app.warning.getvalue()
        html = (app.outdir / "docs" / "posts" / "2020-01-01-all.html").read_text(encoding="utf-8")
    finally:
        app.cleanup()
    return BeautifulSoup(html, "html.parser"), warnings


# (construct, CSS selector, expected text or None, expected attributes)
HTML_CASES = [
    ("span IAL link", 'a[href="https://example.com"]', "site", {"target": "_blank", "rel": ["noopener"]}),
    ("span IAL emphasis", "span.red > em", "red", {}),
    ("span IAL strong id", "span#bigid > strong", "big", {}),
    ("block IAL paragraph", "p.notice--info", "A notice paragraph.", {}),
    ("block IAL list", "ul.checklist > li", "one", {}),
    ("ALD reference", "p.warn", "ALD paragraph.", {}),
    ("header id", "section#custom-id > h2", "본문", {}),
    ("no_toc heading class", "section.no_toc#contents > h2", "Contents", {}),
    ("GFM id (section)", "section[id='4-속도의-속도에-의한-속도를-위한-몽고db-네이버-컨텐츠검색과-몽고db']", None, {}),
    ("GFM id duplicate", "section#한글-제목-1", None, {}),
    ("{:toc} local contents", "nav.markdown-toc a[href='#custom-id']", "본문", {}),
    ("nomarkdown", "div.raw", "**not md**", {}),
    ("abbreviation", "abbr[title='Hyper Text Markup Language']", "HTML", {}),
    ("definition list", "dl dt", "Term", {}),
    ("inline math", "span.math", r"\(E = mc^2\)", {}),
    ("block math", "div.math", r"\[a^2 + b^2 = c^2\]", {}),
    ("markdown=1", "div.box > p > strong", "bold md1", {}),
    ("span tag starts a paragraph", "p > span.emphasis", "DEVIEW", {}),
    ("markdown after a span line", "p > strong", "bold after span", {}),
    ("<small> block", "p > small > em", "small", {}),
    ("smart quotes after HTML", "p > span.e", "\u201c네이버\u201d", {}),
    ("strikethrough", "p > s", "지움", {}),
    ("task list", "ul.contains-task-list > li", "todo", {}),
    ("highlight", "div.highlight-ruby pre", "puts 1\n", {}),
    ("highlight linenos", "div.highlight-python span.linenos", "1", {}),
    ("raw", "p > code", "{{ page.title }}", {}),
    ("include", "div.note", "포함됨", {}),
    ("post_url", "a[href='2019-10-31-seed.html']", "the post", {}),
    ("link", "a[href='../../index.html']", "home", {}),
    ("relative_url", "a.external[href='/x/']", "x", {}),
    ("captioned image", "figure.jekyll-figure figcaption", "그림 1. 캡션", {}),
    ("remote image", "img[src='https://example.com/p.png']", None, {}),
    ("image without an address", "img[alt='빈 그림']", None, {"src": ""}),
    ("unknown language", "div.highlight-text pre", "plain\n", {}),
    ("table footer rows stay, |===| goes", "table tbody tr:last-child td", "합계", {}),
    ("empty link is a plain href", "a.external", "empty link", {}),
    ("post_url to a .markdown post", "a[href='2019-11-01-anchors.html']", "markdown post", {}),
    ("fragment naming raw HTML in another post: kept", "a[href='2019-11-01-anchors.html#DPR']", "html anchor", {}),
    ("broken fragment in another post: the post", "a[href='2019-11-01-anchors.html']", "broken anchor", {}),
    ("link to a raw HTML anchor stays a plain href", "a[href='#qa']", "the local html anchor", {}),
    ("defined footnote still a footnote", "a.footnote-reference[href='#n']", "[2]", {}),
]


@pytest.mark.parametrize(("name", "selector", "text", "attrs"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_construct(built, name: str, selector: str, text: str | None, attrs: dict) -> None:
    soup, _ = built
    found = soup.select(selector)
    assert found, f"{name}: nothing matches {selector}"
    matching = [
        node
        for node in found
        if (text is None or node.get_text().strip().rstrip("\u00b6") == text.strip())
        and all(node.get(key) == value for key, value in attrs.items())
    ]
    assert matching, f"{name}: {[n.get_text() for n in found]} / {[n.attrs for n in found]}"


TEXT_CASES = [
    ("paragraph text", "A red and big word."),
    ("hard line break", "line one\nline two"),
    ("prices are not math", "Costs $5 and $10."),
    ("single-quote pair", "\u2018인용\u2019 a \u2013 b \u2014 c \u2026 d"),
    ("comment removed", "Inline  text."),
    ("title", "Title: 모든 문법"),
    ("missing post_url keeps the text", "and missing."),
    ("MyST comment/break/target syntax is text", "% 증가율은 주석이 아니다\n+++\n(not-a-target)="),
    ("no table right after a paragraph line", "표 앞 문단\n| a | b |"),
    ("jemoji shortcodes", "Emoji \U0001f389 and :tada: and :return:"),
    ("unknown elements are invisible", "List text."),
    ("undefined Liquid variable prints nothing", "Undefined  value."),
    ("footnote without a definition is text", "A [^9] alone"),
]


@pytest.mark.parametrize(("name", "expected"), TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_text(built, name: str, expected: str) -> None:
    soup, _ = built
    texts = [p.get_text() for p in soup.select("p")]
    assert any(expected in t for t in texts), f"{name}: {expected!r} not in any paragraph"


def test_nothing_literal_left(built) -> None:
    soup, _ = built
    article = soup.select_one('[role="main"]') or soup.body
    for pre in article.select("pre, code"):
        pre.decompose()
    text = article.get_text()
    assert "{:" not in text
    assert "{%" not in text.replace("{% unknowntag %}", "")
    assert "**" not in text.replace("**not md**", "")


def test_located_warnings(built) -> None:
    _, warnings = built
    assert "2020-01-01-all.md:94: WARNING: {% post_url 2000-01-01-nope %}" in warnings
    assert "2020-01-01-all.md:115: WARNING: unsupported Liquid tag '{% unknowntag %}'" in warnings
    assert "myst.xref_missing" not in warnings
    # broken on the Jekyll site as well, rendered alike: said, not warned
    assert "the post has no anchor 'nowhere'" not in warnings
    assert "Liquid variable '{{ nothing }}' is not defined" not in warnings
    assert "#DPR" not in warnings  # the anchor exists in the source (raw HTML)
    assert "cannot copy image file" not in warnings  # ![빈 그림]() is no folder to copy
    assert "Unknown target name" not in warnings  # [^9] has no definition: text
    # MyST's own hard-break LaTeX twin and task-list checkboxes are not the
    # author's raw output; a trailing --- is an <hr />, not a docutils error
    for unexpected in ("raw output refused", "removed <input>", "transition", "<string>"):
        assert unexpected not in warnings


def test_myst_generated_html_kept(built) -> None:
    soup, _ = built
    assert soup.select("li.task-list-item input[type=checkbox][disabled]")
    assert soup.select("section hr")
    assert not soup.select("table td p:-soup-contains('======')")


def test_toc_leaves_out_no_toc(built) -> None:
    soup, _ = built
    assert soup.select_one("nav.markdown-toc a[href='#contents']") is None


def _render_fragment(markdown: str) -> str:
    """The markdown-it stage of a post alone (the production parser), as HTML."""
    return render_as_post(markdown)


# (what, post Markdown, HTML fragment kramdown (Jekyll 4) makes of it)
FRAGMENTS = [
    # kramdown: a `*` run opens unless whitespace follows, closes unless whitespace precedes
    ("** between a letter and /", "example.com**/users** & a.com**/posts**",
     "<p>example.com<strong>/users</strong> &amp; a.com<strong>/posts</strong></p>"),
    ("** closing between ) and a letter", "**word(s)**and", "<p><strong>word(s)</strong>and</p>"),
    ("** closing after : before a letter", "**Note:**text", "<p><strong>Note:</strong>text</p>"),
    ("* between letters and parentheses", "a*(b)*c", "<p>a<em>(b)</em>c</p>"),
    # kramdown curls the quotes too (its span/02_emphasis fixture: "_test_" → &#8220;<em>test</em>&#8221;)
    ("** opening before a quote", 'x**"y"**z', "<p>x<strong>\u201cy\u201d</strong>z</p>"),
    ("spaces inside ** stay literal", "** a ** b", "<p>** a ** b</p>"),
    ("_ still never splits a word", "snake_case_word", "<p>snake_case_word</p>"),
    ("Korean particle after **", "**마크다운(Markdown)**을", "<p><strong>마크다운(Markdown)</strong>을</p>"),
    # the IAL after a {:toc} list must not hide the next block IAL
    ("block IAL after {:toc}", "* TOC\n{:toc}\n\n## H\n\n{: .info}\n| a | b |\n|---|---|\n| 1 | 2 |\n",
     '<table class="info">'),
    ("footnote reference without definition", "a [^1] b", "<p>a [^1] b</p>"),
]


@pytest.mark.parametrize(("name", "markdown", "fragment"), FRAGMENTS, ids=[f[0] for f in FRAGMENTS])
def test_fragment(name: str, markdown: str, fragment: str) -> None:
    html = str(BeautifulSoup(_render_fragment(markdown), "html.parser"))
    expected = str(BeautifulSoup(fragment, "html.parser"))
    if expected.endswith("</table>"):
        expected = expected[: -len("</table>")]
    assert expected in html, html
    assert "jekyll_ial" not in html and "<>" not in html


SLUGS = [
    ("한글 제목", "한글-제목"),
    ("Hello, World!", "hello-world"),
    ("3.  Fail Fast (실패)", "3--fail-fast-실패"),
    ("C++ & C#", "c--c"),
    ("속도의, 속도에 의한, 속도를 위한 몽고DB (네이버 컨텐츠검색과 몽고DB)",
     "속도의-속도에-의한-속도를-위한-몽고db-네이버-컨텐츠검색과-몽고db"),
    ("a_b c \u201cq\u201d 1.2", "a_b-c-q-12"),
]


@pytest.mark.parametrize(("title", "slug"), SLUGS)
def test_gfm_slug(title: str, slug: str) -> None:
    assert gfm_slug(title) == slug


QUOTES = [
    ('"double" and \'single\' it\'s 90\'s', "\u201cdouble\u201d and \u2018single\u2019 it\u2019s 90\u2019s"),
    ('"네이버"는', "\u201c네이버\u201d는"),
    ("는 '인용'", "는 \u2018인용\u2019"),
    ("the '80s", "the \u201980s"),
]


@pytest.mark.parametrize(("source", "expected"), QUOTES)
def test_smart_quotes(source: str, expected: str) -> None:
    assert smart_quotes(source) == expected


def test_typographic_symbols() -> None:
    assert typographic_symbols("a -- b --- c ... d << e >> f") == "a \u2013 b \u2014 c \u2026 d \u00ab\u00a0e\u00a0\u00bb f"


ATTRS = [
    ('target="_blank" rel="noopener"', {"target": "_blank", "rel": "noopener"}),
    (".a .b #x", {"class": "a b", "id": "x"}),
    ("width=300 .center", {"width": "300", "class": "center"}),
    ("toc", {"jekyll-ref": "toc"}),
]


@pytest.mark.parametrize(("body", "expected"), ATTRS)
def test_parse_attributes(body: str, expected: dict) -> None:
    assert parse_attributes(body) == expected


def test_peer_inventory_smart_quotes() -> None:
    """Jekyll 4.3.1's real output for the inline typography cases."""
    inventory = json.loads(need_shared("peer-cases", "kramdown", "jekyll-4.3.1-inventory.json").read_text())
    cases = {c["id"]: c for c in inventory["cases"]}
    for case_id in ("smartquotes", "typo"):
        source = cases[case_id]["markdown"].strip()
        expected = BeautifulSoup(cases[case_id]["kramdown_jekyll"], "html.parser").get_text()
        assert smart_quotes(typographic_symbols(source)) == expected.replace("\u00a0", "\u00a0")


EMOJI = [
    (":smile: 좋아요", "\U0001f604 좋아요"),
    (":+1::tada:", "\U0001f44d\U0001f389"),
    (":return: :rtype: :---:", ":return: :rtype: :---:"),  # not GitHub names: text
    ("10:30:45", "10:30:45"),
]


@pytest.mark.parametrize(("text", "expected"), EMOJI)
def test_emojify(text: str, expected: str) -> None:
    from jekyll_book.source.emoji import emojify

    assert emojify(text) == expected


def test_posts_and_pages_share_one_parser_without_leaking(tmp_path: Path) -> None:
    """The Markdown parser is made once per process (parser.py): a post
    switches MyST's own block syntax off, the pages read before and after it
    still have it (reading order: docs/a-page, the posts, index)."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    page = "# 메모\n\n% MyST 주석: 보이지 않는다\n\n(page-target)=\n## 대상\n\n본문\n"
    (src / "docs" / "a-page.md").write_text(page, encoding="utf-8")
    index = (src / "index.md").read_text(encoding="utf-8")
    (src / "index.md").write_text(index + "\n% 홈 주석\n\n(home-target)=\n## 끝\n\n{ref}`page-target`\n", "utf-8")
    post = "---\ntitle: 퍼센트\n---\n\n% 로 시작하는 문단도 글이다\n\n(아님)=\n"
    (src / "docs" / "posts" / "2019-10-30-percent.md").write_text(post, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=src, freshenv=True, confoverrides={"suppress_warnings": ["toc"]})
    try:
        app.build()
        out = Path(app.outdir)
        texts = {
            name: _main_text((out / name).read_text(encoding="utf-8"))
            for name in ("docs/a-page.html", "docs/posts/2019-10-30-percent.html", "index.html")
        }
    finally:
        app.cleanup()
    assert "주석" not in texts["docs/a-page.html"] and "본문" in texts["docs/a-page.html"]
    assert "% 로 시작하는 문단도 글이다" in texts["docs/posts/2019-10-30-percent.html"]
    assert "(아님)=" in texts["docs/posts/2019-10-30-percent.html"]
    assert "홈 주석" not in texts["index.html"] and "(home-target)=" not in texts["index.html"]
    assert "대상" in texts["index.html"]  # the {ref} to the page's target resolved


def _main_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("article") or soup.find(attrs={"role": "main"}) or soup.body
    return main.get_text()


def test_a_page_parsed_inside_another_gets_its_own_parser(tmp_path: Path) -> None:
    """The shared parser is in use while a page renders: a Markdown page
    parsed from inside it (re-entrant) must not take over its renderer."""
    from docutils.utils import new_document

    from jekyll_book.source import parser as parser_module

    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        config = app.env.myst_config
        outer = parser_module._markdown_parser(config)
        outer.options["document"] = new_document("<outer>")  # as during a render
        assert parser_module._markdown_parser(config) is outer
        doc = new_document("<inner>")
        doc.settings.env = app.env
        app.env.current_document.docname = "index"
        parser_module.JekyllMystParser()._render("# 안쪽\n\n본문", doc, title=None)
        assert outer.options["document"] is not None  # the outer page's state is untouched
        assert "본문" in doc.astext()
        outer.options["document"] = None
    finally:
        app.cleanup()


def test_the_shared_renderer_lets_go_of_each_page(tmp_path: Path) -> None:
    """After a page is rendered, the process-wide renderer holds nothing of
    it: the page's doctree is freed with the page (not kept until the next
    page replaces it)."""
    import gc
    import weakref

    from docutils.utils import new_document

    from jekyll_book.source import parser as parser_module
    from jekyll_book.speed import myst as speed_myst

    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        doc = new_document("<page>")
        doc.settings.env = app.env
        app.env.current_document.docname = "index"
        parser_module.JekyllMystParser()._render("# 제목\n\n본문 **굵게**", doc, title=None)
        assert "본문" in doc.astext()
        renderer = parser_module._markdown_parser(app.env.myst_config).renderer
        assert not set(parser_module._PAGE_STATE) & set(vars(renderer))
        page = weakref.ref(doc)
        del doc
        gc.collect()
        assert page() is None

        # MyST's syntax tree of the page (its nodes point to their parents) is
        # freed when MyST drops it, without a garbage collection
        trees = []
        made = speed_myst.PageTree.__init__

        def noted(self, *args, **kwargs):
            made(self, *args, **kwargs)
            if kwargs.get("create_root", True):
                trees.append(weakref.ref(self))

        speed_myst.PageTree.__init__ = noted
        gc.disable()
        try:
            doc = new_document("<page>")
            doc.settings.env = app.env
            text = "# 제목\n\n- 목록 **굵게**\n  - 안쪽 [링크](https://example.org)\n\n> 인용"
            parser_module.JekyllMystParser()._render(text, doc, title=None)
        finally:
            speed_myst.PageTree.__init__ = made
            gc.enable()
        assert "안쪽" in doc.astext()
        assert len(trees) == 1 and trees[0]() is None
        assert speed_myst.tree_lists == []
    finally:
        app.cleanup()
