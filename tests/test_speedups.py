"""The speed-ups compute what Sphinx, docutils and the theme compute, byte for byte."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils import nodes
from docutils.utils import new_document
from jinja2 import DictLoader, Environment
from pygments import highlight
from pygments.lexers import PythonLexer
from sphinx import addnodes
from sphinx.transforms.post_transforms.code import HighlightLanguageVisitor

from jekyll_book import speedups
from tests.test_incremental import differences, snapshot
from tests.test_parallel import site_with_posts
from tests.test_perf import _config, cli_build

# -- the whole site, with and without ------------------------------------------------


def _doctrees(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): pickle.loads(p.read_bytes()).pformat()
        for p in sorted(folder.rglob("*.doctree"))
    }


def test_site_is_the_same_with_and_without_speedups(tmp_path: Path) -> None:
    src = site_with_posts(tmp_path / "site", 20)
    cli_build(src, tmp_path / "off", "-E", "-D", "jekyll_speedups=0")
    cli_build(src, tmp_path / "on", "-E", "-D", "jekyll_speedups=1")
    off, on = snapshot(tmp_path / "off" / "html"), snapshot(tmp_path / "on" / "html")
    assert len([k for k in off if k.startswith("docs/posts/")]) >= 25
    assert differences(on, off) == []
    trees = _doctrees(tmp_path / "off" / "doctrees")
    assert len(trees) >= 40
    assert _doctrees(tmp_path / "on" / "doctrees") == trees

    # a rebuild (the environment loaded from disk) after one post was edited
    post = sorted((src / "docs" / "posts").glob("*.md"))[3]
    post.write_text(
        post.read_text(encoding="utf-8") + "\n\n고친 문단 **굵게**.\n", encoding="utf-8"
    )
    cli_build(src, tmp_path / "off", "-D", "jekyll_speedups=0")
    cli_build(src, tmp_path / "on", "-D", "jekyll_speedups=1")
    off, on = snapshot(tmp_path / "off" / "html"), snapshot(tmp_path / "on" / "html")
    assert differences(on, off) == []
    assert _doctrees(tmp_path / "on" / "doctrees") == _doctrees(tmp_path / "off" / "doctrees")


# -- tree walks ----------------------------------------------------------------------


def _reference_findall(node: nodes.Node, cls: type | tuple[type, ...]) -> Iterator[nodes.Node]:
    """docutils 0.22's recursive ``Node._fast_findall``."""
    if isinstance(node, cls):
        yield node
    for child in node.children:
        yield from _reference_findall(child, cls)


def _tree() -> nodes.document:
    doc = new_document("<test>")
    section = nodes.section("", nodes.title("", "제목"), ids=["s"])
    para = nodes.paragraph("", "", nodes.Text("앞 "), nodes.strong("", "굵게"), nodes.Text(" 뒤"))
    inner = nodes.section("", nodes.title("", "안"), nodes.literal_block("", "code\n"))
    section += [
        para,
        inner,
        nodes.bullet_list("", nodes.list_item("", nodes.paragraph("", "항목"))),
    ]
    doc += [section, nodes.paragraph("", "끝"), nodes.comment("", "주석")]
    return doc


def _remove_it(node: nodes.Node) -> None:
    node.parent.remove(node)


def _replace_it(node: nodes.Node) -> None:
    node.replace_self(nodes.inline("", "", nodes.Text("대체")))


def _append_sibling(node: nodes.Node) -> None:
    node.parent.append(nodes.paragraph("", "새 문단"))


def _replace_children(node: nodes.Node) -> None:
    node.children = [nodes.emphasis("", "새 자식")]
    node[0].parent = node


WALKS: list[tuple[str, type | tuple[type, ...], Callable[[nodes.Node], None] | None]] = [
    ("every node", nodes.Node, None),
    ("text nodes", nodes.Text, None),
    ("sections", nodes.section, None),
    ("a class tuple", (nodes.title, nodes.strong), None),
    ("nothing matches", nodes.table, None),
    ("remove each paragraph", nodes.paragraph, _remove_it),
    ("replace each strong", nodes.strong, _replace_it),
    ("append after each paragraph", nodes.paragraph, _append_sibling),
    ("replace a section's children", nodes.section, _replace_children),
]


@pytest.mark.parametrize(("label", "cls", "edit"), WALKS, ids=[w[0] for w in WALKS])
def test_tree_walk_matches_docutils(label: str, cls, edit) -> None:
    seen = []
    for walk in (_reference_findall, speedups._fast_findall):
        doc = _tree()
        found = []
        for i, node in enumerate(walk(doc, cls)):
            found.append(node.pformat() if isinstance(node, nodes.Element) else str(node))
            if edit is not None and i < 3:
                edit(node)
        seen.append((found, doc.pformat()))
    assert seen[0] == seen[1]
    assert bool(seen[0][0]) is (cls is not nodes.table)


def test_superfast_walk_and_matcher_match_docutils() -> None:
    from typing import Any

    from sphinx.util.nodes import NodeMatcher

    doc = _tree()
    assert list(speedups._superfast_findall(doc)) == list(_reference_findall(doc, nodes.Node))
    doc[0][1]["translated"] = True
    assert list(speedups._matcher_findall(NodeMatcher(nodes.Element, translated=Any), doc)) == [
        doc[0][1]
    ]
    assert list(speedups._matcher_findall(NodeMatcher(nodes.Element, translated=False), doc)) == []
    no_class = NodeMatcher(ids=["s"])
    assert list(speedups._matcher_findall(no_class, doc)) == [doc[0]]


FINDALL_ARGS = [
    {},
    {"include_self": False},
    {"siblings": True},
    {"ascend": True},
    {"descend": False},
]


@pytest.mark.parametrize("kwargs", FINDALL_ARGS, ids=[str(a) for a in FINDALL_ARGS])
def test_findall_with_a_matcher_matches_docutils(kwargs) -> None:
    from typing import Any

    from sphinx.util.nodes import NodeMatcher

    speedups.ensure("tree walks")
    matchers = [
        NodeMatcher(nodes.strong),
        NodeMatcher(nodes.Element, translated=Any),
        NodeMatcher(nodes.paragraph, nodes.title),
        NodeMatcher(ids=["s"]),  # no class: docutils' own path
    ]
    for matcher in matchers:
        runs = []
        for findall in (speedups.originals["findall"], nodes.Node.findall):
            doc = _tree()
            doc[0][1]["translated"] = True
            found = []
            for node in findall(doc[0][1], matcher, **kwargs):  # from the first paragraph
                found.append(node.pformat())
                if isinstance(node, nodes.strong):  # edits while walking, as the link shortener
                    node.children[0] = nodes.Text("짧게")
            runs.append((found, doc.pformat()))
        assert runs[0] == runs[1]


def _fresh_class() -> type:
    """A node class of which no instance was ever made (module-level, so that
    pickle finds it by name)."""
    name = f"fresh_{len([n for n in globals() if n.startswith('fresh_')])}"
    fresh = type(name, (nodes.Element,), {"__module__": __name__})
    globals()[name] = fresh
    return fresh


def _sphinx_copy(cls: type) -> nodes.Element:
    return cls("", nodes.Text("x")).copy()  # Sphinx's Element.copy: object.__new__


#: every way a node comes to exist
MAKINGS: list[tuple[str, Callable[[type], nodes.Element]]] = [
    ("called", lambda cls: cls("", nodes.Text("x"))),
    ("copy.copy", lambda cls: copy.copy(cls())),
    ("copy.deepcopy", lambda cls: copy.deepcopy(cls("", nodes.Text("x")))),
    ("Element.copy", _sphinx_copy),
    ("Element.deepcopy", lambda cls: cls("", nodes.Text("x")).deepcopy()),
    *[
        (
            f"unpickled (protocol {proto})",
            lambda cls, proto=proto: pickle.loads(pickle.dumps(cls(), proto)),
        )
        for proto in range(pickle.HIGHEST_PROTOCOL + 1)
    ],
]


@pytest.mark.parametrize(("label", "make"), MAKINGS, ids=[m[0] for m in MAKINGS])
def test_walks_find_nodes_however_they_were_made(label: str, make) -> None:
    speedups.ensure("tree walks")
    fresh = _fresh_class()
    assert speedups._none_made(fresh)
    assert speedups._none_made((fresh, _fresh_class()))
    doc = _tree()
    assert list(speedups._fast_findall(doc, fresh)) == []  # the walk that stops at once

    made = make(fresh)
    assert type(made) is fresh
    assert not speedups._none_made(fresh)
    assert not speedups._none_made((nodes.table, fresh))
    # a node put into the tree past docutils' API is found all the same
    doc[0][1].children.append(made)
    assert list(speedups._fast_findall(doc, fresh)) == [made]
    assert list(speedups._fast_findall(doc, fresh)) == list(_reference_findall(doc, fresh))
    assert list(doc.findall(fresh)) == [made]


def test_walks_for_classes_of_nodes_made_before_the_walks_were_installed() -> None:
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        from docutils import nodes
        from sphinx import addnodes
        early = nodes.section("", addnodes.glossary(), nodes.paragraph())
        from jekyll_book import speedups
        speedups.ensure("tree walks")
        assert speedups._fast_findall is nodes.Node._fast_findall
        assert list(early.findall(addnodes.glossary)) == [early[0]], "made before"
        assert list(early.findall(addnodes.desc)) == []
        assert speedups._none_made(addnodes.desc)
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip() == "ok", done.stderr


class _Recorder(nodes.GenericNodeVisitor):
    """Records each visit and departure; raises ``raises[text]`` on entering
    the node whose text starts with that key, and may edit the tree."""

    def __init__(self, document, raises: dict[str, type], edit: bool) -> None:
        super().__init__(document)
        self.seen: list[str] = []
        self.raises, self.edit = raises, edit

    def _name(self, node) -> str:
        return f"{node.__class__.__name__}:{node.astext()[:4]}"

    def default_visit(self, node) -> None:
        self.seen.append("visit " + self._name(node))
        if self.edit and isinstance(node, nodes.strong):
            node.replace_self(nodes.emphasis("", "바뀜"))
        for start, error in self.raises.items():
            if isinstance(node, nodes.Element) and node.astext().startswith(start):
                raise error

    def default_departure(self, node) -> None:
        self.seen.append("depart " + self._name(node))


QUIET_WALKS = [
    ("plain", {}, False),
    ("skip children", {"안": nodes.SkipChildren}, False),
    ("skip node", {"안": nodes.SkipNode}, False),
    ("skip departure", {"항목": nodes.SkipDeparture}, False),
    ("skip siblings", {"굵게": nodes.SkipSiblings}, False),
    ("stop", {"code": nodes.StopTraversal}, False),
    ("replacing a node", {}, True),
]


@pytest.mark.parametrize(("label", "raises", "edit"), QUIET_WALKS, ids=[w[0] for w in QUIET_WALKS])
@pytest.mark.parametrize("method", ["walk", "walkabout"])
def test_quiet_walks_match_docutils(label: str, raises, edit, method: str) -> None:
    speedups.ensure("quiet walks")
    runs = []
    for walk, visit, depart in (
        (
            speedups.originals[method],
            speedups.originals["dispatch_visit"],
            speedups.originals["dispatch_departure"],
        ),
        (
            getattr(nodes.Node, method),
            nodes.NodeVisitor.dispatch_visit,
            nodes.NodeVisitor.dispatch_departure,
        ),
    ):
        doc = _tree()
        recorder = _Recorder(doc, raises, edit)
        recorder.dispatch_visit = visit.__get__(recorder)
        recorder.dispatch_departure = depart.__get__(recorder)
        stopped = walk(doc, recorder)
        runs.append((stopped, recorder.seen, doc.pformat()))
    assert runs[0] == runs[1]
    assert runs[0][1]


def test_quiet_walks_keep_docutils_debug_messages() -> None:
    speedups.ensure("quiet walks")
    messages = []
    doc = _tree()
    doc.reporter.debug_flag = True
    doc.reporter.stream = None  # observed, not printed
    doc.reporter.attach_observer(lambda message: messages.append(message.astext()))
    doc.walkabout(_Recorder(doc, {}, False))
    assert any("walkabout calling dispatch_visit for section" in m for m in messages)
    assert any(
        "dispatch_departure calling _call_default_departure for paragraph" in m for m in messages
    )


# -- sphinx-book-theme's page description ----------------------------------------------


def _described(sections: list[tuple[int, str]]) -> nodes.document:
    """A document with sections at the given depths holding the given text."""
    doc = new_document("<page>")
    stack: list[nodes.Element] = [doc]
    for depth, text in sections:
        del stack[depth:]
        section = nodes.section("", nodes.title("", f"제목 {len(text)}"), nodes.paragraph("", text))
        stack[-1] += section
        stack.append(section)
    return doc


DESCRIPTIONS = [
    ("no sections", []),
    ("one short section", [(1, "짧은 글")]),
    (
        "nested talks",
        [(1, "머리말 " * 5), (2, "세션 하나\n줄바꿈 " * 4), (2, "세션 둘 " * 9), (3, "깊은 절")],
    ),
    ("sections past 160 characters", [(1, "가" * 150), (1, "나" * 30), (1, "다" * 30)]),
    # "제목 152" + "  " + 152 characters: the first section is exactly 160
    ("a first section of exactly 160", [(1, "라" * 152), (1, "마" * 10)]),
]


@pytest.mark.parametrize(("label", "sections"), DESCRIPTIONS, ids=[d[0] for d in DESCRIPTIONS])
def test_theme_description_matches_sphinx_book_theme(label: str, sections) -> None:
    speedups.ensure("theme description")
    import sphinx_book_theme

    app = SimpleNamespace(
        env=SimpleNamespace(titles={"index": nodes.title("", "홈"), "p": nodes.title("", "글")}),
        config=SimpleNamespace(author="필자"),
        builder=SimpleNamespace(theme_options={}),
    )
    contexts = []
    for add in (speedups.originals["add_metadata_to_page"], sphinx_book_theme.add_metadata_to_page):
        for doctree in (_described(sections), None):
            context: dict = {"root_doc": "index"}
            add(app, "p", "page.html", context, doctree)
            context["translate"] = context["translate"]("Search")
            contexts.append(context)
    assert contexts[:2] == contexts[2:]
    if sections:
        assert contexts[0]["page_description"]
        assert len(contexts[0]["page_description"]) <= 160
    if label.startswith("a first section of exactly"):
        assert contexts[2]["page_description"] == "제목 152  " + "라" * 152


# -- the highlight-language pass -----------------------------------------------------


class _Block(nodes.literal_block):
    """A subclass: Sphinx's visitor dispatches by class name, so it is left alone."""


def _highlight_doc() -> nodes.document:
    doc = new_document("<test>")
    doc += nodes.literal_block("", "a\nb\n")
    doc += addnodes.highlightlang(lang="python", force=True, linenothreshold=2)
    section = nodes.section("", nodes.literal_block("", "x = 1\ny = 2\nz = 3\n"))
    section += addnodes.highlightlang(lang="ruby", force=False, linenothreshold=10)
    section += nodes.literal_block("", "puts 1\n", language="text")
    doc += section
    doc += nodes.literal_block("", "after the section\n", linenos=False)
    doc += _Block("", "subclass\n")
    included = addnodes.start_of_file(docname="other")
    included += nodes.literal_block("", "inside\n")
    included += addnodes.highlightlang(lang="c", force=False, linenothreshold=1)
    included += nodes.literal_block("", "int x;\n")
    doc += included
    doc += nodes.literal_block("", "back outside\n")
    return doc


def test_highlight_pass_matches_sphinx() -> None:
    from sphinx.transforms.post_transforms.code import HighlightLanguageTransform

    expected = _highlight_doc()
    expected.walkabout(HighlightLanguageVisitor(expected, "default"))
    for node in list(expected.findall(addnodes.highlightlang)):
        node.parent.remove(node)

    speedups.ensure("highlight")
    doc = _highlight_doc()
    doc.settings.env = SimpleNamespace(config=SimpleNamespace(highlight_language="default"))
    HighlightLanguageTransform(doc).apply()
    assert doc.pformat() == expected.pformat()
    assert "ruby" in doc.pformat() and "linenos" in doc.pformat()


# -- docutils settings ---------------------------------------------------------------


def test_settings_are_built_once_and_handed_out_fresh() -> None:
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser
    from sphinx.util import docutils as sphinx_docutils

    speedups.ensure("settings")
    get = sphinx_docutils._get_settings
    defaults = {"traceback": True, "strip_classes": None, "tab_width": 4}
    one = get(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    two = get(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    assert vars(one).keys() == vars(two).keys()
    assert {k: v for k, v in vars(one).items() if k != "record_dependencies"} == {
        k: v for k, v in vars(two).items() if k != "record_dependencies"
    }
    assert one is not two and one.record_dependencies is not two.record_dependencies
    assert one._config_files is not two._config_files
    one._source = "changed.md"
    assert getattr(two, "_source", None) != "changed.md"
    other = get(
        standalone.Reader, MystParser, defaults={**defaults, "tab_width": 2}, read_config_files=True
    )
    assert other.tab_width == 2
    assert copy.copy(defaults) == {"traceback": True, "strip_classes": None, "tab_width": 4}


# -- the theme's emptiness checks ----------------------------------------------------

TEMPLATES = [
    ("literal wrapper", '<div class="buttons">{{ x }}</div>', True),
    (
        "import, then a wrapper",
        "{% from 'm.html' import f with context %}\n<div>{{ f() }}</div>",
        True,
    ),
    ("only inside if", "{% if x %}<div>{{ x }}</div>{% endif %}", False),
    ("only an expression", "  \n{{ x }}\n", False),
    ("whitespace markup", "{% set a = 1 %}\n\n", False),
    ("extends", "{% extends 'base.html' %}<div>never shown</div>", False),
    ("missing template", None, False),
    ("numbering call", "<div>{{ unique_html_id('a') }}</div>", False),
    ("includes a numbering template", "<div>{% include 'ids.html' %}</div>", False),
    ("computed include", "<div>{% include name %}</div>", False),
    ("includes a plain template", "<div>{% include 'm.html' %}</div>", True),
]


@pytest.mark.parametrize(("label", "source", "expected"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_statically_non_empty_templates(label: str, source: str | None, expected: bool) -> None:
    files = {
        "m.html": "{% macro f() %}x{% endmacro %}",
        "base.html": "{% block b %}{% endblock %}",
        "ids.html": "<span id=\"{{ unique_html_id('b') }}\"></span>",
    }
    if source is not None:
        files["t.html"] = source
    environment = Environment(loader=DictLoader(files))
    assert speedups._statically_non_empty(environment, "t.html") is expected
    if expected:  # what the theme's check would find, for any context
        for context in ({}, {"x": ""}, {"x": "값"}):
            assert environment.get_template("t.html").render(**context).strip()


# -- highlighting and the search index -----------------------------------------------


def test_formatters_are_reused_and_render_the_same() -> None:
    from sphinx.highlighting import PygmentsBridge

    speedups.ensure("formatters")
    bridge = PygmentsBridge("html", "sphinx")
    plain, numbered = bridge.get_formatter(), bridge.get_formatter(linenos=True, hl_lines=[2])
    assert bridge.get_formatter() is plain
    assert bridge.get_formatter(linenos=True, hl_lines=[2]) is numbered
    assert (
        numbered is not plain and bridge.get_formatter(linenos=True, hl_lines=[1]) is not numbered
    )
    source = "def 함수(x):\n    return x  # 주석\n"
    fresh = PygmentsBridge("html", "sphinx")
    for kwargs in ({}, {"linenos": True, "hl_lines": [2]}, {}):
        expected = fresh.formatter(**{**kwargs, **fresh.formatter_args})
        assert bridge.highlight_block(source, "python", **kwargs) == highlight(
            source, PythonLexer(), expected
        )


def _search_doc() -> nodes.document:
    doc = new_document("<test>")
    section = nodes.section("", nodes.title("", "쿠버네티스 입문"), ids=["intro"])
    section += nodes.paragraph("", "", nodes.Text("파드를 만든다. Running pods"))
    sub = nodes.section("", nodes.title("", "두번째 제목"), ids=["second"])
    sub += nodes.paragraph("", "숨김", classes=["no-search"])
    sub += nodes.comment("", "주석은 빼고")
    sub += nodes.raw("", "<b>굵은</b> 글씨<script>x()</script>", format="html")
    sub += nodes.raw("", "\\LaTeX", format="latex")
    sub += nodes.meta(name="keywords", content="태그, 검색 ")
    sub += nodes.meta(name="keywords", content="다른 언어", lang="en")
    section += sub
    doc += section
    return doc


def test_search_walk_collects_what_sphinx_collects() -> None:
    speedups.ensure("search walk")
    from sphinx.search import WordStore, _feed_visit_nodes

    assert _feed_visit_nodes is not speedups.originals["search walk"]
    stores = []
    for walk in (speedups.originals["search walk"], _feed_visit_nodes):
        store = WordStore()
        walk(_search_doc(), word_store=store, split=str.split, language="ko")
        stores.append(store)
    assert stores[0] == stores[1]
    assert stores[1].titles == [("쿠버네티스 입문", None), ("두번째 제목", "second")]
    assert "굵은" in stores[1].words and "태그" in stores[1].words
    assert "숨김" not in stores[1].words and "언어" not in stores[1].words


UNESCAPES = ["", "평문 text", "a\x00 b", "줄\x00\n바꿈", "널\x00문자", "\x00", "끝\x00"]


@pytest.mark.parametrize("text", UNESCAPES)
@pytest.mark.parametrize("restore", [False, True])
def test_unescape_matches_docutils(text: str, restore: bool) -> None:
    speedups.ensure("unescape")
    original = speedups.originals["unescape"]
    for value in (text, nodes.Text(text)):
        result = nodes.unescape(value, restore)
        assert result == original(value, restore)
        assert type(result) is str
    assert nodes.Text(text).astext() == str(original(nodes.Text(text)))


def test_document_lookup_matches_docutils() -> None:
    speedups.ensure("document lookup")
    original = speedups.originals["document"]
    doc = _tree()
    empty = new_document("<empty>")
    orphan = nodes.paragraph("", "", nodes.strong("", "고아"))
    detached = nodes.section("", nodes.title("", "떨어진"))
    detached.parent = doc  # a parent link without the document reference
    for node in [*doc.findall(), empty, orphan, orphan[0], orphan[0][0], detached, detached[0]]:
        assert node.document is original(node)
    assert doc[0][1][1].document is doc and orphan[0].document is None


def test_visitor_dispatch_matches_sphinx() -> None:
    from sphinx.util.docutils import SphinxTranslator

    class Recorder(SphinxTranslator):
        def __init__(self, document: nodes.document) -> None:
            builder = SimpleNamespace(config=None, env=SimpleNamespace(domains=None))
            super().__init__(document, builder)
            self.seen: list[str] = []

        def visit_Element(self, node: nodes.Node) -> None:
            self.seen.append(f"element {node.tagname}")

        def depart_paragraph(self, node: nodes.Node) -> None:
            self.seen.append("/paragraph")

        def visit_section(self, node: nodes.Node) -> None:
            self.seen.append("section")

        def visit_Text(self, node: nodes.Node) -> None:
            self.seen.append(f"text {node}")

        def depart_Text(self, node: nodes.Node) -> None:
            pass

        def unknown_departure(self, node: nodes.Node) -> None:
            self.seen.append(f"unknown /{node.tagname}")

    def walk(dispatch: dict[str, Callable[..., None]]) -> list[str]:
        doc = _tree()
        recorder = Recorder(doc)
        for name, function in dispatch.items():
            setattr(recorder, name, function.__get__(recorder))
        doc.walkabout(recorder)
        return recorder.seen

    stock = {
        "dispatch_visit": speedups.originals.get("visit", SphinxTranslator.dispatch_visit),
        "dispatch_departure": speedups.originals.get("depart", SphinxTranslator.dispatch_departure),
    }
    speedups.ensure("visitor dispatch")
    fast = {
        "dispatch_visit": SphinxTranslator.dispatch_visit,
        "dispatch_departure": SphinxTranslator.dispatch_departure,
    }
    assert fast["dispatch_visit"] is not stock["dispatch_visit"]
    seen = walk(stock)
    assert walk(fast) == seen
    assert "section" in seen and "unknown /section" in seen and "element paragraph" in seen
    assert "/paragraph" in seen


# -- class selectors and fixed lookups -----------------------------------------------

_SOUP = (
    '<nav><ul class="nav"><li class="toc-h1 nav-item">A<ul><li class="toc-h2 x">B</li>'
    '<li class="toc-h2">C<ul><li class="toc-h3">D</li></ul></li></ul></li>'
    '<li class="TOC-H1">E</li><li class="toc-h1-not">F</li><li class="-x _y">G</li></ul>'
    '<template id="t"><li class="toc-h1">in a template</li></template>'
    '<p CLASS="toc-h3 nav">upper-case attribute</p></nav>'
)


@pytest.mark.parametrize(
    "selector",
    [".toc-h1", ".toc-h2", ".toc-h3", ".nav", ".missing", ".-x", "._y",
     "li", "li.toc-h2", ".toc-h1 > ul", ".toc-h1,.toc-h2", "li:not(.toc-h2)"],
)  # fmt: skip
def test_class_select_matches_soupsieve(selector: str) -> None:
    from bs4 import BeautifulSoup

    speedups.ensure("class select")
    soup = BeautifulSoup(_SOUP, "html.parser")
    template = soup.find("template")
    template.append(soup.new_tag("b", attrs={"class": "toc-h1 toc-h2"}))
    soup.find("p")["class"] = " nav\ttoc-h2 "  # a string, as an API user may set it
    for scope in (soup, soup.find("li"), template):
        want = speedups.originals["select"](scope, selector)
        assert [id(t) for t in scope.select(selector)] == [id(t) for t in want]
    expected = speedups.originals["select"](soup, selector)
    assert [str(t) for t in soup.select(selector)] == [str(t) for t in expected]
    assert soup.select(selector, limit=1) == expected[:1]  # soupsieve's path, with a limit
    soup.known_xml = True  # an XML tree: soupsieve's path (attribute names as written)
    xml = speedups.originals["select"](soup, selector)
    assert [id(t) for t in soup.select(selector)] == [id(t) for t in xml]


def test_fixed_lookups_answer_as_the_originals(tmp_path: Path) -> None:
    from docutils.frontend import get_default_settings
    from docutils.utils import get_stylesheet_list
    from docutils.writers.html5_polyglot import Writer
    from sphinx.builders import html

    speedups.ensure("fixed lookups")
    (tmp_path / "a.css").write_text("a{}", encoding="utf-8")
    for name in ("a.css", "missing.css", "https://example.org/x.css"):
        assert html._file_checksum(tmp_path, name) == speedups.originals["checksum"](tmp_path, name)
    assert html._file_checksum(tmp_path, "a.css")  # a real checksum, not ""
    settings = get_default_settings(Writer)
    first = get_stylesheet_list(settings)
    assert first == speedups.originals["stylesheets"](settings)
    first.append("changed by a caller")  # each call hands out a fresh list
    assert get_stylesheet_list(settings) == speedups.originals["stylesheets"](settings)
    settings.stylesheet_path = ["other.css"]
    assert get_stylesheet_list(settings) == ["other.css"]
    # a new build forgets what the last one found
    config = _config()
    config.jekyll_speedups = False
    speedups.install(None, config)  # type: ignore[arg-type]
    assert all(not known for known in speedups._lookups)
