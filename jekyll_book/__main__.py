"""Command line: ``python -m jekyll_book <command>``.

Each command is one ``add_<name>_command(subparsers)`` that sets ``func``;
add a new command by writing such a function and listing it in COMMANDS.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path


def _run_check(args: argparse.Namespace) -> int:
    from .check import check_paths

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


def add_import_command(sub: argparse._SubParsersAction) -> None:
    from .importer import add_import_command as add

    add(sub)


def add_search_command(sub: argparse._SubParsersAction) -> None:
    from .search_cli import add_search_command as add

    add(sub)


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    add_check_command,
    add_import_command,
    add_search_command,
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jekyll_book")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in COMMANDS:
        add(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
