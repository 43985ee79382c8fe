"""Command line: ``python -m jekyll_book <command>``.

Each command is one ``add_<name>_command(subparsers)`` that sets ``func``;
add a new command by writing such a function and listing it in COMMANDS.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

from jekyll_book.cli.check import add_check_command
from jekyll_book.cli.importer import add_import_command
from jekyll_book.cli.search import add_search_command

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
