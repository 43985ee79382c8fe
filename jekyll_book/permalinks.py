"""Old Jekyll URLs keep working: a redirect page at every post's permalink.

:func:`jekyll_url` is Jekyll 4's URL computation (``Jekyll::URL`` with the
post's ``UrlDrop``), pure and table-tested.  At ``build-finished`` a small
HTML page is written at each old path, pointing to the post's new page with
``rel=canonical``; a page is written only when its text changed.

sphinx-reredirects is not used: its sources are docnames from conf.py (ours
come from the posts read in this build), it rewrites every file on every
build, and it cannot serve an extension-less permalink both as ``x.html``
and ``x/index.html``.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

from sphinx.application import Sphinx
from sphinx.util import logging

from .config import settings
from .frontmatter import PostMeta
from .generate import OutputStamp, inputs_key, write_if_changed
from .posts import get_domain

logger = logging.getLogger(__name__)

#: Jekyll's named permalink styles (``permalink: pretty`` in _config.yml)
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}

_MONTHS = "January February March April May June July August September October November December"
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_PRETTY_UNSAFE = re.compile(r"[^\w.~!$&'()+,;=@]+")  # Utils.slugify mode "pretty"
_DEFAULT_UNSAFE = re.compile(r"[\W_]+")  # Utils.slugify mode "default"
_PLACEHOLDER = re.compile(r":([a-z_]+)")
#: the first line of every redirect page: only such files are ever replaced
MARKER = "<!-- jekyll_book redirect -->"
#: inputs and files of the last redirect pages, in the doctree folder
REDIRECTS_STAMP = "jekyll_book-redirects.json"


def slugify(text: str, *, pretty: bool) -> str:
    """Jekyll's ``Utils.slugify``: Korean letters stay, other runs become ``-``."""
    text = unicodedata.normalize("NFC", text)
    slug = (_PRETTY_UNSAFE if pretty else _DEFAULT_UNSAFE).sub("-", text)
    slug = re.sub(r"^-|-$", "", slug)
    return slug if pretty else slug.lower()


def template_for(style: str) -> str:
    """A site ``permalink`` value (named style or template) as a template."""
    return STYLES.get(style.strip(), style.strip() or STYLES["date"])


def placeholders(meta: PostMeta, tz: dt.tzinfo, basename: str = "") -> dict[str, str]:
    """Jekyll's ``UrlDrop`` for a post (dates in the site time zone)."""
    d = meta.date.astimezone(tz)
    stem = basename or f"{d:%Y-%m-%d}-{meta.slug}"
    iso_year, iso_week, iso_day = d.isocalendar()
    cats = dict.fromkeys(c.lower() for c in meta.categories)
    return {
        "year": f"{d.year:04d}",
        "month": f"{d.month:02d}",
        "i_month": str(d.month),
        "short_month": _MONTHS.split()[d.month - 1][:3],
        "long_month": _MONTHS.split()[d.month - 1],
        "day": f"{d.day:02d}",
        "i_day": str(d.day),
        "short_year": f"{d.year % 100:02d}",
        "y_day": f"{d.timetuple().tm_yday:03d}",
        "w_year": str(iso_year),
        "week": f"{iso_week:02d}",
        "w_day": str(iso_day),
        "short_day": _DAYS.split()[d.weekday()][:3],
        "long_day": _DAYS.split()[d.weekday()],
        "hour": f"{d.hour:02d}",
        "minute": f"{d.minute:02d}",
        "second": f"{d.second:02d}",
        "title": slugify(meta.slug, pretty=True),
        "slug": slugify(meta.slug, pretty=False),
        "name": slugify(stem, pretty=False),
        "categories": "/".join(cats),
        "collection": "posts",
        "output_ext": ".html",
    }


def jekyll_url(meta: PostMeta, style: str = "date", tz: dt.tzinfo | str = "UTC") -> str:
    """The URL Jekyll gives a post (unescaped, starting with ``/``).

    The post's own ``permalink:`` wins over the site style; placeholders
    Jekyll does not know are left as typed.
    """
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    values = placeholders(meta, tz)
    template = meta.permalink or template_for(style)

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        for key in (name, name.rstrip("_")):
            if key in values:
                return values[key] + match.group(0)[1 + len(key) :]
        return match.group(0)

    url = _PLACEHOLDER.sub(substitute, template)
    # Jekyll's URL#sanitize_url
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", url)


def output_files(url: str) -> list[str]:
    """Files (relative to the output root) that serve ``url``, as Jekyll writes them.

    An extension-less URL gets both ``x.html`` (GitHub Pages style) and
    ``x/index.html`` (served by any static host as ``x/``).
    """
    path = url.lstrip("/")
    if not path or url.endswith("/"):
        return [posixpath.join(path, "index.html")]
    if posixpath.splitext(path)[1]:
        return [path]
    return [path + ".html", posixpath.join(path, "index.html")]


def redirect_page(target: str, canonical: str) -> str:
    """A page that sends readers and crawlers to ``target``."""
    t, c = html.escape(target, quote=True), html.escape(canonical, quote=True)
    return (
        f"{MARKER}\n<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
        f'<link rel="canonical" href="{c}">\n'
        f'<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={t}">\n'
        f"<title>Redirect</title></head>\n"
        f'<body><p><a href="{t}">{t}</a></p></body></html>\n'
    )


def page_url(app: Sphinx, docname: str) -> str:
    """The absolute URL of a page when ``html_baseurl`` is set, else ''."""
    base = app.config.html_baseurl
    if not base:
        return ""
    # get_target_uri is already percent-encoded
    return base.rstrip("/") + "/" + app.builder.get_target_uri(docname)


def write_redirects(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    opts = settings(app.config)
    if not opts.redirects:
        return
    outdir = Path(app.outdir)
    posts = sorted(get_domain(app.env).posts.values(), key=lambda p: p.docname)
    # the same posts, pages and options as last time, and the redirect pages
    # still on disk as written: nothing to do
    stamp = OutputStamp(Path(app.doctreedir) / REDIRECTS_STAMP)
    key = inputs_key(
        app, str(outdir), app.config.html_baseurl, sorted(app.env.found_docs),
        [(p.docname, p.meta) for p in posts],
    )  # fmt: skip
    if stamp.unchanged(key):
        return
    own = {unquote(app.builder.get_target_uri(d)) for d in app.env.found_docs}
    claimed: dict[str, str] = {}
    planned: dict[str, str] = {}
    conflicts = 0
    for post in posts:
        url = jekyll_url(post.meta, opts.permalink, opts.timezone)
        target_uri = app.builder.get_target_uri(post.docname)
        for rel in output_files(url):
            if rel in own:  # the new page itself, or another page, lives there
                continue
            if claimed.setdefault(rel, post.docname) != post.docname:
                conflicts += 1
                logger.warning(
                    "old URL %s of this post is also the URL of %s; it redirects to %s",
                    url,
                    claimed[rel],
                    claimed[rel],
                    location=(post.docname, 1),
                    type="jekyll_book",
                    subtype="permalink",
                )
                continue
            relative = posixpath.relpath(target_uri, posixpath.dirname(rel) or ".")
            canonical = page_url(app, post.docname) or relative
            planned[rel] = redirect_page(relative, canonical)
    written = 0
    files = []
    for rel, text in planned.items():
        path = outdir / rel
        if path.is_file() and not path.read_text(encoding="utf-8").startswith(MARKER):
            continue  # a file copied by html_extra_path: the user's, not ours
        written += write_if_changed(path, text)
        files.append(path)
    if not conflicts:  # a warning is repeated by every build until it is fixed
        stamp.save(key, files)
    if written:
        logger.info("jekyll_book: %d redirect page(s) for old Jekyll URLs written", written)


def setup_permalinks(app: Sphinx) -> None:
    app.connect("build-finished", write_redirects)
