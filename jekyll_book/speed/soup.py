"""BeautifulSoup's class selector without soupsieve, for the theme's table of contents."""

from __future__ import annotations

import functools
import re
from typing import Any


def with_class(root: Any, name: str) -> list[Any]:
    """The elements under ``root`` whose class list holds ``name``, in
    document order, as soupsieve's ``.name`` matches them in an HTML tree: a
    string class attribute is split on whitespace, the attribute name is
    compared in lower case, and ``template`` contents are not entered (except
    the root's own)."""
    from bs4.element import Tag

    found = []
    stack = [iter(root.contents)]
    while stack:
        for el in stack[-1]:
            if not isinstance(el, Tag):
                continue
            classes: Any = ()
            for key, value in el.attrs.items():
                if key.lower() == "class":
                    classes = value.split() if isinstance(value, str) else (value or ())
                    break
            if name in classes:
                found.append(el)
            if el.contents and (el.name or "").lower() != "template":
                stack.append(iter(el.contents))
                break
        else:
            stack.pop()
    return found


def make_class_select(originals: dict[str, Any]) -> dict[str, Any]:
    """``soup.select(".toc-h1")`` without soupsieve in HTML trees:
    pydata-sphinx-theme selects by class in every page's table of contents,
    and soupsieve compiles its patterns on first use in each process (~0.25 s,
    a twentieth of a one-post rebuild).  Other selectors, options and XML
    trees go to soupsieve."""
    from bs4.element import ResultSet

    select = originals["bs4.element:Tag.select"]
    one_class = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)\Z")

    @functools.wraps(select)
    def fast_select(
        self: Any, selector: str, namespaces: Any = None, limit: int = 0, **kwargs: Any
    ) -> Any:
        match = one_class.match(selector) if isinstance(selector, str) else None
        if match and not self._is_xml and namespaces is None and not limit and not kwargs:
            return ResultSet(None, with_class(self, match.group(1)))
        return select(self, selector, namespaces, limit, **kwargs)

    return {"bs4.element:Tag.select": fast_select}
