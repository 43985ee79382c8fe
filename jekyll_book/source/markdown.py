"""The Markdown source layer: one parser for posts and pages, built in one place.

:func:`build_markdown_parser` makes MyST's markdown-it parser with our
plugins in the order of :data:`MARKDOWN_PLUGINS`; the build (``parser.py``)
and the tests use it, so a test parses exactly as a post is parsed.
:data:`TEXT_HOOKS` are the text → text steps run on a post's body before it
(Liquid first: Jekyll renders Liquid before kramdown reads the text).

Each plugin decides for itself whether the document is a post
(:func:`.scope.is_post`): pages keep MyST's own syntax.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from myst_parser.parsers.mdit import create_md_parser

from jekyll_book.safety.build import forbidden_directives_plugin, lock_down
from jekyll_book.source.anchors import html_anchor_plugin
from jekyll_book.source.cjk_emphasis import cjk_friendly_emphasis_plugin
from jekyll_book.source.emoji import emoji_plugin
from jekyll_book.source.kramdown import kramdown_plugin
from jekyll_book.source.kramdown_compat import kramdown_compat_plugin
from jekyll_book.source.kramdown_emphasis import kramdown_emphasis_plugin
from jekyll_book.source.liquid import liquid_hook, unlink_missing_plugin
from jekyll_book.source.nesting import nesting_plugin
from jekyll_book.source.typography import typography_plugin

#: markdown-it plugins of every document's parser, in the order they are added
MARKDOWN_PLUGINS: tuple[Callable[[MarkdownIt], None], ...] = (
    forbidden_directives_plugin,  # explains refused directives (safety)
    unlink_missing_plugin,  # links Liquid could not resolve become text
    kramdown_plugin,  # IALs/ALDs, {:toc}, extensions, abbreviations, math, markdown="1"
    typography_plugin,  # kramdown's smart quotes, dashes, ellipses
    cjk_friendly_emphasis_plugin,  # **강조**를: Hangul counts as CJK
    kramdown_emphasis_plugin,  # kramdown's `*` rule, after the CJK-friendly one it widens
    html_anchor_plugin,  # ids of raw HTML (<a name>) for links between posts
    nesting_plugin,  # deep nesting reported instead of lost
    kramdown_compat_plugin,  # where MyST and kramdown read the same text differently
    emoji_plugin,  # jemoji shortcodes
)

#: text → text hooks run on a post body before MyST sees it, in order:
#: ``hook(body, context) -> body`` (context: :class:`.parser.PostContext`)
TEXT_HOOKS: tuple[Callable[[str, Any], str], ...] = (liquid_hook, lock_down)

#: deeper than markdown-it's default (20), which silently drops the rest of a
#: post after a deeply nested list
MAX_NESTING = 100

#: ``MarkdownIt.options`` key holding the title of the post being rendered
TITLE_OPTION = "jekyll_title"


def build_markdown_parser(config: Any, renderer: type = RendererHTML) -> MarkdownIt:
    """MyST's parser for the MyST ``config``, with our plugins and the title rule."""
    md = create_md_parser(config, renderer)
    md.options["maxNesting"] = MAX_NESTING
    for plugin in MARKDOWN_PLUGINS:
        md.use(plugin)
    md.core.ruler.push("jekyll_title", title_rule)
    return md


def title_rule(state: StateCore) -> None:
    """Core rule for posts: the title as the only H1, body headings shifted
    below it (pages, whose title option is None, are left alone).

    The title goes in as a plain text token so that Markdown characters in
    it are shown as typed (Jekyll themes print titles escaped).
    """
    title = state.md.options.get(TITLE_OPTION)
    if title is None:
        return
    tokens = state.tokens
    headings = [t for t in tokens if t.type in ("heading_open", "heading_close")]
    levels = [int(t.tag[1]) for t in headings if t.type == "heading_open"]
    shift = (min(levels) - 2) if levels else 0
    previous = 1
    pending_level: list[int] = []
    for tok in headings:
        if tok.type == "heading_open":
            level = min(max(int(tok.tag[1]) - shift, 2), previous + 1, 6)
            previous = level
            pending_level.append(level)
        else:
            level = pending_level.pop()
        tok.tag = f"h{level}"
        tok.markup = "#" * level
    text = Token("text", "", 0, content=title)
    inline = Token("inline", "", 0, content=title, children=[text], map=[0, 1])
    opening = Token("heading_open", "h1", 1, markup="#", map=[0, 1], block=True)
    closing = Token("heading_close", "h1", -1, markup="#", block=True)
    tokens[:0] = [opening, inline, closing]
