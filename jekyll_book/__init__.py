"""Jekyll posts, unchanged, as a Sphinx site: the extension's entry point.

The package is in layers (see ARCHITECTURE.md): ``jekyll`` (the pure Jekyll
model), ``source`` (Markdown into doctrees), ``features`` (what a post page
carries; the Domain), ``pages`` (generated pages), ``outputs`` (feeds,
redirects, share cards), ``safety``, ``search_ko``, ``speed`` and ``cli``.
Each feature module has a ``setup_<feature>(app)``; ``setup()`` only calls
them, in the order below: handlers of one event at the same priority run in
the order they were connected, so this order is part of the output.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from jekyll_book.config import setup_config
from jekyll_book.features.drafts import setup_drafts
from jekyll_book.features.extras import setup_extras
from jekyll_book.features.figures import setup_figures
from jekyll_book.features.header import setup_header
from jekyll_book.features.posts import setup_posts
from jekyll_book.features.reading import setup_reading
from jekyll_book.features.sessions import setup_sessions
from jekyll_book.i18n import setup_i18n
from jekyll_book.outputs.feeds import setup_feeds
from jekyll_book.outputs.redirects import setup_redirects
from jekyll_book.outputs.social import setup_social
from jekyll_book.pages import setup_pages
from jekyll_book.pages.archives import setup_archives
from jekyll_book.pages.listing import setup_listing
from jekyll_book.pages.tags import setup_tags
from jekyll_book.report import setup_report
from jekyll_book.safety.build import setup_safety
from jekyll_book.search_ko import setup_search
from jekyll_book.site_config import setup_site_config
from jekyll_book.source.anchors import setup_anchors
from jekyll_book.source.kramdown import setup_kramdown
from jekyll_book.source.kramdown_compat import setup_kramdown_compat
from jekyll_book.source.parser import setup_parser
from jekyll_book.speed import setup_speed
from jekyll_book.speed.builders import setup_builders
from jekyll_book.speed.perf import setup_perf

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    setup_config(app)
    setup_posts(app)
    setup_parser(app)
    setup_header(app)
    setup_i18n(app)
    setup_listing(app)
    setup_safety(app)
    setup_pages(app)
    setup_tags(app)
    setup_archives(app)
    setup_sessions(app)
    setup_drafts(app)
    setup_extras(app)
    setup_feeds(app)
    setup_redirects(app)
    setup_social(app)
    setup_kramdown(app)
    setup_anchors(app)
    setup_figures(app)
    setup_perf(app)
    setup_builders(app)
    setup_speed(app)
    setup_kramdown_compat(app)
    setup_search(app)
    setup_reading(app)
    setup_report(app)
    setup_site_config(app)  # last: share cards and sitemap after our page handlers
    return {
        "version": __version__,
        # an environment pickled before the modules moved into layer folders
        # fails to load; Sphinx then reads everything afresh (one info line)
        "env_version": 3,  # PostMeta gained pin/toc/comments, Post gained minutes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
