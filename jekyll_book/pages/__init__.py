"""Generated pages: tags, categories, archive, session index, landing pages.

Written as Markdown sources from the ``builder-inited`` prescan of every
post's front matter (:mod:`.generate`, only when their text changes), then
read like any page; their ``{post-list}`` cards are filled in from the Domain
when they are written (:mod:`.listing`).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from jekyll_book.features.labels import CATEGORIES_DIR
from jekyll_book.features.sessions import SESSIONS_DIR, sessions_page
from jekyll_book.pages.archives import ARCHIVE_DIR, archive_pages, category_pages
from jekyll_book.pages.generate import OverviewPage, PageBuilder, setup_generate
from jekyll_book.pages.listing import landing_pages
from jekyll_book.pages.tags import tag_pages, tags_index_doc

#: every generated folder of pages, in the order they are made
PAGE_BUILDERS: tuple[PageBuilder, ...] = (
    landing_pages,
    tag_pages,
    category_pages,
    archive_pages,
    sessions_page,
)


def _categories_index(app: Sphinx) -> str:
    return f"{CATEGORIES_DIR}/index"


def _archive_index(app: Sphinx) -> str:
    return f"{ARCHIVE_DIR}/index"


def _sessions_index(app: Sphinx) -> str:
    return f"{SESSIONS_DIR}/index"


#: generated overview pages a site's toctree need not list
OVERVIEW_PAGES: tuple[OverviewPage, ...] = (
    tags_index_doc,
    _categories_index,
    _archive_index,
    _sessions_index,
)


def setup_pages(app: Sphinx) -> None:
    setup_generate(app, PAGE_BUILDERS, OVERVIEW_PAGES)
