"""docutils' tree walks, visitor walks and per-node lookups, without the overhead.

py-spy samples of a 1,315-page build showed docutils' tree walks
(``Node.findall``, run by some 60 transforms per page, each a recursive
generator that resumes one frame per tree level for every node;
``NodeMatcher`` walks take docutils' slowest, callable path) and a debug
message formatted per node and step of every visitor walk.  Each function
here computes what the one it stands for computes; the records in
:mod:`.records` install them, and ``tests/test_speed_patches.py`` compares
each with the original running in a separate process.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

from docutils import nodes

# -- "tree walks": walks that do not descend where nothing can be found --------------

#: every docutils element class of which this process (or the process it was
#: forked from) made an instance since the walks were first installed, by
#: calling the class, copying or unpickling, plus those alive at each install
_made: set[type] = {nodes.Text}
#: whether ``_made`` is being kept (the "tree walks" record is in place)
_counting = False
#: class (or tuple of classes) → whether nothing in ``_made`` is one of them
_never_made: dict[Any, bool] = {}


def _element_new(cls: type, *args: Any, **kwargs: Any) -> Any:
    """``Element.__new__``: notes the class (every way of making a node ends
    here: a call, ``copy``/``deepcopy`` and unpickling alike)."""
    if cls not in _made:
        _made.add(cls)
        _never_made.clear()
    return object.__new__(cls)


def _none_made(cls: type | tuple[type, ...]) -> bool:
    try:
        return _never_made[cls]
    except KeyError:
        none = _never_made[cls] = not any(issubclass(made, cls) for made in list(_made))
        return none


def fast_findall(self: nodes.Node, cls: type | tuple[type, ...]) -> Iterator[nodes.Node]:
    """``Node._fast_findall`` without one generator per tree level.

    Same order (pre-order) and the same behaviour when the caller edits the
    tree while iterating: a node's children are taken when the walk resumes
    after yielding it, exactly as the recursive original does.

    While the classes made are counted, a walk for a class of which no node
    was ever made in this process (a page's ~60 transforms look for
    glossaries, citations, C++ aliases, index entries…) cannot find one below
    this node, so it does not descend.
    """
    if isinstance(self, cls):
        yield self
    if not self.children or (_counting and _none_made(cls)):
        return
    stack = [iter(self.children)]
    while stack:
        for child in stack[-1]:
            if isinstance(child, cls):
                yield child
            if child.children:
                stack.append(iter(child.children))
                break
        else:
            stack.pop()


def superfast_findall(self: nodes.Node) -> Iterator[nodes.Node]:
    """``Node._superfast_findall``: the same walk, every node being a Node."""
    return fast_findall(self, nodes.Node)


def start_counting() -> None:
    """Note every class of node made from now on, and those alive now.

    ``Element.__new__`` is set once per process and stays: CPython cannot
    give a class its inherited ``object.__new__`` back (deleting the
    attribute leaves a slot that rejects the constructor's arguments), so
    undoing the record only stops the walks from using what it notes; it
    then costs a set lookup per node made and changes nothing made.
    """
    global _counting
    current = vars(nodes.Element).get("__new__")
    if current is None and nodes.Element.__new__ is object.__new__:
        nodes.Element.__new__ = staticmethod(_element_new)  # type: ignore[assignment,method-assign]
    elif not (isinstance(current, staticmethod) and current.__func__ is _element_new):
        raise RuntimeError("docutils.nodes.Element has a __new__ of its own")
    # the nodes that exist already (made before, or while the walks were off)
    _made.update(type(obj) for obj in gc.get_objects() if isinstance(obj, nodes.Element))
    _never_made.clear()
    _counting = True


def stop_counting() -> None:
    global _counting
    _counting = False
    _never_made.clear()


def make_tree_walks(originals: dict[str, Any]) -> dict[str, Any]:
    reconstructor = originals["copyreg:_reconstructor"]

    def _reconstructor(cls: type, base: type, state: Any) -> Any:
        # the one way round __new__: old pickle protocols rebuild with
        # object.__new__ (copies that call object.__new__ themselves, as
        # Sphinx's Element.copy, copy a node whose class was noted when made)
        if isinstance(cls, type) and issubclass(cls, nodes.Element):
            _element_new(cls)
        return reconstructor(cls, base, state)

    # pickled by name, as the function it stands for
    _reconstructor.__module__, _reconstructor.__qualname__ = "copyreg", "_reconstructor"
    return {
        "copyreg:_reconstructor": _reconstructor,
        "docutils.nodes:Node._fast_findall": fast_findall,
        "docutils.nodes:Node._superfast_findall": superfast_findall,
    }


# -- "matcher walks": node.findall(NodeMatcher(...)) through the class walk ---------------


def matcher_findall(self: Any, node: nodes.Node) -> Iterator[nodes.Node]:
    """``NodeMatcher.findall`` through the class walk, then the attribute test.

    The original hands the matcher to ``findall`` as a callable, which takes
    docutils' general path (a nested generator and a call per node).
    """
    if not self.classes:
        yield from node.findall(self)
        return
    match = self.match
    for found in fast_findall(node, self.classes):
        if match(found):
            yield found


def make_matcher_walks(originals: dict[str, Any]) -> dict[str, Any]:
    from sphinx.util.nodes import NodeMatcher

    findall = originals["docutils.nodes:Node.findall"]

    def findall_matching(
        self: nodes.Node,
        condition: Any = None,
        include_self: bool = True,
        descend: bool = True,
        siblings: bool = False,
        ascend: bool = False,
    ) -> Iterator[nodes.Node]:
        # node.findall(NodeMatcher(...)), as the theme's link shortener
        # walks every page, took docutils' slowest path (a call per node)
        if (
            isinstance(condition, NodeMatcher)
            and condition.classes
            and include_self
            and descend
            and not (siblings or ascend)
        ):
            return matcher_findall(condition, self)
        return findall(self, condition, include_self, descend, siblings, ascend)

    return {
        "sphinx.util.nodes:NodeMatcher.findall": matcher_findall,
        "docutils.nodes:Node.findall": findall_matching,
    }


# -- "quiet walks": visitor walks without a debug message per node ------------------------


def _quiet(reporter: Any) -> bool:
    """Whether docutils' debug messages are off (each walk step formats one)."""
    return not getattr(reporter, "debug_flag", True)  # as Reporter.debug tests it


def quiet_walk(node: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
    """``Node.walk`` without its debug message (see the original)."""
    stop = False
    try:
        try:
            visitor.dispatch_visit(node)
        except (nodes.SkipChildren, nodes.SkipNode):
            return stop
        except nodes.SkipDeparture:
            pass
        try:
            for child in node.children[:]:
                if quiet_walk(child, visitor):
                    stop = True
                    break
        except nodes.SkipSiblings:
            pass
    except nodes.StopTraversal:
        stop = True
    return stop


def quiet_walkabout(node: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
    """``Node.walkabout`` without its debug messages (see the original)."""
    call_depart = True
    stop = False
    try:
        try:
            visitor.dispatch_visit(node)
        except nodes.SkipNode:
            return stop
        except nodes.SkipDeparture:
            call_depart = False
        try:
            for child in node.children[:]:
                if quiet_walkabout(child, visitor):
                    stop = True
                    break
        except nodes.SkipSiblings:
            pass
    except nodes.SkipChildren:
        pass
    except nodes.StopTraversal:
        stop = True
    if call_depart:
        visitor.dispatch_departure(node)
    return stop


def make_quiet_walks(originals: dict[str, Any]) -> dict[str, Any]:
    """``Node.walk``/``walkabout`` and ``NodeVisitor.dispatch_visit``/
    ``dispatch_departure`` format a message for every node they pass and
    hand it to ``reporter.debug``, which drops it unless docutils' debug
    setting is on (~3 % of a build).  With the setting on, the originals run.
    """
    walk_original = originals["docutils.nodes:Node.walk"]
    walkabout_original = originals["docutils.nodes:Node.walkabout"]
    visit = originals["docutils.nodes:NodeVisitor.dispatch_visit"]
    depart = originals["docutils.nodes:NodeVisitor.dispatch_departure"]

    def walk(self: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
        if _quiet(visitor.document.reporter):
            return quiet_walk(self, visitor)
        return walk_original(self, visitor)

    def walkabout(self: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
        if _quiet(visitor.document.reporter):
            return quiet_walkabout(self, visitor)
        return walkabout_original(self, visitor)

    def dispatch_visit(self: nodes.NodeVisitor, node: nodes.Node) -> Any:
        if _quiet(self.document.reporter):
            return getattr(self, "visit_" + node.__class__.__name__, self.unknown_visit)(node)
        return visit(self, node)

    def dispatch_departure(self: nodes.NodeVisitor, node: nodes.Node) -> Any:
        if _quiet(self.document.reporter):
            return getattr(self, "depart_" + node.__class__.__name__, self.unknown_departure)(node)
        return depart(self, node)

    return {
        "docutils.nodes:Node.walk": walk,
        "docutils.nodes:Node.walkabout": walkabout,
        "docutils.nodes:NodeVisitor.dispatch_visit": dispatch_visit,
        "docutils.nodes:NodeVisitor.dispatch_departure": dispatch_departure,
    }


# -- "unescape" and "document lookup" ----------------------------------------------------


def make_unescape(originals: dict[str, Any]) -> dict[str, Any]:
    """docutils' ``unescape`` (behind every ``Text.astext()``) returns at once
    when there is no escape to remove: it otherwise splits and joins the
    text three times, and almost no text holds a NUL escape."""
    original = originals["docutils.nodes:unescape"]

    def unescape(
        text: str, restore_backslashes: bool = False, respect_whitespace: bool = False
    ) -> str:
        if "\x00" not in text:
            return str.__str__(text)  # a plain str, as the original returns
        return original(text, restore_backslashes, respect_whitespace)

    return {"docutils.nodes:unescape": unescape}


def document_of(self: nodes.Node) -> Any:
    """``Node.document`` up the parents in a loop (docutils recurses once per
    level, and every node added to a tree asks for it)."""
    node: Any = self
    try:
        while True:
            found = node._document
            if found:
                return found
            node = node.parent
            if node is None:
                return None
    except AttributeError:
        return None


def make_document_lookup(originals: dict[str, Any]) -> dict[str, Any]:
    original: property = originals["docutils.nodes:Node.document"]
    return {
        "docutils.nodes:Node.document": property(document_of, original.fset, doc=original.__doc__)
    }
