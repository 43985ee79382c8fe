"""Posts are written by contributors: nothing in one may attack readers or the build.

* raw HTML in posts is rebuilt from an allowlist, every tag through nh3
  (:func:`sanitize_html`);
* links, images and downloads may not point at files outside the source
  folder (``..``, symlinks, hidden folders such as ``.git``);
* posts cannot insert files or raw output (``{include}``, ``{raw}``…);
* posts are decoded whatever their encoding, a symlinked post is not read.

Every refusal is a located warning (``type="jekyll_book"``) so a strict
build fails and names the file and line, while the other posts still build.
"""

from __future__ import annotations

import codecs
import functools
import html
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nh3
from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .config import settings
from .frontmatter import decode_source, split_front_matter
from .parser import MD_PLUGINS, TEXT_HOOKS, is_post

logger = logging.getLogger(__name__)

# -- raw HTML allowlist --------------------------------------------------------

#: what real posts use: emphasis spans, captions, small print, keyboard keys,
#: folded sections, tables, images and links
ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br caption center cite code col colgroup dd del details div dl "
    "dt em figcaption figure h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s "
    "samp small span strong sub summary sup table tbody td tfoot th thead tr u ul var "
    "wbr".split()
)
VOID_TAGS = frozenset("br col hr img wbr".split())
#: tags whose content is code or is never shown as text: dropped with the tag
DROP_WITH_CONTENT = frozenset(
    "script style template iframe frame frameset object embed applet svg math "
    "noscript noembed noframes textarea title xmp select head".split()
)
#: every element name HTML knows (current and obsolete); any other name --
#: ``List<String>``, ``<application-name>`` in prose -- is an unknown element
#: that browsers show as nothing, which is what the Jekyll site showed too:
#: dropped without a warning, its text kept
HTML_ELEMENTS = ALLOWED_TAGS | DROP_WITH_CONTENT | frozenset(
    "acronym address area article aside audio base basefont bdi bdo bgsound big blink "
    "body button canvas data datalist dfn dialog dir fieldset font footer form header "
    "hgroup h1 html image input isindex keygen label legend link listing main map marquee "
    "menu menuitem meta meter multicol nav nextid nobr noindex optgroup option output param picture "
    "plaintext portal progress rb rp rt rtc ruby search section slot source spacer "
    "strike tt track video".split()
)
#: a name a browser takes for an (unknown) element: ``string``, ``k,`` of
#: ``Map<K, V>``; a name hiding a tag (``scr<script``) is reported
_ELEMENT_NAME = re.compile(r"[a-z][^\s/<>=\"'`]*")
GLOBAL_ATTRS = frozenset({"class", "title", "lang", "dir"})
TAG_ATTRS = {
    "a": {"href", "target", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "details": {"open"},
    "table": {"border"},
}
URL_ATTRS = {"href": ("http", "https", "mailto"), "src": ("http", "https")}
TARGETS = {"_blank", "_self"}
#: browsers ignore these inside a URL scheme (``java\tscript:``)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see (lower case), ``None`` for relative URLs."""
    match = _SCHEME.match(_URL_NOISE.sub("", html.unescape(url)))
    return match.group(1).lower() if match else None


def safe_url(url: str, schemes: tuple[str, ...]) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in schemes


class _Rebuilder(HTMLParser):
    """Re-emits only allowlisted tags and attributes; text is re-escaped.

    Each raw node is rebuilt on its own, so an opening ``<span class="x">``
    and its ``</span>`` (separate nodes for inline HTML) both survive, and
    nothing unbalanced can smuggle markup: every ``<`` in the output is ours.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.removed: list[str] = []
        self.dropping: list[str] = []

    def _drop(self, what: str) -> None:
        if what not in self.removed:
            self.removed.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and not closed and tag not in VOID_TAGS:
                self.dropping.append(tag)
            return
        if tag not in HTML_ELEMENTS and _ELEMENT_NAME.fullmatch(tag):
            return
        if tag not in ALLOWED_TAGS:
            self._drop(f"<{tag}>")
            if tag in DROP_WITH_CONTENT and not closed:
                self.dropping.append(tag)
            return
        kept: list[str] = []
        blank = False
        for name, value in attrs:
            value = value or ""
            if name not in GLOBAL_ATTRS and name not in TAG_ATTRS.get(tag, ()):
                self._drop(f"{name}= on <{tag}>")
                continue
            if name in URL_ATTRS and not safe_url(value, URL_ATTRS[name]):
                self._drop(f"{url_scheme(value)}: URL in <{tag} {name}>")
                continue
            if name == "target":
                if value not in TARGETS:
                    self._drop(f"target={value!r} on <{tag}>")
                    continue
                blank = value == "_blank"
            if name == "rel":
                continue  # set below, never taken from the post
            kept.append(f' {name}="{html.escape(value)}"')
        if blank:
            kept.append(' rel="noopener noreferrer"')
        self.out.append(_nh3_start_tag(tag, f"<{tag}{''.join(kept)}>"))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")
        elif tag not in ALLOWED_TAGS and (tag in HTML_ELEMENTS or not _ELEMENT_NAME.fullmatch(tag)):
            self._drop(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    # comments (incl. <!--more-->), doctypes, processing instructions and
    # CDATA are invisible in a page: dropped without a warning
    def handle_comment(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


_NH3_ATTRIBUTES = {"*": set(GLOBAL_ATTRS), **{tag: set(a) for tag, a in TAG_ATTRS.items()}}
#: HTML5 drops table parts outside a table: parse them where they belong
_TABLE_CONTEXT = {
    **dict.fromkeys(("caption", "colgroup", "thead", "tbody", "tfoot"), ("<table>", "</table>")),
    "tr": ("<table><tbody>", "</tbody></table>"),
    "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "col": ("<table><colgroup>", "</colgroup></table>"),
}


def _nh3_start_tag(tag: str, start_tag: str) -> str:
    """Pass one rebuilt start tag through nh3 (html5ever + ammonia).

    The rebuilder decides and reports; nh3 has the last word on what is
    emitted, so a gap in our own parsing can never reach a page.  Each tag
    goes alone because nh3 closes open elements, while inline HTML reaches us
    as separate ``<span>`` / ``</span>`` fragments.
    """
    before, after = _TABLE_CONTEXT.get(tag, ("", ""))
    closing = "" if tag in VOID_TAGS else f"</{tag}>"
    cleaned = nh3.clean(
        before + start_tag + closing + after,
        tags=set(ALLOWED_TAGS),
        attributes=_NH3_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )
    match = re.search(rf"<{tag}(?:\s[^>]*)?>", cleaned)
    return match.group(0) if match else ""


def sanitize_html(fragment: str) -> tuple[str, list[str]]:
    """Allowlisted HTML for ``fragment`` and what was removed (for warnings)."""
    html, removed = _sanitize(fragment)
    return html, list(removed)


@functools.lru_cache(maxsize=4096)
def _sanitize(fragment: str) -> tuple[str, tuple[str, ...]]:
    # a pure function of the fragment, and posts repeat the same few inline
    # tags (<span class="emphasis">, </span>) dozens of times each
    rebuilder = _Rebuilder()
    rebuilder.feed(fragment)
    rebuilder.close()
    return "".join(rebuilder.out), tuple(rebuilder.removed)


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

    def refuse(self, node: nodes.Node, message: str, subtype: str, error: bool = False) -> None:
        line = node.line or (node.parent.line if node.parent is not None else None)
        log = logger.error if error else logger.warning
        log(message, location=(self.docname, line), type="jekyll_book", subtype=subtype)


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


def _sanitize_raw(where: _Located, doctree: nodes.document) -> None:
    raws = list(doctree.findall(nodes.raw))
    # decided before any node is rewritten: the <br /> twin test reads a sibling
    generated = [_myst_generated(node) for node in raws]
    for node, ours in zip(raws, generated):
        if ours:
            if "html" not in node.get("format", "").split():
                node.parent.remove(node)  # only HTML is built; no output, no warning
            continue
        if "html" not in node.get("format", "").split():
            node.parent.remove(node)
            where.refuse(node, "raw output refused in a post", "raw")
            continue
        clean, removed = sanitize_html(node.astext())
        for what in removed:
            where.refuse(node, f"removed {what} from the post's HTML", "html")
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
            where.refuse(node, f"image {uri!r} is outside the site; not published", "path", True)
    for node in found[addnodes.download_reference]:
        target = node.get("reftarget", "")
        if _is_url(target):
            continue
        _, abs_path = env.relfn2path(target, where.docname)
        if not path_allowed(abs_path, where.app):
            node.replace_self(_as_text(node))
            where.refuse(node, f"link {target!r} is outside the site; not published", "path", True)
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


#: directives that read files or emit unfiltered output
FORBIDDEN_DIRECTIVES = frozenset({"include", "literalinclude", "raw"})
_FILE_OPTION = re.compile(r"^\s*:(file|url|encoding):", re.MULTILINE)
_DIRECTIVE_INFO = re.compile(r"^\{([\w:.-]+)\}")


def forbidden_directive(info: str, content: str) -> str | None:
    """Why a fenced directive may not appear in a post, else ``None``."""
    match = _DIRECTIVE_INFO.match(info.strip())
    if not match:
        return None
    name = match.group(1).split(":")[-1]
    if name in FORBIDDEN_DIRECTIVES:
        return f"{{{name}}} is not allowed in posts (it reads files or emits raw output)"
    if _FILE_OPTION.search(content):
        return f"{{{name}}} with :file:/:url: is not allowed in posts (it reads files)"
    return None


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


def _lock_down(body: str, ctx: Any) -> str:
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
        logger.warning(
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
        logger.warning(
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
        logger.warning(
            "NUL byte(s) removed (the file may be UTF-16 or binary)",
            location=(docname, line),
            type="jekyll_book",
            subtype="encoding",
        )
        source[0] = text.replace("\x00", "")


def _report_frontmatter(docname: str, text: str) -> None:
    # the same rules as `python -m jekyll_book check`, so both always agree
    from .check import frontmatter_problems

    for problem in frontmatter_problems(split_front_matter(text)):
        hint = f" ({problem.hint})" if problem.hint else ""
        logger.warning(
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
    if _lock_down not in TEXT_HOOKS:
        TEXT_HOOKS.insert(0, _lock_down)
    if forbidden_directives_plugin not in MD_PLUGINS:
        MD_PLUGINS.append(forbidden_directives_plugin)
    app.connect("env-before-read-docs", use_tolerant_codec)
    app.connect("source-read", check_source, priority=100)
    app.connect("html-page-context", hide_refused_source)
    # after the header (400) built the excerpt, before Sphinx collects and
    # copies images and downloads (500)
    app.connect("doctree-read", limit_depth, priority=300)
    app.connect("doctree-read", guard_doctree, priority=450)
