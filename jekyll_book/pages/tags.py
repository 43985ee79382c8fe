"""Tag pages from the posts' front matter, in sphinx-tags' layout.

sphinx-tags 0.4 finds tags by scanning raw files for a ``{tags}`` block and
deletes and rewrites every tag page on each build.  Jekyll posts carry their
tags in front matter instead, so this module feeds the tag pages from the
prescan of the post records and writes them itself (only when changed);
sphinx-tags stays loaded for its options, its ``{tags}`` directive on
ordinary pages and its page/label conventions (``tagsindex``,
``sphx_tag_<slug>``, ``tagoverview``), with ``tags_create_tags`` off so it
never deletes our pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from jekyll_book.features.labels import fold, label_dir, registry
from jekyll_book.features.posts import get_domain
from jekyll_book.pages.generate import (
    Entry,
    link_list,
    md_escape,
    page,
)


def tag_pages(app: Sphinx, entries: list[Entry]) -> tuple[Path, dict[str, str]]:
    config = app.config
    outdir = label_dir(config, "tag")
    tags = registry(app.env, "tag")
    pages: dict[str, str] = {}
    for label in tags.values():
        lines = [
            f"(sphx_tag_{label.slug})=",
            f"# {md_escape(config.tags_page_title)}: {md_escape(label.name)}",
            "",
            f"{md_escape(config.tags_page_header)} ({len(label.entries)})",
            "",
            *post_list_block(tag=label.slug),
        ]
        # orphan: tag pages are reached from the tag index and the post
        # headers, never from a toctree (a post stays in exactly one toctree)
        pages[f"{label.slug}.md"] = page(lines, orphan=True)
    listing = sorted(tags.values(), key=lambda t: (fold(t.name), t.slug))
    pages["tagsindex.md"] = page(
        [
            "(tagoverview)=",
            f"# {md_escape(config.tags_overview_title)}",
            "",
            f"{md_escape(config.tags_index_head)} ({len(listing)})",
            "",
            *link_list(
                [(f"{outdir}/{t.slug}", t.name), f" ({len(t.entries)})"] for t in listing
            ),
        ]
    )
    return Path(app.srcdir) / outdir, pages


def post_list_block(**options: Any) -> list[str]:
    """A ``{post-list}`` of cards (filled in from the post records when written)."""
    lines = ["```{post-list}"]
    for key, value in options.items():
        lines.append(f":{key.replace('_', '-')}:" + ("" if value is True else f" {value}"))
    return [*lines, "```", ""]


def tags_index_doc(app: Sphinx) -> str:
    return f"{label_dir(app.config, 'tag')}/tagsindex"


def record_tags(app: Sphinx, doctree: nodes.document) -> None:
    """Expose a post's tags the way sphinx-tags' directive does."""

    post = get_domain(app.env).posts.get(app.env.docname)
    if post is not None and post.meta.tags:
        app.env.metadata[app.env.docname]["tags"] = list(post.meta.tags)


#: sphinx-tags 0.4's own defaults, replaced by ours unless conf.py changed them
_SPHINX_TAGS_DEFAULTS = {
    "tags_output_dir": "_tags",
    "tags_extension": ["rst"],
    "tags_overview_title": "Tags overview",
    "tags_page_title": "My tags",
    "tags_page_header": "With this tag",
    "tags_index_head": "Tags",
    "tags_intro_text": "Tags:",
}
#: sphinx-tags options for this site: pages under docs/, Korean labels
TAGS_DEFAULTS = {
    "tags_output_dir": "docs/tags",
    "tags_extension": ["md"],
    "tags_overview_title": "태그",
    "tags_page_title": "태그",
    "tags_page_header": "이 태그가 달린 글",
    "tags_index_head": "전체 태그",
    "tags_intro_text": "태그:",
}


def _tags_defaults(app: Sphinx, config: Config) -> None:
    for key, value in TAGS_DEFAULTS.items():
        if config[key] == _SPHINX_TAGS_DEFAULTS[key]:
            config[key] = value
    # our pages are written from the front matter; sphinx-tags' writer would
    # delete them and rescan raw files on every build
    config.tags_create_tags = False


def setup_tags(app: Sphinx) -> None:
    app.setup_extension("sphinx_tags")
    app.connect("config-inited", _tags_defaults, priority=450)
    app.connect("doctree-read", record_tags)
