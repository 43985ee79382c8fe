"""Each speed record computes what the code it replaces computes, byte for byte.

Every case of ``tests/speed_cases.py`` runs twice, each time in a process of
its own: once with nothing replaced (the packages' own code) and once with
one record installed; the outputs must be equal.  The whole site is built
with and without the speed layer as well (clean and rebuilt), which also
covers the guarded builder and translator subclasses.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment

from jekyll_book.speed import REGISTRY
from jekyll_book.speed.registry import Patch
from jekyll_book.speed.themes import _statically_non_empty
from tests.speed_cases import CASES
from tests.test_incremental import differences, snapshot
from tests.test_parallel import site_with_posts
from tests.test_perf import cli_build

ROOT = Path(__file__).resolve().parents[1]

#: patches whose effect only a whole build shows (covered by the site test below)
BUILD_ONLY = {"environment load"}


def _cases_in_a_process(mode: str, *records: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "speed_cases.py"), mode, *records],
        capture_output=True, text=True, env=env, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def originals() -> dict[str, str]:
    """Every case, run by the unpatched packages in one process."""
    return _cases_in_a_process("original")


def test_every_patch_has_cases() -> None:
    patches = {r.name for r in REGISTRY.records.values() if isinstance(r, Patch)}
    assert patches - BUILD_ONLY <= set(CASES) <= set(REGISTRY.records)
    assert all(len(found) >= 1 for found in CASES.values())


@pytest.mark.parametrize("record", sorted(CASES))
def test_patch_matches_the_original_in_another_process(record: str, originals) -> None:
    patched = _cases_in_a_process("patched", record)
    if "skipped" in patched:  # never with the pins (test_speed_pins); make upstream-check
        pytest.skip(f"{record} does not apply to the installed releases: {patched['skipped']}")
    expected = {k: v for k, v in originals.items() if k.startswith(f"{record}: ")}
    assert expected and patched.keys() == expected.keys()
    different = [k for k in expected if patched[k] != expected[k]]
    assert different == [], {k: (expected[k], patched[k]) for k in different[:3]}


def test_the_cases_tell_a_wrong_replacement_apart(originals) -> None:
    """The comparison can fail: a walk that misses nodes is caught."""
    script = textwrap.dedent(
        """
        import json, sys
        sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
        from docutils import nodes
        import speed_cases
        def wrong(self, cls):
            if isinstance(self, cls):
                yield self
        nodes.Node._fast_findall = wrong
        print(json.dumps(speed_cases.run("original", ["tree walks"]), ensure_ascii=False))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, check=True
    )
    wrong = json.loads(done.stdout)
    assert [k for k in wrong if wrong[k] != originals[k]]


# -- the whole site, with and without ------------------------------------------------


def _doctrees(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): pickle.loads(p.read_bytes()).pformat()
        for p in sorted(folder.rglob("*.doctree"))
    }


def test_site_is_the_same_with_and_without_speedups(tmp_path: Path) -> None:
    src = site_with_posts(tmp_path / "site", 20)
    cli_build(src, tmp_path / "off", "-E", "-D", "jekyll_speedups=0")
    cli_build(src, tmp_path / "on", "-E", "-D", "jekyll_speedups=1", "-j", "2")
    off, on = snapshot(tmp_path / "off" / "html"), snapshot(tmp_path / "on" / "html")
    assert len([k for k in off if k.startswith("docs/posts/")]) >= 25
    assert differences(on, off) == []
    trees = _doctrees(tmp_path / "off" / "doctrees")
    assert len(trees) >= 40
    assert _doctrees(tmp_path / "on" / "doctrees") == trees

    # a rebuild (the environment loaded from disk) after one post was edited
    post = sorted((src / "docs" / "posts").glob("*.md"))[3]
    post.write_text(
        post.read_text(encoding="utf-8") + "\n\n고친 문단 **굵게**.\n", encoding="utf-8"
    )
    cli_build(src, tmp_path / "off", "-D", "jekyll_speedups=0")
    cli_build(src, tmp_path / "on", "-D", "jekyll_speedups=1")
    off, on = snapshot(tmp_path / "off" / "html"), snapshot(tmp_path / "on" / "html")
    assert differences(on, off) == []
    assert _doctrees(tmp_path / "on" / "doctrees") == _doctrees(tmp_path / "off" / "doctrees")


# -- the parts of the replacements that are ours alone --------------------------------


def test_walks_for_classes_of_nodes_made_before_the_walks_were_installed() -> None:
    script = textwrap.dedent(
        """
        from docutils import nodes
        from sphinx import addnodes
        early = nodes.section("", addnodes.glossary(), nodes.paragraph())
        from jekyll_book.speed import REGISTRY, docutils_walks
        REGISTRY.install(["tree walks"])
        assert docutils_walks.fast_findall is nodes.Node._fast_findall
        assert list(early.findall(addnodes.glossary)) == [early[0]], "made before"
        assert list(early.findall(addnodes.desc)) == []
        assert docutils_walks._none_made(addnodes.desc)
        REGISTRY.uninstall()
        assert nodes.Node._fast_findall is not docutils_walks.fast_findall
        assert not docutils_walks._counting
        assert list(early.findall(addnodes.desc)) == [] and nodes.section("", nodes.Text("x"))
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env
    )
    assert done.stdout.strip() == "ok", done.stderr


TEMPLATES = [
    ("literal wrapper", '<div class="buttons">{{ x }}</div>', True),
    (
        "import, then a wrapper",
        "{% from 'm.html' import f with context %}\n<div>{{ f() }}</div>",
        True,
    ),
    ("only inside if", "{% if x %}<div>{{ x }}</div>{% endif %}", False),
    ("only an expression", "  \n{{ x }}\n", False),
    ("whitespace markup", "{% set a = 1 %}\n\n", False),
    ("extends", "{% extends 'base.html' %}<div>never shown</div>", False),
    ("missing template", None, False),
    ("numbering call", "<div>{{ unique_html_id('a') }}</div>", False),
    ("includes a numbering template", "<div>{% include 'ids.html' %}</div>", False),
    ("computed include", "<div>{% include name %}</div>", False),
    ("includes a plain template", "<div>{% include 'm.html' %}</div>", True),
]


@pytest.mark.parametrize(("label", "source", "expected"), TEMPLATES, ids=[t[0] for t in TEMPLATES])
def test_statically_non_empty_templates(label: str, source: str | None, expected: bool) -> None:
    files = {
        "m.html": "{% macro f() %}x{% endmacro %}",
        "base.html": "{% block b %}{% endblock %}",
        "ids.html": "<span id=\"{{ unique_html_id('b') }}\"></span>",
    }
    if source is not None:
        files["t.html"] = source
    environment = Environment(loader=DictLoader(files))
    assert _statically_non_empty(environment, "t.html") is expected
    if expected:  # what the theme's check would find, for any context
        for context in ({}, {"x": ""}, {"x": "값"}):
            assert environment.get_template("t.html").render(**context).strip()


def test_a_builder_highlighter_hands_out_one_formatter_per_options() -> None:
    from sphinx.highlighting import PygmentsBridge

    from jekyll_book.speed.highlighting import share_formatters
    from jekyll_book.speed.records import FORMATTERS

    REGISTRY.install([FORMATTERS])
    try:
        bridge = PygmentsBridge("html", "sphinx")
        share_formatters(bridge)
        plain, numbered = bridge.get_formatter(), bridge.get_formatter(linenos=True)
        assert bridge.get_formatter() is plain and bridge.get_formatter(linenos=True) is numbered
        assert numbered is not plain
    finally:
        REGISTRY.uninstall()
    other = PygmentsBridge("html", "sphinx")
    share_formatters(other)  # the guard is not in place: Sphinx's own
    assert other.get_formatter() is not other.get_formatter()
