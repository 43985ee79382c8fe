"""Heading anchors identical to kramdown's GFM ids, as the sections' own ids.

Jekyll (kramdown, GFM input, ``auto_ids``) gives ``## 속도의, 속도에 의한``
the id ``속도의-속도에-의한``; readers and other posts link to those
fragments.  MyST computes a slug for every heading (``myst_heading_anchors``)
with a replaceable function: :func:`gfm_slug` is kramdown-parser-gfm's
``generate_gfm_header_id`` (downcase, keep ``\\p{Word}``, ``-`` and blanks,
blanks → ``-``; duplicates get ``-1``, ``-2``).  MyST only adds the slug as a
secondary id, so :class:`SlugFirst` makes it the section's first id: the
element's ``id``, the ¶ link, the page TOC and ``{:toc}`` all use it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform

_KEEP = frozenset("- \t")


def _word(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category in ("Nd", "Pc")


def gfm_slug(text: str) -> str:
    """kramdown-parser-gfm's header id for the heading's text."""
    kept = "".join(c for c in text.lower() if c in _KEEP or _word(c))
    return kept.replace(" ", "-").replace("\t", "-")


class SlugFirst(SphinxTransform):
    """Make each heading's GFM slug its first id (after MyST's AddSlugIds)."""

    default_priority = 701

    def apply(self, **kwargs: Any) -> None:
        document = self.document
        for node in document.findall(nodes.Element):
            slug = node.get("slug")
            if not slug or slug not in node["ids"] or node["ids"][0] == slug:
                continue
            # an explicit id ({#id}, {: #id}) chosen by the author stays first
            if any(document.nametypes.get(name) for name in node["names"]):
                continue
            node["ids"].remove(slug)
            node["ids"].insert(0, slug)


def _prune_no_toc(app: Sphinx, doctree: nodes.document) -> None:
    """kramdown leaves ``{:.no_toc}`` headings out of ``{:toc}``."""
    for topic in list(doctree.findall(nodes.topic)):
        if "contents" not in topic["classes"]:
            continue
        for item in list(topic.findall(nodes.list_item)):
            refs = [r for r in item.findall(nodes.reference) if r.get("refid")]
            if not refs:
                continue
            section = doctree.ids.get(refs[0]["refid"])
            if section is None or "no_toc" not in section.get("classes", []):
                continue
            sublists = [c for c in item.children if isinstance(c, nodes.bullet_list)]
            lifted = [li for sub in sublists for li in sub.children]
            parent = item.parent
            index = parent.index(item)
            parent.remove(item)
            for offset, li in enumerate(lifted):
                parent.insert(index + offset, li)


def _use_gfm_slugs(app: Sphinx, config: Config) -> None:
    if not config.myst_heading_slug_func:
        config.myst_heading_slug_func = "jekyll_book.anchors.gfm_slug"
    if not config.myst_heading_anchors:
        config.myst_heading_anchors = 6


def setup_anchors(app: Sphinx) -> None:
    app.connect("config-inited", _use_gfm_slugs)
    app.add_transform(SlugFirst)
    app.connect("doctree-read", _prune_no_toc)
