"""The post validator: every problem of every post at once, ``path:line:col``.

``python -m jekyll_book check PATH...`` reads posts without building them.
Its rules are the build's: :func:`frontmatter_problems` is called by the
build too, raw HTML goes through the same sanitiser (:mod:`.safety.html`) and
directives through the same rule.  Three levels, as in the build:

* silent -- whatever Jekyll builds without complaint and we render alike
  (empty ``categories:``, any front-matter key, ``markdown="1"``, ids…);
* warning -- something a reader of the Jekyll site saw and ours cannot show;
* error -- a post that cannot be read as Jekyll reads it (bytes, YAML, no
  front matter).  The build still shows it as well as it can.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from jekyll_book.jekyll import frontmatter
from jekyll_book.jekyll.frontmatter import POST_SUFFIXES, Problem, decode_source
from jekyll_book.safety import (
    forbidden_directive,
    frontmatter_problems,
    sanitize_html_report,
    url_scheme,
)

#: token nesting beyond which the build (MAX_DOCTREE_DEPTH = 64 doctree
#: levels, sections included) shows the content as plain text
MAX_NESTING = 50
#: Liquid blocks whose text is code or hidden: their "HTML" is not HTML
_LIQUID_VERBATIM = re.compile(
    r"\{%-?\s*(highlight|raw|comment)\b.*?%\}(.*?)\{%-?\s*end\1\s*-?%\}", re.DOTALL
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


# -- body ---------------------------------------------------------------------------


def _blank_verbatim(body: str) -> str:
    """Liquid code/raw/comment blocks as blank lines (line numbers kept)."""
    return _LIQUID_VERBATIM.sub(lambda m: "\n" * m.group(0).count("\n"), body)


def body_problems(body: str, post: Path | None = None, root: Path | None = None) -> list[Problem]:
    """Nesting, forbidden directives, HTML a reader would lose and links
    to files outside the site -- found with markdown-it itself."""
    problems: list[Problem] = []
    md = MarkdownIt("commonmark")
    md.options["maxNesting"] = 200
    md.enable("table")
    deepest: tuple[int, int] = (0, 0)
    for token, level, line in _walk(md.parse(_blank_verbatim(body))):
        deepest = max(deepest, (level, line), key=lambda d: d[0])
        if token.type == "fence":
            why = forbidden_directive(token.info, token.content)
            if why:
                problems.append(_warning(line, 1, why, "remove the directive"))
        elif token.type in ("html_block", "html_inline"):
            _, removed = sanitize_html_report(token.content)
            for removal in removed:
                problems.append(_warning(line, 1, f"removed by the build: {removal.what}",
                                         removal.hint))
        elif token.type in ("link_open", "image") and post is not None and root is not None:
            attr = "href" if token.type == "link_open" else "src"
            target = str(token.attrGet(attr) or "").split("#")[0]
            if url_scheme(target) is None and target and not target.startswith("/"):
                resolved = (post.parent / target).resolve()
                if not resolved.is_relative_to(root.resolve()):
                    problems.append(_warning(line, 1, f"'{target}' points outside the site",
                                             "link to files inside the repository"))
    if deepest[0] > MAX_NESTING:
        problems.append(
            _warning(deepest[1], 1, f"content nested {deepest[0]} levels deep; the build "
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


def check_file(path: Path, root: Path | None = None) -> list[Problem]:
    if path.is_symlink():
        return [_error(1, 1, "post is a symbolic link; the build refuses it",
                       "copy the file into the repository")]
    data = path.read_bytes()
    problems: list[Problem] = []
    text = _decode(path, data, problems)
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        problems.append(_error(line, col, "NUL byte in the post", "remove it (binary file?)"))
        text = text.replace("\x00", "")
    fm = frontmatter.split_front_matter(text)
    if not fm.present and not fm.problems:
        problems.append(_error(1, 1, "no front matter (Jekyll would not treat this as a post)",
                               "start with '---', 'title: ...', 'date: ...', '---'"))
    _, meta_problems = frontmatter.resolve_meta(fm, path.stem)
    problems += fm.problems + meta_problems + frontmatter_problems(fm)
    problems += body_problems(fm.body, path, root)
    return sorted(set(problems), key=lambda p: (p.line, p.column, p.message))


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str:
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
                _warning(1, 1, "file name is not NFC-normalised (macOS decomposed Hangul)",
                       "rename the file (e.g. with `convmv -f utf-8 -t utf-8 --nfc`)"))
        key = (path.parent, unicodedata.normalize("NFC", name).casefold())
        if key in seen:
            found.setdefault(path, []).append(
                _warning(1, 1, f"same name as {seen[key].name} except for case",
                       "rename one of them: they collide on macOS/Windows"))
        else:
            seen[key] = path
    return found


def collect(paths: Iterable[Path]) -> list[Path]:
    out: set[Path] = set()
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            out.update(p for p in path.rglob("*") if p.suffix in POST_SUFFIXES)
        else:
            out.add(path)
    return sorted(out)


def check_paths(paths: Iterable[Path], root: Path | None = None) -> list[Finding]:
    """Every problem of the posts under ``paths``; links may not leave
    ``root`` (default: the current folder, or the folders given when the
    posts lie elsewhere)."""
    paths = list(paths)
    files = collect(paths)
    if root is None:
        cwd = Path.cwd().resolve()
        inside = all(p.resolve().is_relative_to(cwd) for p in paths)
        folders = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
        root = cwd if inside else Path(os.path.commonpath(folders))
    by_name = name_problems(files)
    findings: list[Finding] = []
    for path in files:
        if not path.exists() and not path.is_symlink():
            findings.append(Finding(str(path), _error(1, 1, "no such file")))
            continue
        for problem in sorted(set(by_name.get(path, []) + check_file(path, root)),
                              key=lambda p: (p.line, p.column, p.message)):
            findings.append(Finding(str(path), problem))
    return findings


def _run_check(args: argparse.Namespace) -> int:
    findings = check_paths(args.paths or [Path(args.posts_dir)])
    for finding in findings:
        print(finding)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    failed = bool(findings)
    sys.stdout.flush()
    print(
        f"jekyll_book check: {errors} error(s), {warnings} warning(s)",
        file=sys.stderr if failed else sys.stdout,
    )
    return 1 if failed else 0


def add_check_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="validate posts: encoding, front matter, unsafe HTML and directives",
        description="Report every problem of the given posts (default: the posts "
        "folder) as path:line:col with a fix, without building the site; exit 1 when "
        "anything is found.  `make check` runs the build's full check instead.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="post files or folders")
    parser.add_argument(
        "--posts-dir", default="docs/posts", help="folder checked when no PATH is given"
    )
    parser.set_defaults(func=_run_check)
