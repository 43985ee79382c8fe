"""Build-speed benchmark: this site against Jekyll on the same generated posts.

For each number of posts N it builds a temporary copy of the site (the
repository's conf.py, index.md, docs/*.md, _static, _templates, assets, with
docs/posts/ replaced by N generated posts) and measures, in one run:

* clean build, ``-j 1`` and ``-j auto`` (CPU and wall, medians of --runs),
* no-op rebuild, one post's body edited, one tag added to one post, one post
  added (each an incremental ``-j auto`` build),
* peak memory (max RSS of the build processes), output size, a post page's
  HTML bytes, searchindex.js bytes,
* that the incremental result equals a clean build of the same sources,
* Jekyll's clean build of the same posts when ``jekyll`` is installed.

Every build is a ``sphinx-build`` subprocess; CPU time and peak RSS come from
``os.wait4``, which includes the parallel workers the build forked.

    python benchmarks/bench.py                 # N = 100, 500, 1000, 2000
    python benchmarks/bench.py --quick         # N = 100, 500, fewer runs
    python benchmarks/bench.py --sizes 5 --runs 1 --no-jekyll --results -
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.generate import POST_BYTES, generate_posts  # noqa: E402

FULL_SIZES = (100, 500, 1000, 2000)
QUICK_SIZES = (100, 500)
#: what the site copy takes from the repository besides the posts
SITE_FILES = ("conf.py", "index.md")
SITE_DIRS = ("_static", "_templates", "assets")
POSTS = "docs/posts"


# -- one measured process --------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_mb: float
    returncode: int
    warnings: int = 0
    log: str = ""


def run_measured(cmd: Sequence[str], *, cwd: Path, env: dict[str, str], log: Path) -> Run:
    """Run ``cmd`` and measure wall time, CPU time and peak RSS of its process tree."""
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
    text = log.read_text(encoding="utf-8", errors="replace")
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        returncode=proc.returncode,
        warnings=len(re.findall(r"\bWARNING\b", text)),
        log=text[-4000:],
    )


# -- posts of realistic size ----------------------------------------------------------


def make_posts(dest: Path, n: int, seed: int = 0, target: int = POST_BYTES) -> list[Path]:
    """``benchmarks.generate`` posts padded to a real post's size; deterministic."""
    return generate_posts(dest, n, seed, size=target)


# -- the site copy and its edits -----------------------------------------------------


def make_site(dest: Path, posts: list[Path], repo: Path = REPO) -> Path:
    """A copy of ``repo``'s site whose posts are ``posts``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in SITE_FILES:
        shutil.copy2(repo / name, dest / name)
    for name in SITE_DIRS:
        if (repo / name).is_dir():
            shutil.copytree(repo / name, dest / name)
    (dest / "docs").mkdir()
    # hand-written pages only: generated tag/archive pages are remade by the build
    for page in sorted((repo / "docs").glob("*.md")):
        shutil.copy2(page, dest / "docs" / page.name)
    (dest / POSTS).mkdir(parents=True)
    for post in posts:
        shutil.copy2(post, dest / POSTS / post.name)
    return dest


def _split(text: str) -> tuple[str, str] | None:
    match = re.match(r"\A(---[ \t]*\n.*?\n)(---[ \t]*\n)", text, re.S)
    if not match:
        return None
    return match.group(1), text[match.end(1) :]


def add_tag(text: str, tag: str) -> str:
    """``text`` with ``tag`` added to its front matter's tags (any YAML form)."""
    parts = _split(text)
    if parts is None:
        return f"---\ntags: [{tag}]\n---\n{text}"
    head, rest = parts
    inline = re.search(r"^tags:[ \t]*\[(.*)\][ \t]*$", head, re.M)
    if inline:
        items = inline.group(1).strip()
        new = f"tags: [{items}, {tag}]" if items else f"tags: [{tag}]"
        return head[: inline.start()] + new + head[inline.end() :] + rest
    block = re.search(r"^tags:[ \t]*\n((?:[ \t]*-.*\n)+)", head, re.M)
    if block:
        indent = re.match(r"[ \t]*", block.group(1)).group(0)
        at = block.end()
        return head[:at] + f"{indent}- {tag}\n" + head[at:] + rest
    scalar = re.search(r"^tags:[ \t]*(\S.*)$", head, re.M)
    if scalar:  # Jekyll's space-separated string
        new = f"tags: {scalar.group(1).rstrip()} {tag}"
        return head[: scalar.start()] + new + head[scalar.end() :] + rest
    return head + f"tags: [{tag}]\n" + rest


def edit_body(text: str, k: int) -> str:
    return text.rstrip("\n") + f"\n\n벤치마크 수정 문단 {k}: 본문 한 줄을 고쳤다.\n"


def new_post(template: Path, folder: Path, k: int) -> Path:
    """A new post, newer than all others, made from an existing one."""
    text = template.read_text(encoding="utf-8")
    text = re.sub(r"^title:.*$", f'title: "벤치마크 새 글 {k}"', text, count=1, flags=re.M)
    text = re.sub(r"^date:.*$", f"date: 2025-06-{k + 1:02d} 09:00:00 +0900", text, count=1, flags=re.M)
    path = folder / f"2025-06-{k + 1:02d}-bench-new-{k}.md"
    path.write_text(text, encoding="utf-8")
    return path


# -- output measurements ------------------------------------------------------------


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def post_page_bytes(html: Path) -> tuple[int, int]:
    """(first post's page, median post page) sizes in bytes."""
    pages = sorted((html / POSTS).glob("*.html"))
    if not pages:
        return 0, 0
    sizes = [p.stat().st_size for p in pages]
    return sizes[0], int(statistics.median(sizes))


def differing_files(a: Path, b: Path) -> list[str]:
    """Output files (HTML, searchindex) that differ between two builds."""

    def files(root: Path) -> set[str]:
        return {
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.is_file() and (p.suffix == ".html" or p.name == "searchindex.js")
        }

    left, right = files(a), files(b)
    diff = sorted(left ^ right)
    for name in sorted(left & right):
        if filecmp.cmp(a / name, b / name, shallow=False):
            continue
        if name.endswith("searchindex.js") and _index(a / name) == _index(b / name):
            continue
        diff.append(name)
    return diff


def _index(path: Path) -> dict:
    """searchindex.js without empty posting lists.

    An incremental build keeps a word whose only page lost it, with no pages
    (Sphinx's ``IndexBuilder.prune``); such a word finds nothing, so it is not
    a difference a reader can see.
    """
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    for key in ("terms", "titleterms"):
        if isinstance(data.get(key), dict):
            data[key] = {word: docs for word, docs in data[key].items() if docs != []}
    return data


# -- Jekyll -------------------------------------------------------------------------

JEKYLL_LAYOUT = """<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><h1>{{ page.title }}</h1>
<p>{{ page.date | date: "%Y-%m-%d" }} {% for t in page.tags %}<a href="/tags/#{{ t }}">{{ t }}</a> {% endfor %}</p>
{{ content }}
</body></html>
"""
JEKYLL_INDEX = """---
layout: post
title: 개발 컨퍼런스 노트
---
<ul>{% for post in site.posts %}<li><a href="{{ post.url }}">{{ post.title }}</a> {{ post.excerpt | strip_html | truncate: 200 }}</li>{% endfor %}</ul>
"""


def ensure_jekyll(install: bool) -> str | None:
    path = shutil.which("jekyll")
    if path or not install:
        return path
    print("jekyll not found: apt-get install -y jekyll", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "jekyll"]):
        if subprocess.run(cmd, env=env, capture_output=True).returncode != 0:
            print("  could not install jekyll; continuing without it", flush=True)
            return None
    return shutil.which("jekyll")


def make_jekyll_site(dest: Path, posts: list[Path]) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "_posts").mkdir(parents=True)
    (dest / "_layouts").mkdir()
    (dest / "_config.yml").write_text(
        'title: "개발 컨퍼런스 노트"\nmarkdown: kramdown\ntimezone: Asia/Seoul\n'
        "permalink: /:year/:month/:day/:title.html\n",
        encoding="utf-8",
    )
    (dest / "_layouts" / "post.html").write_text(JEKYLL_LAYOUT, encoding="utf-8")
    (dest / "index.html").write_text(JEKYLL_INDEX, encoding="utf-8")
    for post in posts:
        shutil.copy2(post, dest / "_posts" / post.name)
    return dest


# -- the benchmark ------------------------------------------------------------------


@dataclass
class Result:
    n: int
    clean_j1: list[Run] = field(default_factory=list)
    clean_jauto: list[Run] = field(default_factory=list)
    noop: list[Run] = field(default_factory=list)
    edit: list[Run] = field(default_factory=list)
    add_tag: list[Run] = field(default_factory=list)
    add_post: list[Run] = field(default_factory=list)
    jekyll: list[Run] = field(default_factory=list)
    output_bytes: int = 0
    first_post_bytes: int = 0
    median_post_bytes: int = 0
    searchindex_bytes: int = 0
    differing: list[str] | None = None

    def runs(self) -> list[Run]:
        return [
            *self.clean_j1,
            *self.clean_jauto,
            *self.noop,
            *self.edit,
            *self.add_tag,
            *self.add_post,
        ]

    @property
    def peak_mb(self) -> float:
        return max((r.maxrss_mb for r in self.runs()), default=0.0)

    @property
    def warnings(self) -> int:
        return max((r.warnings for r in self.runs()), default=0)


def med(runs: list[Run], attr: str = "wall") -> float:
    return statistics.median(getattr(r, attr) for r in runs) if runs else float("nan")


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(args.workdir).resolve()
        self.work.mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        self.jekyll = None if args.no_jekyll else ensure_jekyll(args.install_jekyll)
        self._log_count = 0

    def log(self, msg: str) -> None:
        if not self.args.silent:
            print(msg, flush=True)

    def sphinx(self, site: Path, out: Path, jobs: str, label: str) -> Run:
        cmd = [
            sys.executable, "-m", "sphinx", "-b", "html", str(site), str(out / "html"),
            "-d", str(out / "doctrees"), "-j", jobs, "-q", "-N",
        ]  # fmt: skip
        self._log_count += 1
        run = run_measured(cmd, cwd=site, env=self.env, log=self.work / f"log-{self._log_count:03d}.txt")
        if run.returncode != 0:
            raise SystemExit(f"sphinx-build failed ({label}):\n{run.log}")
        self.log(f"    {label:<22} wall {run.wall:7.2f} s  cpu {run.cpu:7.2f} s  rss {run.maxrss_mb:6.0f} MB")
        return run

    def clean(self, site: Path, out: Path, jobs: str, label: str) -> Run:
        if out.exists():
            shutil.rmtree(out)
        return self.sphinx(site, out, jobs, label)

    def measure(self, n: int) -> Result:
        args = self.args
        result = Result(n)
        posts_dir = self.work / f"posts-{n}"
        if posts_dir.exists():
            shutil.rmtree(posts_dir)
        posts = make_posts(posts_dir, n, args.seed, args.post_bytes)
        self.log(f"N = {n}: {len(posts)} posts, {tree_bytes(posts_dir) / len(posts) / 1024:.1f} KB each")
        site = make_site(self.work / f"site-{n}", posts)
        out = self.work / f"out-{n}"

        if "clean" in args.scenarios:
            for i in range(args.clean_runs):
                result.clean_j1.append(self.clean(site, out, "1", f"clean -j 1 #{i + 1}"))
        for i in range(max(args.clean_runs, 1)):
            result.clean_jauto.append(self.clean(site, out, "auto", f"clean -j auto #{i + 1}"))
        html = out / "html"
        result.output_bytes = tree_bytes(html)
        result.first_post_bytes, result.median_post_bytes = post_page_bytes(html)
        index = html / "searchindex.js"
        result.searchindex_bytes = index.stat().st_size if index.exists() else 0

        post_files = sorted((site / POSTS).glob("*.md"))
        steps: list[tuple[str, list[Run], Callable[[int], None]]] = [
            ("no-op", result.noop, lambda k: None),
            ("edit one post", result.edit, lambda k: _rewrite(post_files[len(post_files) // 2], lambda t: edit_body(t, k))),
            ("add a tag", result.add_tag, lambda k: _rewrite(post_files[(k * 7 + 1) % len(post_files)], lambda t: add_tag(t, f"벤치태그{k}"))),
            ("add a post", result.add_post, lambda k: new_post(post_files[0], site / POSTS, k)),
        ]  # fmt: skip
        wanted = {"no-op": "noop", "edit one post": "edit", "add a tag": "tag", "add a post": "post"}
        for label, runs, change in steps:
            if wanted[label] not in args.scenarios:
                continue
            for k in range(args.runs):
                change(k)
                time.sleep(0.01)  # a distinct mtime for the edited source
                runs.append(self.sphinx(site, out, "auto", f"{label} #{k + 1}"))

        if args.verify:
            fresh = self.work / f"out-{n}-fresh"
            self.clean(site, fresh, "auto", "verify: clean build")
            result.differing = differing_files(html, fresh / "html")
            self.log(f"    incremental == clean: {not result.differing} ({len(result.differing)} differing)")
            shutil.rmtree(fresh)

        if self.jekyll:
            jsite = make_jekyll_site(self.work / f"jekyll-{n}", posts)
            for i in range(args.runs):
                shutil.rmtree(jsite / "_site", ignore_errors=True)
                shutil.rmtree(jsite / ".jekyll-cache", ignore_errors=True)
                cmd = [self.jekyll, "build", "--quiet", "-s", str(jsite), "-d", str(jsite / "_site")]
                run = run_measured(cmd, cwd=jsite, env=self.env, log=self.work / f"jekyll-{n}.log")
                if run.returncode != 0:
                    self.log(f"    jekyll failed:\n{run.log}")
                    break
                result.jekyll.append(run)
                self.log(f"    {'jekyll clean #' + str(i + 1):<22} wall {run.wall:7.2f} s  cpu {run.cpu:7.2f} s")
        if not args.keep:
            for path in (site, out, posts_dir, self.work / f"jekyll-{n}"):
                shutil.rmtree(path, ignore_errors=True)
        return result


def _rewrite(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


# -- reporting ----------------------------------------------------------------------


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) against log(N)."""
    pts = [(math.log(n), math.log(t)) for n, t in points if t > 0 and not math.isnan(t)]
    if len(pts) < 2:
        return None
    mx = statistics.fmean(x for x, _ in pts)
    my = statistics.fmean(y for _, y in pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for dist in ("sphinx", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme", "sphinx-tags", "docutils"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    jekyll = shutil.which("jekyll")
    if jekyll:
        out = subprocess.run([jekyll, "--version"], capture_output=True, text=True).stdout.split()
        found["jekyll"] = out[-1] if out else "?"
    return found


def machine() -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs ({cpu}), {mem:.0f} GiB RAM"


def fmt(x: float, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def report(results: list[Result], args: argparse.Namespace) -> tuple[str, list[tuple[str, bool | None, str]]]:
    """The Markdown report and the acceptance checks (name, passed or None, detail)."""
    rows = [
        "| N | clean -j1 wall / CPU s | clean -j auto wall / CPU s | no-op s | edit 1 post s | add tag s "
        "| add post s | peak RSS MB | output MB | post page KB (first / median) | searchindex KB "
        "| Jekyll s | ours / Jekyll | edit / Jekyll | incremental = clean |",
        "|" + "---|" * 15,
    ]
    for r in results:
        jk = med(r.jekyll)
        ours = med(r.clean_jauto)
        same = "–" if r.differing is None else ("yes" if not r.differing else f"no ({len(r.differing)})")
        rows.append(
            f"| {r.n} | {fmt(med(r.clean_j1))} / {fmt(med(r.clean_j1, 'cpu'))} "
            f"| {fmt(ours)} / {fmt(med(r.clean_jauto, 'cpu'))} | {fmt(med(r.noop))} | {fmt(med(r.edit))} "
            f"| {fmt(med(r.add_tag))} | {fmt(med(r.add_post))} | {r.peak_mb:.0f} | {r.output_bytes / 2**20:.1f} "
            f"| {r.first_post_bytes / 1024:.1f} / {r.median_post_bytes / 1024:.1f} | {r.searchindex_bytes / 1024:.0f} "
            f"| {fmt(jk)} | {fmt(ours / jk if r.jekyll else float('nan'))} "
            f"| {fmt(med(r.edit) / jk if r.jekyll and r.edit else float('nan'))} | {same} |"
        )

    by_n = {r.n: r for r in results}
    checks: list[tuple[str, bool | None, str]] = []

    def check(name: str, value: float | None, limit: float, detail: str) -> None:
        if value is None or math.isnan(value):
            checks.append((name, None, "not measured"))
        else:
            checks.append((name, value <= limit, detail.format(v=value, limit=limit)))

    big = by_n.get(1000)
    jk = med(big.jekyll) if big and big.jekyll else None
    check("1,000 posts: clean -j auto ≤ 3× Jekyll", med(big.clean_jauto) / jk if jk else None, 3,
          "{v:.2f}× Jekyll's wall time")  # fmt: skip
    check("1,000 posts: edit one post ≤ 1/5 of Jekyll's clean build",
          med(big.edit) / jk if jk and big.edit else None, 0.2, "{v:.2f}× Jekyll's clean build")  # fmt: skip
    noop = [med(r.noop) for r in results if r.noop]
    check("no-op rebuild ≤ 3 s (every N)", max(noop) if noop else None, 3, "slowest {v:.2f} s")
    verified = [r for r in results if r.differing is not None]
    checks.append((
        "incremental result equals a clean build",
        all(not r.differing for r in verified) if verified else None,
        "; ".join(f"N={r.n}: {', '.join(r.differing[:3]) or 'identical'}" for r in verified) or "not measured",
    ))  # fmt: skip
    small, large = min(by_n, default=0), max(by_n, default=0)
    if small and large > small and by_n[small].median_post_bytes:
        growth = by_n[large].median_post_bytes / by_n[small].median_post_bytes - 1
        check(f"post page at {large} within 10% of {small}", abs(growth), 0.10, f"{growth:+.1%}")
    else:
        check("post page size stable", None, 0.1, "")
    pts = [(r.n, med(r.clean_j1, "cpu")) for r in results if r.clean_j1]
    exp = slope(pts)
    check(f"scaling exponent ≤ 1.15 (clean -j 1 CPU, N={small}…{large})", exp, 1.15, "{v:.2f}")
    check(f"peak memory ≤ 1 GB at N={large}", by_n[large].peak_mb if large else None, 1024, "{v:.0f} MB")
    wall_exp = slope([(r.n, med(r.clean_jauto)) for r in results])

    lines = [
        "# Build benchmark results",
        "",
        f"Regenerated by `make bench` ({'quick' if args.quick else 'full'} mode) on "
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        f"- Machine: {machine()}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()),
        f"- Posts: `benchmarks/generate.py`, seed {args.seed}; our clean builds: medians of {args.clean_runs} run(s), "
        f"incremental builds and Jekyll: medians of {args.runs} run(s); "
        "incremental builds use `-j auto` on the clean `-j auto` output.",
        "- Wall times are seconds; CPU includes the parallel workers; peak RSS is the largest "
        "single build process.",
        "",
        *rows,
        "",
        f"Scaling exponent (log-log slope of clean build time over N): -j 1 CPU {fmt(exp)}, "
        f"-j auto wall {fmt(wall_exp)}.",
        "",
        "## Acceptance",
        "",
        "| check | result | measured |",
        "|---|---|---|",
        *(f"| {name} | {'–' if ok is None else ('pass' if ok else 'FAIL')} | {detail} |" for name, ok, detail in checks),
        "",
    ]
    return "\n".join(lines), checks


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="N = 100, 500 and 1 run unless given")
    p.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], help="comma-separated N")
    p.add_argument("--runs", type=int, help="runs per measurement (median); default 3, quick 1")
    p.add_argument("--clean-runs", type=int, help="runs of each clean build (default: --runs)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--post-bytes", type=int, default=POST_BYTES, help="pad generated posts to this size")
    p.add_argument("--scenarios", default="clean,noop,edit,tag,post",
                   help="which of clean (-j 1), noop, edit, tag, post to run (clean -j auto always runs)")  # fmt: skip
    p.add_argument("--no-verify", dest="verify", action="store_false", help="skip the incremental == clean check")
    p.add_argument("--no-jekyll", action="store_true", help="do not build with Jekyll")
    p.add_argument("--install-jekyll", action="store_true", help="apt-get install jekyll when missing")
    p.add_argument("--workdir", default=str(HERE / "_work"))
    p.add_argument("--keep", action="store_true", help="keep the generated sites and builds")
    p.add_argument("--results", default=str(HERE / "RESULTS.md"), help="Markdown report path, '-' for stdout only")
    p.add_argument("--json", help="also write the raw measurements as JSON here")
    p.add_argument("--silent", action="store_true", help="print only the report")
    args = p.parse_args(argv)
    args.sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
    args.runs = args.runs or (1 if args.quick else 3)
    args.clean_runs = args.clean_runs or args.runs
    args.scenarios = set(args.scenarios.split(","))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    bench = Bench(args)
    if not bench.jekyll and not args.no_jekyll:
        bench.log("jekyll is not installed (--install-jekyll installs it): Jekyll columns stay empty")
    results = [bench.measure(n) for n in args.sizes]
    text, checks = report(results, args)
    print("\n" + text)
    if args.results != "-":
        Path(args.results).write_text(text, encoding="utf-8")
    if args.json:
        data = [{**asdict(r), "peak_mb": r.peak_mb} for r in results]
        for item in data:
            for runs in item.values():
                if isinstance(runs, list):
                    for run in runs:
                        if isinstance(run, dict):
                            run.pop("log", None)
        Path(args.json).write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    failed = [r for r in results if r.warnings]
    for r in failed:
        print(f"note: N={r.n}: builds printed up to {r.warnings} warning(s); see {bench.work}/log-*.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
