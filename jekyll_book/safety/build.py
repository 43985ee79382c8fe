"""The safety rules wired into Sphinx: sanitising, path guards, reading posts.

* raw HTML in posts goes through :func:`.html.sanitize_html` (unless
  ``jekyll_trust_html``); what a reader loses is a located warning;
* links, images and downloads may not point at files outside the source
  folder (``..``, symlinks, hidden folders such as ``.git``);
* posts cannot insert files or raw output (``{include}``, ``{raw}``…);
* posts are decoded whatever their encoding, a symlinked post is not read.

Every report is located (``type="jekyll_book"``): a warning when a reader sees
less than on the Jekyll site, an error when the post could not be read as
Jekyll reads it.  The post is still shown as well as it can be.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from jekyll_book.config import settings
from jekyll_book.jekyll.frontmatter import decode_source, split_front_matter
from jekyll_book.safety.directives import forbidden_directive
from jekyll_book.safety.frontmatter import frontmatter_problems
from jekyll_book.safety.html import (
    DEFAULT_EMBED_HOSTS,
    Policy,
    safe_url,
    sanitize_html_report,
    url_scheme,
)
from jekyll_book.source.scope import is_post

logger = logging.getLogger(__name__)


# -- file access ----------------------------------------------------------------


def allowed_roots(app: Sphinx) -> list[Path]:
    roots = [Path(app.srcdir).resolve()]
    for extra in settings(app.config).extra_dirs:
        roots.append((Path(app.srcdir) / extra).resolve())
    return roots


def _fixed_roots(app: Sphinx) -> tuple[list[Path], list[Path]]:
    """(output folders, allowed roots), resolved once per build."""
    roots = getattr(app, "_jekyll_roots", None)
    if roots is None:
        private = [Path(app.outdir).resolve(), Path(app.doctreedir).resolve()]
        roots = app._jekyll_roots = (private, allowed_roots(app))  # type: ignore[attr-defined]
    return roots


def path_allowed(path: str | os.PathLike[str], app: Sphinx) -> bool:
    """Inside the source folder (or ``jekyll_extra_dirs``), after resolving
    symlinks, and not in a hidden folder (``.git``, ``.venv``) or the output."""
    resolved = Path(path).resolve()
    private, allowed = _fixed_roots(app)
    if any(resolved.is_relative_to(p) for p in private):
        return False
    for root in allowed:
        if resolved.is_relative_to(root):
            return not any(part.startswith(".") for part in resolved.relative_to(root).parts)
    return False


def _is_url(target: str) -> bool:
    return "://" in target or url_scheme(target) is not None


# -- Sphinx wiring ----------------------------------------------------------------


@dataclass
class _Located:
    app: Sphinx
    docname: str

    def refuse(self, node: nodes.Node, message: str, subtype: str) -> None:
        """What a reader of the Jekyll site saw and ours does not show."""
        line = node.line or (node.parent.line if node.parent is not None else None)
        logger.warning(message, location=(self.docname, line), type="jekyll_book", subtype=subtype)


def _is_post_doc(app: Sphinx, docname: str) -> bool:
    return is_post(app.env, docname)


#: the checkbox MyST itself puts before a task-list item ("- [x] done"):
#: a fixed, disabled form, so it is ours and not the author's HTML
_MYST_CHECKBOX = re.compile(
    r'<input class="task-list-item-checkbox" (checked="checked" )?disabled="disabled" type="checkbox">'
)


def _myst_generated(node: nodes.raw) -> bool:
    """Raw nodes MyST makes from plain Markdown, never from the author's HTML."""
    parent = node.parent
    if "latex" in node.get("format", "").split() and node.astext() == "\\\\\n":
        # a hard line break is an html <br /> followed by its LaTeX twin
        index = parent.index(node)
        previous = parent[index - 1] if index > 0 else None
        return isinstance(previous, nodes.raw) and previous.astext() == "<br />\n"
    if _MYST_CHECKBOX.fullmatch(node.astext()):
        item = parent.parent if isinstance(parent, nodes.paragraph) else None
        return (
            isinstance(item, nodes.list_item)
            and "task-list-item" in item.get("classes", [])
            and item.index(parent) == 0
            and parent.index(node) == 0
        )
    return False


def html_policy(app: Sphinx) -> Policy:
    extra = tuple(h for h in settings(app.config).embed_hosts if h not in DEFAULT_EMBED_HOSTS)
    return Policy(embed_hosts=DEFAULT_EMBED_HOSTS + extra)


def _sanitize_raw(where: _Located, doctree: nodes.document) -> None:
    raws = list(doctree.findall(nodes.raw))
    # decided before any node is rewritten: the <br /> twin test reads a sibling
    generated = [_myst_generated(node) for node in raws]
    trusted = settings(where.app.config).trust_html
    policy = html_policy(where.app)
    for node, ours in zip(raws, generated):
        if ours:
            if "html" not in node.get("format", "").split():
                node.parent.remove(node)  # only HTML is built; no output, no warning
            continue
        if "html" not in node.get("format", "").split():
            node.parent.remove(node)
            where.refuse(node, "raw output refused in a post", "raw")
            continue
        if trusted:
            continue  # jekyll_trust_html: published as Jekyll published it
        clean, removed = sanitize_html_report(node.astext(), policy)
        for removal in removed:
            hint = f" ({removal.hint})" if removal.hint else ""
            where.refuse(node, f"removed {removal.what} from the post's HTML{hint}", "html")
        # always the rebuilt form: it also adds rel="noopener" to target=_blank
        node[:] = [nodes.Text(clean)]


def _as_text(node: nodes.Element) -> nodes.Node:
    text = node.astext() or node.get("alt", "")
    return nodes.inline(text, text)


_GUARDED = (nodes.image, addnodes.download_reference, nodes.reference)


def _attached(node: nodes.Node, root: nodes.Node) -> bool:
    """Still in the page (not inside a link or image replaced just before)."""
    while node is not None and node is not root:
        node = node.parent
    return node is root


def _guard_paths(where: _Located, doctree: nodes.document) -> None:
    env = where.app.env
    # one walk of the page for the three kinds instead of three walks
    found: dict[type, list[nodes.Element]] = {
        nodes.image: [], addnodes.download_reference: [], nodes.reference: []
    }
    for node in doctree.findall(nodes.Element):  # a type: docutils' fast walk
        if not isinstance(node, _GUARDED):
            continue
        for kind, bucket in found.items():
            if isinstance(node, kind):
                bucket.append(node)
    for node in found[nodes.image]:
        uri = node.get("uri", "")
        if uri.startswith("data:"):
            node.replace_self(_as_text(node))
            where.refuse(node, "data: image refused (put the image in a file)", "image")
            continue
        if _is_url(uri):
            continue
        _, abs_path = env.relfn2path(uri.replace("*", "_"), where.docname)
        if not path_allowed(abs_path, where.app):
            node.replace_self(_as_text(node))
            where.refuse(node, f"image {uri!r} is outside the site; not published", "path")
    for node in found[addnodes.download_reference]:
        target = node.get("reftarget", "")
        if _is_url(target):
            continue
        _, abs_path = env.relfn2path(target, where.docname)
        if not path_allowed(abs_path, where.app):
            node.replace_self(_as_text(node))
            where.refuse(node, f"link {target!r} is outside the site; not published", "path")
    for node in found[nodes.reference]:
        uri = node.get("refuri", "")
        if uri and not safe_url(uri, ("http", "https", "mailto", "ftp")) and _attached(node, doctree):
            node.replace_self(_as_text(node))
            where.refuse(node, f"link with {url_scheme(uri)}: URL refused", "url")


#: deepest doctree nesting kept; pickling and HTML writing recurse per level
#: and a line of 300 nested ``*`` used to raise RecursionError for the site
MAX_DOCTREE_DEPTH = 64


def limit_depth(app: Sphinx, doctree: nodes.document) -> None:
    """Flatten anything nested deeper than :data:`MAX_DOCTREE_DEPTH` to text."""
    stack: list[tuple[nodes.Element, int]] = [(doctree, 0)]
    flattened: list[nodes.Element] = []
    while stack:
        node, depth = stack.pop()
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            if depth + 1 >= MAX_DOCTREE_DEPTH and any(
                isinstance(c, nodes.Element) for c in child.children
            ):
                flattened.append(child)
            else:
                stack.append((child, depth + 1))
    for node in flattened:
        node[:] = [nodes.Text(_text_of(node))]
    if flattened:
        _Located(app, app.env.docname).refuse(
            flattened[0],
            f"content nested deeper than {MAX_DOCTREE_DEPTH} levels shown as plain text "
            "(reduce the nesting of lists, quotes or emphasis)",
            "nesting",
        )


def _text_of(node: nodes.Element) -> str:
    parts: list[str] = []
    stack: list[nodes.Node] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, nodes.Text):
            parts.append(str(current))
        elif isinstance(current, nodes.Element):
            stack.extend(reversed(current.children))
    return "".join(parts)


def guard_doctree(app: Sphinx, doctree: nodes.document) -> None:
    where = _Located(app, app.env.docname)
    _guard_paths(where, doctree)
    if _is_post_doc(app, where.docname):
        _sanitize_raw(where, doctree)


def _forbidden_directives_rule(state: StateCore) -> None:
    document = state.md.options.get("document")
    env = getattr(getattr(document, "settings", None), "env", None)
    if env is None or not is_post(env, env.docname):
        return
    for token in state.tokens:
        if token.type != "fence":
            continue
        why = forbidden_directive(token.info, token.content)
        if why:
            line = token.map[0] + 1 if token.map else None
            logger.warning(
                why, location=(env.docname, line), type="jekyll_book", subtype="directive"
            )
            token.info = "text"  # shown as the code it is, never executed


def forbidden_directives_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("jekyll_forbidden_directives", _forbidden_directives_rule)


def lock_down(body: str, ctx: Any) -> str:
    # the docutils switches are the real guarantee (they also cover {eval-rst}
    # and nested directives); the markdown rule above only explains the refusal
    ctx.document.settings.file_insertion_enabled = False
    ctx.document.settings.raw_enabled = False
    return body


# -- reading posts ----------------------------------------------------------------

CODEC = "jekyll-book-utf8"


class _WholeFileDecoder(codecs.BufferedIncrementalDecoder):
    # the encoding is guessed from the whole file, so decode only at the end
    def _buffer_decode(self, data: bytes, errors: str, final: bool) -> tuple[str, int]:
        if not final:
            return "", 0
        return decode_source(bytes(data))[0], len(data)


def _codec_search(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != CODEC:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        name=CODEC,
        encode=utf8.encode,
        decode=lambda data, errors="strict": (decode_source(bytes(data))[0], len(data)),
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=_WholeFileDecoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


codecs.register(_codec_search)


def use_tolerant_codec(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Sphinx reads sources strictly as UTF-8 and one bad byte stops the whole
    build; read with the tolerant codec and warn per post instead."""
    if app.config.source_encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig"):
        env.settings["input_encoding"] = CODEC


def _stub(docname: str, reason: str) -> str:
    title = docname.rsplit("/", 1)[-1]
    return f'---\ntitle: "{title}"\n---\n\n```{{error}}\n{reason}\n```\n'


def check_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """Encoding, NUL bytes and symlinks of a post, found before it is parsed."""
    if not _is_post_doc(app, docname):
        return
    path = Path(app.env.doc2path(docname))
    if path.is_symlink() or not path_allowed(path, app):
        logger.error(
            "post is a symlink: not built (copy the file into the repository instead)",
            location=(docname, 1),
            type="jekyll_book",
            subtype="symlink",
        )
        source[0] = _stub(docname, "This post was not built: it is a symbolic link.")
        return
    _, encoding = decode_source(path.read_bytes())
    if encoding != "utf-8":
        shown = "invalid UTF-8" if encoding == "utf-8?" else encoding.upper()
        iconv = encoding if encoding != "utf-8?" else "utf-8 -c"
        logger.error(
            "post is not UTF-8 (%s); convert it: iconv -f %s -t utf-8 %s > tmp && mv tmp %s",
            shown,
            iconv,
            path.name,
            path.name,
            location=(docname, 1),
            type="jekyll_book",
            subtype="encoding",
        )
    text = source[0]
    _report_frontmatter(docname, text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        logger.error(
            "NUL byte(s) removed (the file may be UTF-16 or binary)",
            location=(docname, line),
            type="jekyll_book",
            subtype="encoding",
        )
        source[0] = text.replace("\x00", "")


def _report_frontmatter(docname: str, text: str) -> None:
    # the same rules as `python -m jekyll_book check`, so both always agree
    for problem in frontmatter_problems(split_front_matter(text)):
        hint = f" ({problem.hint})" if problem.hint else ""
        log = logger.error if problem.fatal else logger.warning
        log(
            problem.message + hint,
            location=(docname, problem.line),
            type="jekyll_book",
            subtype="frontmatter",
        )


def hide_refused_source(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Sphinx copies each page's source to ``_sources/``: never a symlink's target."""
    if context.get("sourcename") and pagename in app.env.found_docs:
        path = Path(app.env.doc2path(pagename))
        if path.is_symlink() or not path_allowed(path, app):
            context["sourcename"] = ""


def setup_safety(app: Sphinx) -> None:
    app.connect("env-before-read-docs", use_tolerant_codec)
    app.connect("source-read", check_source, priority=100)
    app.connect("html-page-context", hide_refused_source)
    # after the header (400) built the excerpt, before Sphinx collects and
    # copies images and downloads (500)
    app.connect("doctree-read", limit_depth, priority=300)
    app.connect("doctree-read", guard_doctree, priority=450)
