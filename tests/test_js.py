"""The browser-side modules are plain JS, tested with node's own runner."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT


def test_node_unit_tests_pass():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is required for the JavaScript tests (Node.js 20 is on the CI machines)")
    result = subprocess.run(
        [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout
