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
    from .safety import setup_safety

    app.setup_extension("myst_parser")
    setup_config(app)
    setup_posts(app)
    setup_parser(app)
    setup_header(app)
    setup_i18n(app)
    setup_listing(app)
    setup_safety(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
