"""Drafts and scheduled posts: not built unless asked for, marked when shown.

Like Jekyll, posts with ``published: false``, files in the drafts folder
(Jekyll's ``_drafts/``) and posts dated in the future are left out of the
site.  They are added to ``exclude_patterns`` at ``config-inited`` from a
front-matter prescan, so they are never read: no page, no listing entry, no
dead link.  ``jekyll_show_drafts`` / ``jekyll_show_future`` (``make html
DRAFTS=1 FUTURE=1``) build them with a visible marker.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from pathlib import PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from jekyll_book.config import Settings, settings
from jekyll_book.features.posts import get_domain
from jekyll_book.jekyll import frontmatter
from jekyll_book.jekyll.frontmatter import hidden_reason
from jekyll_book.pages.generate import meta_cache, post_metas

DRAFT_LABEL = "초안"
FUTURE_LABEL = "예약 글"


def is_draft_doc(config: Config, docname: str) -> bool:
    """A document of the drafts folder (Jekyll's ``_drafts/``)."""
    drafts_dir = settings(config).drafts_dir.strip("/")
    return bool(drafts_dir) and PurePosixPath(docname).parent.as_posix() == drafts_dir


def draft_stem(config: Config, docname: str, source: str, stem: str) -> str:
    """File name stem to read a post's date from.

    Jekyll dates a draft without ``date:`` by its file's modification time;
    the stem gets that date so the draft does not warn about a missing date.
    """
    if not is_draft_doc(config, docname) or frontmatter.FILENAME_RE.match(stem):
        return stem
    try:
        mtime = dt.datetime.fromtimestamp(os.path.getmtime(source))
    except OSError:
        return stem
    return f"{mtime:%Y-%m-%d}-{stem}"


def hidden_posts(
    srcdir: str | os.PathLike[str], opts: Settings, now: dt.datetime, cache: Any = None
) -> list[str]:
    """Source paths (relative to ``srcdir``) of the posts this build leaves out."""

    return [
        path.relative_to(srcdir).as_posix()
        for path, meta in post_metas(srcdir, opts, cache)
        if hidden_reason(meta, opts, now)
    ]


def exclude_hidden(app: Sphinx, config: Config) -> None:
    opts = settings(config)
    now = dt.datetime.now(dt.timezone.utc)

    patterns = hidden_posts(app.srcdir, opts, now, meta_cache(app))
    if opts.drafts_dir.strip("/") and not opts.show_drafts:
        patterns.append(posixpath.join(opts.drafts_dir.strip("/"), "**"))
    config.exclude_patterns = [*config.exclude_patterns, *patterns]


def is_shown_draft(env: Any, docname: str) -> tuple[bool, bool]:
    """(draft, future) for a post that is built although Jekyll would hide it."""
    post = get_domain(env).posts.get(docname)
    if post is None:
        return False, False
    draft = not post.meta.published or is_draft_doc(env.config, docname)
    future = post.meta.date > dt.datetime.now(dt.timezone.utc)
    return draft, future


def mark_drafts(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    draft, future = is_shown_draft(env, env.docname)
    if is_draft_doc(env.config, env.docname):
        # drafts are in no toctree; orphan keeps that from warning
        env.metadata[env.docname]["orphan"] = True
    if not (draft or future):
        return
    header = next(iter(doctree.findall(_is_post_header)), None)
    if header is None:
        return
    meta_para = next(iter(header.findall(nodes.paragraph)), None)
    target = meta_para if meta_para is not None else header
    for shown, text, cls in ((draft, DRAFT_LABEL, "post-draft"), (future, FUTURE_LABEL, "post-future")):
        if shown:
            target.insert(0, nodes.Text(" "))
            target.insert(0, nodes.inline(text, text, classes=["post-badge", cls]))


def _is_post_header(node: nodes.Node) -> bool:
    return isinstance(node, nodes.container) and "post-header" in node["classes"]


def setup_drafts(app: Sphinx) -> None:
    # after config validation (priority 100), so the options are sane
    app.connect("config-inited", exclude_hidden, priority=600)
    # after the header is built (priority 400)
    app.connect("doctree-read", mark_drafts, priority=450)
