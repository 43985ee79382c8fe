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

import re
import unicodedata
from typing import Any

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

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


_HTML_ANCHOR = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
_HTML_ANCHORS_KEY = "jekyll_html_anchors"


def _record_html_anchors(state: StateCore) -> None:
    """Note the ids a post's raw HTML gives (``<a name="DPR" />``) in its metadata."""
    document = state.md.options.get("document")
    env = getattr(getattr(document, "settings", None), "env", None)
    if env is None:
        return
    found: set[str] = set()
    for tok in state.tokens:
        for part in [tok, *(tok.children or [])]:
            if part.type in ("html_block", "html_inline"):
                found.update(_HTML_ANCHOR.findall(part.content))
    if found:
        # env.metadata is purged and merged per document by Sphinx itself
        env.metadata[env.docname][_HTML_ANCHORS_KEY] = sorted(found)


def html_anchor_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "jekyll_html_anchors", _record_html_anchors)


class FragmentsOfOtherPosts(SphinxPostTransform):
    """``[x](other-post.md#frag)`` whose fragment MyST does not know: a link to the post.

    kramdown writes such links as they are, and the browser opens the page.
    MyST knows heading slugs and Sphinx labels only, so a fragment naming raw
    HTML (``<a name="DPR" />``, kept as ``id="DPR"`` by the sanitiser) or
    nothing at all made it warn.  A fragment of the post's HTML is linked as
    it is; one that names nothing in the source either is a broken anchor of
    the source, broken on the Jekyll site too: the link opens the post.
    """

    default_priority = 8  # before MyST's reference resolver (9)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst" or node.get("refdomain") != "doc":
                continue
            target, fragment = node.get("reftarget"), node.get("reftargetid")
            if not fragment or target not in self.env.all_docs or self._known(target, fragment):
                continue
            if fragment in self.env.metadata[target].get(_HTML_ANCHORS_KEY, ()):
                # <a name="x"> / id="x" of the post's HTML is kept: link it
                uri = self.app.builder.get_relative_uri(self.env.docname, target)
                link = nodes.reference("", "", internal=True, refuri=f"{uri}#{fragment}")
                link += node.children
                node.replace_self(link)
                continue
            # a broken anchor of the source, broken on the Jekyll site too:
            # the link opens the post, as it did there (said, not warned)
            logger.info(
                "link to '%s#%s': the post has no anchor '%s' (the link opens the top of the page)",
                target, fragment, fragment, location=node,
            )
            node["reftargetid"] = None

    def _known(self, docname: str, fragment: str) -> bool:
        slugs = self.env.metadata[docname].get("myst_slugs", {})
        if fragment in slugs or any(entry[1] == fragment for entry in slugs.values()):
            return True
        std = self.env.domaindata.get("std", {})
        return any(
            entry[0] == docname and fragment in (name, entry[1])
            for store in ("labels", "anonlabels")
            for name, entry in std.get(store, {}).items()
        )


def _use_gfm_slugs(app: Sphinx, config: Config) -> None:
    if not config.myst_heading_slug_func:
        config.myst_heading_slug_func = "jekyll_book.source.anchors.gfm_slug"
    if not config.myst_heading_anchors:
        config.myst_heading_anchors = 6


def setup_anchors(app: Sphinx) -> None:
    app.connect("config-inited", _use_gfm_slugs)
    app.add_transform(SlugFirst)
    app.connect("doctree-read", _prune_no_toc)
    app.add_post_transform(FragmentsOfOtherPosts)
    # html_anchor_plugin is added by markdown.build_markdown_parser
