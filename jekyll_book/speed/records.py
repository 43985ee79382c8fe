"""Every replacement of another package's code, as a record (see :mod:`.registry`).

To add one: write ``make_<name>(originals) -> {target: replacement}`` next to
its kin (``docutils_walks``, ``sphinx_work``, ``themes``, ``soup``, ``myst``),
add a :class:`Patch` below naming every function it replaces or copies the
logic of, run ``make speed-fingerprints`` and review the diff, and add a
test to ``tests/test_speed_patches.py`` that runs the original in its own
process.  Prefer a public hook (a builder or translator subclass) and a
:class:`Guard` wherever Sphinx offers one.
"""

from __future__ import annotations

from jekyll_book.speed.docutils_walks import (
    make_document_lookup,
    make_matcher_walks,
    make_quiet_walks,
    make_tree_walks,
    make_unescape,
    start_counting,
    stop_counting,
)
from jekyll_book.speed.fingerprints import FINGERPRINTS
from jekyll_book.speed.myst import make_page_trees
from jekyll_book.speed.registry import PYTHON, Guard, Patch
from jekyll_book.speed.soup import make_class_select
from jekyll_book.speed.sphinx_work import (
    make_env_load,
    make_fixed_lookups,
    make_highlight_pass,
    make_search_walk,
    make_settings_cache,
)
from jekyll_book.speed.themes import (
    THEME_METADATA,
    THEME_TEMPLATES,
    make_theme_checks,
    make_theme_description,
)

#: the releases the records were written for (the fingerprints pin the code)
DOCUTILS = {"docutils": ">=0.22,<0.23"}
SPHINX = {"sphinx": ">=9.0,<10"}
MYST = {"myst-parser": ">=5.0,<6", "markdown-it-py": ">=4.0,<5"}
STDLIB = {PYTHON: ">=3.11,<3.15"}

# names the rest of the package asks :func:`.state.active` about
TRANSLATOR_DISPATCH = "translator dispatch"
FORMATTERS = "formatters"
RENDERER_SETUP = "myst renderer setup"
DOCTREES_ON_DISK = "doctrees on disk"
UNCHANGED_FINISH = "unchanged finish"
PARALLEL_READ = "parallel read"
PARALLEL_WRITE = "parallel write"


def _pinned(*targets: str) -> dict[str, str]:
    """``{target: fingerprint}`` as recorded for the pinned releases (a target
    missing from the table gets a fingerprint nothing matches)."""
    return {target: FINGERPRINTS.get(target, "unrecorded") for target in targets}


RECORDS: list[Guard] = [
    # -- docutils ------------------------------------------------------------------
    Patch(
        "tree walks",
        why="findall without a generator per level, no descent for classes never made",
        requires={**DOCUTILS, **STDLIB},
        replaces=_pinned(
            "copyreg:_reconstructor",
            "docutils.nodes:Node._fast_findall",
            "docutils.nodes:Node._superfast_findall",
        ),
        relies_on={},
        make=make_tree_walks,
        start=start_counting,
        stop=stop_counting,
    ),
    Patch(
        "matcher walks",
        why="node.findall(NodeMatcher(...)) through the class walk",
        requires={**DOCUTILS, **SPHINX},
        replaces=_pinned("sphinx.util.nodes:NodeMatcher.findall", "docutils.nodes:Node.findall"),
        relies_on=_pinned("sphinx.util.nodes:NodeMatcher.match"),
        make=make_matcher_walks,
    ),
    Patch(
        "quiet walks",
        why="visitor walks without a debug message per node while debug is off",
        requires=DOCUTILS,
        replaces=_pinned(
            "docutils.nodes:Node.walk",
            "docutils.nodes:Node.walkabout",
            "docutils.nodes:NodeVisitor.dispatch_visit",
            "docutils.nodes:NodeVisitor.dispatch_departure",
        ),
        relies_on={},
        make=make_quiet_walks,
    ),
    Patch(
        "unescape",
        why="Text.astext() without three splits when there is no escape",
        requires=DOCUTILS,
        replaces=_pinned("docutils.nodes:unescape"),
        relies_on={},
        make=make_unescape,
    ),
    Patch(
        "document lookup",
        why="Node.document as a loop",
        requires=DOCUTILS,
        replaces=_pinned("docutils.nodes:Node.document"),
        relies_on={},
        make=make_document_lookup,
    ),
    # -- Sphinx ----------------------------------------------------------------------
    Patch(
        "settings",
        why="docutils settings of a page built once per build",
        requires={**SPHINX, **DOCUTILS},
        replaces=_pinned("sphinx.util.docutils:_get_settings"),
        relies_on={},
        make=make_settings_cache,
    ),
    Patch(
        "highlight",
        why="the highlight-language pass without a visitor",
        requires=SPHINX,
        replaces=_pinned("sphinx.transforms.post_transforms.code:HighlightLanguageTransform.apply"),
        relies_on=_pinned("sphinx.transforms.post_transforms.code:HighlightLanguageVisitor"),
        make=make_highlight_pass,
    ),
    Patch(
        "search walk",
        why="the search index's walk of a page as a loop",
        requires=SPHINX,
        replaces=_pinned("sphinx.search:_feed_visit_nodes"),
        relies_on=_pinned("sphinx.search:_is_meta_keywords"),
        make=make_search_walk,
    ),
    Patch(
        "fixed lookups",
        why="asset checksums and docutils' stylesheet list once per build",
        requires={**SPHINX, **DOCUTILS},
        replaces=_pinned(
            "sphinx.builders.html:_file_checksum", "docutils.utils:get_stylesheet_list"
        ),
        relies_on={},
        make=make_fixed_lookups,
    ),
    Patch(
        "environment load",
        why="a rebuild's environment unpickled without collections, then frozen",
        requires=SPHINX,
        replaces=_pinned("sphinx.application:Sphinx._load_existing_env"),
        relies_on={},
        make=make_env_load,
    ),
    # -- themes and BeautifulSoup --------------------------------------------------------
    Patch(
        "theme emptiness checks",
        why="pydata-sphinx-theme's extra render of components that are never empty",
        requires={"pydata-sphinx-theme": ">=0.16,<0.21"},
        replaces=_pinned(THEME_TEMPLATES),
        relies_on={},
        make=make_theme_checks,
    ),
    Patch(
        "theme description",
        why="sphinx-book-theme's description from the sections it needs",
        requires={"sphinx-book-theme": ">=1.4,<2"},
        replaces=_pinned(THEME_METADATA),
        relies_on={},
        make=make_theme_description,
    ),
    Patch(
        "class select",
        why="soup.select('.name') without soupsieve",
        requires={"beautifulsoup4": ">=4.13,<5"},
        replaces=_pinned("bs4.element:Tag.select"),
        relies_on={},
        make=make_class_select,
    ),
    # -- MyST --------------------------------------------------------------------------
    Patch(
        "myst syntax trees",
        why="a page's syntax tree freed without a garbage collection",
        requires=MYST,
        replaces=_pinned("myst_parser.mdit_to_docutils.base:SyntaxTreeNode"),
        relies_on={},
        make=make_page_trees,
    ),
    # -- our subclasses (public hooks) that stand in for private code -----------------------
    Guard(
        RENDERER_SETUP,
        why="parser._Renderer.setup_render: no throw-away document per page",
        requires=MYST,
        relies_on=_pinned("myst_parser.mdit_to_docutils.base:DocutilsRenderer.setup_render"),
    ),
    Guard(
        FORMATTERS,
        why="speed.highlighting.OneFormatterPerOptions: one Pygments formatter per option set",
        requires=SPHINX,
        relies_on=_pinned(
            "sphinx.highlighting:PygmentsBridge.__init__",
            "sphinx.highlighting:PygmentsBridge.get_formatter",
            "sphinx.builders.html:StandaloneHTMLBuilder.init_highlighter",
        ),
    ),
    Guard(
        TRANSLATOR_DISPATCH,
        why="speed.translator.JekyllHTMLTranslator: node methods found once per class",
        requires=SPHINX,
        relies_on=_pinned(
            "sphinx.util.docutils:SphinxTranslator.dispatch_visit",
            "sphinx.util.docutils:SphinxTranslator.dispatch_departure",
        ),
    ),
    Guard(
        DOCTREES_ON_DISK,
        why="perf.DoctreesOnDisk: a serial build keeps no doctree in memory",
        requires=SPHINX,
        relies_on=_pinned(
            "sphinx.builders:Builder._read_serial",
            "sphinx.builders:Builder.read_doc",
            "sphinx.builders:Builder.write_doctree",
            "sphinx.builders:Builder._write_serial",
            "sphinx.builders:_write_docname",
        ),
    ),
    Guard(
        UNCHANGED_FINISH,
        why="perf.KeepUnchangedFinish: a rebuild that writes nothing keeps the search index",
        requires=SPHINX,
        relies_on=_pinned(
            "sphinx.builders.html:StandaloneHTMLBuilder.finish",
            "sphinx.builders.html:StandaloneHTMLBuilder.prepare_writing",
            "sphinx.builders.html:StandaloneHTMLBuilder.load_indexer",
            "sphinx.builders.html:StandaloneHTMLBuilder.dump_search_index",
            "sphinx.builders.html:StandaloneHTMLBuilder.gen_indices",
            "sphinx.builders.html:StandaloneHTMLBuilder.gen_additional_pages",
        ),
    ),
    Guard(
        PARALLEL_READ,
        why="parallel.ParallelWriteMixin._read_parallel: one environment sent back per worker",
        requires=SPHINX,
        relies_on=_pinned(
            "sphinx.builders:Builder._read_parallel",
            "sphinx.builders:Builder.read_doc",
            "sphinx.util.parallel:ParallelTasks",
        ),
    ),
    Guard(
        PARALLEL_WRITE,
        why="parallel.ParallelWriteMixin: whole pages written in the workers",
        requires=SPHINX,
        relies_on=_pinned(
            "sphinx.builders:Builder.write_documents",
            "sphinx.builders:Builder._write_parallel",
            "sphinx.builders:_write_docname",
            "sphinx.util.parallel:ParallelTasks",
            "sphinx.search:IndexBuilder.__init__",
            "sphinx.search:IndexBuilder.feed",
        ),
    ),
]


def all_targets() -> list[str]:
    """Every target of every record, in record order, once."""
    seen: dict[str, None] = {}
    for record in RECORDS:
        for target in record.targets:
            seen.setdefault(target)
    return list(seen)
