"""Old Jekyll URLs keep working: a redirect page at every post's permalink.

At ``build-finished`` (or, after a large read with ``-j N``, in a second
process while the pages are written) a small HTML page is written at each old
path (:func:`~jekyll_book.jekyll.permalinks.jekyll_url`), pointing to the
post's new page with ``rel=canonical``; a page is written only when its text
changed.

sphinx-reredirects is not used: its sources are docnames from conf.py (ours
come from the posts read in this build), it rewrites every file on every
build, and it cannot serve an extension-less permalink both as ``x.html``
and ``x/index.html``.
"""

from __future__ import annotations

import posixpath
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from sphinx.application import Sphinx
from sphinx.util import logging

from jekyll_book.config import settings
from jekyll_book.features.posts import get_domain
from jekyll_book.jekyll.permalinks import MARKER, jekyll_url, output_files, redirect_page
from jekyll_book.pages.generate import OutputStamp, inputs_key, write_if_changed
from jekyll_book.speed.background import Background
from jekyll_book.speed.perf import docs_read

logger = logging.getLogger(__name__)

#: inputs and files of the last redirect pages, in the doctree folder
REDIRECTS_STAMP = "jekyll_book-redirects.json"


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


#: a build that read more pages than this writes its redirect pages in a
#: second process while its pages are written (they need only the posts'
#: front matter and addresses); a smaller one checks them at the end, quicker
#: than forking
EARLY_MIN_READ = 50


def _write(app: Sphinx) -> None:
    write_redirects(app, None)


def _start_early(job: Background, app: Sphinx, builder: Any) -> None:
    if builder.format == "html" and len(docs_read(app)) > EARLY_MIN_READ:
        job.start(app)


def setup_redirects(app: Sphinx) -> None:
    job = Background("the redirect pages", _write)
    app.connect("write-started", partial(_start_early, job))
    # waits for the forked job, or writes them here
    app.connect("build-finished", job.end)
