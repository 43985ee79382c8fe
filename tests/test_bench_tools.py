"""The benchmark's tools: deterministic posts, front-matter edits, the quick path,
and the sidebar cache giving the same pages as no cache."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_posts_are_deterministic_and_realistic(tmp_path: Path) -> None:
    first = _files(Path(bench.make_posts(tmp_path / "a", 6, seed=3)[0]).parent)
    again = _files(Path(bench.make_posts(tmp_path / "b", 6, seed=3)[0]).parent)
    other = _files(Path(bench.make_posts(tmp_path / "c", 6, seed=4)[0]).parent)
    assert first == again
    assert first != other
    for text in (t.decode() for t in first.values()):
        assert 10_000 < len(text.encode()) < 16_000
        assert text.startswith("---\n") and "\ntags:\n" in text
        assert text.count("\n#### ") == 6
        assert '<span class="emphasis">' in text and '{: target="_blank"}' in text
        assert "```" in text and "![" in text


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("tags: [a, b]\n", "tags: [a, b, 새]\n"),
        ("tags: []\n", "tags: [새]\n"),
        ("tags:\n  - a\n  - b\n", "tags:\n  - a\n  - b\n  - 새\n"),
        ("tags: a b\n", "tags: a b 새\n"),
        ("title: x\n", "title: x\ntags: [새]\n"),
    ],
)
def test_add_tag_keeps_the_yaml_form(front: str, expected: str) -> None:
    text = f"---\n{front}---\n\n본문\n"
    assert bench.add_tag(text, "새") == f"---\n{expected}---\n\n본문\n"


def test_quick_path_runs_every_scenario(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--sizes", "5", "--runs", "1",
         "--no-jekyll", "--workdir", str(tmp_path / "work"), "--results", str(results), "--silent"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout + proc.stderr
    table = [line for line in results.read_text(encoding="utf-8").splitlines() if line.startswith("| 5 |")]
    assert len(table) == 1
    cells = [c.strip() for c in table[0].strip("|").split("|")]
    # clean -j 1, clean -j auto, no-op, edit, add tag, add post were all measured
    assert all(cells[i] not in ("", "–") for i in range(1, 7)), cells
    assert cells[-1] == "yes", "incremental build differs from a clean build"
    assert "| incremental result equals a clean build | pass |" in results.read_text(encoding="utf-8")


def test_slope_of_log_log_points() -> None:
    assert bench.slope([(100, 1.0), (1000, 10.0)]) == pytest.approx(1.0)
    assert bench.slope([(100, 1.0), (400, 2.0)]) == pytest.approx(0.5)
    assert bench.slope([(100, 1.0)]) is None


def test_sidebar_cache_gives_the_same_pages(tmp_path: Path) -> None:
    site = bench.make_site(tmp_path / "site", bench.make_posts(tmp_path / "posts", 12, seed=1))
    env = {**bench.os.environ, "PYTHONPATH": str(ROOT)}
    outputs = {}
    for flag in ("1", "0"):
        out = tmp_path / f"html-{flag}"
        subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", str(site), str(out), "-q", "-j", "1",
             "-d", str(tmp_path / f"dt-{flag}"), "-D", f"jekyll_nav_cache={flag}"],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        outputs[flag] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    assert len(outputs["1"]) > 12
    assert outputs["1"] == outputs["0"]
