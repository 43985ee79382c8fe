"""Build speed at thousands of posts: the theme's navigation, computed once.

The sidebar (pydata-sphinx-theme's ``generate_toctree_html``, used by
sphinx-book-theme) calls the page context's ``toctree()``, which resolves
Sphinx's *whole* global toctree for every page: every
archive year and every post in it is copied, marked and pruned, only for the
sidebar to show two levels.  That is O(posts) work per page and O(posts²)
per build, the largest cost of a build at a few thousand posts.

The sidebar of a page depends only on

* the folder of its output file (its links are relative), and
* which of the entries the sidebar can show are the page itself or contain it
  (those are marked ``current`` and expanded),

so pages that agree on both (all the posts of one year, all tag pages) share
one rendering.  The shown entries are over-approximated by every document
within ``maxdepth`` toctree levels of the root; a larger set only makes the
key finer, never wrong.  ``jekyll_nav_cache = False`` turns this off; a test
builds with and without it and compares every page.
"""

from __future__ import annotations

import atexit
import gc
import posixpath
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache
from sphinx.application import Sphinx
from sphinx.locale import __
from sphinx.util.display import status_iterator

from jekyll_book.config import settings
from jekyll_book.speed import active
from jekyll_book.speed.collector import CollectedPages
from jekyll_book.speed.records import DOCTREES_ON_DISK, UNCHANGED_FINISH


class NavCache:
    """Sidebar HTML of one build, keyed by what the sidebar can depend on."""

    def __init__(self, env: Any) -> None:
        self.env = env
        self.html: dict[tuple, str] = {}
        self._parents: dict[str, set[str]] | None = None
        self._shown: dict[int, frozenset[str]] = {}

    def parents(self) -> dict[str, set[str]]:
        if self._parents is None:
            parents: dict[str, set[str]] = {}
            for parent, children in self.env.toctree_includes.items():
                for child in children:
                    parents.setdefault(child, set()).add(parent)
            self._parents = parents
        return self._parents

    def shown(self, maxdepth: int) -> frozenset[str]:
        """Documents within ``maxdepth`` toctree levels below the root."""
        if maxdepth not in self._shown:
            includes = self.env.toctree_includes
            root = self.env.config.root_doc
            seen: set[str] = set()
            queue = deque([(root, 0)])
            while queue:
                doc, depth = queue.popleft()
                if depth >= maxdepth:
                    continue
                for child in includes.get(doc, ()):
                    if child not in seen:
                        seen.add(child)
                        queue.append((child, depth + 1))
            self._shown[maxdepth] = frozenset(seen | {root})
        return self._shown[maxdepth]

    def containing(self, pagename: str, shown: frozenset[str]) -> frozenset[str]:
        """The shown documents that are the page or hold it in their toctrees."""
        parents = self.parents()
        found = {pagename}
        stack = [pagename]
        while stack:
            for parent in parents.get(stack.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    stack.append(parent)
        return frozenset(found & shown)


def _cache_for(app: Sphinx) -> NavCache:
    cache = getattr(app.builder, "jekyll_nav_cache", None)
    if cache is None or cache.env is not app.env:
        cache = NavCache(app.env)
        app.builder.jekyll_nav_cache = cache  # type: ignore[attr-defined]
    return cache


def cached_toctree(app: Sphinx, pagename: str, original: Callable[..., str]) -> Callable[..., str]:
    """The page context's ``toctree()``, reusing the HTML of an equivalent page."""

    def toctree(**kwargs: Any) -> str:
        maxdepth = kwargs.get("maxdepth")
        try:
            maxdepth = int(maxdepth)
        except (TypeError, ValueError):
            return original(**kwargs)
        if maxdepth <= 0:  # the whole tree: no sharing possible
            return original(**kwargs)
        cache = _cache_for(app)
        key = (
            posixpath.dirname(app.builder.get_target_uri(pagename)),
            cache.containing(pagename, cache.shown(maxdepth)),
            tuple(sorted((k, str(v)) for k, v in kwargs.items())),
        )
        html = cache.html.get(key)
        if html is None:
            html = cache.html[key] = original(**kwargs)
        return html

    return toctree


def sidebar_nav(app: Sphinx, pagename: str, context: dict) -> Callable[..., str]:
    """``jekyll_sidebar_nav()`` for our sidebar template: the theme's
    ``generate_toctree_html`` (looked up when called: the theme adds it after
    this handler ran) with its BeautifulSoup post-processing shared too."""

    def jekyll_sidebar_nav(kind: str = "sidebar", startdepth: int = 1, **kwargs: Any) -> str:
        generate = context["generate_toctree_html"]
        maxdepth = kwargs.get("maxdepth")
        if not settings(app.config).nav_cache or startdepth != 0 or not isinstance(maxdepth, int) or maxdepth <= 0:
            return str(generate(kind, startdepth, **kwargs))
        cache = _cache_for(app)
        key = (
            "generate_toctree_html",
            posixpath.dirname(app.builder.get_target_uri(pagename)),
            cache.containing(pagename, cache.shown(maxdepth)),
            kind,
            tuple(sorted((k, str(v)) for k, v in kwargs.items())),
        )
        html = cache.html.get(key)
        if html is None:
            html = cache.html[key] = str(generate(kind, startdepth, **kwargs))
        return html

    return jekyll_sidebar_nav


def use_cached_nav(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    context["jekyll_sidebar_nav"] = sidebar_nav(app, pagename, context)
    original = context.get("toctree")
    if original is None or not settings(app.config).nav_cache:
        return
    context["toctree"] = cached_toctree(app, pagename, original)


def reset_nav_cache(app: Sphinx, env: Any) -> None:
    # a new environment (after reading) means new toctrees: start empty
    if hasattr(app.builder, "jekyll_nav_cache"):
        app.builder.jekyll_nav_cache = None  # type: ignore[attr-defined]


def cache_compiled_templates(app: Sphinx) -> None:
    """Keep the theme's compiled Jinja templates in the doctree folder.

    Every build, even one with nothing to write, renders the index and search
    pages and so compiles some 35 theme templates (~0.6 s, a fifth of a no-op
    rebuild).  Jinja's bytecode cache stores the compiled code keyed by the
    template's name and checked against its source, so an edited template is
    compiled again.
    """
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is None or environment.bytecode_cache is not None:
        return
    folder = Path(app.doctreedir) / "jekyll_book-jinja"
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder))
    # Templates do not change during a build (sphinx-autobuild starts a new
    # one per change): no stat of ~45 template files for every page written.
    environment.auto_reload = False


class KeepUnchangedFinish:
    """A rebuild that writes no page keeps what only page changes can alter.

    Sphinx's HTML builder ends every build, even one with nothing to write,
    by loading and re-dumping the search index and rendering the search and
    general index pages: over a second of a no-op rebuild at 1,000 posts.
    Those outputs are made from the pages, so when no page is written and
    none was removed they would come out the same; they are kept as they are.
    """

    #: set by :func:`note_removed` before writing starts
    jekyll_docs_removed = False
    _keep_finish = False

    def _kept_outputs(self) -> list[Path]:
        pages = ["genindex"] if self.use_index else []  # type: ignore[attr-defined]
        files = []
        if self.search:  # type: ignore[attr-defined]
            pages.append("search")
            files.append(Path(self.outdir, self.searchindex_filename))  # type: ignore[attr-defined]
        return [Path(self.get_outfilename(page)) for page in pages] + files  # type: ignore[attr-defined]

    def prepare_writing(self, docnames: Any) -> None:
        self._keep_finish = (
            active(UNCHANGED_FINISH)
            and not docnames
            and not self.jekyll_docs_removed
            and all(path.is_file() for path in self._kept_outputs())
        )
        super().prepare_writing(docnames)  # type: ignore[misc]

    def load_indexer(self, docnames: Any) -> None:
        if not self._keep_finish:
            super().load_indexer(docnames)  # type: ignore[misc]

    def dump_search_index(self) -> None:
        if not self._keep_finish:
            super().dump_search_index()  # type: ignore[misc]

    def gen_indices(self) -> None:
        if not self._keep_finish:
            super().gen_indices()  # type: ignore[misc]

    def gen_additional_pages(self) -> None:
        if not self._keep_finish:
            super().gen_additional_pages()  # type: ignore[misc]


class DoctreesOnDisk:
    """A serial build keeps no doctree in memory between reading and writing.

    Sphinx's serial read keeps every page's doctree in memory until it is
    written, so a ``-j 1`` build of 2,000 posts holds all of them at once
    (over a gigabyte).  They are on disk anyway (the doctree pickles);
    writing loads each one back, as parallel and incremental builds do.
    A doctree is taken apart once pickled (reading) or written (writing),
    in serial and parallel builds alike (:func:`take_apart`).
    """

    def _read_serial(self, docnames: list[str]) -> None:
        if not active(DOCTREES_ON_DISK):
            super()._read_serial(docnames)  # type: ignore[misc]
            return
        verbosity = self.config.verbosity  # type: ignore[attr-defined]
        pages = CollectedPages(docnames)
        for docname in status_iterator(
            pages, __("reading sources... "), "purple", len(pages), verbosity
        ):
            # as Sphinx's own _read_serial, without keeping the doctree
            self.events.emit("env-purge-doc", self.env, docname)  # type: ignore[attr-defined]
            self.env.clear_doc(docname)  # type: ignore[attr-defined]
            self.read_doc(docname, _cache=False)  # type: ignore[attr-defined]

    def _write_serial(self, docnames: Sequence[str]) -> None:
        if active(DOCTREES_ON_DISK):
            docnames = CollectedPages(docnames)  # type: ignore[assignment]
        super()._write_serial(docnames)  # type: ignore[misc]

    def write_doctree(self, docname: str, doctree: Any, *, _cache: bool = True) -> None:
        super().write_doctree(docname, doctree, _cache=_cache)  # type: ignore[misc]
        if not active(DOCTREES_ON_DISK):
            return
        cache = getattr(self.env, "_write_doc_doctree_cache", {})  # type: ignore[attr-defined]
        if cache.get(docname) is not doctree:
            take_apart(doctree)  # pickled, and kept nowhere else

    def write_doc(self, docname: str, doctree: Any) -> None:
        super().write_doc(docname, doctree)  # type: ignore[misc]
        if active(DOCTREES_ON_DISK):
            take_apart(doctree)  # the page is written


def take_apart(doctree: Any) -> None:
    """Empty a finished page's doctree, so that its nodes are freed at once.

    Every node points to its parent and to the document, so a doctree is
    one big reference cycle, and whatever else still points to the document
    when the page is done (a translator, nodes removed by a transform) keeps
    all of it alive until a garbage collection walks it: ~5 % of a build.
    Children lists are emptied from the top; a node whose parent is not the
    node it is listed under (one that a collector moved into the
    environment) is left as it is, with its children.
    """
    stack = [doctree]
    while stack:
        node = stack.pop()
        children, node.children = node.children, []
        for child in children:
            if child.parent is node:
                child.parent = None
                if child.__dict__.get("_document") is doctree:
                    child._document = None
                if child.children:
                    stack.append(child)
    # what points back to the document itself
    doctree.transformer = doctree._document = None


def note_removed(app: Sphinx, env: Any, added: set, changed: set, removed: set) -> list[str]:
    if isinstance(app.builder, KeepUnchangedFinish):
        app.builder.jekyll_docs_removed = bool(removed)
    return []


def note_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    app.builder.jekyll_docs_read = frozenset(docnames)  # type: ignore[attr-defined]


def docs_read(app: Sphinx) -> frozenset[str]:
    """The documents this build read (none until it has read)."""
    return getattr(app.builder, "jekyll_docs_read", frozenset())


def nothing_read(app: Sphinx) -> bool:
    """This build read and removed no document (a no-op rebuild so far): the
    tables made from the post records are the ones made last time."""
    builder = app.builder
    read = getattr(builder, "jekyll_docs_read", None)
    return read is not None and not read and not getattr(builder, "jekyll_docs_removed", True)


def _quick_exit() -> None:
    """At interpreter exit, take every object out of the garbage collector.

    Python's shutdown collects and tears down the whole heap: after a
    rebuild of 2,000 posts that took 3 s, longer than the build itself (the
    environment alone is ~600,000 objects).  Frozen objects are not scanned;
    the process exits right away.  Registered with :mod:`atexit`, so a
    process that goes on (tests, a server) is not affected.
    """
    gc.freeze()


def setup_perf(app: Sphinx) -> None:
    atexit.unregister(_quick_exit)  # once per process, however many builds
    atexit.register(_quick_exit)
    app.connect("env-get-outdated", note_removed)
    app.connect("env-before-read-docs", note_read)
    app.connect("builder-inited", cache_compiled_templates)
    # before pydata-sphinx-theme (500) renders the sidebar templates to see
    # whether they are empty: its generate_toctree_html calls toctree()
    app.connect("html-page-context", use_cached_nav, priority=400)
    app.connect("env-updated", reset_nav_cache)
