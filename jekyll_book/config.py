"""Every option of the extension, declared once, validated once.

Options are ``jekyll_<name>`` in conf.py.  Code reads them through
:func:`settings` so defaults and validation live only here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _timezone_ok(value: Any) -> bool:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class Settings:
    """The extension's options; ``metadata['help']`` is shown in the README."""

    posts_dir: str = field(
        default="docs/posts",
        metadata={"help": "folder (relative to conf.py) holding the Jekyll posts"},
    )
    timezone: str = field(
        default="Asia/Seoul",
        metadata={"help": "time zone for post dates without an offset", "check": _timezone_ok},
    )
    site: dict = field(
        default_factory=dict,
        metadata={
            "help": "Jekyll site variables for Liquid ({{ site.url }}, baseurl, title…)",
            "check": lambda v: isinstance(v, dict),
        },
    )
    show_drafts: bool = field(
        default=False, metadata={"help": "include posts with published: false"}
    )
    excerpt_separator: str = field(
        default="<!--more-->",
        metadata={"help": "marks the end of a post's excerpt (Jekyll's excerpt_separator)"},
    )
    list_excerpt_chars: int = field(
        default=200,
        metadata={
            "help": "longest excerpt shown in post lists, in characters",
            "check": lambda v: isinstance(v, int) and v > 0,
        },
    )
    date_format: str = field(
        default="{year}년 {month}월 {day}일",
        metadata={"help": "how dates are shown (str.format with year, month, day)"},
    )
    extra_dirs: list = field(
        default_factory=list,
        metadata={"help": "extra folders posts may link into (assets/…)", "check": _str_list},
    )


FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory()  # type: ignore[misc]


def _validate(app: Sphinx, config: Config) -> None:
    """Warn about invalid values and fall back to the default (never crash)."""
    for name, f in FIELDS.items():
        key = f"jekyll_{name}"
        value = config[key]
        default = _default(f)
        check = f.metadata.get("check") or (lambda v, d=default: isinstance(v, type(d)))
        if not check(value):
            logger.warning(
                "invalid %s = %r (%s); using %r",
                key,
                value,
                f.metadata["help"],
                default,
                type="jekyll_book",
                subtype="config",
                location="conf.py",
            )
            config[key] = default


def settings(config: Config) -> Settings:
    """The validated options as one object."""
    return Settings(**{name: config[f"jekyll_{name}"] for name in FIELDS})


def setup_config(app: Sphinx) -> None:
    for name, f in FIELDS.items():
        app.add_config_value(f"jekyll_{name}", _default(f), "env", types=())
    app.connect("config-inited", _validate, priority=100)
