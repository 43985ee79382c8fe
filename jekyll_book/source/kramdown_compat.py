"""Where MyST reads the same text differently from kramdown, posts follow kramdown.

- MyST-only block syntax is off in posts: kramdown has no ``% comment``
  lines, ``+++`` block breaks or ``(target)=`` labels, so such lines are
  ordinary text there (a Korean post may well start a line with ``% 증가``);
- a table cannot interrupt a paragraph (kramdown needs a block boundary
  before ``| a | b |``, the lines stay in the paragraph);
- kramdown table separator rows inside the body (``|---|``, ``|===|`` before
  the footer) are not data rows: the rows around them are kept, the
  separators dropped (docutils has no ``<tfoot>``, footer rows stay rows);
- a footnote reference without a definition (``[^1]`` alone) is text;
- an inline ``<svg>…</svg>`` in a paragraph is one piece of HTML (kramdown
  keeps span-level HTML elements whole), so it can be drawn as an image;
- ``<scheme:x>`` is an autolink only for kramdown's schemes (http, https,
  ftp, ftps, mailto): ``<spring:message>`` is a (namespaced) HTML tag there;
- ``---`` makes ``<hr />`` anywhere in kramdown, but docutils refuses a
  transition at the start or end of a section or next to another one: those
  become a plain ``<hr />`` instead of a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from sphinx.application import Sphinx

from jekyll_book.source.scope import is_post

#: markdown-it rules MyST adds that have no kramdown counterpart
MYST_ONLY_BLOCK_RULES = ["myst_line_comment", "myst_block_break", "myst_target"]

#: a body row whose every cell is ``---``/``===`` (with optional alignment colons)
_SEPARATOR_CELL = re.compile(r"^:?(-+|=+):?$")


def _document_env(state: StateCore) -> Any:
    document = state.md.options.get("document")
    return getattr(getattr(document, "settings", None), "env", None)


def _posts_only(page_rules: list[str], page_table_alt: list[str] | None, state: StateCore) -> None:
    """MyST's own block syntax off for a post, back on for a page.

    The parser is reused from page to page (parser.py), so a page restores
    what a post before it switched off: the MyST rules that were on and the
    table rule's original ``alt`` list.
    """
    env = _document_env(state)
    ruler = state.md.block.ruler
    post = env is not None and is_post(env, env.docname)
    if post:
        ruler.disable(MYST_ONLY_BLOCK_RULES, ignoreInvalid=True)
    elif page_rules:
        ruler.enable(page_rules, ignoreInvalid=True)
    # kramdown: "a table must start at a block boundary"
    table = [r for r in ruler.__rules__ if r.name == "table"]
    if table and table[0].enabled and page_table_alt is not None:
        alt = ["reference"] if post else page_table_alt
        if table[0].alt != alt:
            ruler.at("table", table[0].fn, {"alt": list(alt)})


def _table_separators(state: StateCore) -> None:
    env = _document_env(state)
    if env is None or not is_post(env, env.docname):
        return
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        if tokens[i].type != "tr_open" or not _inside_tbody(tokens, i):
            i += 1
            continue
        end = i
        while tokens[end].type != "tr_close":
            end += 1
        cells = [t.content.strip() for t in tokens[i:end] if t.type == "inline"]
        if cells and all(_SEPARATOR_CELL.match(c) for c in cells):
            del tokens[i : end + 1]
            continue
        i = end + 1


def _inside_tbody(tokens: list[Token], index: int) -> bool:
    for j in range(index - 1, -1, -1):
        if tokens[j].type in ("tbody_open", "thead_open"):
            return tokens[j].type == "tbody_open"
    return False


def _undefined_footnotes(state: StateCore) -> None:
    """``[^1]`` with no ``[^1]:`` definition stays text, as in kramdown.

    MyST makes a footnote reference of it anyway, which docutils then reports
    as an unknown target.
    """
    env = _document_env(state)
    if env is not None and not is_post(env, env.docname):
        return
    defined = {t.meta.get("label") for t in state.tokens if t.type == "footnote_reference_open"}
    for block in state.tokens:
        for i, tok in enumerate(block.children or []):
            if tok.type == "footnote_ref" and tok.meta.get("label") not in defined:
                block.children[i] = Token("text", "", 0, content=f"[^{tok.meta.get('label')}]")


def kramdown_compat_plugin(md: MarkdownIt) -> None:
    rules = {r.name: r for r in md.block.ruler.__rules__}
    page_rules = [name for name in MYST_ONLY_BLOCK_RULES if name in rules and rules[name].enabled]
    table = rules.get("table")
    page_alt = list(table.alt) if table is not None else None
    md.core.ruler.before("block", "jekyll_posts_only", partial(_posts_only, page_rules, page_alt))
    md.core.ruler.after("block", "jekyll_table_separators", _table_separators)
    md.core.ruler.after("inline", "jekyll_undefined_footnotes", _undefined_footnotes)
    md.core.ruler.after("inline", "jekyll_kramdown_autolinks", _kramdown_autolinks)
    md.core.ruler.after("inline", "jekyll_whole_inline_elements", _whole_inline_elements)


#: inline HTML elements whose content is markup of their own, never Markdown
WHOLE_ELEMENTS = ("svg",)


def _inline_children(state: StateCore) -> Iterator[list[Token]]:
    """The token list of every inline block (changed in place by the caller)."""
    for block in state.tokens:
        if block.type == "inline" and block.children:
            yield block.children


def _whole_inline_elements(state: StateCore) -> None:
    for children in _inline_children(state):
        for i, tok in enumerate(children):  # a run from i becomes one token: go on after it
            name = _opening_name(tok)
            if name is None:
                continue
            closing = re.compile(rf"</{name}\s*>", re.IGNORECASE)
            for j in range(i + 1, len(children)):
                if children[j].type == "html_inline" and closing.search(children[j].content):
                    parts = [_source_of(t) for t in children[i : j + 1]]
                    children[i : j + 1] = [Token("html_inline", "", 0, content="".join(parts))]
                    break


def _opening_name(tok: Token) -> str | None:
    if tok.type != "html_inline":
        return None
    match = re.match(r"<([A-Za-z]+)\b", tok.content)
    if not match or match.group(1).lower() not in WHOLE_ELEMENTS or tok.content.endswith("/>"):
        return None
    if re.search(rf"</{match.group(1)}\s*>", tok.content, re.IGNORECASE):
        return None
    return match.group(1).lower()


def _source_of(tok: Token) -> str:
    if tok.type in ("softbreak", "hardbreak"):
        return "\n"
    return tok.content if tok.type in ("html_inline", "text", "code_inline") else tok.markup


#: the schemes kramdown's autolink syntax knows
AUTOLINK_SCHEMES = ("http:", "https:", "ftp:", "ftps:", "mailto:")


def _kramdown_autolinks(state: StateCore) -> None:
    env = _document_env(state)
    if env is None or not is_post(env, env.docname):
        return
    for children in _inline_children(state):
        for i, tok in enumerate(children):  # a run from i becomes one token: go on after it
            if (
                tok.type == "link_open"
                and tok.markup == "autolink"
                and i + 2 < len(children)
                and not str(tok.attrGet("href") or "").lower().startswith(AUTOLINK_SCHEMES)
            ):
                html = Token("html_inline", "", 0, content=f"<{children[i + 1].content}>")
                children[i : i + 3] = [html]


class LooseTransitions(Transform):
    """Turn the transitions docutils would refuse into a raw ``<hr />`` (posts only).

    Runs just before docutils' own ``Transitions`` (830), with the same tests.
    """

    default_priority = 820

    def apply(self, **kwargs: Any) -> None:
        env = getattr(self.document.settings, "env", None)
        if env is None or not is_post(env, env.docname):
            return
        for node in list(self.document.findall(nodes.transition)):
            if _refused(node):
                hr = nodes.raw("", "<hr />", format="html")
                hr.line, hr.source = node.line, node.source
                node.replace_self(hr)


def _refused(node: nodes.transition) -> bool:
    parent = node.parent
    if not isinstance(parent, (nodes.document, nodes.section)):
        return True
    previous = node.previous_sibling()
    if parent.index(node) == 0 or isinstance(
        previous, (nodes.title, nodes.subtitle, nodes.meta, nodes.decoration, nodes.transition)
    ):
        return True
    # at the end of the document (docutils moves it up through every section
    # it ends, and refuses it once it reaches the document's end)
    current: nodes.Node = node
    while current.parent is not None and current.parent.index(current) == len(current.parent) - 1:
        current = current.parent
    if current.parent is None:
        return True
    # moved up past the sections it ends, it would touch a transition that
    # follows them (MyST's own line above the footnotes, after a final ``***``)
    following = current.parent[current.parent.index(current) + 1]
    return current is not node and isinstance(following, nodes.transition)


def setup_kramdown_compat(app: Sphinx) -> None:
    # kramdown_compat_plugin is added by markdown.build_markdown_parser
    app.add_transform(LooseTransitions)
