"""MyST's syntax trees, freed without a garbage collection.

MyST builds the syntax tree of a page with the ``SyntaxTreeNode`` name of
its renderer module; the "myst syntax trees" record puts :class:`PageTree`
there.  The renderer of :mod:`jekyll_book.source.parser` notes the trees of the page
it renders (:data:`tree_lists`) and takes them apart once the page is done.
"""

from __future__ import annotations

from typing import Any

from markdown_it.tree import SyntaxTreeNode

#: the syntax trees of the pages being rendered, innermost page last
tree_lists: list[list[SyntaxTreeNode]] = []


class PageTree(SyntaxTreeNode):
    """MyST's syntax tree of a page, noted by the page's renderer.

    Each node of the tree points to its parent: the tree of a page (~500
    nodes holding the page's ~700 tokens) is a reference cycle that only a
    garbage collection frees.  Its parent links are cut once the page is
    rendered, so it is freed when MyST drops it, without that collection
    walking it.
    """

    def __init__(self, tokens: Any = (), *, create_root: bool = True) -> None:
        super().__init__(tokens, create_root=create_root)
        if create_root and tree_lists:
            tree_lists[-1].append(self)


def take_apart(tree: SyntaxTreeNode) -> None:
    stack = [tree]
    while stack:
        node = stack.pop()
        for child in node._children:
            child._parent = None
            stack.append(child)


def make_page_trees(originals: dict[str, Any]) -> dict[str, Any]:
    return {"myst_parser.mdit_to_docutils.base:SyntaxTreeNode": PageTree}
