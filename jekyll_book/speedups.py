"""Cheaper versions of per-page work that Sphinx, docutils and the theme repeat.

A clean build spent ~130 ms of CPU per page at 1,000 posts, and most of it
was not this extension's: py-spy samples of a 1,315-page build showed
docutils' tree walks (``Node.findall``, run by some 60 transforms per page,
each a recursive generator that resumes one frame per tree level for every
node; ``NodeMatcher`` walks take docutils' slowest, callable path), a
visitor walk per page for the highlight language, the docutils settings and
config files rebuilt for every page, a Pygments formatter (and its style
table) per code block, a method lookup up the class hierarchy per node and
translator call, and the theme rendering header and sidebar components an
extra time per page only to learn whether they are empty.

What is replaced here (each computes the same result):

* ``Node._fast_findall`` / ``_superfast_findall`` as loops that do not descend
  when no node of the class was ever made in the process (``Element.__new__``
  notes each class); ``NodeMatcher.findall`` and ``node.findall(matcher)``
  through the class walk; ``Node.walk``/``walkabout`` and ``NodeVisitor``'s
  dispatch without a debug message per node while docutils' debug is off;
  ``Node.document`` as a loop; ``unescape`` returning at once when the text
  holds no escape;
* Sphinx's ``_get_settings`` once per build, ``HighlightLanguageTransform``
  without a visitor, ``PygmentsBridge.get_formatter`` once per option set,
  the search index's ``_feed_visit_nodes`` as a loop, translator dispatch
  with the method name found once per node class and page;
* pydata-sphinx-theme's emptiness render skipped for components that always
  print markup and call no numbering function; sphinx-book-theme's page
  description from the sections up to the one that reaches 160 characters;
* asset checksums and docutils' stylesheet list found once per build, class
  selectors (``soup.select(".toc-h1")``) answered without soupsieve, and a
  rebuild's environment unpickled without garbage collections, then frozen.

Every output byte is unchanged: ``jekyll_speedups = False`` turns all of them
off, and ``tests/test_speedups.py`` builds a site both ways and compares every
file and doctree (and each replacement against the original, case by case).
They are installed once per process (they replace functions, not per-app
state) and only when an app asks for them.
"""

from __future__ import annotations

import copy
import copyreg
import functools
import gc
import os
import sys
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from .config import settings
from .perf import collector_paused

_installed: set[str] = set()
#: the functions replaced, by name (tests compare against them)
originals: dict[str, Callable[..., Any]] = {}


# -- docutils tree walks -----------------------------------------------------------


#: every docutils element class of which this process (or the process it was
#: forked from) made an instance, by calling the class, copying or
#: unpickling, plus ``Text``; kept once "tree walks" is installed
_made: set[type] = {nodes.Text}
_counting = False
#: class (or tuple of classes) → whether nothing in ``_made`` is one of them
_never_made: dict[Any, bool] = {}


def _element_new(cls: type, *args: Any, **kwargs: Any) -> Any:
    """``Element.__new__``: notes the class (every way of making a node ends
    here: a call, ``copy``/``deepcopy`` and unpickling alike)."""
    if cls not in _made:
        _made.add(cls)
        _never_made.clear()
    return object.__new__(cls)


def _none_made(cls: type | tuple[type, ...]) -> bool:
    try:
        return _never_made[cls]
    except KeyError:
        none = _never_made[cls] = not any(issubclass(made, cls) for made in list(_made))
        return none


def _fast_findall(self: nodes.Node, cls: type | tuple[type, ...]) -> Iterator[nodes.Node]:
    """``Node._fast_findall`` without one generator per tree level.

    Same order (pre-order) and the same behaviour when the caller edits the
    tree while iterating: a node's children are taken when the walk resumes
    after yielding it, exactly as the recursive original does.

    A walk for a class of which no node was ever made in this process (a
    page's ~60 transforms look for glossaries, citations, C++ aliases, index
    entries…) cannot find one below this node, so it does not descend.
    """
    if isinstance(self, cls):
        yield self
    if not self.children or (_counting and _none_made(cls)):
        return
    stack = [iter(self.children)]
    while stack:
        for child in stack[-1]:
            if isinstance(child, cls):
                yield child
            if child.children:
                stack.append(iter(child.children))
                break
        else:
            stack.pop()


def _superfast_findall(self: nodes.Node) -> Iterator[nodes.Node]:
    """``Node._superfast_findall``: the same walk, every node being a Node."""
    return _fast_findall(self, nodes.Node)


def _matcher_findall(self: Any, node: nodes.Node) -> Iterator[nodes.Node]:
    """``NodeMatcher.findall`` through the class walk, then the attribute test.

    The original hands the matcher to ``findall`` as a callable, which takes
    docutils' general path (a nested generator and a call per node).
    """
    if not self.classes:
        yield from node.findall(self)
        return
    match = self.match
    for found in _fast_findall(node, self.classes):
        if match(found):
            yield found


def _install_unescape() -> None:
    """docutils' ``unescape`` (behind every ``Text.astext()``) returns at once
    when there is no escape to remove: it otherwise splits and joins the
    text three times, and almost no text holds a NUL escape."""
    original = originals["unescape"] = nodes.unescape

    def unescape(
        text: str, restore_backslashes: bool = False, respect_whitespace: bool = False
    ) -> str:
        if "\x00" not in text:
            return str.__str__(text)  # a plain str, as the original returns
        return original(text, restore_backslashes, respect_whitespace)

    nodes.unescape = unescape


def _document_of(self: nodes.Node) -> Any:
    """``Node.document`` up the parents in a loop (docutils recurses once per
    level, and every node added to a tree asks for it)."""
    node: Any = self
    try:
        while True:
            found = node._document
            if found:
                return found
            node = node.parent
            if node is None:
                return None
    except AttributeError:
        return None


def _install_document_lookup() -> None:
    original: property = nodes.Node.__dict__["document"]
    originals["document"] = original.fget  # type: ignore[assignment]
    nodes.Node.document = property(_document_of, original.fset, doc=original.__doc__)  # type: ignore[assignment]


def _install_visitor_dispatch() -> None:
    """Sphinx translators find a node's visit/depart method once per node
    class and page, not once per node (a walk up the class's MRO with a
    string built and looked up per step)."""
    from sphinx.util.docutils import SphinxTranslator

    def dispatcher(prefix: str) -> Callable[[Any, nodes.Node], None]:
        slot = f"_jekyll_{prefix}"
        fallback = "dispatch_visit" if prefix == "visit" else "dispatch_departure"

        def dispatch(self: SphinxTranslator, node: nodes.Node) -> None:
            # names, not bound methods: a method kept on the translator would
            # tie it (and its doctree) in a reference cycle
            names = self.__dict__.get(slot)
            if names is None:
                names = self.__dict__[slot] = {}
            kind = node.__class__
            try:
                name = names[kind]
            except KeyError:
                name = None
                for node_class in kind.__mro__:
                    if getattr(self, f"{prefix}_{node_class.__name__}", None):
                        name = f"{prefix}_{node_class.__name__}"
                        break
                names[kind] = name
            method = getattr(self, name, None) if name else None
            if method:
                method(node)
            else:  # docutils' unknown_visit / unknown_departure, as Sphinx does
                getattr(super(SphinxTranslator, self), fallback)(node)

        return dispatch

    originals["visit"] = SphinxTranslator.dispatch_visit
    originals["depart"] = SphinxTranslator.dispatch_departure
    SphinxTranslator.dispatch_visit = dispatcher("visit")  # type: ignore[method-assign]
    SphinxTranslator.dispatch_departure = dispatcher("depart")  # type: ignore[method-assign]


def _install_tree_walks() -> None:
    from sphinx.util.nodes import NodeMatcher

    if nodes.Element.__new__ is not object.__new__:
        raise RuntimeError("docutils.nodes.Element has its own __new__: speed-ups need a review")
    # the nodes that exist already (made before the hook was in place)
    _made.update(type(obj) for obj in gc.get_objects() if isinstance(obj, nodes.Element))
    _never_made.clear()
    nodes.Element.__new__ = staticmethod(_element_new)  # type: ignore[assignment,method-assign]
    global _counting
    _counting = True
    # the one way round it: old pickle protocols rebuild with object.__new__
    # (copies that call object.__new__ themselves, as Sphinx's Element.copy,
    # copy a node whose class was noted when it was made)
    reconstructor = copyreg._reconstructor

    def _reconstructor(cls: type, base: type, state: Any) -> Any:
        if isinstance(cls, type) and issubclass(cls, nodes.Element):
            _element_new(cls)
        return reconstructor(cls, base, state)

    # pickled by name, as the function it stands for
    _reconstructor.__module__, _reconstructor.__qualname__ = "copyreg", "_reconstructor"
    copyreg._reconstructor = _reconstructor  # type: ignore[attr-defined]
    nodes.Node._fast_findall = _fast_findall  # type: ignore[method-assign]
    nodes.Node._superfast_findall = _superfast_findall  # type: ignore[method-assign]
    NodeMatcher.findall = _matcher_findall  # type: ignore[method-assign]
    findall = originals["findall"] = nodes.Node.findall

    def findall_matching(
        self: nodes.Node,
        condition: Any = None,
        include_self: bool = True,
        descend: bool = True,
        siblings: bool = False,
        ascend: bool = False,
    ) -> Iterator[nodes.Node]:
        # node.findall(NodeMatcher(...)), as the theme's link shortener
        # walks every page, took docutils' slowest path (a call per node)
        if (
            isinstance(condition, NodeMatcher)
            and condition.classes
            and include_self
            and descend
            and not (siblings or ascend)
        ):
            return _matcher_findall(condition, self)
        return findall(self, condition, include_self, descend, siblings, ascend)

    nodes.Node.findall = findall_matching  # type: ignore[method-assign]


def _quiet(reporter: Any) -> bool:
    """Whether docutils' debug messages are off (each walk step formats one)."""
    return not getattr(reporter, "debug_flag", True)  # as Reporter.debug tests it


def _walk(node: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
    """``Node.walk`` without its debug message (see the original)."""
    stop = False
    try:
        try:
            visitor.dispatch_visit(node)
        except (nodes.SkipChildren, nodes.SkipNode):
            return stop
        except nodes.SkipDeparture:
            pass
        try:
            for child in node.children[:]:
                if _walk(child, visitor):
                    stop = True
                    break
        except nodes.SkipSiblings:
            pass
    except nodes.StopTraversal:
        stop = True
    return stop


def _walkabout(node: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
    """``Node.walkabout`` without its debug messages (see the original)."""
    call_depart = True
    stop = False
    try:
        try:
            visitor.dispatch_visit(node)
        except nodes.SkipNode:
            return stop
        except nodes.SkipDeparture:
            call_depart = False
        try:
            for child in node.children[:]:
                if _walkabout(child, visitor):
                    stop = True
                    break
        except nodes.SkipSiblings:
            pass
    except nodes.SkipChildren:
        pass
    except nodes.StopTraversal:
        stop = True
    if call_depart:
        visitor.dispatch_departure(node)
    return stop


def _install_quiet_walks() -> None:
    """docutils' visitor walks without a debug message per node and step.

    ``Node.walk``/``walkabout`` and ``NodeVisitor.dispatch_visit``/
    ``dispatch_departure`` format a message for every node they pass and
    hand it to ``reporter.debug``, which drops it unless docutils' debug
    setting is on (~3 % of a build: every page's HTML translation and
    docutils' dangling-reference check walk all nodes).  With the setting on,
    the originals run.
    """
    originals["walk"], originals["walkabout"] = nodes.Node.walk, nodes.Node.walkabout
    visit, depart = nodes.NodeVisitor.dispatch_visit, nodes.NodeVisitor.dispatch_departure
    originals["dispatch_visit"], originals["dispatch_departure"] = visit, depart

    def walk(self: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
        if _quiet(visitor.document.reporter):
            return _walk(self, visitor)
        return originals["walk"](self, visitor)

    def walkabout(self: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
        if _quiet(visitor.document.reporter):
            return _walkabout(self, visitor)
        return originals["walkabout"](self, visitor)

    def dispatch_visit(self: nodes.NodeVisitor, node: nodes.Node) -> Any:
        if _quiet(self.document.reporter):
            return getattr(self, "visit_" + node.__class__.__name__, self.unknown_visit)(node)
        return visit(self, node)

    def dispatch_departure(self: nodes.NodeVisitor, node: nodes.Node) -> Any:
        if _quiet(self.document.reporter):
            return getattr(self, "depart_" + node.__class__.__name__, self.unknown_departure)(node)
        return depart(self, node)

    nodes.Node.walk, nodes.Node.walkabout = walk, walkabout  # type: ignore[method-assign]
    nodes.NodeVisitor.dispatch_visit = dispatch_visit  # type: ignore[method-assign]
    nodes.NodeVisitor.dispatch_departure = dispatch_departure  # type: ignore[method-assign]


# -- docutils settings ---------------------------------------------------------------


#: what a docutils component contributes to the settings (docutils.SettingsSpec)
_SPEC_ATTRS = (
    "settings_spec", "settings_defaults", "settings_default_overrides",
    "relative_path_settings", "config_section", "config_section_dependencies",
)  # fmt: skip


def _component_key(component: Any) -> tuple:
    kind = component if isinstance(component, type) else type(component)
    return (kind, *(getattr(component, attr, None) for attr in _SPEC_ATTRS))


def _install_settings_cache() -> None:
    """Build the docutils settings of a page once per build, not once per page.

    Sphinx's ``_get_settings`` makes an ``OptionParser`` (and reads the
    docutils.conf files) for every document it parses; the defaults it is
    given are the same for every page of a build.  A cached result is handed
    out as a copy whose mutable values are fresh, as a new parser would make.
    """
    from docutils.utils import DependencyList
    from sphinx.util import docutils as sphinx_docutils

    original = sphinx_docutils._get_settings
    last: list[Any] = []

    def _get_settings(*components: Any, defaults: Any, read_config_files: bool = False) -> Any:
        # the parser is a new instance per page: what counts is what it declares
        key = (read_config_files, *(_component_key(c) for c in components))
        if last and last[0] == key and last[1] == defaults:
            values = copy.copy(last[2])
            for name, value in vars(values).items():
                if isinstance(value, (list, dict, set)):
                    setattr(values, name, copy.copy(value))
            if isinstance(values.record_dependencies, DependencyList):
                values.record_dependencies = DependencyList()
            return values
        values = original(*components, defaults=defaults, read_config_files=read_config_files)
        last[:] = [key, dict(defaults), copy.copy(values)]
        return _get_settings(*components, defaults=defaults, read_config_files=read_config_files)

    sphinx_docutils._get_settings = _get_settings


# -- the highlight-language pass -----------------------------------------------------


def _install_highlight_pass() -> None:
    """Sphinx's ``HighlightLanguageTransform`` without a visitor call per node.

    Same rules: ``highlightlang`` nodes set the language for the rest of their
    document or ``start_of_file`` scope, literal blocks (by exact class, as the
    visitor dispatches by class name) get the language, ``force`` and
    ``linenos`` they do not already have, and the ``highlightlang`` nodes go.
    """
    from sphinx import addnodes
    from sphinx.transforms.post_transforms.code import HighlightLanguageTransform, HighlightSetting

    def apply(self: HighlightLanguageTransform, **kwargs: Any) -> None:
        default = HighlightSetting(self.config.highlight_language, False, sys.maxsize)
        found: list[nodes.Node] = []

        def walk(node: nodes.Node, scope: list[HighlightSetting]) -> None:
            for child in node.children:
                kind = type(child).__name__
                if kind == "literal_block":
                    setting = scope[0]
                    if "language" not in child:
                        child["language"] = setting.language
                        child["force"] = setting.force
                    if "linenos" not in child:
                        lines = child.astext().count("\n")
                        child["linenos"] = lines >= setting.lineno_threshold - 1
                elif kind == "highlightlang":
                    scope[0] = HighlightSetting(
                        child["lang"], child["force"], child["linenothreshold"]
                    )
                if child.children:
                    walk(child, [default] if kind in ("start_of_file", "document") else scope)
                if isinstance(child, addnodes.highlightlang):
                    found.append(child)

        walk(self.document, [default])
        for node in found:
            node.parent.remove(node)

    HighlightLanguageTransform.apply = apply  # type: ignore[method-assign]


# -- code highlighting ----------------------------------------------------------------


def _install_formatter_cache() -> None:
    """One Pygments formatter per set of options, not one per code block.

    Sphinx makes a new ``HtmlFormatter`` for every block, and each one
    rebuilds the CSS class table of the whole style (~2 % of a build).  A
    formatter keeps no state between ``format`` calls but lazily filled
    lookup tables, so reusing it renders the same HTML.
    """
    from sphinx.highlighting import PygmentsBridge

    def get_formatter(self: PygmentsBridge, **kwargs: Any) -> Any:
        kwargs.update(self.formatter_args)
        cache = self.__dict__.setdefault("_jekyll_formatters", {})
        key = (self.formatter, repr(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = self.formatter(**kwargs)
        return cache[key]

    PygmentsBridge.get_formatter = get_formatter  # type: ignore[method-assign]


# -- the search index's walk ---------------------------------------------------------


def _install_search_walk() -> None:
    """Sphinx's ``_feed_visit_nodes`` (the words of a page) as a loop.

    The same checks in the same pre-order, so words and titles come out in
    the same order; without a recursive call (and keyword arguments) per node.
    """
    from sphinx import search

    original = originals["search walk"] = search._feed_visit_nodes
    is_meta_keywords = search._is_meta_keywords

    def _feed_visit_nodes(
        node: nodes.Node, *, word_store: Any, split: Callable[[str], list[str]], language: str
    ) -> None:
        words, titles, title_words = word_store.words, word_store.titles, word_store.title_words
        stack = [node]
        while stack:
            node = stack.pop()
            if isinstance(node, nodes.Text):
                words.extend(split(node.astext()))
                continue
            if isinstance(node, nodes.comment):
                continue
            if isinstance(node, nodes.Element) and "no-search" in node["classes"]:
                continue
            if isinstance(node, nodes.raw):
                if "html" in node.get("format", "").split():
                    # Sphinx's own handling of a raw HTML node (one node, rare)
                    original(node, word_store=word_store, split=split, language=language)
                continue
            if isinstance(node, nodes.meta) and is_meta_keywords(node, language):
                words.extend(keyword.strip() for keyword in node["content"].split(","))
            elif isinstance(node, nodes.title):
                title, is_main_title = node.astext(), not titles
                ids = node.parent["ids"]
                titles.append((title, None if is_main_title else ids[0] if ids else None))
                title_words.extend(split(title))
            stack.extend(reversed(node.children))

    search._feed_visit_nodes = _feed_visit_nodes


# -- the theme's "is this component empty?" renders --------------------------------


#: context functions whose every call changes the page (pydata-sphinx-theme
#: numbers ids per call): a template that may call one is always rendered
_SIDE_EFFECTS = ("unique_html_id",)


def _parse_template(environment: Any, name: str) -> tuple[str, Any] | None:
    """Source and Jinja syntax tree of template *name*, None if it cannot be read."""
    try:
        source = environment.loader.get_source(environment, name)[0]
        return source, environment.parse(source)
    except Exception:  # noqa: BLE001 - not provable, let the theme render it
        return None


def _statically_non_empty(environment: Any, name: str) -> bool:
    """Whether template *name* always renders some non-blank text, and
    rendering it once more or once less changes nothing else.

    True when its top level (run unconditionally, no ``extends``) outputs a
    literal piece of markup, e.g. ``<div class="article-header-buttons">``,
    and neither it nor a template it includes calls a numbering function.
    """
    from jinja2 import nodes as jnodes

    parsed = _parse_template(environment, name)
    if parsed is None:
        return False
    body = parsed[1].body
    if any(isinstance(node, jnodes.Extends) for node in body):
        return False
    return _without_side_effects(environment, name, set(), parsed) and any(
        isinstance(part, jnodes.TemplateData) and part.data.strip()
        for node in body
        if isinstance(node, jnodes.Output)
        for part in node.nodes
    )


def _without_side_effects(
    environment: Any, name: str, seen: set[str], parsed: tuple[str, Any] | None = None
) -> bool:
    """No numbering call in *name* or in what it includes or imports."""
    from jinja2 import nodes as jnodes

    if name in seen:
        return True
    seen.add(name)
    parsed = parsed or _parse_template(environment, name)
    if parsed is None:
        return False
    source, tree = parsed
    if any(call in source for call in _SIDE_EFFECTS):
        return False
    for node in tree.find_all((jnodes.Include, jnodes.Import, jnodes.FromImport)):
        if not isinstance(node.template, jnodes.Const) or not isinstance(node.template.value, str):
            return False  # a name computed at render time
        if not _without_side_effects(environment, node.template.value, seen):
            return False
    return True


def _install_theme_checks() -> None:
    """Skip pydata-sphinx-theme's emptiness render for components never empty.

    The theme renders every sidebar and header component once to drop the
    empty ones and again in the page; sphinx-book-theme's header buttons and
    sidebar navigation are ~3 % of a build's CPU in that first render alone.
    """
    try:
        from pydata_sphinx_theme import utils
    except ImportError:
        return
    original: Callable[..., list[str]] = utils._update_and_remove_templates
    # per template environment (one per builder), forgotten with it
    proven: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()

    def _update_and_remove_templates(
        app: Sphinx,
        context: dict[str, Any],
        templates: list | str,
        section: str,
        templates_skip_empty_check: list[str] | None = None,
    ) -> list[str]:
        skip = list(templates_skip_empty_check or ())
        names = (
            [t.strip() for t in templates.split(",")] if isinstance(templates, str) else templates
        )
        environment = app.builder.templates.environment  # type: ignore[attr-defined]
        known = proven.setdefault(environment, {})
        for name in names:
            full = name if os.path.splitext(name)[1] else f"{name}.html"
            if full not in known:
                known[full] = _statically_non_empty(environment, full)
            if known[full]:
                skip.append(full)
        return original(app, context, templates, section, templates_skip_empty_check=skip)

    utils._update_and_remove_templates = _update_and_remove_templates


#: sphinx-book-theme's page description is this long
_DESCRIPTION = 160


def _install_theme_description() -> None:
    """sphinx-book-theme's page description without the text of every section.

    ``add_metadata_to_page`` joins the text of *every* section, nested ones
    again with their parents, only to keep the first 160 characters: a post
    of 6 talks had its text taken ~3 times per page (1.5 % of a build).  The
    same 160 characters come from the sections up to the one that reaches
    them.  (The theme connects the function when it is loaded, after this.)
    """
    try:
        import sphinx_book_theme
    except ImportError:
        return
    original = originals["add_metadata_to_page"] = sphinx_book_theme.add_metadata_to_page

    @functools.wraps(original)
    def add_metadata_to_page(
        app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        original(app, pagename, templatename, context, None)  # all but the description
        if doctree:
            description = ""
            for section in doctree.findall(nodes.section):
                description += section.astext().replace("\n", " ")
                if len(description) >= _DESCRIPTION:
                    break
            context["page_description"] = description[:_DESCRIPTION]

    sphinx_book_theme.add_metadata_to_page = add_metadata_to_page


# -- per-page lookups of fixed things -------------------------------------------------

#: per-build memos of the lookups below (emptied for every new app)
_lookups: list[dict[Any, Any]] = []


def _memo(original: Callable[..., Any], key: Callable[..., Any]) -> Callable[..., Any]:
    known: dict[Any, Any] = {}
    _lookups.append(known)

    @functools.wraps(original)
    def call(*args: Any) -> Any:
        k = key(*args)
        try:
            return known[k]
        except KeyError:
            value = known[k] = original(*args)
            return value

    return call


def _install_fixed_lookups() -> None:
    """Answers that cannot change during a build, found once per build:
    Sphinx's checksum of each CSS/JS file (for ``?v=``; it resolved the
    path, with a system call per directory level, for every file of every
    page) and docutils' stylesheet list (checked on disk for every page,
    and never used by Sphinx's templates)."""
    from docutils import utils
    from sphinx.builders import html

    checksum = originals["checksum"] = html._file_checksum
    html._file_checksum = _memo(checksum, lambda outdir, name: (outdir, os.fspath(name)))
    stylesheets = originals["stylesheets"] = utils.get_stylesheet_list
    memo = _memo(stylesheets, lambda s: repr((s.stylesheet, s.stylesheet_path, s.stylesheet_dirs)))
    utils.get_stylesheet_list = lambda settings: list(memo(settings))


def _with_class(root: Any, name: str) -> list[Any]:
    """The elements under ``root`` whose class list holds ``name``, in
    document order, as soupsieve's ``.name`` matches them in an HTML tree: a
    string class attribute is split on whitespace, the attribute name is
    compared in lower case, and ``template`` contents are not entered (except
    the root's own)."""
    from bs4.element import Tag

    found = []
    stack = [iter(root.contents)]
    while stack:
        for el in stack[-1]:
            if not isinstance(el, Tag):
                continue
            classes: Any = ()
            for key, value in el.attrs.items():
                if key.lower() == "class":
                    classes = value.split() if isinstance(value, str) else (value or ())
                    break
            if name in classes:
                found.append(el)
            if el.contents and (el.name or "").lower() != "template":
                stack.append(iter(el.contents))
                break
        else:
            stack.pop()
    return found


def _install_class_select() -> None:
    """``soup.select(".toc-h1")`` without soupsieve in HTML trees:
    pydata-sphinx-theme selects by class in every page's table of contents,
    and soupsieve compiles its patterns on first use in each process (~0.25 s,
    a twentieth of a one-post rebuild).  Other selectors, options and XML
    trees go to soupsieve."""
    import re

    from bs4.element import ResultSet, Tag

    select = originals["select"] = Tag.select
    one_class = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)\Z")

    @functools.wraps(select)
    def fast_select(
        self: Tag, selector: str, namespaces: Any = None, limit: int = 0, **kwargs: Any
    ) -> Any:
        match = one_class.match(selector) if isinstance(selector, str) else None
        if match and not self._is_xml and namespaces is None and not limit and not kwargs:
            return ResultSet(None, _with_class(self, match.group(1)))
        return select(self, selector, namespaces, limit, **kwargs)

    Tag.select = fast_select  # type: ignore[method-assign]


# -- the environment of a rebuild -------------------------------------------------


def _install_env_load() -> None:
    """A rebuild's environment (~600,000 objects at 1,000 posts) is unpickled
    without collections, which would walk it again and again while it grows,
    and then frozen out of the collector (:func:`gc.freeze`): it lives for
    the whole build (unfrozen at build-finished, :class:`.perf.FewerCollections`)."""
    load_env = originals["load_env"] = Sphinx._load_existing_env

    @functools.wraps(load_env)
    def _load_existing_env(self: Sphinx, filename: Any) -> Any:
        with collector_paused() as was_on:
            env = load_env(self, filename)
            if was_on:
                gc.freeze()  # before collections resume
        return env

    Sphinx._load_existing_env = _load_existing_env  # type: ignore[method-assign]


_INSTALLERS: dict[str, Callable[[], None]] = {
    "tree walks": _install_tree_walks,
    "quiet walks": _install_quiet_walks,
    "unescape": _install_unescape,
    "document lookup": _install_document_lookup,
    "visitor dispatch": _install_visitor_dispatch,
    "settings": _install_settings_cache,
    "highlight": _install_highlight_pass,
    "formatters": _install_formatter_cache,
    "search walk": _install_search_walk,
    "theme": _install_theme_checks,
    "theme description": _install_theme_description,
    "environment load": _install_env_load,
    "fixed lookups": _install_fixed_lookups,
    "class select": _install_class_select,
}


def ensure(name: str) -> None:
    """Install one speed-up in this process, once."""
    if name not in _installed:
        _INSTALLERS[name]()
        _installed.add(name)


def install(app: Sphinx, config: Config) -> None:
    for known in _lookups:
        known.clear()  # a new build: files and settings may have changed
    if settings(config).speedups:
        for name in _INSTALLERS:
            ensure(name)


def setup_speedups(app: Sphinx) -> None:
    app.connect("config-inited", install, priority=900)
