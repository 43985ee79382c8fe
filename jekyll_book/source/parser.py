"""The Markdown parser for Jekyll posts: MyST plus Jekyll's semantics.

Posts are read with :mod:`frontmatter` (not MyST's front matter, which would
let a post switch MyST options on), the Jekyll-only syntax is translated by
the text hooks of :mod:`.markdown`, and MyST's markdown-it parser is the
one :func:`.markdown.build_markdown_parser` makes (our plugins, in order).  The post title becomes the page's only H1 and
the body's headings are shifted below it, whatever level they start at.
"""

from __future__ import annotations

import os
from typing import Any

from docutils import nodes
from docutils.parsers.rst.languages import get_language as get_language_rst
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.util import logging

from jekyll_book.config import settings
from jekyll_book.features.drafts import draft_stem
from jekyll_book.features.posts import Post, get_domain
from jekyll_book.jekyll import frontmatter
from jekyll_book.source.markdown import TEXT_HOOKS, TITLE_OPTION, build_markdown_parser
from jekyll_book.source.scope import is_post
from jekyll_book.speed import active
from jekyll_book.speed.myst import take_apart, tree_lists
from jekyll_book.speed.records import RENDERER_SETUP

logger = logging.getLogger(__name__)


class PostContext:
    """What text hooks may know about the post being parsed."""

    def __init__(self, document: nodes.document, meta: frontmatter.PostMeta | None) -> None:
        self.document = document
        self.env = document.settings.env
        self.docname: str = self.env.docname
        self.source: str = document["source"]
        self.meta = meta

    def warn(self, message: str, line: int, subtype: str, error: bool = False) -> None:
        """Report what a reader of the Jekyll site saw and ours cannot show
        (``error``: what Jekyll itself could not read)."""
        log = logger.error if error else logger.warning
        log(message, location=(self.docname, line), type="jekyll_book", subtype=subtype)

    def note(self, message: str, line: int) -> None:
        """Say what is rendered as Jekyll rendered it, but may surprise."""
        logger.info(message, location=(self.docname, line))


class _Renderer(SphinxRenderer):
    """MyST's Sphinx renderer without a throw-away document per page.

    MyST 5.2's ``setup_render`` evaluates ``options.get("document",
    make_document())``: the default is built even though Sphinx always hands
    the page's own document, and building it parses docutils' whole option
    set (about 7 ms a page, 8% of a clean build).  This does the same setup
    with the given document; a test checks it sets what MyST's own does.
    It does so while the "myst renderer setup" guard holds (MyST's own
    ``setup_render`` is the one this was written for), else MyST's runs.
    """

    def setup_render(self, options: dict[str, Any], env: Any) -> None:
        document = options.get("document")
        if document is None or not active(RENDERER_SETUP):
            super().setup_render(options, env)
            return
        self.md_env = env
        self.md_options = options
        self.md_config = options["myst_config"]
        self.document = document
        self.current_node = options.get("current_node", document)
        self.reporter = document.reporter
        self.language_module_rst = get_language_rst(document.settings.language_code)
        self._heading_offset = 0
        self._level_to_section = {0: document}
        self._heading_slugs = {}
        self._forget_trees()  # a page set up but never forgotten
        self._page_trees = []
        tree_lists.append(self._page_trees)

    def _forget_trees(self) -> list[SyntaxTreeNode]:
        trees = self.__dict__.pop("_page_trees", None)
        if trees is None:
            return []
        for i, listed in enumerate(tree_lists):
            if listed is trees:  # not list.remove: it compares by value
                del tree_lists[i]
                break
        return trees

    def forget_page(self) -> None:
        """Drop the page's document (the renderer outlives it): a doctree still
        referenced here when its page is done outlived the collection after
        the page and was walked again by an older generation's.  The page's
        syntax trees are taken apart (see :class:`.speed.myst.PageTree`)."""
        for tree in self._forget_trees():
            take_apart(tree)
        for name in _PAGE_STATE:
            self.__dict__.pop(name, None)


#: what ``setup_render`` sets for one page
_PAGE_STATE = (
    "md_env", "md_options", "md_config", "document", "current_node", "reporter",
    "language_module_rst", "_heading_offset", "_level_to_section", "_heading_slugs",
    "_page_trees",
)  # fmt: skip

class JekyllMystParser(MystParser):
    """MyST for pages, Jekyll semantics for posts."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if not is_post(env, env.docname):
            self._render(inputstring, document, title=None)
            return
        opts = settings(env.config)
        fm = frontmatter.split_front_matter(inputstring)
        stem = os.path.splitext(os.path.basename(document["source"]))[0]
        stem = draft_stem(env.config, env.docname, document["source"], stem)
        meta, problems = frontmatter.resolve_meta(fm, stem, opts.timezone)
        ctx = PostContext(document, meta)
        if not fm.present and not fm.problems:
            ctx.warn("no front matter: Jekyll does not read this file as a post (it copies "
                     "it as it is); start it with '---', 'title: ...', '---'", 1,
                     "frontmatter", error=True)
        for problem in fm.problems + problems:
            hint = f" ({problem.hint})" if problem.hint else ""
            ctx.warn(problem.message + hint, problem.line, "frontmatter", error=problem.fatal)
        get_domain(env).add_post(Post(docname=env.docname, meta=meta))
        body = fm.body
        for hook in TEXT_HOOKS:  # Liquid first, as Jekyll renders it before kramdown
            body = hook(body, ctx)
        self._render(body, document, title=meta.title)

    def _render(self, text: str, document: nodes.document, title: str | None) -> None:
        config = document.settings.env.myst_config
        md = _markdown_parser(config)
        if md.options.get("document") is not None:  # a page parsed inside another
            md = _new_markdown_parser(config)
        md.options["document"] = document
        md.options[TITLE_OPTION] = title
        try:
            md.render(text)
        finally:  # the next page must not see this one's document
            md.options["document"] = md.options[TITLE_OPTION] = None
            if isinstance(md.renderer, _Renderer):
                md.renderer.forget_page()


#: the parser made for the last MyST configuration seen (one per build process)
_cached_parser: tuple[Any, MarkdownIt] | None = None


def _markdown_parser(config: Any) -> MarkdownIt:
    """The configured parser for ``config``, made once per process.

    Making it per page (MyST does) builds every rule chain again and lists
    the renderer's methods with ``inspect``, ~1 % of a build; the renderer
    sets all its per-page state in ``setup_render`` and drops it after the
    page (``forget_page``).
    """
    global _cached_parser
    if _cached_parser is None or _cached_parser[0] is not config:
        _cached_parser = (config, _new_markdown_parser(config))
    return _cached_parser[1]


def _new_markdown_parser(config: Any) -> MarkdownIt:
    return build_markdown_parser(config, _Renderer)


def setup_parser(app: Sphinx) -> None:
    app.add_source_parser(JekyllMystParser, override=True)
