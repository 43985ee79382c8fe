"""A Jekyll site's own settings, as ``make import`` keeps them.

``make import`` writes the ``_config.yml`` keys that configure the site here
into ``jekyll_site.json`` beside ``conf.py``; :func:`conf_overrides` turns
that file into the conf.py variables it sets (the extension applies them at
``config-inited``).  Pure: no Sphinx.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SITE_FILE = "jekyll_site.json"
#: _config.yml keys kept (Jekyll name → what they configure here)
SITE_KEYS = (
    "title",
    "description",
    "author",
    "url",
    "baseurl",
    "timezone",
    "permalink",
    "excerpt_separator",
)
#: jekyll_site.json key → conf.py variable
CONF_VARIABLES = {
    "timezone": "jekyll_timezone",
    "permalink": "jekyll_permalink",
    "excerpt_separator": "jekyll_excerpt_separator",
}


def conf_overrides(path: str | Path, current: dict[str, Any]) -> dict[str, Any]:
    """conf.py variables set by an imported ``jekyll_site.json`` ({} when absent)."""
    try:
        site = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(site, dict):
        return {}
    out: dict[str, Any] = {}
    merged = dict(current.get("jekyll_site") or {})
    merged.update({k: v for k, v in site.items() if isinstance(v, str)})
    out["jekyll_site"] = merged
    if site.get("title"):
        out["project"] = out["html_title"] = site["title"]
    if site.get("author"):
        out["author"] = site["author"]
    for key, variable in CONF_VARIABLES.items():
        if site.get(key):
            out[variable] = site[key]
    if isinstance(site.get("comments"), dict) and site["comments"]:
        out["jekyll_comments"] = site["comments"]
    if isinstance(site.get("paginate"), int):
        out["jekyll_paginate"] = site["paginate"]
    if isinstance(site.get("analytics"), dict) and site["analytics"]:
        options = dict(current.get("html_theme_options") or {})
        options["analytics"] = {**(options.get("analytics") or {}), **site["analytics"]}
        out["html_theme_options"] = options
    return out
