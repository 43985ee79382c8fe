"""The Sphinx settings Jekyll fidelity needs, owned by the extension.

A site's ``conf.py`` then reads like any Sphinx site's (identity, theme,
glossary): the extension brings MyST, the Markdown suffixes, the MyST syntax
a Jekyll post may use, share cards and the sitemap, and the settings of a blog
brought in with ``make import`` (``jekyll_site.json`` beside ``conf.py``).

Every default here yields to a value the site sets itself, in ``conf.py`` or
with ``-D``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from jekyll_book.jekyll.site import SITE_FILE, conf_overrides

logger = logging.getLogger(__name__)

#: MyST extensions whose syntax Jekyll's kramdown (GFM input) has with the
#: same meaning: definition lists, task lists, ``~~strike~~``.  Left out on
#: purpose (they misread Jekyll posts): attrs_* ({…} is kramdown's IAL, read by
#: kramdown.py), substitution ({{ }} is Liquid), dollarmath (a "$" is a price),
#: colon_fence, linkify, fieldlist, smartquotes/replacements (typography.py).
MYST_EXTENSIONS = {"deflist", "tasklist", "strikethrough"}
#: what the extension sets when the site does not
DEFAULTS: dict[str, Any] = {
    # no page links a post's raw Markdown: copying it is only time and bytes
    "html_copy_source": False,
    "ogp_social_cards": {"enable": False},  # needs matplotlib; posts bring an image
    "sitemap_url_scheme": "{link}",  # the canonical URL holds /<lang>/<version>/
    "sitemap_excludes": ["search.html", "genindex.html"],
}


def user_set(config: Config, name: str) -> bool:
    """Whether ``conf.py`` or ``-D`` gave ``name`` a value."""
    raw = getattr(config, "_raw_config", None) or {}
    overrides = getattr(config, "_overrides", None) or {}
    return name in raw or name in overrides


def canonical_url(config: Config) -> str:
    """``html_baseurl``, else the address Read the Docs gives the version."""
    return config.html_baseurl or os.environ.get("READTHEDOCS_CANONICAL_URL", "")


def _apply_site_file(app: Sphinx, config: Config) -> None:
    """``jekyll_site.json`` (written by ``make import``) over the defaults."""
    overrides = conf_overrides(
        Path(app.confdir, SITE_FILE), {"jekyll_site": dict(config.jekyll_site or {})}
    )
    for name, value in overrides.items():
        if user_set(config, name) and not isinstance(value, dict) and config[name] != value:
            # the imported blog's own settings win, said once per build
            logger.info("%s: %s = %r (conf.py has %r)", SITE_FILE, name, value, config[name])
        if isinstance(value, dict) and isinstance(config[name], dict):
            value = {**config[name], **value}
        config[name] = value


def _fidelity_defaults(app: Sphinx, config: Config) -> None:
    _apply_site_file(app, config)
    if not user_set(config, "myst_enable_extensions"):
        config.myst_enable_extensions = set(MYST_EXTENSIONS)
    if "strikethrough" in config.myst_enable_extensions:
        # MyST says ~~x~~ is for HTML only: HTML is the only output here
        config.suppress_warnings = [*config.suppress_warnings, "myst.strikethrough"]
    if not user_set(config, "html_title"):
        config.html_title = config.project
    if not user_set(config, "html_baseurl"):
        config.html_baseurl = canonical_url(config)
    if not user_set(config, "ogp_site_url"):
        config.ogp_site_url = config.html_baseurl  # "" locally: relative URLs, no warning
    for name, value in DEFAULTS.items():
        if not user_set(config, name) and name in config:
            config[name] = value
    site = dict(config.jekyll_site or {})
    site.setdefault("title", config.project)
    config.jekyll_site = site


def setup_site_config(app: Sphinx) -> None:
    app.add_source_suffix(".markdown", "markdown")
    app.setup_extension("sphinxext.opengraph")
    # sphinx-sitemap warns and writes nothing without a base URL: local
    # builds go without it, Read the Docs builds (and sites with a URL) get it
    if canonical_url(app.config):
        app.setup_extension("sphinx_sitemap")
    # before the options are validated (100): jekyll_site.json sets some
    app.connect("config-inited", _fidelity_defaults, priority=50)
