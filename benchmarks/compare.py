"""Build speed of this checkout against an earlier commit, side by side in one run.

Both builds use the same generated posts (``benchmarks.generate``, padded to a
real post's size), the same Python and the same installed packages; only the
site files (conf.py, index.md, docs/*.md, _static, _templates) and the
``jekyll_book`` package differ, taken from each commit.  The two versions
alternate within every round, so machine noise (a shared machine drifts by
±15% over minutes) falls on both alike, and the report gives medians and the
ratio this/base per scenario:

* clean build ``-j auto`` (wall and CPU of the whole process tree),
* clean build ``-j 1`` (CPU),
* no-op rebuild and a rebuild after one post's body was edited (``-j auto``),
  ``--repeat`` of each per round (they are short: more samples, less noise).

    python benchmarks/compare.py --base 9ed8280 --posts 1000 --rounds 3
    make bench-compare BASE=9ed8280 POSTS=1000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks import bench  # noqa: E402

SCENARIOS = (
    ("clean -j auto, wall s", "clean", "wall"),
    ("clean -j auto, CPU s", "clean", "cpu"),
    ("clean -j 1, CPU s", "clean1", "cpu"),
    ("no-op rebuild, wall s", "noop", "wall"),
    ("one post edited, wall s", "edit", "wall"),
)


def checkout(commit: str, dest: Path) -> Path:
    """The files of ``commit`` (a detached worktree, made again each run)."""
    if dest.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(dest)], cwd=REPO, check=False)
        shutil.rmtree(dest, ignore_errors=True)
    subprocess.run(
        ["git", "worktree", "add", "--detach", "--force", str(dest), commit],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    return dest


class Side:
    """One version: its source tree, its site copy and its measurements."""

    def __init__(self, name: str, tree: Path, work: Path, posts: list[Path], env: dict) -> None:
        self.name = name
        self.site = bench.make_site(work / f"site-{name}", posts, repo=tree)
        self.out = work / f"out-{name}"
        self.env = {**env, "PYTHONPATH": str(tree)}
        self.logs = work / f"logs-{name}"
        self.logs.mkdir(exist_ok=True)
        self.runs: dict[str, list[bench.Run]] = {key: [] for _, key, _ in SCENARIOS}
        self.count = 0

    def build(self, jobs: str) -> bench.Run:
        cmd = [
            sys.executable, "-m", "sphinx", "-b", "html", str(self.site), str(self.out / "html"),
            "-d", str(self.out / "doctrees"), "-j", jobs, "-q", "-N",
        ]  # fmt: skip
        self.count += 1
        run = bench.run_measured(cmd, cwd=self.site, env=self.env, log=self.logs / f"{self.count:03d}.txt")
        if run.returncode != 0:
            raise SystemExit(f"{self.name}: build failed ({run.returncode}):\n{run.log}")
        return run

    def clean(self, jobs: str) -> bench.Run:
        shutil.rmtree(self.out, ignore_errors=True)
        return self.build(jobs)


def round_of(sides: list[Side], k: int, repeat: int) -> None:
    order = sides if k % 2 == 0 else list(reversed(sides))
    for side in order:
        side.runs["clean1"].append(side.clean("1"))
    for side in order:
        side.runs["clean"].append(side.clean("auto"))
    # rebuilds take a second or two: several a round, the sides alternating
    for i in range(repeat):
        for side in order:
            side.runs["noop"].append(side.build("auto"))
    posts = sorted((sides[0].site / bench.POSTS).glob("*.md"))
    for i in range(repeat):
        post = posts[(k * 7 + i * 131) % len(posts)]
        for side in order:
            target = side.site / bench.POSTS / post.name
            target.write_text(bench.edit_body(target.read_text(encoding="utf-8"), k * repeat + i), encoding="utf-8")
            side.runs["edit"].append(side.build("auto"))


def report(sides: list[Side], args: argparse.Namespace) -> str:
    base, this = sides
    lines = [
        f"Build speed, {args.posts} generated posts, {args.rounds} rounds (medians), "
        f"this checkout against {args.base}:",
        "",
        f"| scenario | {args.base} | this checkout | this / base | every run, base / this |",
        "|---|---|---|---|---|",
    ]
    for label, key, attr in SCENARIOS:
        xs = [getattr(r, attr) for r in base.runs[key]]
        ys = [getattr(r, attr) for r in this.runs[key]]
        a, b = statistics.median(xs), statistics.median(ys)
        spread = " ".join(f"{x:.2f}" for x in xs) + " / " + " ".join(f"{y:.2f}" for y in ys)
        lines.append(f"| {label} | {a:.2f} | {b:.2f} | {b / a:.3f} | {spread} |")
    # what each side built: a feature that adds pages costs their time
    pa, pb = (len(list((side.out / "html").rglob("*.html"))) for side in sides)
    lines.append(f"| HTML pages written | {pa} | {pb} | {pb / pa:.3f} | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", default="9ed8280", help="the commit to compare with")
    p.add_argument("--posts", type=int, default=1000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeat", type=int, default=3, help="no-op and edit rebuilds per round")
    p.add_argument("--workdir", default=str(HERE / "_compare"))
    args = p.parse_args(argv)
    work = Path(args.workdir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    posts = bench.make_posts(work / "posts", args.posts)
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    sides = [
        Side(args.base, checkout(args.base, work / "base"), work, posts, env),
        Side("this", REPO, work, posts, env),
    ]
    for k in range(args.rounds):
        print(f"round {k + 1} of {args.rounds}", flush=True)
        round_of(sides, k, args.repeat)
    text = report(sides, args)
    print(text)
    subprocess.run(["git", "worktree", "remove", "--force", str(work / "base")], cwd=REPO, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
