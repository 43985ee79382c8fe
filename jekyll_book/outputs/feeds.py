"""Atom feeds like jekyll-feed: ``feed.xml`` and one feed per tag.

Each post's rendered body is kept in the doctree folder when its page is
written (``html-page-context``, also in parallel writers), and the feeds
are assembled from those fragments at ``build-finished``; a feed file is
written only when its text changed.  Every page's head links the site feed.
URLs are absolute when ``html_baseurl`` is set (Read the Docs sets it), else
relative to the feed, which feed readers resolve against the feed's URL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.util import logging

from jekyll_book.config import settings
from jekyll_book.features.labels import assign_slugs, fold
from jekyll_book.features.posts import Post, get_domain
from jekyll_book.pages.generate import write_if_changed

logger = logging.getLogger(__name__)

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
FEED_FILE = "feed.xml"
TAG_FEEDS_DIR = "feeds/tags"
FRAGMENTS_DIR = "jekyll_feed"
#: digest of the last feeds' inputs, in the doctree folder
FEEDS_STAMP = "jekyll_book-feeds.json"
_FIRST_H1 = re.compile(r"<h1[^>]*>.*?</h1>", re.DOTALL)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)

ET.register_namespace("", ATOM)


def fragment_path(app: Sphinx, docname: str) -> Path:
    return Path(app.doctreedir) / FRAGMENTS_DIR / f"{docname}.html"


def clean_body(body: str) -> str:
    """The post body without its title (the entry has one) and ¶ anchors."""
    return _HEADERLINK.sub("", _FIRST_H1.sub("", body, count=1)).strip()


def site_url(app: Sphinx) -> str:
    base = app.config.html_baseurl or ""
    return base.rstrip("/") + "/" if base else ""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def atom_entry(e: dict[str, Any]) -> str:
    """One ``<entry>``, indented for its place in a feed.

    A post is in the site feed and in each of its tags' feeds; its entry is
    serialised once (escaping a full post body is most of a feed's cost).
    Children are made without the Atom namespace: the feed element declares
    it as the default, so inside a feed they are written the same way.
    """
    entry = ET.Element("entry")
    _sub(entry, "title", e["title"])
    _sub(entry, "link", href=e["url"], rel="alternate", type="text/html")
    _sub(entry, "id", e["id"])
    _sub(entry, "published", e["date"].isoformat())
    _sub(entry, "updated", e["date"].isoformat())
    if e.get("author"):
        _sub(_sub(entry, "author"), "name", e["author"])
    for tag in e["tags"]:
        _sub(entry, "category", term=tag)
    if e.get("summary"):
        _sub(entry, "summary", e["summary"], type="text")
    if e.get("content"):
        content = _sub(entry, "content", e["content"], type="html")
        content.set(XML_BASE, e["url"])
    ET.indent(entry, level=1)
    return ET.tostring(entry, encoding="unicode")


def atom_feed(
    *,
    title: str,
    feed_url: str,
    home_url: str,
    feed_id: str,
    author: str,
    subtitle: str,
    entries: list[dict[str, Any]],
    generated: dt.datetime,
    serialised: list[str] | None = None,
) -> str:
    """An Atom 1.0 document; ``entries`` hold title, url, id, date, tags,
    summary and (optional) html content with its base URL; ``serialised``,
    if given, holds their :func:`atom_entry` texts."""
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, f"{{{ATOM}}}title", title)
    if subtitle:
        _sub(feed, f"{{{ATOM}}}subtitle", subtitle)
    _sub(feed, f"{{{ATOM}}}id", feed_id)
    _sub(feed, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/atom+xml")
    _sub(feed, f"{{{ATOM}}}link", href=home_url, rel="alternate", type="text/html")
    updated = max((e["date"] for e in entries), default=generated)
    _sub(feed, f"{{{ATOM}}}updated", updated.isoformat())
    _sub(feed, f"{{{ATOM}}}generator", "jekyll_book")
    _sub(_sub(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name", author or title)
    ET.indent(feed)
    head = ET.tostring(feed, encoding="unicode").rpartition("</feed>")[0]
    texts = serialised if serialised is not None else [atom_entry(e) for e in entries]
    body = "".join(f"  {text}\n" for text in texts)
    return f'<?xml version="1.0" encoding="utf-8"?>\n{head}{body}</feed>\n'


def _entry(app: Sphinx, post: Post, base: str, full: bool) -> dict[str, Any]:
    uri = app.builder.get_target_uri(post.docname)  # already percent-encoded
    url = base + uri
    entry = {
        "title": post.title,
        "url": url,
        "id": url if base else f"tag:jekyll-book,{post.date:%Y-%m-%d}:{post.docname}",
        "date": post.date,
        "tags": list(post.meta.tags),
        "author": post.meta.author,
        "summary": post.excerpt,
    }
    if full:
        try:
            entry["content"] = fragment_path(app, post.docname).read_text(encoding="utf-8")
        except OSError:  # page not written yet in this output folder
            pass
    return entry


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name == "singlehtml":
        return
    opts = settings(app.config)
    if opts.feed_limit <= 0:
        return
    now = dt.datetime.now(dt.timezone.utc)
    posts = [p for p in get_domain(app.env).newest_first() if p.date <= now]
    base = site_url(app)
    site = opts.site
    title = str(site.get("title") or app.config.project)
    common = {
        "author": str(site.get("author") or app.config.author or ""),
        "subtitle": str(site.get("description") or ""),
        "home_url": base or "index.html",
        "generated": now,
    }
    full = opts.feed_content == "full"
    outdir = Path(app.outdir)
    # A feed is remade only when one of its inputs changed (an entry's post
    # or page fragment, an option): editing one post rebuilds the feeds it is
    # in, not the hundreds of tag feeds of a large site.
    options = repr(sorted({**common, "generated": None, "title": title, "base": base,
                           "code": Path(__file__).stat().st_mtime_ns,
                           "limit": opts.feed_limit, "full": full}.items()))  # fmt: skip
    keys = {p.docname: _entry_key(app, p, full) for p in posts}
    stamp_file = Path(app.doctreedir) / FEEDS_STAMP
    last = _last_stamps(stamp_file)
    stamps: dict[str, str] = {}
    written = 0
    # a post is in the main feed and in each of its tags' feeds: make its entry
    # (and read its HTML fragment) once
    made: dict[str, tuple[dict[str, Any], str]] = {}

    def entry(post: Post) -> tuple[dict[str, Any], str]:
        if post.docname not in made:
            data = _entry(app, post, base, full)
            made[post.docname] = (data, atom_entry(data))
        return made[post.docname]

    def feed(rel: str, feed_posts: list[Post], **meta: str) -> None:
        nonlocal written
        shown = feed_posts[: opts.feed_limit]
        key = hashlib.sha1("\n".join([options, rel, repr(sorted(meta.items())),
                                       *(keys[p.docname] for p in shown)]).encode("utf-8")).hexdigest()  # fmt: skip
        stamps[rel] = key
        if last.get(rel) == key and (outdir / rel).is_file():
            return
        entries = [entry(p) for p in shown]
        text = atom_feed(
            entries=[data for data, _ in entries],
            serialised=[text for _, text in entries],
            **meta,
            **common,
        )
        written += write_if_changed(outdir / rel, text)

    feed(
        FEED_FILE,
        posts,
        title=title,
        feed_url=base + FEED_FILE,
        feed_id=base + FEED_FILE if base else "urn:jekyll-book:feed",
    )
    tagged: dict[str, list[Post]] = {}
    names: dict[str, str] = {}
    for post in posts:
        for tag in post.meta.tags:
            tagged.setdefault(fold(tag), []).append(post)
            names.setdefault(fold(tag), tag)
    slugs = assign_slugs(names.items())
    for key, tag_posts in tagged.items():
        rel = f"{TAG_FEEDS_DIR}/{slugs[key]}.xml"
        feed(
            rel,
            tag_posts,
            title=f"{title}: {names[key]}",
            feed_url=base + quote(rel),
            feed_id=base + quote(rel) if base else f"urn:jekyll-book:tag:{slugs[key]}",
        )
    folder = outdir / TAG_FEEDS_DIR
    for stale in folder.glob("*.xml") if folder.is_dir() else ():
        if f"{TAG_FEEDS_DIR}/{stale.name}" not in stamps:
            stale.unlink()
    if written:
        logger.info("jekyll_book: %d feed file(s) written", written)
    if stamps != last:
        stamp_file.parent.mkdir(parents=True, exist_ok=True)
        stamp_file.write_text(json.dumps({"feeds": stamps}), encoding="utf-8")


def _entry_key(app: Sphinx, post: Post, full: bool) -> str:
    """What a post's feed entry is made from."""
    fragment = None
    if full:
        try:
            stat = fragment_path(app, post.docname).stat()
            fragment = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            pass
    uri = app.builder.get_target_uri(post.docname)
    meta = post.meta
    return repr((post.docname, post.title, post.date.isoformat(), meta.tags, meta.author,
                 post.excerpt, uri, fragment))  # fmt: skip


def _last_stamps(stamp_file: Path) -> dict[str, str]:
    """Feed file → digest of the inputs it was last made from."""
    try:
        last = json.loads(stamp_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    feeds = last.get("feeds") if isinstance(last, dict) else None
    return feeds if isinstance(feeds, dict) else {}


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    opts = settings(app.config)
    if opts.feed_limit <= 0 or app.builder.name == "singlehtml":
        return
    base = site_url(app)
    href = base + FEED_FILE if base else context["pathto"](FEED_FILE, 1)
    title = str(opts.site.get("title") or app.config.project)
    link = (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{escape(title)}" href="{escape(href)}">\n'
    )
    context["metatags"] = context.get("metatags", "") + link
    if doctree is not None and pagename in get_domain(app.env).posts:
        write_if_changed(fragment_path(app, pagename), clean_body(context.get("body", "")))


def setup_feeds(app: Sphinx) -> None:
    app.connect("html-page-context", page_context)
    app.connect("build-finished", write_feeds)
