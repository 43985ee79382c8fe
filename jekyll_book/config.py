"""Every option of the extension, declared once, validated once.

Options are ``jekyll_<name>`` in conf.py.  Code reads them through
:func:`settings` so defaults and validation live only here.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
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


#: comment providers and the settings each one needs
COMMENT_PROVIDERS = {
    "giscus": ("repo", "repo_id", "category", "category_id"),
    "utterances": ("repo",),
    "disqus": ("shortname",),
}


def comments_ok(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    if not value:
        return True
    needed = COMMENT_PROVIDERS.get(value.get("provider"))  # type: ignore[arg-type]
    return needed is not None and all(
        isinstance(value.get(key), str) and value[key].strip() for key in needed
    )


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
    nav_cache: bool = field(
        default=True,
        metadata={"help": "share the sidebar's HTML between pages that show the same one (speed)"},
    )
    parallel_write: bool = field(
        default=True,
        metadata={
            "help": "with -j N, write whole pages (resolve, search index, HTML) in N worker "
            "processes instead of Sphinx's N-1 workers beside a busy main process (speed)"
        },
    )
    speedups: bool = field(
        default=True,
        metadata={
            "help": "the speed layer (jekyll_book/speed): cheaper equivalents of Sphinx's, "
            "docutils', MyST's and the themes' per-page work and the builders' faster "
            "read/write paths; same output; each one left out, with an info line, when "
            "the code it replaces is not the one it was written for (speed)"
        },
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
    # -- migration from Jekyll (permalinks.py, feeds.py, drafts.py, extras.py) --
    permalink: str = field(
        default="date",
        metadata={
            "help": "the old site's permalink style (date, pretty, ordinal, weekdate, none) "
            "or template; a redirect page is written at each post's old URL",
            "check": lambda v: isinstance(v, str) and bool(v.strip()),
        },
    )
    redirects: bool = field(
        default=True, metadata={"help": "write redirect pages at the posts' old Jekyll URLs"}
    )
    show_future: bool = field(
        default=False, metadata={"help": "include posts dated in the future (make html FUTURE=1)"}
    )
    drafts_dir: str = field(
        default="docs/drafts",
        metadata={"help": "folder of unfinished posts (Jekyll's _drafts/), built only with drafts"},
    )
    feed_limit: int = field(
        default=20,
        metadata={
            "help": "posts in feed.xml and each tag feed (0: no feeds)",
            "check": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        },
    )
    feed_content: str = field(
        default="full",
        metadata={
            "help": "what feed entries carry: 'full' post or only the 'excerpt'",
            "check": lambda v: v in ("full", "excerpt"),
        },
    )
    reading_time: bool = field(
        default=True, metadata={"help": "show the reading time (약 N분) under each post's title"}
    )
    related_posts: int = field(
        default=5,
        metadata={
            "help": "related posts (shared tags, then newest) listed at the end of a post",
            "check": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        },
    )
    sessions: bool = field(
        default=True,
        metadata={
            "help": "find sessions (a post's top-level sections) for the 세션 table of "
            "contents and the session index; a post opts out with 'sessions: false'"
        },
    )
    session_toc_min: int = field(
        default=2,
        metadata={
            "help": "fewest sessions a post needs to get a 세션 table of contents",
            "check": lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        },
    )
    paginate: int = field(
        default=10,
        metadata={
            "help": "posts per landing page, pinned first, as Jekyll's paginate "
            "(0: every post on the landing page)",
            "check": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        },
    )
    comments: dict = field(
        default_factory=dict,
        metadata={
            "help": "comment thread under each post: {'provider': 'giscus', 'repo', "
            "'repo_id', 'category', 'category_id', …} or {'provider': 'utterances', "
            "'repo', …} or {'provider': 'disqus', 'shortname'}; {} loads nothing",
            "check": comments_ok,
        },
    )
    emoji: bool = field(
        default=True,
        metadata={
            "help": "show GitHub emoji shortcodes (:smile:) in posts as emoji, as the jemoji "
            "plugin of GitHub Pages did; False for a blog without jemoji"
        },
    )
    trust_html: bool = field(
        default=False,
        metadata={
            "help": "publish the posts' raw HTML exactly as Jekyll did, scripts and styles "
            "included (single-author blogs only: a post can then run script in readers' "
            "browsers; the build still runs no code of a post and reads no file outside the site)"
        },
    )
    embed_hosts: list = field(
        default_factory=list,
        metadata={
            "help": "more hosts whose <iframe> players are embedded (sandboxed), besides the "
            "built-in YouTube, Vimeo, SpeakerDeck, SlideShare, Google Docs/Slides/Maps, "
            "CodePen… (an iframe from any other host becomes a link)",
            "check": _str_list,
        },
    )


FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    return f.default_factory()  # type: ignore[misc]


def conf_location(app: Sphinx, name: str) -> str | None:
    """``path/conf.py:line`` of an option, for warnings before the env exists."""
    if not app.confdir:
        return None
    conf = Path(app.confdir, "conf.py")
    try:
        lines = conf.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    line = next((i for i, text in enumerate(lines, 1) if text.lstrip().startswith(name)), 0)
    return f"{conf}:{line}"


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
                location=conf_location(app, key),
            )
            config[key] = default


_KEYS = tuple(f"jekyll_{name}" for name in FIELDS)
#: where the last Settings is kept on the Config; the leading underscore keeps it
#: out of Config's pickle (its __getstate__ drops private names)
_CACHE = "_jekyll_settings"


def settings(config: Config) -> Settings:
    """The validated options as one object.

    Called thousands of times per build (every post, header and listing), so
    the object is built once per Config and rebuilt only when a value changed.
    """
    values = getattr(config, "__dict__", {})
    try:  # read options sit in the instance dict: no Config.__getattr__ per key
        current = tuple(values[key] for key in _KEYS)
    except KeyError:
        current = tuple(config[key] for key in _KEYS)
    cached = values.get(_CACHE)
    if cached is not None and cached[0] == current:
        return cached[1]
    result = Settings(**dict(zip(FIELDS, current)))
    if hasattr(config, "__dict__"):
        values[_CACHE] = (current, result)
    return result


def setup_config(app: Sphinx) -> None:
    for name, f in FIELDS.items():
        app.add_config_value(f"jekyll_{name}", _default(f), "env", types=())
    app.connect("config-inited", _validate, priority=100)
