"""Jekyll's permalinks: the URL a post had on the Jekyll site.

:func:`jekyll_url` is Jekyll 4's URL computation (``Jekyll::URL`` with the
post's ``UrlDrop``), pure and table-tested; :func:`redirect_page` is the page
:mod:`jekyll_book.outputs.redirects` writes at each old URL.  No Sphinx.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import unicodedata
from zoneinfo import ZoneInfo

from jekyll_book.jekyll.frontmatter import PostMeta

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
