"""The themes' per-page work: emptiness renders and the page description.

pydata-sphinx-theme renders header and sidebar components an extra time per
page only to learn whether they are empty; sphinx-book-theme takes the text
of every section of a page for a 160-character description.  The
replacements here give the same pages with less work.
"""

from __future__ import annotations

import functools
import os
import weakref
from collections.abc import Callable
from typing import Any

from docutils import nodes

THEME_TEMPLATES = "pydata_sphinx_theme.utils:_update_and_remove_templates"
THEME_METADATA = "sphinx_book_theme:add_metadata_to_page"

#: context functions whose every call changes the page (pydata-sphinx-theme
#: numbers ids per call): a template that may call one is always rendered
_SIDE_EFFECTS = ("unique_html_id",)


def _parse_template(environment: Any, name: str) -> tuple[str, Any] | None:
    """Source and Jinja syntax tree of template *name*, None if it cannot be read."""
    try:
        source = environment.loader.get_source(environment, name)[0]
        return source, environment.parse(source)
    except Exception:  # noqa: BLE001 - not provable, let the theme render it
        return None


def _statically_non_empty(environment: Any, name: str) -> bool:
    """Whether template *name* always renders some non-blank text, and
    rendering it once more or once less changes nothing else.

    True when its top level (run unconditionally, no ``extends``) outputs a
    literal piece of markup, e.g. ``<div class="article-header-buttons">``,
    and neither it nor a template it includes calls a numbering function.
    """
    from jinja2 import nodes as jnodes

    parsed = _parse_template(environment, name)
    if parsed is None:
        return False
    body = parsed[1].body
    if any(isinstance(node, jnodes.Extends) for node in body):
        return False
    return _without_side_effects(environment, name, set(), parsed) and any(
        isinstance(part, jnodes.TemplateData) and part.data.strip()
        for node in body
        if isinstance(node, jnodes.Output)
        for part in node.nodes
    )


def _without_side_effects(
    environment: Any, name: str, seen: set[str], parsed: tuple[str, Any] | None = None
) -> bool:
    """No numbering call in *name* or in what it includes or imports."""
    from jinja2 import nodes as jnodes

    if name in seen:
        return True
    seen.add(name)
    parsed = parsed or _parse_template(environment, name)
    if parsed is None:
        return False
    source, tree = parsed
    if any(call in source for call in _SIDE_EFFECTS):
        return False
    for node in tree.find_all((jnodes.Include, jnodes.Import, jnodes.FromImport)):
        if not isinstance(node.template, jnodes.Const) or not isinstance(node.template.value, str):
            return False  # a name computed at render time
        if not _without_side_effects(environment, node.template.value, seen):
            return False
    return True


def make_theme_checks(originals: dict[str, Any]) -> dict[str, Any]:
    """Skip pydata-sphinx-theme's emptiness render for components never empty.

    The theme renders every sidebar and header component once to drop the
    empty ones and again in the page; sphinx-book-theme's header buttons and
    sidebar navigation are ~3 % of a build's CPU in that first render alone.
    """
    original: Callable[..., list[str]] = originals[THEME_TEMPLATES]
    # per template environment (one per builder), forgotten with it
    proven: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()

    def _update_and_remove_templates(
        app: Any,
        context: dict[str, Any],
        templates: list | str,
        section: str,
        templates_skip_empty_check: list[str] | None = None,
    ) -> list[str]:
        skip = list(templates_skip_empty_check or ())
        names = (
            [t.strip() for t in templates.split(",")] if isinstance(templates, str) else templates
        )
        environment = app.builder.templates.environment
        known = proven.setdefault(environment, {})
        for name in names:
            full = name if os.path.splitext(name)[1] else f"{name}.html"
            if full not in known:
                known[full] = _statically_non_empty(environment, full)
            if known[full]:
                skip.append(full)
        return original(app, context, templates, section, templates_skip_empty_check=skip)

    return {THEME_TEMPLATES: _update_and_remove_templates}


#: sphinx-book-theme's page description is this long
_DESCRIPTION = 160


def make_theme_description(originals: dict[str, Any]) -> dict[str, Any]:
    """sphinx-book-theme's page description without the text of every section.

    ``add_metadata_to_page`` joins the text of *every* section, nested ones
    again with their parents, only to keep the first 160 characters: a post
    of 6 talks had its text taken ~3 times per page (1.5 % of a build).  The
    same 160 characters come from the sections up to the one that reaches
    them.  (The theme connects the function when it is loaded, after this.)
    """
    original = originals[THEME_METADATA]

    @functools.wraps(original)
    def add_metadata_to_page(
        app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        original(app, pagename, templatename, context, None)  # all but the description
        if doctree:
            description = ""
            for section in doctree.findall(nodes.section):
                description += section.astext().replace("\n", " ")
                if len(description) >= _DESCRIPTION:
                    break
            context["page_description"] = description[:_DESCRIPTION]

    return {THEME_METADATA: add_metadata_to_page}
