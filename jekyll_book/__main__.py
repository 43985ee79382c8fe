"""``python -m jekyll_book <command>``: the commands live in :mod:`jekyll_book.cli`."""

from __future__ import annotations

import sys

from jekyll_book.cli import main

if __name__ == "__main__":
    sys.exit(main())
