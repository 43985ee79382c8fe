"""The speed layer's contract: a record that does not fit is skipped with one
info line, nothing ever raises, everything is undone, one switch for all."""

from __future__ import annotations

import sys
import types
from io import StringIO
from pathlib import Path

import pytest

from jekyll_book.speed import REGISTRY, registry
from jekyll_book.speed.registry import Guard, Patch, Registry, fingerprint, resolve

MODULE = "jekyll_speed_fake"

SOURCE = '''
def add(a, b):
    """Adds."""
    return a + b


class Box:
    def size(self):
        return 1


class Inherits(Box):
    pass
'''


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A module with real source (fingerprints read it) and the info lines said."""
    (tmp_path / f"{MODULE}.py").write_text(SOURCE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop(MODULE, None)
    module = __import__(MODULE)
    said: list[tuple[str, str]] = []

    class Logger:
        def info(self, message, *args, **kwargs):
            said.append(("info", message % args))

        def warning(self, message, *args, **kwargs):  # never expected
            said.append(("warning", message % args))

    monkeypatch.setattr(registry, "logger", Logger())
    yield types.SimpleNamespace(module=module, said=said, path=tmp_path / f"{MODULE}.py")
    sys.modules.pop(MODULE, None)


def _patch(name="double", targets=None, make=None, requires=None, relies_on=None) -> Patch:
    module = sys.modules[MODULE]
    targets = targets or {f"{MODULE}:add": fingerprint(module.add)}
    return Patch(
        name,
        requires=requires or {"python": ">=3.8"},
        relies_on=relies_on or {},
        replaces=targets,
        make=make or (lambda originals: {t: (lambda a, b: 2 * (a + b)) for t in originals}),
    )


def test_a_fitting_patch_is_installed_and_undone(fake) -> None:
    original = fake.module.add
    reg = Registry([_patch()])
    reg.install()
    assert reg.active("double") and fake.module.add(1, 2) == 6
    reg.uninstall()
    assert fake.module.add is original and not reg.active("double")
    assert fake.said == []


def test_fingerprints_ignore_comments_and_docstrings_not_code(fake) -> None:
    before = fingerprint(fake.module.add)
    text = SOURCE.replace('"""Adds."""', '"""Adds two numbers."""  # reworded')
    fake.path.write_text(text, encoding="utf-8")
    namespace: dict = {}
    exec(compile(text, str(fake.path), "exec"), namespace)  # noqa: S102 - the test's own code
    import linecache

    linecache.checkcache(str(fake.path))
    assert fingerprint(namespace["add"]) == before
    changed = text.replace("return a + b", "return b + a")
    fake.path.write_text(changed, encoding="utf-8")
    linecache.checkcache(str(fake.path))
    namespace = {}
    exec(compile(changed, str(fake.path), "exec"), namespace)  # noqa: S102
    assert fingerprint(namespace["add"]) != before


@pytest.mark.parametrize(
    ("label", "change", "why"),
    [
        ("target missing", {"targets": {f"{MODULE}:subtract": "x"}}, "is missing"),
        ("module missing", {"targets": {"no_such_module_here:add": "x"}}, "cannot be imported"),
        ("fingerprint differs", {"targets": {f"{MODULE}:add": "0" * 64}}, "not the code"),
        ("version out of range", {"requires": {"python": "<3"}}, "written for python <3"),
        ("distribution missing", {"requires": {"no-such-dist-xyz": ">=1"}}, "not installed"),
        (
            "a relied-on function changed",
            {"relies_on": {f"{MODULE}:Box.size": "1"}},
            "not the code",
        ),
    ],
)
def test_a_patch_that_does_not_fit_is_skipped_with_one_info_line(fake, label, change, why) -> None:
    original = fake.module.add
    reg = Registry([_patch(**change)])
    reg.install()
    assert not reg.active("double") and fake.module.add is original
    assert len(fake.said) == 1 and fake.said[0][0] == "info"
    assert "'double'" in fake.said[0][1] and why in fake.said[0][1]
    reg.uninstall()
    assert fake.module.add is original


def test_a_failing_install_undoes_what_it_did(fake) -> None:
    module = fake.module
    originals = (module.add, vars(module.Box)["size"])

    def make(found):
        return {f"{MODULE}:add": lambda a, b: 0}  # no value for the second target

    targets = {
        f"{MODULE}:add": fingerprint(module.add),
        f"{MODULE}:Box.size": fingerprint(vars(module.Box)["size"]),
    }
    reg = Registry([_patch(targets=targets, make=make), _patch("other")])
    reg.install()  # does not raise
    assert module.add is not originals[0]  # "other" went on and doubled it
    assert not reg.active("double") and reg.active("other")
    assert [w for w, _ in fake.said] == ["info"] and "KeyError" in fake.said[0][1]
    reg.uninstall()
    assert module.add is originals[0] and vars(module.Box)["size"] is originals[1]


def test_an_inherited_target_is_deleted_again(fake) -> None:
    module = fake.module
    resolved = resolve(f"{MODULE}:Inherits.size")
    assert not resolved.own
    reg = Registry(
        [
            _patch(
                targets={f"{MODULE}:Inherits.size": fingerprint(resolved.raw)},
                make=lambda found: {f"{MODULE}:Inherits.size": lambda self: 2},
            )
        ]
    )
    reg.install()
    assert module.Inherits().size() == 2
    reg.uninstall()
    assert "size" not in vars(module.Inherits) and module.Inherits().size() == 1


def test_a_replacement_replaced_again_by_someone_else_is_left(fake) -> None:
    reg = Registry([_patch()])
    reg.install()

    def theirs(a, b):
        return -1

    fake.module.add = theirs
    reg.uninstall()
    assert fake.module.add is theirs


def test_fingerprints_are_kept_between_processes_until_the_source_changes(
    fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "fingerprints.json"
    reg = Registry([_patch()])
    reg.install(cache=cache)
    reg.uninstall()
    assert cache.is_file() and reg.skipped == {}

    def not_again(raw):
        raise AssertionError("taken again")

    taking = registry.fingerprint
    monkeypatch.setattr(registry, "fingerprint", not_again)
    reg.install(cache=cache)  # from the file
    assert reg.active("double")
    reg.uninstall()
    # the source changes (size and time): taken again, and it no longer fits
    fake.path.write_text(SOURCE.replace("a + b", "a - b  "), encoding="utf-8")
    import linecache

    linecache.checkcache(str(fake.path))
    monkeypatch.setattr(registry, "fingerprint", taking)
    monkeypatch.setattr(registry, "_fingerprints", {})  # as in a new process
    reg.install(cache=cache)
    assert not reg.active("double") and "not the code" in fake.said[-1][1]
    reg.uninstall()


def test_a_guard_assigns_nothing(fake) -> None:
    reg = Registry(
        [Guard("guard", relies_on={f"{MODULE}:add": fingerprint(fake.module.add)}, requires={})]
    )
    original = fake.module.add
    reg.install()
    assert reg.active("guard") and fake.module.add is original
    reg.uninstall()
    assert not reg.active("guard")


def test_the_records_of_the_package_import_no_private_name() -> None:
    """Nothing private of another package is imported when the package is:
    a renamed one must not stop the extension from loading."""
    import ast

    package = Path(__file__).resolve().parents[1] / "jekyll_book"
    found = []
    for path in package.rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                found += [
                    f"{path.name}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert found == []


# -- in a build ------------------------------------------------------------------------------


def _app(tmp_path: Path, **overrides):
    import shutil

    from sphinx.testing.util import SphinxTestApp

    src = tmp_path / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-speed", src)
    return SphinxTestApp(
        "html", srcdir=src, status=StringIO(), warning=StringIO(), freshenv=True,
        confoverrides=overrides,
    )  # fmt: skip


def test_a_build_installs_every_record_and_undoes_them(tmp_path: Path) -> None:
    from docutils import nodes

    findall = nodes.Node.findall
    app = _app(tmp_path)
    try:
        assert REGISTRY.skipped == {}
        assert all(REGISTRY.active(name) for name in REGISTRY.records)
        assert nodes.Node.findall is not findall
        app.build()
    finally:
        app.cleanup()
    assert not any(REGISTRY.active(name) for name in REGISTRY.records)
    assert nodes.Node.findall is findall
    assert "speed-up" not in app._status.getvalue()


def test_one_switch_turns_every_record_off(tmp_path: Path) -> None:
    REGISTRY.install()  # left over by an earlier app of this process
    app = _app(tmp_path, jekyll_speedups=False)
    try:
        assert not any(REGISTRY.active(name) for name in REGISTRY.records)
        app.build()
        assert not any(REGISTRY.active(name) for name in REGISTRY.records)
    finally:
        app.cleanup()
        REGISTRY.uninstall()
