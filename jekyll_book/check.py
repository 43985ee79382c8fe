"""The post validator: every problem of every post at once, ``path:line:col``.

``python -m jekyll_book check [PATH...]`` (and ``make check``) runs it before a
build, so a contributor sees all problems of a pull request at once, each with
how to fix it.  It reuses :mod:`frontmatter` (the same reading the build uses)
and the sanitiser and directive rules of :mod:`safety`; the build itself emits
:func:`frontmatter_problems` too, so both always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from . import frontmatter
from .frontmatter import POST_SUFFIXES
from .frontmatter import Problem

#: front-matter keys that would change how the post is parsed or what the
#: page's <head> holds: refused (the build ignores them)
DANGEROUS_KEYS = {
    "myst": "per-post MyST options are not allowed (they could enable raw HTML or Jinja)",
    "html_meta": "per-post <meta> tags are not allowed (e.g. http-equiv refresh)",
    "substitutions": "substitutions run Jinja templates at build time",
    "jupytext": "not a Jekyll post key",
    "kernelspec": "not a Jekyll post key",
    "orphan": "Sphinx page metadata is not allowed in posts",
    "nocomments": "Sphinx page metadata is not allowed in posts",
    "tocdepth": "Sphinx page metadata is not allowed in posts",
}
#: keys Jekyll and common Jekyll themes use; others are reported as unknown
KNOWN_KEYS = frozenset(
    "title date tags tag categories category image description excerpt author authors "
    "published permalink layout comments toc toc_label toc_sticky toc_icon sitemap "
    "last_modified_at modified lang header teaser feature share related read_time "
    "subtitle summary keywords slug draft pin sidebar classes redirect_from "
    "excerpt_separator hidden math mermaid thumbnail cover banner series url".split()
)
MAX_POST_BYTES = 1_000_000
MAX_LINE_CHARS = 20_000
#: tags and categories become file names (255 bytes on most file systems)
MAX_LABEL_BYTES = frontmatter.MAX_LABEL_BYTES
#: token nesting beyond which the build (MAX_DOCTREE_DEPTH = 64 doctree
#: levels, sections included) shows the content as plain text
MAX_NESTING = 50
#: real HTML tags only: ``C++ vector<int>`` is a normal title
_HTML_TAG = re.compile(
    r"</?(?:a|b|i|u|s|em|strong|span|div|p|br|img|script|style|iframe|svg|font|small|"
    r"sup|sub|code|kbd|mark|object|embed|form|input|meta|link|details|summary)\b[^>]*>",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    path: str
    problem: Problem

    @property
    def severity(self) -> str:
        return "error" if self.problem.fatal else "warning"

    def __str__(self) -> str:
        p = self.problem
        hint = f" [fix: {p.hint}]" if p.hint else ""
        return f"{self.path}:{p.line}:{p.column}: {self.severity}: {p.message}{hint}"


def _error(line: int, column: int, message: str, hint: str = "") -> Problem:
    return Problem(line, column, message, hint, fatal=True)


def _warning(line: int, column: int, message: str, hint: str = "") -> Problem:
    return Problem(line, column, message, hint, fatal=False)


# -- front matter -----------------------------------------------------------------


def frontmatter_problems(fm: frontmatter.FrontMatter) -> list[Problem]:
    """What the build also reports about a post's front matter (beyond what
    :func:`frontmatter.resolve_meta` says): keys, title, labels, image."""
    problems: list[Problem] = []
    data, src = fm.data, fm.yaml_source

    def at(key: str) -> int:
        return frontmatter.key_line(src, key)

    for key in data:
        if key in DANGEROUS_KEYS:
            problems.append(
                _error(at(key), 1, f"front-matter key '{key}' refused: {DANGEROUS_KEYS[key]}",
                       f"remove the '{key}:' block")
            )
    title = data.get("title")
    if isinstance(title, (dict, list)):
        problems.append(
            _error(at("title"), 1, "title is not text (a ':' or '- ' made it a mapping/list)",
                   "quote the title: title: \"...\"")
        )
    elif isinstance(title, str):
        if "\n" in title.strip():
            problems.append(_warning(at("title"), 1, "title spans several lines",
                                     "keep the title on one line"))
        if _HTML_TAG.search(title):
            problems.append(_warning(at("title"), 1, "title contains HTML; it is shown as typed",
                                     "titles are plain text: remove the tags"))
    for key in ("tags", "tag", "categories", "category"):
        if key not in data:
            continue
        value = data[key]
        if value is None or value == []:
            problems.append(_warning(at(key), 1, f"empty '{key}:'",
                                     f"list at least one value or remove '{key}:'"))
        elif isinstance(value, dict) or (
            isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)
        ):
            problems.append(_error(at(key), 1, f"'{key}' must be a list of words",
                                   f"write {key}: [a, b] or one '- a' line per value"))
    image = data.get("image")
    if isinstance(image, str) and image.strip():
        scheme = _scheme(image)
        if scheme not in (None, "http", "https"):
            problems.append(_error(at("image"), 1, f"image with {scheme}: URL refused",
                                   "use an https:// URL or a path in the repository"))
        elif scheme is None and ".." in Path(image).parts:
            problems.append(_error(at("image"), 1, "image path leaves the site ('..')",
                                   "use a path from the site root, e.g. /assets/x.png"))
    return problems


def unknown_keys(fm: frontmatter.FrontMatter) -> list[Problem]:
    return [
        _warning(frontmatter.key_line(fm.yaml_source, key), 1,
                 f"unknown front-matter key '{key}' (ignored)")
        for key in fm.data
        if key not in KNOWN_KEYS and key not in DANGEROUS_KEYS
    ]


def _scheme(url: str) -> str | None:
    from .safety import url_scheme

    return url_scheme(url)


# -- body ---------------------------------------------------------------------------


def body_problems(body: str) -> list[Problem]:
    """Nesting, forbidden directives, HTML that the build would remove, and
    links to files outside the site — found with markdown-it itself."""
    from .safety import forbidden_directive, sanitize_html

    problems: list[Problem] = []
    for number, line in enumerate(body.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            problems.append(_error(number, 1, f"line is {len(line)} characters long",
                                   "break it into paragraphs"))
    md = MarkdownIt("commonmark")
    md.options["maxNesting"] = 200
    md.enable("table")
    deepest: tuple[int, int] = (0, 0)
    for token, level, line in _walk(md.parse(body)):
        deepest = max(deepest, (level, line), key=lambda d: d[0])
        if token.type == "fence":
            why = forbidden_directive(token.info, token.content)
            if why:
                problems.append(_error(line, 1, why, "remove the directive"))
        elif token.type in ("html_block", "html_inline"):
            _, removed = sanitize_html(token.content)
            for what in removed:
                problems.append(_error(line, 1, f"unsafe HTML removed by the build: {what}",
                                       "use Markdown, or plain tags like <span class=...>"))
        elif token.type in ("link_open", "image"):
            attr = "href" if token.type == "link_open" else "src"
            target = str(token.attrGet(attr) or "")
            if _scheme(target) is None and ".." in Path(target.split("#")[0]).parts:
                problems.append(_error(line, 1, f"'{target}' points outside the posts",
                                       "link to files inside the repository"))
    if deepest[0] > MAX_NESTING:
        problems.append(
            _error(deepest[1], 1, f"content nested {deepest[0]} levels deep; the build "
                   "shows the deepest part as plain text",
                   f"keep lists, quotes and emphasis under {MAX_NESTING} levels")
        )
    return problems


def _walk(tokens: list[Any]) -> Iterator[tuple[Any, int, int]]:
    """Every token with its nesting depth and 1-based line."""
    for token in tokens:
        line = token.map[0] + 1 if token.map else 1
        yield token, token.level, line
        for child in token.children or ():
            yield child, token.level + child.level, line


# -- files ---------------------------------------------------------------------------


def check_file(path: Path) -> list[Problem]:
    if path.is_symlink():
        return [_error(1, 1, "post is a symbolic link; the build refuses it",
                       "copy the file into the repository")]
    data = path.read_bytes()
    problems: list[Problem] = []
    if len(data) > MAX_POST_BYTES:
        problems.append(_error(1, 1, f"post is {len(data)} bytes (limit {MAX_POST_BYTES})",
                               "split it or move data to a separate file"))
    text = _decode(path, data, problems)
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        problems.append(_error(line, col, "NUL byte in the post", "remove it (binary file?)"))
        text = text.replace("\x00", "")
    fm = frontmatter.split_front_matter(text)
    if not fm.present and not fm.problems:
        problems.append(_error(1, 1, "no front matter (Jekyll would not treat this as a post)",
                               "start with '---', 'title: ...', 'date: ...', '---'"))
    meta, meta_problems = frontmatter.resolve_meta(fm, path.stem)
    problems += fm.problems + meta_problems + frontmatter_problems(fm) + unknown_keys(fm)
    problems += body_problems(fm.body)
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str:
    from .safety import decode_source

    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text, encoding = decode_source(data)
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        source = encoding if encoding != "utf-8?" else "utf-8 -c"
        name = "invalid UTF-8" if encoding == "utf-8?" else encoding.upper()
        problems.append(
            _error(line, col, f"not UTF-8 ({name})",
                   f"iconv -f {source} -t utf-8 {path.name} > tmp && mv tmp {path.name}")
        )
        return text


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def name_problems(paths: Iterable[Path]) -> dict[Path, list[Problem]]:
    """File-name rules across posts: NFC names, no names differing only in case."""
    found: dict[Path, list[Problem]] = {}
    seen: dict[tuple[Path, str], Path] = {}
    for path in sorted(paths):
        name = path.name
        if unicodedata.normalize("NFC", name) != name:
            found.setdefault(path, []).append(
                _error(1, 1, "file name is not NFC-normalised (macOS decomposed Hangul)",
                       "rename the file (e.g. with `convmv -f utf-8 -t utf-8 --nfc`)"))
        key = (path.parent, unicodedata.normalize("NFC", name).casefold())
        if key in seen:
            found.setdefault(path, []).append(
                _error(1, 1, f"same name as {seen[key].name} except for case",
                       "rename one of them: they collide on macOS/Windows"))
        else:
            seen[key] = path
        if not frontmatter.FILENAME_RE.match(Path(name).stem):
            found.setdefault(path, []).append(
                _warning(1, 1, "file name is not YYYY-MM-DD-slug.md",
                         "rename it; the date comes from the front matter otherwise"))
    return found


def collect(paths: Iterable[Path]) -> list[Path]:
    out: set[Path] = set()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            out.update(p for p in path.rglob("*") if p.suffix in POST_SUFFIXES)
        else:
            out.add(path)
    return sorted(out)


def check_paths(paths: Iterable[Path]) -> list[Finding]:
    files = collect(paths)
    by_name = name_problems(files)
    findings: list[Finding] = []
    for path in files:
        if not path.exists() and not path.is_symlink():
            findings.append(Finding(str(path), _error(1, 1, "no such file")))
            continue
        for problem in sorted(set(by_name.get(path, []) + check_file(path)),
                              key=lambda p: (p.line, p.column, p.message)):
            findings.append(Finding(str(path), problem))
    return findings
