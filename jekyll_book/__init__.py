"""Jekyll posts, unchanged, as a Sphinx site: the extension's entry point.

Each feature lives in its own module with a ``setup_<feature>(app)``;
``setup()`` only wires them together.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    from .config import setup_config
    from .header import setup_header
    from .i18n import setup_i18n
    from .listing import setup_listing
    from .parser import setup_parser
    from .posts import setup_posts
    from .safety.build import setup_safety
    from .archives import setup_archives
    from .generate import setup_generate
    from .sessions import setup_sessions
    from .tags import setup_tags
    from .drafts import setup_drafts
    from .extras import setup_extras
    from .feeds import setup_feeds
    from .permalinks import setup_permalinks
    from .social import setup_social
    from .kramdown import setup_kramdown
    from .anchors import setup_anchors
    from .figures import setup_figures
    from .perf import setup_perf
    from .builders import setup_builders
    from .speed import setup_speed
    from .kramdown_compat import setup_kramdown_compat
    from .search_ko import setup_search
    from .reading import setup_reading
    from .report import setup_report
    from .site_config import setup_site_config

    app.setup_extension("myst_parser")
    setup_config(app)
    setup_posts(app)
    setup_parser(app)
    setup_header(app)
    setup_i18n(app)
    setup_listing(app)
    setup_safety(app)
    setup_generate(app)
    setup_tags(app)
    setup_archives(app)
    setup_sessions(app)
    setup_drafts(app)
    setup_extras(app)
    setup_feeds(app)
    setup_permalinks(app)
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
        "env_version": 3,  # PostMeta gained pin/toc/comments, Post gained minutes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
