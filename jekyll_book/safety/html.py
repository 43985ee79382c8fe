"""Raw HTML of a post, kept as the author meant it and made safe.

A pure rule set (no Sphinx): the build and ``python -m jekyll_book check``
both call :func:`sanitize_html`, so they always agree.

Three outcomes for what a post's HTML holds:

* **kept** -- the allowlisted tags and attributes (:data:`ALLOWED_TAGS`,
  :data:`TAG_ATTRS`), presentational ``style=`` properties
  (:data:`STYLE_PROPERTIES`), ids and ``<a name>`` targets;
* **kept in a safe form** -- ``<iframe>`` from a known embed host becomes a
  sandboxed, lazy-loaded https iframe, any other iframe a visible link to its
  source; a GitHub gist ``<script>`` a card linking to the gist; ``<font>`` a
  styled ``<span>``; inline ``<svg>`` an ``<img>`` with an SVG data URI
  (scripts in an image never run);
* **removed** -- what has no safe form (other scripts, ``<style>`` blocks,
  forms, plug-ins, event handlers, ``javascript:`` URLs).  Each removal that
  costs the reader something is returned, to be reported; what a browser
  never showed anyway (``markdown="1"``, ``position:`` in a style, comments,
  unknown elements such as ``List<String>``) is dropped silently.

Every start tag we emit is passed through nh3 (html5ever + ammonia) with the
same allowlist, so a gap in our own parsing can never reach a page.
"""

from __future__ import annotations

import base64
import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

# -- what is kept ------------------------------------------------------------------

ALLOWED_TAGS = frozenset(
    "a abbr acronym address area article aside audio b bdi bdo big blockquote br caption "
    "center cite code col colgroup data dd del details dfn div dl dt em fieldset figcaption "
    "figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i iframe img ins kbd label legend li "
    "main map mark nav ol p pre q rp rt ruby s samp section small source span strike strong "
    "sub summary sup table tbody td tfoot th thead time tr tt u ul var video wbr".split()
)
VOID_TAGS = frozenset("area br col hr img source wbr".split())
#: dropped with their content, reported: the reader of the Jekyll site saw
#: (or ran) something here that has no safe form
REPORTED_WITH_CONTENT = frozenset(
    "script style object embed applet frame frameset math select textarea canvas".split()
)
#: dropped with their content, silently: never shown as text in a browser
SILENT_WITH_CONTENT = frozenset("template noscript noembed noframes title xmp head".split())
DROP_WITH_CONTENT = REPORTED_WITH_CONTENT | SILENT_WITH_CONTENT | {"svg"}
#: tags dropped (their text kept) and reported: forms and page-level tags
REPORTED_TAGS = frozenset("form input button option optgroup meta link base dialog".split())
#: every element name HTML knows (current and obsolete); any other name --
#: ``List<String>``, ``<application-name>`` in prose -- is an unknown element
#: that browsers show as nothing, which is what the Jekyll site showed too:
#: dropped without a warning, its text kept
HTML_ELEMENTS = ALLOWED_TAGS | DROP_WITH_CONTENT | REPORTED_TAGS | frozenset(
    "basefont bgsound blink body datalist font html image isindex keygen listing marquee "
    "menu menuitem meter multicol nextid nobr noindex output param picture plaintext portal "
    "progress rb rtc search slot spacer track".split()
)
#: a name a browser takes for an (unknown) element: ``string``, ``k,`` of
#: ``Map<K, V>``; a name hiding a tag (``scr<script``) is reported
_ELEMENT_NAME = re.compile(r"[a-z][^\s/<>=\"'`]*")
GLOBAL_ATTRS = frozenset({"class", "title", "lang", "dir", "id", "style"})
_CELL = {"colspan", "rowspan", "align", "valign", "width", "height", "bgcolor", "nowrap"}
_ALIGN = {"align"}
TAG_ATTRS: dict[str, set[str]] = {
    "a": {"href", "target", "rel", "download", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "align", "border", "usemap",
            "hspace", "vspace", "decoding"},
    "td": _CELL,
    "th": _CELL | {"scope", "abbr"},
    "tr": {"align", "valign", "bgcolor"},
    "table": {"border", "width", "align", "cellpadding", "cellspacing", "bgcolor", "summary"},
    "thead": {"align", "valign"}, "tbody": {"align", "valign"}, "tfoot": {"align", "valign"},
    "col": {"span", "width", "align", "valign"},
    "colgroup": {"span", "width", "align", "valign"},
    "ol": {"start", "type", "reversed"},
    "ul": {"type"},
    "li": {"value", "type"},
    "details": {"open"},
    "p": _ALIGN, "div": _ALIGN, "caption": _ALIGN, "h1": _ALIGN, "h2": _ALIGN, "h3": _ALIGN,
    "h4": _ALIGN, "h5": _ALIGN, "h6": _ALIGN,
    "hr": {"align", "width", "size", "noshade"},
    "map": {"name"},
    "area": {"shape", "coords", "href", "alt", "target", "download"},
    "iframe": {"src", "width", "height", "title", "loading", "sandbox", "allow",
               "allowfullscreen", "referrerpolicy", "frameborder"},
    "video": {"src", "controls", "width", "height", "poster", "loop", "muted", "playsinline",
              "preload"},
    "audio": {"src", "controls", "loop", "muted", "preload"},
    "source": {"src", "type"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"}, "data": {"value"},
}
URL_ATTRS = {
    "href": ("http", "https", "mailto"),
    "src": ("http", "https"),
    "poster": ("http", "https"),
    "cite": ("http", "https"),
}
TARGETS = {"_blank", "_self"}

#: ``style=`` properties kept: colour, boxes, text and table presentation.
#: Not here, so dropped silently: ``position`` and its offsets, ``z-index``,
#: transforms, filters, animations, ``content``, ``behavior`` -- what could
#: lay a post's box over the site's own page or run anything.
STYLE_PROPERTIES = frozenset(
    """color background-color background opacity
    text-align text-decoration text-decoration-line text-decoration-color
    text-decoration-style text-indent text-transform text-shadow text-overflow
    font font-size font-weight font-style font-family font-variant line-height
    letter-spacing word-spacing white-space word-break overflow-wrap word-wrap
    width height max-width max-height min-width min-height box-sizing aspect-ratio
    object-fit zoom overflow overflow-x overflow-y
    border border-width border-style border-color border-radius border-collapse
    border-spacing border-top border-right border-bottom border-left
    border-top-color border-right-color border-bottom-color border-left-color
    border-top-width border-right-width border-bottom-width border-left-width
    border-top-style border-right-style border-bottom-style border-left-style
    margin margin-top margin-right margin-bottom margin-left
    padding padding-top padding-right padding-bottom padding-left
    float clear vertical-align display visibility list-style list-style-type
    list-style-position caption-side table-layout empty-cells
    flex flex-direction flex-wrap flex-grow flex-shrink flex-basis justify-content
    align-items align-content align-self gap row-gap column-gap
    fill stroke stroke-width""".split()
)
#: a value that could fetch, run or escape: the declaration is dropped
_UNSAFE_STYLE_VALUE = re.compile(
    r"url\s*\(|image-set|expression|javascript:|@import|behavior|-moz-binding|[\\<>]|/\*",
    re.IGNORECASE,
)

#: hosts whose ``<iframe>`` players are embedded (sandboxed); a site adds its
#: own with ``jekyll_embed_hosts``.  A host matches itself and its subdomains.
DEFAULT_EMBED_HOSTS = (
    "youtube.com", "youtube-nocookie.com", "player.vimeo.com", "speakerdeck.com",
    "slideshare.net", "docs.google.com", "www.google.com/maps", "maps.google.com",
    "codepen.io", "codesandbox.io", "jsfiddle.net", "player.twitch.tv",
    "w.soundcloud.com", "open.spotify.com", "tv.naver.com", "play-tv.kakao.com",
    "tv.kakao.com", "www.loom.com", "embed.music.apple.com", "replit.com",
    "stackblitz.com", "www.figma.com", "platform.twitter.com", "www.dailymotion.com",
)  # fmt: skip
#: what an embedded player may do: its own scripts in its own origin, full
#: screen, popups to its site -- never the top page
IFRAME_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-presentation"
IFRAME_ALLOW = "accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture; fullscreen"
_GIST = re.compile(
    r"^(?:https?:)?//gist\.github\.com/(?:(?P<user>[\w.-]+)/)?(?P<id>[0-9a-fA-F]+|\d+)\.js"
    r"(?:\?(?:.*&)?file=(?P<file>[^&#]+))?",
)
#: ``<font size>`` 1..7 as CSS keywords (HTML's legacy font sizes)
_FONT_SIZES = {
    "1": "x-small", "2": "small", "3": "medium", "4": "large", "5": "x-large",
    "6": "xx-large", "7": "xxx-large", "+1": "larger", "+2": "x-large", "+3": "xx-large",
    "+4": "xxx-large", "-1": "smaller", "-2": "x-small",
}  # fmt: skip
_CSS_TOKEN = re.compile(r"^[#\w\s,.%()'\"-]+$")

#: browsers ignore these inside a URL scheme (``java\tscript:``)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_DATA_IMAGE = re.compile(r"^data:image/(?:png|jpeg|jpg|gif|webp|avif|bmp|svg\+xml);base64,[A-Za-z0-9+/=\s]*$", re.I)
_SVG_ELEMENT = re.compile(r"<svg\b[^>]*>.*?</svg\s*>", re.IGNORECASE | re.DOTALL)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see (lower case), ``None`` for relative URLs."""
    match = _SCHEME.match(_URL_NOISE.sub("", html.unescape(url)))
    return match.group(1).lower() if match else None


def safe_url(url: str, schemes: tuple[str, ...]) -> bool:
    scheme = url_scheme(url)
    return scheme is None or scheme in schemes


@dataclass(frozen=True)
class Policy:
    """Site settings the rules depend on (hashable: results are memoised)."""

    embed_hosts: tuple[str, ...] = DEFAULT_EMBED_HOSTS


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class Removal:
    """Something of the author's HTML a reader will not see, and what to do."""

    what: str
    hint: str = ""


def filter_style(value: str) -> str:
    """The presentational declarations of a ``style=`` value, normalised."""
    kept: list[str] = []
    for declaration in _split_declarations(html.unescape(value)):
        name, sep, val = declaration.partition(":")
        name, val = name.strip().lower(), val.strip()
        if not sep or not val or name not in STYLE_PROPERTIES:
            continue
        if _UNSAFE_STYLE_VALUE.search(val):
            continue
        kept.append(f"{name}: {val}")
    return "; ".join(kept)


def _split_declarations(value: str) -> list[str]:
    out, depth, current, quote = [], 0, [], ""
    for char in value:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            out.append("".join(current))
            current = []
            continue
        current.append(char)
    out.append("".join(current))
    return out


def embed_host_allowed(src: str, hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(src)
    host = (parts.hostname or "").lower()
    for allowed in hosts:
        name, _, path = allowed.lower().partition("/")
        if (host == name or host.endswith("." + name)) and parts.path.lstrip("/").startswith(path):
            return True
    return False


def _https(src: str) -> str:
    if src.startswith("//"):
        return "https:" + src
    if src.lower().startswith("http://"):
        return "https://" + src[7:]
    return src


def gist_card(src: str) -> str | None:
    """``<script src="https://gist.github.com/USER/ID.js?file=F">`` as a link card."""
    match = _GIST.match(src.strip())
    if not match:
        return None
    user, gist_id, file = match.group("user"), match.group("id"), match.group("file")
    url = f"https://gist.github.com/{user + '/' if user else ''}{gist_id}"
    label = f"{user}/{gist_id}" if user else gist_id
    if file:
        file = html.unescape(file)
        url += "#file-" + re.sub(r"[^\w-]", "-", file.lower())
        label += f" · {file}"
    return (
        f'<a class="jekyll-gist reference external" href="{html.escape(url)}" target="_blank" '
        f'rel="noopener noreferrer"><span class="jekyll-gist-label">GitHub Gist 코드 보기</span> '
        f'<span class="jekyll-gist-name">{html.escape(label)}</span></a>'
    )


def _svg_as_image(match: re.Match[str]) -> str:
    """Inline ``<svg>`` as an ``<img>``: drawn the same, its scripts never run."""
    svg = match.group(0)
    head = svg[: svg.index(">") + 1]
    if not re.search(r"\sxmlns\s*=", head):
        svg = svg[:4] + ' xmlns="http://www.w3.org/2000/svg"' + svg[4:]
    size = ""
    for attr in ("width", "height"):
        found = re.search(rf"\s{attr}\s*=\s*[\"']?([\d.]+(?:px|%)?)", head, re.I)
        if found:
            size += f' {attr}="{found.group(1).removesuffix("px")}"'
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="jekyll-svg" alt=""{size} src="data:image/svg+xml;base64,{data}">'


class _Rebuilder(HTMLParser):
    """Re-emits only allowlisted tags and attributes; text is re-escaped.

    Each raw node is rebuilt on its own, so an opening ``<span class="x">``
    and its ``</span>`` (separate nodes for inline HTML) both survive, and
    nothing unbalanced can smuggle markup: every ``<`` in the output is ours.
    """

    def __init__(self, policy: Policy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.out: list[str] = []
        self.removed: list[Removal] = []
        self.dropping: list[str] = []

    def _report(self, what: str, hint: str = "") -> None:
        if all(r.what != what for r in self.removed):
            self.removed.append(Removal(what, hint))

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
            return  # an unknown element: shown as nothing by browsers too
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            card = gist_card(values.get("src", ""))
            if card:
                self.out.append(card)
            else:
                self._report("<script>", _SCRIPT_HINT)
            if not closed:
                self.dropping.append(tag)
            return
        if tag == "iframe":
            self._iframe(values)
            if not closed:
                self.dropping.append(tag)
            return
        if tag == "font":
            self._font(values)
            return
        if tag not in ALLOWED_TAGS:
            if tag in REPORTED_WITH_CONTENT or tag in REPORTED_TAGS or not _ELEMENT_NAME.fullmatch(tag):
                self._report(f"<{tag}>", _TAG_HINTS.get(tag, ""))
            if tag in DROP_WITH_CONTENT and not closed:
                self.dropping.append(tag)
            return
        self._emit(tag, self._attributes(tag, attrs))

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
        kept: list[tuple[str, str]] = []
        blank = False
        names = {name for name, _ in attrs}
        for name, value in attrs:
            value = value or ""
            if name == "name" and tag == "a" and "id" not in names:
                name = "id"  # <a name="x"> is the target of the post's #x links
            if name not in GLOBAL_ATTRS and name not in TAG_ATTRS.get(tag, ()):
                if name.startswith("on"):
                    self._report(f"{name}= on <{tag}>", "event handlers of a post never run")
                continue  # presentational leftovers and kramdown's markdown="1": no effect
            if name in URL_ATTRS and not safe_url(value, URL_ATTRS[name]):
                if not (tag == "img" and name == "src" and _DATA_IMAGE.match(value)):
                    self._report(f"{url_scheme(value)}: URL in <{tag} {name}>",
                                 "use an https:// address or a file of the site")
                    continue
            if name == "style":
                value = filter_style(value)
                if not value:
                    continue
            if name == "target":
                if value not in TARGETS:
                    continue  # frames of the Jekyll site's own layout: no meaning here
                blank = value == "_blank"
            if name == "rel":
                continue  # set below, never taken from the post
            kept.append((name, value))
        if blank:
            kept.append(("rel", "noopener noreferrer"))
        return kept

    def _emit(self, tag: str, attrs: list[tuple[str, str]], closing: bool = False) -> None:
        start = "".join(f' {n}="{html.escape(v)}"' for n, v in attrs)
        self.out.append(_nh3_start_tag(tag, f"<{tag}{start}>"))
        if closing:
            self.out.append(f"</{tag}>")

    def _iframe(self, values: dict[str, str]) -> None:
        src = _https(values.get("src", "").strip())
        if not src or not safe_url(src, ("https",)) or url_scheme(src) != "https":
            if src:
                self._report("<iframe>", "an embed needs an https:// address")
            return
        host = urlsplit(src).hostname or src
        if embed_host_allowed(src, self.policy.embed_hosts):
            attrs = [("src", src)]
            for name in ("width", "height", "title"):
                if values.get(name):
                    attrs.append((name, values[name]))
            attrs += [("loading", "lazy"), ("sandbox", IFRAME_SANDBOX), ("allow", IFRAME_ALLOW),
                      ("allowfullscreen", ""), ("referrerpolicy", "strict-origin-when-cross-origin")]
            self._emit("iframe", [("class", "jekyll-embed")] + attrs, closing=True)
            return
        self._report(
            f"<iframe> from {host} (shown as a link)",
            f"add '{host}' to jekyll_embed_hosts in conf.py to embed it",
        )
        self._emit("a", [("class", "jekyll-embed-link reference external"), ("href", src),
                         ("target", "_blank"), ("rel", "noopener noreferrer")])
        self.out.append(html.escape(f"삽입된 콘텐츠 열기: {host}") + "</a>")

    def _font(self, values: dict[str, str]) -> None:
        css = []
        color, size, face = values.get("color", ""), values.get("size", "").strip(), values.get("face", "")
        if color and _CSS_TOKEN.match(color):
            css.append(f"color: {color}")
        if size in _FONT_SIZES:
            css.append(f"font-size: {_FONT_SIZES[size]}")
        if face and _CSS_TOKEN.match(face):
            css.append(f"font-family: {face}")
        if values.get("style"):
            css.append(values["style"])
        attrs = [(n, v) for n, v in values.items() if n in ("class", "title", "lang", "dir", "id")]
        if css:
            attrs.append(("style", "; ".join(css)))
        self._emit("span", self._attributes("span", attrs))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag == "font":
            self.out.append("</span>")
        elif tag in ALLOWED_TAGS and tag not in VOID_TAGS and tag != "iframe":
            self.out.append(f"</{tag}>")
        elif tag in ("script", "iframe"):
            pass  # closed where it opened (a card, an embed or nothing)
        elif not _ELEMENT_NAME.fullmatch(tag):
            self._report(f"</{tag}>")  # a name hiding a tag; other ends: reported at the start

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    # comments (incl. <!--more-->), doctypes, processing instructions and
    # CDATA are invisible in a page: dropped without a warning
    def handle_comment(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


_SCRIPT_HINT = (
    "a post's scripts never run here; embed the result as an image or link, "
    "or set jekyll_trust_html = True for a single-author blog"
)
_TAG_HINTS = {
    "style": "a post's <style> does not apply; put the CSS in _static/site.css",
    "object": "plug-ins are not embedded; link to the file instead",
    "embed": "plug-ins are not embedded; link to the file instead",
    "form": "forms are not published; link to the form instead",
    "input": "forms are not published; link to the form instead",
    "button": "buttons of a post have nothing to run here",
    "meta": "page-level tags of a post are not published",
    "link": "a post cannot add style sheets; put the CSS in _static/site.css",
    "math": "write the formula as $...$ (kramdown math)",
    "canvas": "a canvas is drawn by a script, which never runs here",
}

_NH3_ATTRIBUTES = {"*": set(GLOBAL_ATTRS), **{tag: set(a) for tag, a in TAG_ATTRS.items()}}
#: HTML5 drops table parts outside a table: parse them where they belong
_TABLE_CONTEXT = {
    **dict.fromkeys(("caption", "colgroup", "thead", "tbody", "tfoot"), ("<table>", "</table>")),
    "tr": ("<table><tbody>", "</tbody></table>"),
    "td": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "th": ("<table><tbody><tr>", "</tr></tbody></table>"),
    "col": ("<table><colgroup>", "</colgroup></table>"),
    "area": ("<map>", "</map>"),
    "source": ("<video>", "</video>"),
}


def _nh3_start_tag(tag: str, start_tag: str) -> str:
    """Pass one rebuilt start tag through nh3 (html5ever + ammonia).

    The rebuilder decides and reports; nh3 has the last word on what is
    emitted.  Each tag goes alone because nh3 closes open elements, while
    inline HTML reaches us as separate ``<span>`` / ``</span>`` fragments.
    """
    before, after = _TABLE_CONTEXT.get(tag, ("", ""))
    closing = "" if tag in VOID_TAGS else f"</{tag}>"
    schemes = {"http", "https", "mailto"} | ({"data"} if tag == "img" else set())
    cleaned = nh3.clean(
        before + start_tag + closing + after,
        tags=set(ALLOWED_TAGS),
        attributes=_NH3_ATTRIBUTES,
        url_schemes=schemes,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(STYLE_PROPERTIES),
    )
    match = re.search(rf"<{tag}(?:\s[^>]*)?>", cleaned)
    return match.group(0) if match else ""


def sanitize_html(fragment: str, policy: Policy = DEFAULT_POLICY) -> tuple[str, list[str]]:
    """Safe HTML for ``fragment`` and what a reader loses (for warnings)."""
    clean, removed = _sanitize(fragment, policy)
    return clean, [r.what for r in removed]


def sanitize_html_report(
    fragment: str, policy: Policy = DEFAULT_POLICY
) -> tuple[str, tuple[Removal, ...]]:
    """:func:`sanitize_html` with a hint for each removal."""
    return _sanitize(fragment, policy)


@functools.lru_cache(maxsize=4096)
def _sanitize(fragment: str, policy: Policy) -> tuple[str, tuple[Removal, ...]]:
    # a pure function of the fragment, and posts repeat the same few inline
    # tags (<span class="emphasis">, </span>) dozens of times each
    rebuilder = _Rebuilder(policy)
    rebuilder.feed(_SVG_ELEMENT.sub(_svg_as_image, fragment))
    rebuilder.close()
    return "".join(rebuilder.out), tuple(rebuilder.removed)


__all__ = [
    "ALLOWED_TAGS", "DEFAULT_EMBED_HOSTS", "DEFAULT_POLICY", "Policy", "Removal",
    "STYLE_PROPERTIES", "embed_host_allowed", "filter_style", "gist_card", "safe_url",
    "sanitize_html", "sanitize_html_report", "url_scheme",
]  # fmt: skip
