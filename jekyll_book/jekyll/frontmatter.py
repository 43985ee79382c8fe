"""Jekyll front matter → :class:`Post` fields, with Jekyll's semantics.

Pure functions: no Sphinx here, so every rule is testable from a table.
Problems are returned as :class:`Problem` (line, column, message) instead of
raised, because one imperfect post must still build.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import yaml

try:  # the C loader is ~10x faster on large blogs
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - pure-Python PyYAML build
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps timestamps as text.

    PyYAML raises on ``date: 2019-13-45`` and loses the whole mapping; as text
    the date is parsed by :func:`parse_date`, which reports it on its line.
    """


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)

#: file suffixes Jekyll reads as Markdown posts
POST_SUFFIXES = (".md", ".markdown")
FILENAME_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
_DATE_RE = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)
_FENCE_RE = re.compile(r"^---[ \t]*\r?$")
_END_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$")


@dataclass(frozen=True)
class Problem:
    """Something wrong with a post, located at a 1-based line and column."""

    line: int
    column: int
    message: str
    hint: str = ""
    fatal: bool = False


@dataclass
class FrontMatter:
    """The raw split of a post: YAML mapping, where the body starts, problems."""

    data: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line of the first body line in the file
    present: bool = False
    yaml_source: str = ""
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class PostMeta:
    """Front-matter facts about one post, resolved the way Jekyll resolves them."""

    title: str
    date: dt.datetime  # always timezone-aware
    slug: str
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    image: str = ""
    description: str = ""
    author: str = ""
    published: bool = True
    permalink: str = ""
    title_from_filename: bool = False
    sessions: bool = True  # ``sessions: false`` turns the session TOC off
    pin: bool = False  # ``pin: true`` (Chirpy): first on the landing page
    toc: bool = True  # ``toc: false``: no "on this page" table of contents
    comments: bool = True  # ``comments: false``: no comment thread under the post


def decode_source(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was actually in: UTF-8 (BOM optional), UTF-16
    (BOM, or NUL-heavy), CP949/EUC-KR, else UTF-8 with U+FFFD replacements."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16") or (data.decode("utf-8", "replace"), "utf-8?")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if data.count(0) * 3 > len(data):
        even_nuls = data[::2].count(0) > data[1::2].count(0)
        found = _try(data, "utf-16-be" if even_nuls else "utf-16-le")
        if found:
            return found
    return _try(data, "cp949") or (data.decode("utf-8", "replace"), "utf-8?")


def _try(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def read_post(path: str | os.PathLike[str]) -> str:
    """A post's text as the build reads it (never raises on a bad encoding)."""
    with open(path, "rb") as handle:
        text = decode_source(handle.read())[0]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> FrontMatter:
    """Split ``---`` YAML front matter from the body, keeping line numbers.

    The body keeps one empty line per front-matter line, so that line numbers
    reported by the Markdown parser match the file on disk.
    """
    lines = text.split("\n")
    if not lines or not _FENCE_RE.match(lines[0].lstrip("\ufeff")):
        return FrontMatter(body=text)
    for end in range(1, len(lines)):
        if _END_RE.match(lines[end]):
            break
    else:
        return FrontMatter(
            body=text,
            problems=[
                Problem(
                    1,
                    1,
                    "front matter is not closed",
                    "add a line '---' after the last front-matter field",
                    fatal=True,
                )
            ],
        )
    yaml_text = "\n".join(lines[1:end])
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    fm = FrontMatter(body=body, body_line=end + 2, present=True, yaml_source=yaml_text)
    try:
        data = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        col = (mark.column + 1) if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        hint = "quote values that contain ': ' or start with a special character"
        fm.problems.append(Problem(line, col, f"invalid YAML: {problem}", hint, True))
        # keep the other fields (and the title as typed) instead of losing them all
        fm.data = _recover_mapping(yaml_text)
        return fm
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fm.problems.append(
            Problem(2, 1, "front matter must be a mapping of 'key: value' lines", fatal=True)
        )
        return fm
    fm.data = {str(k): v for k, v in data.items()}
    return fm


_TOP_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(.*)$")


def _recover_mapping(yaml_text: str) -> dict[str, Any]:
    """Invalid YAML read field by field: a field that still fails (typically
    an unquoted ``title: Docker: 시작하기``) is taken as the text after ``key:``."""
    fields: list[tuple[str, list[str]]] = []
    for line in yaml_text.split("\n"):
        match = _TOP_KEY_RE.match(line)
        if match:
            fields.append((match.group(1), [line]))
        elif fields:
            fields[-1][1].append(line)
    data: dict[str, Any] = {}
    for key, lines in fields:
        try:
            value = yaml.load("\n".join(lines), Loader=_Loader)[key]  # noqa: S506
        except (yaml.YAMLError, TypeError, KeyError):
            value = _TOP_KEY_RE.match(lines[0]).group(2).strip()  # type: ignore[union-attr]
        data.setdefault(key, value)
    return data


def key_line(yaml_source: str, key: str) -> int:
    """1-based file line of ``key:`` (the YAML starts on line 2; 1 if absent)."""
    pattern = re.compile(rf"^{re.escape(key)}\s*:", re.MULTILINE)
    match = pattern.search(yaml_source)
    return yaml_source.count("\n", 0, match.start()) + 2 if match else 1


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def as_list(value: Any) -> list[str]:
    """Jekyll's reading of tags/categories: a string splits on whitespace,
    a list may hold numbers (``- 2019``), ``None`` entries are dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        return [nfc(v) for v in value.split()]
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for item in value:
            if item is None:
                continue
            if isinstance(item, (list, tuple)):
                out.extend(as_list(item))
            else:
                text = nfc(_scalar_text(item)).strip()
                if text:
                    out.append(" ".join(text.split()))
        return out
    return [nfc(_scalar_text(value))]


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def merged_list(data: dict[str, Any], singular: str, plural: str) -> tuple[str, ...]:
    """``tag`` + ``tags`` (or ``category`` + ``categories``), first seen wins."""
    seen: dict[str, None] = {}
    for key in (singular, plural):
        for item in as_list(data.get(key)):
            seen.setdefault(item, None)
    return tuple(seen)


#: tags longer than this (bytes) get short hashed page names (tags.py);
#: Jekyll takes any label, so they are never reported
MAX_LABEL_BYTES = 200


def parse_date(value: Any, tz: dt.tzinfo) -> dt.datetime | None:
    """YAML date/datetime or Jekyll's string forms → aware datetime.

    Naive values are read in the site time zone ``tz``, so sorting never mixes
    naive and aware datetimes.  Returns ``None`` when unparsable.
    """
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
    if not isinstance(value, str):
        return None
    match = _DATE_RE.match(value)
    if not match:
        return None
    y, mo, d, h, mi, s, frac, off = match.groups()
    try:
        microsecond = int((frac or "0")[:6].ljust(6, "0"))
        naive = dt.datetime(
            int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), microsecond
        )
    except ValueError:
        return None
    if off is None:
        return naive.replace(tzinfo=tz)
    if off == "Z":
        return naive.replace(tzinfo=dt.timezone.utc)
    sign = 1 if off[0] == "+" else -1
    digits = off[1:].replace(":", "")
    offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return naive.replace(tzinfo=dt.timezone(sign * offset))


def titleize_slug(slug: str) -> str:
    """Jekyll's ``Utils.titleize_slug``: ``my-first-post`` → ``My First Post``."""
    return " ".join(word[:1].upper() + word[1:] for word in slug.split("-") if word)


def resolve_meta(
    fm: FrontMatter, filename_stem: str, tz: dt.tzinfo | str = "Asia/Seoul"
) -> tuple[PostMeta, list[Problem]]:
    """Jekyll's view of a post: title, date, tags... plus what was wrong."""
    if isinstance(tz, str):
        tz = ZoneInfo(tz)
    data = fm.data
    problems: list[Problem] = []
    stem = nfc(filename_stem)
    name_match = FILENAME_RE.match(stem)
    slug = name_match.group(4) if name_match else stem
    yaml_source = fm.yaml_source

    date: dt.datetime | None = None
    if data.get("date") is not None:
        date = parse_date(data["date"], tz)
        if date is None:
            problems.append(
                Problem(
                    key_line(yaml_source, "date"),
                    1,
                    f"unparsable date {data['date']!r} (Jekyll stops at it; the file name's "
                    "date is used)",
                    "use YYYY-MM-DD or 'YYYY-MM-DD HH:MM:SS +0900'",
                    fatal=True,
                )
            )
    if date is None and name_match:
        try:
            date = dt.datetime(*(int(name_match.group(i)) for i in (1, 2, 3)), tzinfo=tz)
        except ValueError:
            date = None
    if date is None:
        problems.append(
            Problem(1, 1, "no date: neither front matter nor file name YYYY-MM-DD-slug")
        )
        date = dt.datetime(1970, 1, 1, tzinfo=tz)

    raw_title = data.get("title")
    title = " ".join(nfc(_scalar_text(raw_title)).split()) if raw_title is not None else ""
    from_filename = not title
    if from_filename:  # as Jekyll does, silently
        title = titleize_slug(slug)

    published = data.get("published", True)
    meta = PostMeta(
        title=title,
        date=date,
        slug=slug,
        tags=merged_list(data, "tag", "tags"),
        categories=merged_list(data, "category", "categories"),
        image=_image(data.get("image")),
        description=_text(data.get("description") or data.get("excerpt")),
        author=_text(data.get("author")),
        published=published is not False and str(published).lower() != "false",
        permalink=_text(data.get("permalink")),
        title_from_filename=from_filename,
        sessions=_enabled(data.get("sessions", True)),
        pin=_switched_on(data.get("pin", False)),
        toc=_enabled(data.get("toc", True)),
        comments=_enabled(data.get("comments", True)),
    )
    return meta, problems


def _enabled(value: Any) -> bool:
    """YAML ``false``/``no``/``off`` (as text too) turn a per-post switch off."""
    return value is not False and str(value).lower() not in ("false", "no", "off")


def _switched_on(value: Any) -> bool:
    """YAML ``true``/``yes``/``on`` (as text too) turn an opt-in switch on."""
    return value is True or str(value).lower() in ("true", "yes", "on")


def _text(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return nfc(_scalar_text(value)).strip()


def _image(value: Any) -> str:
    """``image: x.png`` or Jekyll-theme style ``image: {path: x.png}``."""
    if isinstance(value, dict):
        value = value.get("path") or value.get("feature") or value.get("url")
    return _text(value)


def hidden_reason(meta: PostMeta, opts: Any, now: dt.datetime) -> str:
    """Why a post is left out of this build ('' when it is built): Jekyll's
    ``published: false`` and future dates, unless ``opts`` (the extension's
    settings: ``show_drafts``, ``show_future``) shows them."""
    if not meta.published and not opts.show_drafts:
        return "published: false"
    if meta.date > now and not opts.show_future:
        return "dated in the future"
    return ""
