"""The inputs each speed record is checked on, run in a process of their own.

``python tests/speed_cases.py original [RECORD ...]`` runs the cases of the
named records (all by default) with nothing replaced; ``python
tests/speed_cases.py patched RECORD`` installs that one record first.  Each
prints ``{case: result}`` as JSON: a result is a plain string (a doctree's
``pformat``, a list of what a walk found, the HTML rendered…) or the
exception raised, so the two processes' outputs compare as text.
``tests/test_speed_patches.py`` runs both and asserts they are equal.
"""

from __future__ import annotations

import copy
import json
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from docutils import nodes
from docutils.utils import new_document
from sphinx import addnodes

Case = Callable[[], Any]
CASES: dict[str, dict[str, Case]] = {}


def case(record: str, name: str) -> Callable[[Case], Case]:
    def add(function: Case) -> Case:
        CASES.setdefault(record, {})[name] = function
        return function

    return add


def cases(record: str, named: dict[str, Case]) -> None:
    CASES.setdefault(record, {}).update(named)


# -- shared inputs ----------------------------------------------------------------------


def tree() -> nodes.document:
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


def shown(node: nodes.Node) -> str:
    return node.pformat() if isinstance(node, nodes.Element) else f"Text {node!s}"


# -- tree walks -----------------------------------------------------------------------------


def _remove_it(node: nodes.Node) -> None:
    node.parent.remove(node)


def _replace_it(node: nodes.Node) -> None:
    node.replace_self(nodes.inline("", "", nodes.Text("대체")))


def _append_sibling(node: nodes.Node) -> None:
    node.parent.append(nodes.paragraph("", "새 문단"))


def _replace_children(node: nodes.Node) -> None:
    node.children = [nodes.emphasis("", "새 자식")]
    node[0].parent = node


WALKS: dict[str, tuple[Any, Callable[[nodes.Node], None] | None]] = {
    "every node": (nodes.Node, None),
    "text nodes": (nodes.Text, None),
    "sections": (nodes.section, None),
    "a class tuple": ((nodes.title, nodes.strong), None),
    "nothing matches": (nodes.table, None),
    "a Sphinx node never made": (addnodes.glossary, None),
    "remove each paragraph": (nodes.paragraph, _remove_it),
    "replace each strong": (nodes.strong, _replace_it),
    "append after each paragraph": (nodes.paragraph, _append_sibling),
    "replace a section's children": (nodes.section, _replace_children),
}


def _walk_case(cls: Any, edit: Callable[[nodes.Node], None] | None, how: str) -> Case:
    def run() -> list[str]:
        doc = tree()
        found = []
        walk = {
            "findall": lambda: doc.findall(cls),
            "_fast_findall": lambda: doc._fast_findall(cls),
            "findall from a paragraph, no self": lambda: doc[0][1].findall(
                cls, include_self=False, siblings=True
            ),
        }[how]()
        for i, node in enumerate(walk):
            found.append(shown(node))
            if edit is not None and i < 3:
                edit(node)
        return [*found, doc.pformat()]

    return run


for _label, (_cls, _edit) in WALKS.items():
    for _how in ("findall", "_fast_findall", "findall from a paragraph, no self"):
        cases("tree walks", {f"{_label} ({_how})": _walk_case(_cls, _edit, _how)})


@case("tree walks", "superfast walk")
def _superfast() -> list[str]:
    doc = tree()
    return [shown(n) for n in doc._superfast_findall()]


def _made_case(make: Callable[[type], nodes.Element]) -> Case:
    def run() -> list[str]:
        # a class of which no node exists yet, found after it was made
        fresh = type("fresh", (nodes.Element,), {"__module__": __name__})
        globals()["fresh"] = fresh  # pickle finds it by name
        doc = tree()
        before = [shown(n) for n in doc.findall(fresh)]
        made = make(fresh)
        doc[0][1].children.append(made)  # past docutils' API
        return [*before, "--", *(shown(n) for n in doc.findall(fresh)), type(made).__name__]

    return run


MAKINGS: dict[str, Callable[[type], nodes.Element]] = {
    "called": lambda cls: cls("", nodes.Text("x")),
    "copy.copy": lambda cls: copy.copy(cls()),
    "copy.deepcopy": lambda cls: copy.deepcopy(cls("", nodes.Text("x"))),
    "Element.copy": lambda cls: cls("", nodes.Text("x")).copy(),
    "Element.deepcopy": lambda cls: cls("", nodes.Text("x")).deepcopy(),
    **{
        f"unpickled (protocol {proto})": (
            lambda cls, proto=proto: pickle.loads(pickle.dumps(cls(), proto))
        )
        for proto in range(pickle.HIGHEST_PROTOCOL + 1)
    },
}
for _label, _make in MAKINGS.items():
    cases("tree walks", {f"made: {_label}": _made_case(_make)})


@case("tree walks", "pickles of nodes")
def _pickles() -> list[str]:
    doc = tree()
    return [
        pickle.loads(pickle.dumps(doc, proto)).pformat()
        for proto in range(pickle.HIGHEST_PROTOCOL + 1)
    ]


# -- matcher walks ------------------------------------------------------------------------


def _matcher_case(matcher_args: tuple, matcher_kwargs: dict, kwargs: dict, how: str) -> Case:
    def run() -> list[str]:
        from sphinx.util.nodes import NodeMatcher

        matcher = NodeMatcher(*matcher_args, **matcher_kwargs)
        doc = tree()
        doc[0][1]["translated"] = True
        start = doc[0][1]
        walk = start.findall(matcher, **kwargs) if how == "findall" else matcher.findall(start)
        found = []
        for node in walk:
            found.append(shown(node))
            if isinstance(node, nodes.strong):  # edits while walking, as the link shortener
                node.children[0] = nodes.Text("짧게")
        return [*found, doc.pformat()]

    return run


MATCHERS = {
    "strong": ((nodes.strong,), {}),
    "translated elements": ((nodes.Element,), {"translated": Any}),
    "not translated": ((nodes.Element,), {"translated": False}),
    "paragraph or title": ((nodes.paragraph, nodes.title), {}),
    "no class": ((), {"ids": ["s"]}),
}
FINDALL_ARGS = {
    "plain": {},
    "include_self=False": {"include_self": False},
    "siblings": {"siblings": True},
    "ascend": {"ascend": True},
    "descend=False": {"descend": False},
}
for _m, (_args, _kw) in MATCHERS.items():
    cases("matcher walks", {f"{_m}: NodeMatcher.findall": _matcher_case(_args, _kw, {}, "m")})
    for _a, _kwargs in FINDALL_ARGS.items():
        cases(
            "matcher walks", {f"{_m}: findall {_a}": _matcher_case(_args, _kw, _kwargs, "findall")}
        )


# -- quiet walks --------------------------------------------------------------------------


class Recorder(nodes.GenericNodeVisitor):
    """Records each visit and departure; raises ``raises[text]`` on entering
    the node whose text starts with that key, and may edit the tree."""

    def __init__(self, document: nodes.document, raises: dict[str, type], edit: bool) -> None:
        super().__init__(document)
        self.seen: list[str] = []
        self.raises, self.edit = raises, edit

    def _name(self, node: nodes.Node) -> str:
        return f"{node.__class__.__name__}:{node.astext()[:4]}"

    def default_visit(self, node: nodes.Node) -> None:
        self.seen.append("visit " + self._name(node))
        if self.edit and isinstance(node, nodes.strong):
            node.replace_self(nodes.emphasis("", "바뀜"))
        for start, error in self.raises.items():
            if isinstance(node, nodes.Element) and node.astext().startswith(start):
                raise error

    def default_departure(self, node: nodes.Node) -> None:
        self.seen.append("depart " + self._name(node))


QUIET_WALKS: dict[str, tuple[dict[str, type], bool]] = {
    "plain": ({}, False),
    "skip children": ({"안": nodes.SkipChildren}, False),
    "skip node": ({"안": nodes.SkipNode}, False),
    "skip departure": ({"항목": nodes.SkipDeparture}, False),
    "skip siblings": ({"굵게": nodes.SkipSiblings}, False),
    "stop": ({"code": nodes.StopTraversal}, False),
    "replacing a node": ({}, True),
}


def _quiet_case(raises: dict[str, type], edit: bool, method: str, debug: bool) -> Case:
    def run() -> list[str]:
        doc = tree()
        messages: list[str] = []
        if debug:
            doc.reporter.debug_flag = True
            doc.reporter.stream = None  # observed, not printed
            doc.reporter.attach_observer(lambda message: messages.append(message.astext()))
        recorder = Recorder(doc, raises, edit)
        stopped = getattr(doc, method)(recorder)
        return [str(stopped), *recorder.seen, doc.pformat(), *messages]

    return run


for _label, (_raises, _edit) in QUIET_WALKS.items():
    for _method in ("walk", "walkabout"):
        for _debug in (False, True):
            cases(
                "quiet walks",
                {
                    f"{_label} ({_method}, debug {_debug})": _quiet_case(
                        _raises, _edit, _method, _debug
                    )
                },
            )


# -- unescape and document lookup -----------------------------------------------------------

UNESCAPES = [
    "",
    "평문 text",
    "a\x00 b",
    "줄\x00\n바꿈",
    "널\x00문자",
    "\x00",
    "끝\x00",
    "a\x00 \x00b",
]


def _unescape_case(text: str, restore: bool, respect: bool) -> Case:
    def run() -> list[str]:
        results = [nodes.unescape(value, restore, respect) for value in (text, nodes.Text(text))]
        return [*(f"{type(r).__name__} {r!r}" for r in results), nodes.Text(text).astext()]

    return run


for _text in UNESCAPES:
    for _restore in (False, True):
        for _respect in (False, True):
            cases(
                "unescape",
                {f"{_text!r} {_restore} {_respect}": _unescape_case(_text, _restore, _respect)},
            )


@case("document lookup", "every node")
def _documents() -> list[str]:
    doc = tree()
    empty = new_document("<empty>")
    orphan = nodes.paragraph("", "", nodes.strong("", "고아"))
    detached = nodes.section("", nodes.title("", "떨어진"))
    detached.parent = doc  # a parent link without the document reference
    names = {id(doc): "doc", id(empty): "empty", id(None): "None"}
    every = [*doc.findall(), empty, orphan, orphan[0], orphan[0][0], detached, detached[0]]
    return [f"{shown(n)[:20]} -> {names.get(id(n.document), '?')}" for n in every]


# -- Sphinx ---------------------------------------------------------------------------------


@case("settings", "settings handed out")
def _settings() -> list[str]:
    from docutils.readers import standalone
    from myst_parser.parsers.sphinx_ import MystParser
    from sphinx.util import docutils as sphinx_docutils

    get = sphinx_docutils._get_settings
    defaults = {"traceback": True, "strip_classes": None, "tab_width": 4}
    one = get(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    two = get(standalone.Reader, MystParser, defaults=defaults, read_config_files=True)
    one._source = "changed.md"
    one.strip_elements_with_classes = ["x"]
    other = get(
        standalone.Reader, MystParser, defaults={**defaults, "tab_width": 2}, read_config_files=True
    )
    shown_values = []
    for values in (one, two, other):
        shown_values.append(
            repr(
                sorted((k, repr(v)) for k, v in vars(values).items() if k != "record_dependencies")
            )
        )
        shown_values.append(type(values.record_dependencies).__name__)
    return [
        *shown_values,
        str(one is two),
        str(one.record_dependencies is two.record_dependencies),
        repr(defaults),
    ]


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


@case("highlight", "languages and line numbers")
def _highlight() -> str:
    from sphinx.transforms.post_transforms.code import HighlightLanguageTransform

    doc = _highlight_doc()
    doc.settings.env = SimpleNamespace(config=SimpleNamespace(highlight_language="default"))
    HighlightLanguageTransform(doc).apply()
    return doc.pformat()


@case("formatters", "highlighted blocks")
def _formatters() -> list[str]:
    from sphinx.highlighting import PygmentsBridge

    from jekyll_book.speed.highlighting import share_formatters

    bridge = PygmentsBridge("html", "sphinx")
    share_formatters(bridge)  # as our builders do: nothing unless the guard holds
    source = "def 함수(x):\n    return x  # 주석\n"
    runs = [{}, {"linenos": True, "hl_lines": [2]}, {}, {"linenos": True, "hl_lines": [1]}, {}]
    return [bridge.highlight_block(source, "python", **kwargs) for kwargs in runs]


def _search_doc() -> nodes.document:
    doc = new_document("<test>")
    section = nodes.section("", nodes.title("", "쿠버네티스 입문"), ids=["intro"])
    section += nodes.paragraph("", "", nodes.Text("파드를 만든다. Running pods"))
    section += nodes.literal_block("", "kubectl get pods\n")
    sub = nodes.section("", nodes.title("", "두번째 제목"), ids=["second"])
    sub += nodes.paragraph("", "숨김", classes=["no-search"])
    sub += nodes.comment("", "주석은 빼고")
    sub += nodes.raw("", "<b>굵은</b> 글씨<script>x()</script>", format="html")
    sub += nodes.raw("", "\\LaTeX", format="latex")
    sub += nodes.meta(name="keywords", content="태그, 검색 ")
    sub += nodes.meta(name="keywords", content="다른 언어", lang="en")
    untitled = nodes.section("", nodes.title("", "아이디 없음"))
    sub += untitled
    section += sub
    doc += section
    return doc


@case("search walk", "words and titles")
def _search() -> list[str]:
    from sphinx.search import WordStore, _feed_visit_nodes

    store = WordStore()
    _feed_visit_nodes(_search_doc(), word_store=store, split=str.split, language="ko")
    return [repr(store.words), repr(store.titles), repr(store.title_words)]


@case("fixed lookups", "checksums and stylesheets")
def _lookups() -> list[str]:
    from docutils.frontend import get_default_settings
    from docutils.utils import get_stylesheet_list
    from docutils.writers.html5_polyglot import Writer
    from sphinx.builders import html

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "a.css").write_text("a{}", encoding="utf-8")
        sums = [
            html._file_checksum(Path(folder), name)
            for name in ("a.css", "missing.css", "https://example.org/x.css", "a.css")
        ]
    settings = get_default_settings(Writer)
    first = get_stylesheet_list(settings)
    first.append("changed by a caller")  # each call hands out a fresh list
    second = get_stylesheet_list(settings)
    settings.stylesheet_path = ["other.css"]
    third = get_stylesheet_list(settings)
    return [repr(sums), repr(second), repr(third)]


# -- themes and BeautifulSoup -------------------------------------------------------------

TEMPLATES = {
    "t-literal.html": '<div class="buttons">{{ x }}</div>',
    "t-import.html": "{% from 'm.html' import f with context %}\n<div>{{ f() }}</div>",
    "t-if.html": "{% if x %}<div>{{ x }}</div>{% endif %}",
    "t-expression.html": "  \n{{ x }}\n",
    "t-blank.html": "{% set a = 1 %}\n\n",
    "t-extends.html": "{% extends 'base.html' %}{% block b %}{{ x }}{% endblock %}",
    "t-ids.html": "<div>{{ unique_html_id('a') }}</div>",
    "t-includes-ids.html": "<div>{% include 'ids.html' %}</div>",
    "t-computed.html": "<div>{% include name %}</div>",
    "t-includes-plain.html": "<div>{% include 'm.html' %}</div>",
    "m.html": "{% macro f() %}x{% endmacro %}",
    "base.html": "{% block b %}{% endblock %}",
    "ids.html": "<span id=\"{{ unique_html_id('b') }}\"></span>",
}


@case("theme emptiness checks", "templates kept")
def _theme_checks() -> list[str]:
    from jinja2 import DictLoader, Environment
    from pydata_sphinx_theme import utils

    environment = Environment(loader=DictLoader(TEMPLATES))
    counter = iter(range(1000))
    templates = SimpleNamespace(
        environment=environment,
        render=lambda name, ctx: environment.get_template(name).render(**ctx),
    )
    app = SimpleNamespace(builder=SimpleNamespace(templates=templates))
    names = [n[:-5] if i % 2 else n for i, n in enumerate(TEMPLATES) if n.startswith("t-")]
    results = []
    for x in ("", "값"):
        context = {"x": x, "name": "m.html", "unique_html_id": lambda p: f"{p}-{next(counter)}"}
        kept = utils._update_and_remove_templates(app, context, names, "sidebar")
        results.append(repr(kept))
        kept = utils._update_and_remove_templates(
            app, context, ", ".join(names), "s", ["t-if.html"]
        )
        results.append(repr(kept))
    return results


def _described(sections: list[tuple[int, str]]) -> nodes.document:
    doc = new_document("<page>")
    stack: list[nodes.Element] = [doc]
    for depth, text in sections:
        del stack[depth:]
        section = nodes.section("", nodes.title("", f"제목 {len(text)}"), nodes.paragraph("", text))
        stack[-1] += section
        stack.append(section)
    return doc


DESCRIPTIONS = {
    "no sections": [],
    "one short section": [(1, "짧은 글")],
    "nested talks": [
        (1, "머리말 " * 5), (2, "세션 하나\n줄바꿈 " * 4), (2, "세션 둘 " * 9), (3, "깊은 절"),
    ],
    "sections past 160 characters": [(1, "가" * 150), (1, "나" * 30), (1, "다" * 30)],
    # "제목 152" + "  " + 152 characters: the first section is exactly 160
    "a first section of exactly 160": [(1, "라" * 152), (1, "마" * 10)],
}  # fmt: skip


def _description_case(sections: list[tuple[int, str]]) -> Case:
    def run() -> list[str]:
        import sphinx_book_theme

        app = SimpleNamespace(
            env=SimpleNamespace(
                titles={"index": nodes.title("", "홈"), "p": nodes.title("", "글")}
            ),
            config=SimpleNamespace(author="필자"),
            builder=SimpleNamespace(theme_options={}),
        )
        contexts = []
        for doctree in (_described(sections), None):
            context: dict = {"root_doc": "index"}
            sphinx_book_theme.add_metadata_to_page(app, "p", "page.html", context, doctree)
            context["translate"] = context["translate"]("Search")
            contexts.append(repr(sorted(context.items())))
        return contexts

    return run


for _label, _sections in DESCRIPTIONS.items():
    cases("theme description", {_label: _description_case(_sections)})

SOUP = (
    '<nav><ul class="nav"><li class="toc-h1 nav-item">A<ul><li class="toc-h2 x">B</li>'
    '<li class="toc-h2">C<ul><li class="toc-h3">D</li></ul></li></ul></li>'
    '<li class="TOC-H1">E</li><li class="toc-h1-not">F</li><li class="-x _y">G</li></ul>'
    '<template id="t"><li class="toc-h1">in a template</li></template>'
    '<p CLASS="toc-h3 nav">upper-case attribute</p></nav>'
)
SELECTORS = [
    ".toc-h1", ".toc-h2", ".toc-h3", ".nav", ".missing", ".-x", "._y",
    "li", "li.toc-h2", ".toc-h1 > ul", ".toc-h1,.toc-h2", "li:not(.toc-h2)",
]  # fmt: skip


def _select_case(selector: str) -> Case:
    def run() -> list[str]:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(SOUP, "html.parser")
        template = soup.find("template")
        template.append(soup.new_tag("b", attrs={"class": "toc-h1 toc-h2"}))
        soup.find("p")["class"] = " nav\ttoc-h2 "  # a string, as an API user may set it
        everything = list(soup.find_all(True))
        position = {id(tag): i for i, tag in enumerate(everything)}
        results = []
        for scope in (soup, soup.find("li"), template):
            found = scope.select(selector)
            results.append(repr([position.get(id(t)) for t in found]))
            results.append(type(found).__name__)
        results.append(repr([str(t) for t in soup.select(selector, limit=1)]))
        soup.known_xml = True  # an XML tree: soupsieve's path (attribute names as written)
        results.append(repr([position.get(id(t)) for t in soup.select(selector)]))
        return results

    return run


for _selector in SELECTORS:
    cases("class select", {_selector: _select_case(_selector)})


# -- MyST ---------------------------------------------------------------------------------

MARKDOWN = """\
# 제목

문단 **굵게** 와 `코드`.

- 항목 하나
  - 안쪽 [링크](https://example.org)

```python
print("안녕")
```

> 인용 *기울임*
"""


@case("myst syntax trees", "a page rendered by MyST")
def _myst() -> str:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
    from myst_parser.parsers.mdit import create_md_parser

    md = create_md_parser(MdParserConfig(), DocutilsRenderer)
    md.options["document"] = make_document()
    return md.render(MARKDOWN).pformat()


def run(mode: str, records: list[str]) -> dict[str, str]:
    if mode == "patched":
        from jekyll_book.speed import REGISTRY

        REGISTRY.install(records)
        if not all(REGISTRY.active(r) for r in records):  # a newer release: nothing to compare
            return {"skipped": json.dumps(REGISTRY.skipped)}
    results = {}
    for record in records:
        for name, function in CASES[record].items():
            try:
                value = function()
            except Exception as error:  # noqa: BLE001 - an exception is a result too
                value = f"raised {type(error).__name__}: {error}"
            results[f"{record}: {name}"] = (
                value
                if isinstance(value, str)
                else json.dumps(value, ensure_ascii=False, default=repr)
            )
    return results


if __name__ == "__main__":
    mode, *names = sys.argv[1:]
    print(json.dumps(run(mode, names or list(CASES)), ensure_ascii=False))
