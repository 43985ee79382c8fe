"""Guarded replacements of other packages' functions: records, checks, install, undo.

A :class:`Patch` names what it replaces (``"docutils.nodes:Node.findall"``),
the releases of the owning distributions it was written for and a
fingerprint of the source of each function it replaces or relies on.  A
:class:`Guard` is the same check for code of ours that *overrides* another
package's private method in a subclass (a builder, MyST's renderer): nothing
is assigned, the subclass asks :meth:`Registry.active` and otherwise runs
the inherited method.

Whatever goes wrong (a target missing, a fingerprint or version that differs,
an exception while installing) the record is skipped with one info line and
the build runs the package's own code: a newer release can make a build
slower, never break it or change its output.  Nothing here imports a
private name at module level; targets are looked up when installing.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import json
import os
import platform
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: ``requires`` key for the Python standard library (``copyreg``)
PYTHON = "python"


class Skip(Exception):
    """Why a record does not apply here (said in its info line)."""


# -- targets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """A target found: the object that holds it, the attribute, what is there."""

    owner: Any
    attr: str
    #: the value as stored on the owner (a property or staticmethod, not what
    #: attribute access makes of it); ``value`` is what attribute access gives
    raw: Any
    value: Any
    #: whether ``owner`` itself holds the attribute (else it is inherited and
    #: undoing a replacement deletes it again)
    own: bool


def resolve(target: str) -> Resolved:
    """``"package.module:Class.attr"`` → where it lives; :class:`Skip` if it does not."""
    module_name, _, path = target.partition(":")
    try:
        owner: Any = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 - any import failure means "not here"
        raise Skip(f"{module_name} cannot be imported ({type(error).__name__})") from None
    *parents, attr = path.split(".")
    for name in parents:
        owner = getattr(owner, name, None)
        if owner is None:
            raise Skip(f"{target} is missing")
    holder = vars(owner) if hasattr(owner, "__dict__") else {}
    own = attr in holder
    if own:
        raw = holder[attr]
    else:
        missing = object()
        raw = getattr(owner, attr, missing)
        if raw is missing:
            raise Skip(f"{target} is missing")
    return Resolved(owner, attr, raw, getattr(owner, attr), own)


# -- fingerprints -------------------------------------------------------------------------


def _functions_of(raw: Any) -> list[Any]:
    """The code objects behind a stored attribute (a property's accessors…)."""
    if isinstance(raw, property):
        return [f for f in (raw.fget, raw.fset, raw.fdel) if f is not None]
    if isinstance(raw, (staticmethod, classmethod)):
        return [raw.__func__]
    return [raw]


class _DropDocstrings(ast.NodeTransformer):
    def _strip(self, node: Any) -> Any:
        self.generic_visit(node)
        body = node.body
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Module = _strip


def normalised_source(obj: Any) -> str:
    """What a fingerprint is taken of: the syntax tree of ``obj``'s source
    without docstrings, comments, formatting or line numbers (a reworded
    comment keeps the patch, a changed statement does not); for a function
    with no Python source (``object.__new__``), its qualified name."""
    parts = []
    for function in _functions_of(obj):
        try:
            source = textwrap.dedent(inspect.getsource(function))
        except (OSError, TypeError):
            module = getattr(function, "__module__", None) or type(function).__module__
            name = getattr(function, "__qualname__", type(function).__qualname__)
            parts.append(f"<no source> {module}.{name}")
            continue
        tree = _DropDocstrings().visit(ast.parse(source))
        # unparsed, not dumped: a dump names fields that newer Pythons add
        parts.append(ast.unparse(tree))
    return "\n".join(parts)


#: fingerprints by object, for the process (the object is kept so its id stays its own)
_fingerprints: dict[int, tuple[Any, str]] = {}


def _source_key(raw: Any) -> str | None:
    """Where ``raw``'s source is, as it is now (file, size, change time, name),
    or None if that cannot be told: a fingerprint stored under this key is
    still the fingerprint of that source."""
    parts = []
    for function in _functions_of(raw):
        try:
            filename = inspect.getsourcefile(function)
            if filename is None:
                return None
            stat = os.stat(filename)
        except (OSError, TypeError):
            return None
        name = getattr(function, "__qualname__", "?")
        parts.append(f"{filename}|{stat.st_size}|{stat.st_mtime_ns}|{name}")
    return "\n".join(parts)


class FingerprintCache:
    """Fingerprints kept between builds in a file beside the doctrees: taking
    one reads and parses the source (~0.15 s for all of them, a noticeable
    part of a rebuild that has nothing to do).  A source file that changes
    has a new size or time, so a new key."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, str] = {}
        self.changed = False
        #: distribution → installed version, looked up once per install
        #: (reading a distribution's metadata scans ``sys.path``)
        self.versions: dict[str, str] = {}
        if path is not None:
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self.known = {str(k): str(v) for k, v in loaded.items()}
            except (OSError, ValueError):
                pass

    def fingerprint(self, raw: Any) -> str:
        key = _source_key(raw) if self.path is not None else None
        if key is not None and key in self.known:
            return self.known[key]
        digest = fingerprint(raw)
        if key is not None:
            self.known[key] = digest
            self.changed = True
        return digest

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.known, indent=0, sort_keys=True), "utf-8")
        except OSError:
            pass  # a cache: the next build takes the fingerprints again
        self.changed = False


def fingerprint(raw: Any) -> str:
    """sha256 of :func:`normalised_source`."""
    known = _fingerprints.get(id(raw))
    if known is not None and known[0] is raw:
        return known[1]
    digest = hashlib.sha256(normalised_source(raw).encode("utf-8")).hexdigest()
    _fingerprints[id(raw)] = (raw, digest)
    return digest


def installed_version(distribution: str) -> str:
    if distribution == PYTHON:
        return platform.python_version()
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        raise Skip(f"{distribution} is not installed") from None


def check_versions(requires: Mapping[str, str], known: dict[str, str] | None = None) -> None:
    """:class:`Skip` unless every distribution is in its range (``known``:
    versions already looked up, filled in as they are)."""
    known = {} if known is None else known
    for distribution, spec in requires.items():
        version = known.get(distribution)
        if version is None:
            version = known[distribution] = installed_version(distribution)
        try:
            allowed = SpecifierSet(spec).contains(version, prereleases=True)
        except (InvalidSpecifier, InvalidVersion):
            allowed = False
        if not allowed:
            raise Skip(f"written for {distribution} {spec}, found {version}")


# -- records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Guard:
    """Code of ours that stands in for another package's private code without
    replacing it (a subclass's override): it runs only while :meth:`Registry.active`
    says so, otherwise the inherited method does."""

    name: str
    #: the functions our code copies or relies on → fingerprint of each
    relies_on: Mapping[str, str]
    #: distribution → version specifier it was written for
    requires: Mapping[str, str]
    why: str = ""

    @property
    def targets(self) -> dict[str, str]:
        return dict(self.relies_on)


@dataclass(frozen=True)
class Patch(Guard):
    """A replacement: ``make(originals)`` returns the new value of every target
    in ``replaces`` (target → fingerprint of what it replaces), given the
    values found there (``{target: value}``).  ``start``/``stop`` run just
    after installing and before undoing (state the replacements share)."""

    replaces: Mapping[str, str] = field(default_factory=dict)
    make: Callable[[dict[str, Any]], Mapping[str, Any]] | None = None
    start: Callable[[], None] | None = None
    stop: Callable[[], None] | None = None

    @property
    def targets(self) -> dict[str, str]:
        return {**self.replaces, **self.relies_on}


@dataclass
class _Applied:
    record: Guard
    #: (resolved target, what was put there), in the order put
    done: list[tuple[Resolved, Any]] = field(default_factory=list)


def check(record: Guard, cache: FingerprintCache | None = None) -> dict[str, Resolved]:
    """The record's targets, found and unchanged; :class:`Skip` otherwise."""
    check_versions(record.requires, cache.versions if cache is not None else None)
    take = cache.fingerprint if cache is not None else fingerprint
    found = {}
    for target, expected in record.targets.items():
        resolved = resolve(target)
        if take(resolved.raw) != expected:
            raise Skip(f"{target} is not the code it was written for")
        found[target] = resolved
    return found


class Registry:
    """The records of a process and which of them are in place.

    Replacements are process-wide by nature (they replace module and class
    attributes), so a process has one registry; a build installs it at
    ``config-inited`` and undoes it at ``build-finished``.
    """

    def __init__(self, records: Iterable[Guard]) -> None:
        self.records: dict[str, Guard] = {}
        for record in records:
            if record.name in self.records:
                raise ValueError(f"two speed records named {record.name!r}")
            self.records[record.name] = record
        self._applied: dict[str, _Applied] = {}
        #: name → why it was skipped, for the last install
        self.skipped: dict[str, str] = {}

    def active(self, name: str) -> bool:
        return name in self._applied

    def install(self, names: Iterable[str] | None = None, cache: Path | None = None) -> None:
        """Put every record (or the named ones) in place that applies here;
        one info line for each that does not.  Never raises.  ``cache``: a
        file that keeps the fingerprints between processes."""
        wanted = list(self.records) if names is None else list(names)
        fingerprints = FingerprintCache(cache)
        for name in wanted:
            if name in self._applied:
                continue
            record = self.records[name]
            try:
                found = check(record, fingerprints)
            except Skip as why:
                self._skip(name, str(why))
                continue
            except Exception as error:  # noqa: BLE001 - a check must not break a build
                self._skip(name, f"its check failed ({type(error).__name__}: {error})")
                continue
            applied = _Applied(record)
            try:
                if isinstance(record, Patch) and record.make is not None:
                    new = record.make({t: found[t].value for t in record.replaces})
                    for target in record.replaces:
                        resolved = found[target]
                        setattr(resolved.owner, resolved.attr, new[target])
                        applied.done.append((resolved, new[target]))
                    if record.start is not None:
                        record.start()
            except Exception as error:  # noqa: BLE001 - undo, then the original code runs
                self._undo(applied)
                self._skip(name, f"installing it failed ({type(error).__name__}: {error})")
                continue
            self._applied[name] = applied
            self.skipped.pop(name, None)
        fingerprints.save()

    def uninstall(self) -> None:
        """Undo every record in place, the last installed first.  Never raises."""
        for name in reversed(list(self._applied)):
            applied = self._applied.pop(name)
            record = applied.record
            if isinstance(record, Patch) and record.stop is not None:
                try:
                    record.stop()
                except Exception:  # noqa: BLE001,S110 - undoing goes on regardless
                    pass
            self._undo(applied)

    @staticmethod
    def _undo(applied: _Applied) -> None:
        for resolved, new in reversed(applied.done):
            try:
                current = vars(resolved.owner).get(resolved.attr)
                if current is not new:
                    continue  # replaced again by someone else since: theirs stays
                if resolved.own:
                    setattr(resolved.owner, resolved.attr, resolved.raw)
                else:
                    delattr(resolved.owner, resolved.attr)
            except Exception:  # noqa: BLE001,S112 - the other targets are still undone
                continue
        applied.done.clear()

    def _skip(self, name: str, why: str) -> None:
        self.skipped[name] = why
        logger.info(
            "jekyll_book: speed-up %r not used: %s; the build runs the original code "
            "(same output, slower)",
            name,
            why,
        )
