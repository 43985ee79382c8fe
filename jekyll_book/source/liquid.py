"""The Liquid that Jekyll posts use, resolved before MyST sees the text.

Jekyll renders Liquid first and kramdown second, so a post may build a link
with ``{% post_url %}``, pull in ``{% include %}`` files or print
``{{ site.baseurl }}``.  :func:`render_liquid` is a pure text → text step:
it keeps the line count wherever it can (so warnings keep pointing at the
right line), resolves the tags and variables Jekyll posts use, and leaves
anything else visible, reporting it.  Nothing is evaluated: this is a tiny
interpreter for a fixed subset, never a template engine (MyST's
``substitution`` extension must stay off for the same reason).

Unknown Liquid inside code is kept verbatim without a report: it is a code
sample (GitHub Actions' ``${{ secrets.X }}``, Django's ``{% load %}``) that
the author wanted shown.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import unquote

from jekyll_book.config import settings
from jekyll_book.source.anchors import gfm_slug

#: markdown links whose target could not be resolved point here; the
#: markdown-it rule in :func:`unlink_missing_plugin` turns them into text
MISSING_SCHEME = "jekyll-missing:"

_TAG = re.compile(r"\{%-?\s*(\w+)\s*(.*?)\s*-?%\}", re.S)
_VAR = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_ANY = re.compile(r"\{%-?\s*(\w+)\s*(.*?)\s*-?%\}|\{\{-?\s*(.*?)\s*-?\}\}", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_PARAM = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s]+)""")
#: a bare variable name (no filters, no literal): undefined ones print nothing
_UNDEFINED = re.compile(r"^[A-Za-z_][\w-]*(\.[\w-]+)*$")
_STRING = re.compile(r"""^(?:"([^"]*)"|'([^']*)')$""")
_MAX_INCLUDE_DEPTH = 5


@dataclass
class Problem:
    message: str
    line: int  # 1-based, in the text given to render_liquid
    subtype: str


class Resolver(Protocol):
    """What Liquid may ask about the site; the Sphinx hook supplies it."""

    site: dict[str, Any]
    page: dict[str, Any]

    def post_path(self, name: str) -> str | None:
        """Link path (relative to the current page) of a post named ``date-slug``."""

    def page_path(self, path: str) -> str | None:
        """Link path of a site file given relative to the site root."""

    def include(self, name: str, relative: bool) -> str | None:
        """Text of an include file (``_includes/`` or next to the post)."""


@dataclass
class _State:
    resolver: Resolver
    problems: list[Problem] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)
    depth: int = 0


def render_liquid(text: str, resolver: Resolver) -> tuple[str, list[Problem]]:
    """Resolve the Liquid subset in ``text``; problems carry 1-based lines."""
    state = _State(resolver)
    return _render(text, state), state.problems


def _code_mask(text: str) -> list[bool]:
    """For every character: is it inside a fenced block or a code span?"""
    mask = [False] * len(text)
    pos = 0
    fence: str | None = None
    for line in text.splitlines(keepends=True):
        m = _FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            inside = True
        elif fence is not None:
            inside = True
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        else:
            inside = line.startswith(("    ", "\t")) and not line.strip() == ""
        if inside:
            mask[pos : pos + len(line)] = [True] * len(line)
        else:
            for span in re.finditer(r"(`+)(?!`).+?(?<!`)\1(?!`)", line):
                mask[pos + span.start() : pos + span.end()] = [True] * (span.end() - span.start())
        pos += len(line)
    return mask


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _render(text: str, state: _State, line_offset: int = 0) -> str:
    mask = _code_mask(text)
    out: list[str] = []
    pos = 0
    while True:
        m = _ANY.search(text, pos)
        if m is None:
            out.append(text[pos:])
            break
        out.append(text[pos : m.start()])
        in_code = bool(mask[m.start()]) if m.start() < len(mask) else False
        line = line_offset + _line_of(text, m.start())
        if m.group(1) is not None:
            replacement, pos = _tag(text, m, state, line, in_code, out)
        else:
            replacement = _variable(m.group(3), m.group(0), state, line, in_code, out)
            pos = m.end()
        out.append(replacement)
    return "".join(out)


def _block_end(text: str, start: int, name: str) -> re.Match[str] | None:
    """The tag that closes block ``name`` opened just before ``start``.

    As Liquid parses it: blocks of the same name nest (a post showing
    ``{% capture %}`` inside its own capture), ``{% raw %}`` hides the tags
    in it and is itself closed by the first ``endraw``, and words after an
    end tag are ignored (``{% endhighlight java %}``).
    """
    depth = 1
    pos = start
    while True:
        m = _TAG.search(text, pos)
        if m is None:
            return None
        tag = m.group(1)
        pos = m.end()
        if tag == "end" + name:
            depth -= 1
            if depth == 0:
                return m
        elif name != "raw" and tag == name:
            depth += 1
        elif name != "raw" and tag == "raw":
            raw_end = _block_end(text, pos, "raw")
            if raw_end is None:
                return None
            pos = raw_end.end()


def _tag(
    text: str, m: re.Match[str], state: _State, line: int, in_code: bool, out: list[str]
) -> tuple[str, int]:
    name, args = m.group(1), m.group(2)
    warn = state.problems.append
    if name in ("raw", "comment", "highlight", "capture"):
        end = _block_end(text, m.end(), name)
        if end is None:
            warn(Problem(f"'{{% {name} %}}' is never closed by '{{% end{name} %}}'", line, "liquid"))
            return m.group(0), m.end()
        body = text[m.end() : end.start()]
        if name == "raw":
            return body, end.end()
        if name == "comment":
            # Liquid prints nothing; keep the lines so later lines stay put
            return "\n" * body.count("\n"), end.end()
        if name == "capture":
            state.variables[args.strip()] = _render(body, state, line - 1).strip()
            return "\n" * body.count("\n"), end.end()
        return _highlight(text, m, end, body, args, state, line), end.end()
    if name == "post_url":
        target = state.resolver.post_path(args.strip())
        if target is None:
            warn(Problem(f"{{% post_url {args} %}}: no post named '{args}' in this site", line, "link"))
            return MISSING_SCHEME + args.strip(), m.end()
        return target, m.end()
    if name == "link":
        target = state.resolver.page_path(args.strip())
        if target is None:
            warn(Problem(f"{{% link {args} %}}: no file '{args}' in this site", line, "link"))
            return MISSING_SCHEME + args.strip(), m.end()
        return target, m.end()
    if name in ("include", "include_relative"):
        return _include(m, name, args, state, line), m.end()
    if name == "assign":
        var, _, value = args.partition("=")
        state.variables[var.strip()] = _expression(value.strip(), state) or ""
        return "", m.end()
    if not in_code:
        warn(Problem(f"unsupported Liquid tag '{{% {name} %}}' left as text", line, "liquid"))
    return m.group(0), m.end()


def _highlight(
    text: str,
    m: re.Match[str],
    end: re.Match[str],
    body: str,
    args: str,
    state: _State,
    line: int,
) -> str:
    """``{% highlight lang [linenos] %}`` → a fence with the same lines."""
    words = args.split()
    lang = words[0] if words else "text"
    linenos = " jekyll-linenos" if "linenos" in words[1:] or any(
        w.startswith("linenos") for w in words[1:]
    ) else ""
    line_start = text.rfind("\n", 0, m.start()) + 1
    indent = text[line_start : m.start()]
    indent = indent if not indent.strip() else ""
    code = _render(body, _State(state.resolver, state.problems, state.variables), line - 1)
    fence = "`" * max(3, *(len(r) + 1 for r in re.findall(r"`{3,}", code)), 3)
    # the body starts after the tag's own line; code glued to the tag moves down
    code = code[1:] if code.startswith("\n") else code
    if not code.endswith("\n"):
        code += "\n"
    after = text[end.end() : text.find("\n", end.end()) if "\n" in text[end.end() :] else len(text)]
    tail = "" if not after.strip() else "\n"
    return f"{fence}{lang}{linenos}\n{code}{indent}{fence}{tail}"


def _include(m: re.Match[str], name: str, args: str, state: _State, line: int) -> str:
    parts = args.split(None, 1)
    file = parts[0] if parts else ""
    params = {k: _expression(v, state) or "" for k, v in _PARAM.findall(parts[1] if len(parts) > 1 else "")}
    content = state.resolver.include(file, relative=name == "include_relative")
    if content is None:
        where = "next to the post" if name == "include_relative" else "in _includes/"
        state.problems.append(
            Problem(f"{{% {name} {file} %}}: '{file}' not found {where}; add it there", line, "include")
        )
        return ""
    if state.depth >= _MAX_INCLUDE_DEPTH:
        state.problems.append(Problem(f"{{% {name} {file} %}} nested too deeply", line, "include"))
        return ""
    inner = _State(state.resolver, [], {**state.variables, **{f"include.{k}": v for k, v in params.items()}}, state.depth + 1)
    rendered = _render(content, inner)
    for problem in inner.problems:  # located at the include tag of the post
        state.problems.append(Problem(f"{file}:{problem.line}: {problem.message}", line, problem.subtype))
    return rendered.rstrip("\n")


def _lookup(path: str, state: _State) -> str | None:
    if path in state.variables:
        return state.variables[path]
    head, _, rest = path.partition(".")
    source = {"site": state.resolver.site, "page": state.resolver.page}.get(head)
    if source is None or not rest:
        return None
    value: Any = source
    for key in rest.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return "" if value is None else str(value)


def _expression(expr: str, state: _State) -> str | None:
    """A value with filters, or None when something in it is unknown."""
    head, *filters = [p.strip() for p in expr.split("|")]
    string = _STRING.match(head)
    value = (string.group(1) if string.group(1) is not None else string.group(2)) if string else _lookup(head, state)
    if value is None:
        return None
    site = state.resolver.site
    for flt in filters:
        fname = flt.split(":")[0].strip()
        if fname == "relative_url":
            value = _join_url(str(site.get("baseurl") or ""), value)
        elif fname == "absolute_url":
            value = str(site.get("url") or "").rstrip("/") + _join_url(str(site.get("baseurl") or ""), value)
        elif fname in ("markdownify", "strip", "escape", "xml_escape"):
            value = value.strip() if fname == "strip" else value
        else:
            return None
    return value


def _join_url(base: str, path: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", path):
        return path
    joined = "/" + "/".join(p for p in (base.strip("/"), path.lstrip("/")) if p)
    return joined if path or base else "/"


def _variable(expr: str, raw: str, state: _State, line: int, in_code: bool, out: list[str]) -> str:
    value = _expression(expr, state)
    if value is not None and "\n" in value.strip() and re.search(r"\|\s*markdownify\b", expr):
        # Jekyll inserts HTML there; Markdown blocks need their own lines to be
        # read as blocks (not as text of the enclosing ``<div>``)
        return "\n\n" + value.strip() + "\n\n"
    if value is not None:
        return value
    if in_code:
        return raw
    if _UNDEFINED.match(expr):
        # Liquid prints nothing for a variable it does not know, so the Jekyll
        # page showed nothing there either (``\mathbf{{log}}`` in TeX)
        state.problems.append(
            Problem(f"Liquid variable '{raw}' is not defined: Jekyll prints nothing there; "
                    "wrap it in {% raw %}…{% endraw %} to show it", line, "liquid_undefined")
        )
        return ""
    state.problems.append(Problem(f"unknown Liquid value '{raw}' left as text", line, "liquid"))
    return raw


# -- Sphinx side ------------------------------------------------------------


class SiteResolver:
    """Answers Liquid's questions for one post, from the Sphinx environment."""

    def __init__(self, ctx: Any) -> None:

        env = ctx.env
        opts = settings(env.config)
        self.env = env
        self.docname: str = ctx.docname
        self.posts_dir = opts.posts_dir.strip("/")
        self.site = {"baseurl": "", "url": "", **opts.site}
        meta = ctx.meta
        self.page: dict[str, Any] = {}
        if meta is not None:
            self.page = {
                "title": meta.title,
                "date": str(meta.date) if meta.date else "",
                "tags": list(meta.tags),
                "categories": list(meta.categories),
                "description": meta.description or "",
                "author": meta.author or "",
            }
        self.srcdir = str(env.srcdir)
        self.source = ctx.source

    def _rel(self, docname: str) -> str:
        # the source's own suffix: a ``.markdown`` post linked as ``.md`` is
        # a document MyST cannot find
        suffix = os.path.splitext(str(self.env.doc2path(docname, False)))[1] or ".md"
        return posixpath.relpath(docname, posixpath.dirname(self.docname)) + suffix

    def post_path(self, name: str) -> str | None:
        """A post by name, as Jekyll finds it: ``sub/2019-10-31-x`` or just
        ``2019-10-31-x`` wherever it sits under the posts folder."""
        name = name.strip().strip("/")
        for suffix in (".md", ".markdown"):
            name = name.removesuffix(suffix)
        docname = f"{self.posts_dir}/{name}"
        if docname in self.env.found_docs:
            return self._rel(docname)
        stem = "/" + name.rsplit("/", 1)[-1]
        prefix = self.posts_dir + "/"
        found = sorted(
            d for d in self.env.found_docs if d.startswith(prefix) and d.endswith(stem)
        )
        return self._rel(found[0]) if found else None

    def page_path(self, path: str) -> str | None:
        path = path.strip().strip("/")
        if path.startswith("_posts/"):
            return self.post_path(path)
        docname = posixpath.splitext(path)[0]
        return self._rel(docname) if docname in self.env.found_docs else None

    def include(self, name: str, relative: bool) -> str | None:
        base = os.path.dirname(self.source) if relative else os.path.join(self.srcdir, "_includes")
        root = os.path.realpath(base)
        path = os.path.realpath(os.path.join(base, name))
        # an include may not read files outside its folder (../../etc/passwd)
        if not path.startswith(root + os.sep) or not os.path.isfile(path):
            return None
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()


def liquid_hook(body: str, ctx: Any) -> str:
    text, problems = render_liquid(body, SiteResolver(ctx))
    for problem in problems:
        if problem.subtype in SILENT_SUBTYPES:
            ctx.note(problem.message, problem.line)
        else:
            ctx.warn(problem.message, problem.line, problem.subtype)
    return text


#: what Jekyll renders the same way without a word: said, not warned
SILENT_SUBTYPES = frozenset({"liquid_undefined"})


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _local_anchors(state: Any) -> set[str]:
    """Fragments MyST can resolve on this page: heading slugs and ids, IAL ids.

    Ids written in raw HTML (``<a name="qa" />``) are not among them: MyST
    does not know them, so links to them stay plain ``#qa`` hrefs.
    """

    anchors: set[str] = set()
    for i, tok in enumerate(state.tokens):
        if tok.attrGet("id"):
            anchors.add(str(tok.attrGet("id")))
        if tok.type == "heading_open" and i + 1 < len(state.tokens):
            inline = state.tokens[i + 1]
            text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
            slug = gfm_slug(text)
            anchors.update({slug, *(f"{slug}-{n}" for n in range(1, 20))})
        for part in [tok, *(tok.children or [])]:
            if part.attrGet("id"):
                anchors.add(str(part.attrGet("id")))
    return anchors


def _site_path_links(state: Any) -> None:
    """Links MyST cannot resolve stay plain URLs, as on the Jekyll site.

    ``[x](/path)`` is a URL of the Jekyll site, ``[x](velog.io/@a)`` a
    relative URL and ``[x](#nav-1)`` may name an anchor of the theme: MyST
    would take each for a cross-reference and warn.
    """
    document = state.md.options.get("document")
    env = getattr(getattr(document, "settings", None), "env", None)
    if env is None:
        return

    baseurl = str(settings(env.config).site.get("baseurl") or "").rstrip("/")
    docdir = posixpath.dirname(env.docname)
    anchors: set[str] | None = None
    for block in state.tokens:
        for tok in block.children or []:
            if tok.type not in ("link_open", "image"):
                continue
            key = "href" if tok.type == "link_open" else "src"
            href = str(tok.attrGet(key) or "")
            if not href and tok.type == "link_open":
                # ``[x]()``: kramdown writes href="" (this page), MyST a failed xref
                tok.attrSet("class", (str(tok.attrGet("class") or "") + " external").strip())
                continue
            if not href or _SCHEME.match(href) or href.startswith("//"):
                continue
            if baseurl and href.startswith(baseurl + "/"):
                href = href[len(baseurl) :]
                tok.attrSet(key, href)
            if tok.type == "image":
                continue
            path, _, fragment = href.partition("#")
            if not path:
                if anchors is None:
                    anchors = _local_anchors(state)
                if unquote(fragment) in anchors:
                    continue
            else:
                path = path.split("?")[0]
                target = path.strip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(docdir, path))
                if posixpath.splitext(target)[0] in env.found_docs or os.path.exists(os.path.join(env.srcdir, target)):
                    continue
            classes = str(tok.attrGet("class") or "")
            tok.attrSet("class", (classes + " external").strip())


def unlink_missing_plugin(md: Any) -> None:
    """Links to a missing post/page were reported once; show their text only."""

    def rule(state: Any) -> None:
        _site_path_links(state)
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            if not any(
                t.type == "link_open" and str(t.attrGet("href") or "").startswith(MISSING_SCHEME)
                for t in block.children
            ):
                continue
            out, depth_stack = [], []
            for tok in block.children:
                if tok.type == "link_open":
                    missing = str(tok.attrGet("href") or "").startswith(MISSING_SCHEME)
                    depth_stack.append(missing)
                    if missing:
                        continue
                elif tok.type == "link_close" and depth_stack and depth_stack.pop():
                    continue
                out.append(tok)
            block.children = out

    md.core.ruler.push("jekyll_unlink_missing", rule)


