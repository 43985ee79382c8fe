"""Simulated upstream releases: a modified copy of a dependency is put ahead
of the installed one (``PYTHONPATH``) and a small site is built in its own
process.  The build must succeed, say in one info line which speed record it
left out, and write exactly what the build without the speed layer writes
with the same modified dependency.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_incremental import differences, snapshot

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(__file__).parent / "roots" / "test-speed"


def overlay(dest: Path, package: str, edit: Callable[[str, str], str]) -> Path:
    """``dest/<package>``: the installed package with each ``.py`` file passed
    through ``edit(relative path, text)``; unchanged files are symbolic links."""
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None
    source = Path(spec.origin).parent
    edited = 0
    for folder, subfolders, files in os.walk(source):
        subfolders[:] = [s for s in subfolders if s != "__pycache__"]
        relative = Path(folder).relative_to(source)
        (dest / package / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            original, target = Path(folder, name), dest / package / relative / name
            if name.endswith(".py"):
                text = original.read_text(encoding="utf-8")
                new = edit((relative / name).as_posix(), text)
                if new != text:
                    target.write_text(new, encoding="utf-8")
                    edited += 1
                    continue
            target.symlink_to(original)
    assert edited, f"the edit changed nothing in {package}"
    return dest


def build(site: Path, out: Path, path: Path, *options: str) -> tuple[dict[str, bytes], str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-W", "--keep-going",
         str(site), str(out), "-d", str(out.parent / f"{out.name}-doctrees"), *options],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return snapshot(out), done.stdout


def _rename(old: str, new: str) -> Callable[[str, str], str]:
    return lambda path, text: text.replace(old, new)


def _search_skips_code(path: str, text: str) -> str:
    if path != "search/__init__.py":
        return text
    return text.replace(
        "    if isinstance(node, nodes.comment):\n        return\n",
        "    if isinstance(node, (nodes.comment, nodes.literal_block)):\n        return\n",
        1,
    )


DRIFTS = [
    # pydata-sphinx-theme renames the private helper the theme checks replace
    (
        "pydata_sphinx_theme",
        _rename("_update_and_remove_templates", "_filter_templates"),
        ["theme emptiness checks"],
        [],
    ),
    # Sphinx removes _write_docname (the extension used to fail to import)
    (
        "sphinx",
        _rename("_write_docname", "_write_one_document"),
        ["doctrees on disk", "parallel write"],
        ["-j", "2"],
    ),
    # Sphinx stops indexing code blocks: the search walk must not keep doing it
    ("sphinx", _search_skips_code, ["search walk"], []),
]


@pytest.mark.parametrize(
    ("package", "edit", "skipped", "options"),
    DRIFTS,
    ids=["pydata renames a helper", "sphinx removes _write_docname", "sphinx changes a walk"],
)
def test_upstream_drift_gives_the_slower_path_and_the_same_output(
    tmp_path: Path, package: str, edit, skipped: list[str], options: list[str]
) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    path = overlay(tmp_path / "overlay", package, edit)
    on, said = build(site, tmp_path / "on", path, *options)
    off, said_off = build(site, tmp_path / "off", path, "-D", "jekyll_speedups=0", *options)
    lines = [line for line in said.splitlines() if "speed-up" in line]
    assert sorted(lines) == sorted(
        line for line in lines if any(f"'{name}' not used" in line for name in skipped)
    )
    for name in skipped:
        assert len([line for line in lines if f"'{name}' not used" in line]) == 1, said
    assert "speed-up" not in said_off
    assert "WARNING" not in said + said_off
    assert len(on) > 20 and differences(on, off) == []
    if package == "sphinx" and edit is _search_skips_code:  # the edit took effect
        assert b"uniquecodeword" not in on["searchindex.js"]


def test_without_drift_nothing_is_left_out(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    on, said = build(site, tmp_path / "on", tmp_path)
    assert "speed-up" not in said
    assert b"uniquecodeword" in on["searchindex.js"]
