"""How faithfully posts render compared with Jekyll (kramdown): `make fidelity`.

Usage: python benchmarks/fidelity.py [FOLDER] [--out DIR] [--blog NAME]

FOLDER holds one sub-folder per blog (the layout of ../shared/corpus/) or is
itself one blog.  Each blog's posts (``YYYY-MM-DD-*.md|markdown``, any depth)
are copied flat into a temporary site that uses this repository's conf.py and
built with Sphinx.  Reported per blog and in total:

- literal ``**``/``__``, ``{:``, ``{%``/``{{`` left in the text (code excluded);
- Sphinx warnings, split into posts with valid and invalid front matter, by type;
  those of valid posts are split again: problems of the source the build must
  report (:data:`SOURCE_PROBLEMS`: a missing include, post_url or image target,
  a front-matter fault), author HTML the sanitiser refuses (:data:`POLICY`), and
  the rest (``other``: each one is a bug of ours);
- posts that could not be read (bad encoding, invalid YAML) — reported, never fatal;
- when kramdown is installed (Debian: ruby-kramdown ruby-kramdown-parser-gfm),
  the share of kramdown's text blocks (p, li, h1–h6, td, th, dt, dd) found
  verbatim in our page, and the differing blocks (written to --out).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from jekyll_book.jekyll import frontmatter  # noqa: E402
from jekyll_book.source.liquid import render_liquid  # noqa: E402

POST_NAME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}-.+\.(md|markdown)$")
WARNING = re.compile(r"^(?P<path>.+?):(?P<line>\d+)?:? ?(?:WARNING|ERROR): (?P<msg>.*?)(?: \[(?P<type>[\w.]+)\])?$")
BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"]
#: warnings about real faults of the source: Jekyll's own build fails or shows
#: a broken page there too (a missing include or post_url target is an error
#: in Jekyll; an undefined Liquid variable prints nothing), so a faithful
#: build must keep them
SOURCE_PROBLEMS = {"jekyll_book.include", "jekyll_book.link", "jekyll_book.liquid_undefined"}
#: the source is fine for Jekyll but refers to a file the corpus lacks
#: (images are not part of it) or breaks a front-matter rule of this site
SOURCE_OTHER = {"jekyll_book.image", "jekyll_book.jekyll.frontmatter"}
#: author HTML or URLs the security model refuses (script, iframe, style=…)
POLICY = {"jekyll_book.html", "jekyll_book.url"}

KRAMDOWN_RB = r"""
require "json"
require "kramdown"
require "kramdown-parser-gfm"
# Jekyll 4's defaults (Jekyll::Converters::Markdown::KramdownParser)
opts = {input: "GFM", auto_ids: true, hard_wrap: false, footnote_nr: 1,
        smart_quotes: "lsquo,rsquo,ldquo,rdquo", entity_output: :as_char,
        toc_levels: (1..6).to_a, syntax_highlighter: nil, gfm_quirks: [:paragraph_end]}
out = JSON.parse($stdin.read).map do |text|
  begin
    Kramdown::Document.new(text, opts).to_html
  rescue StandardError => e
    "<p>kramdown failed: #{e.class}</p>"
  end
end
print JSON.generate(out)
"""

CONF = """\
import sys
sys.path.insert(0, {repo!r})
_conf = {conf!r}
exec(compile(open(_conf, encoding="utf-8").read(), _conf, "exec"))
templates_path = [p for p in [{templates!r}] if __import__("os").path.isdir(p)]
html_static_path = [p for p in [{static!r}] if __import__("os").path.isdir(p)]
"""


def kramdown_available() -> bool:
    if shutil.which("ruby") is None:
        return False
    probe = subprocess.run(
        ["ruby", "-e", 'require "kramdown"; require "kramdown-parser-gfm"'],
        capture_output=True,
    )
    return probe.returncode == 0


def blogs_in(folder: Path) -> list[Path]:
    subdirs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if any((d / "PROVENANCE.txt").exists() for d in subdirs):
        return subdirs
    return [folder]


def find_posts(blog: Path) -> list[Path]:
    return sorted(p for p in blog.rglob("*") if p.is_file() and POST_NAME.match(p.name))


class _Resolver:
    """Liquid as Jekyll would see it, for the kramdown side of the comparison."""

    def __init__(self, names: set[str], title: str) -> None:
        self.site = {"baseurl": "", "url": ""}
        self.page = {"title": title}
        self.names = names

    def post_path(self, name: str) -> str | None:
        stem = name.strip().rsplit("/", 1)[-1]
        return f"{stem}.md" if stem in self.names else None

    def page_path(self, path: str) -> str | None:
        return None

    def include(self, name: str, relative: bool) -> str | None:
        return None


# Liquid ignores words after an end tag (``{% endhighlight java %}``)
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+(\S+)[^%]*%\}\n?(.*?)\{%-?\s*endhighlight\b[^%]*%\}", re.S)


def jekyll_highlight(text: str) -> str:
    """What Jekyll's highlight tag hands to kramdown: an HTML block."""
    from html import escape

    def block(m: re.Match[str]) -> str:
        return (f'<figure class="highlight"><pre><code class="language-{m.group(1)}">'
                f"{escape(m.group(2))}</code></pre></figure>")

    return _HIGHLIGHT.sub(block, text)


def text_of(node) -> str:
    for junk in node.select("pre, code, sup.footnote, a.footnote-reference, a.reversefootnote, a.headerlink"):
        junk.decompose()
    return re.sub(r"\s+", " ", node.get_text("")).replace("\u00b6", "").strip()


def literal_counts(text: str) -> dict[str, int]:
    return {
        "**": text.count("**"),
        "__": text.count("__"),
        "{:": text.count("{:"),
        "liquid": text.count("{%") + text.count("{{"),
    }


def build_blog(blog: Path, workdir: Path) -> dict:
    posts = find_posts(blog)
    site = workdir / "site"
    post_dir = site / "docs" / "posts"
    post_dir.mkdir(parents=True)
    (site / "conf.py").write_text(
        CONF.format(
            repo=str(REPO),
            conf=str(REPO / "conf.py"),
            templates=str(REPO / "_templates"),
            static=str(REPO / "_static"),
        )
    )
    (site / "index.md").write_text("# Fidelity\n\n```{toctree}\n:glob:\n:hidden:\n\ndocs/posts/*\n```\n")
    unreadable: dict[str, str] = {}
    invalid_yaml: set[str] = set()
    bodies: dict[str, str] = {}
    titles: dict[str, str] = {}
    names: dict[str, Path] = {}
    for path in posts:
        name = path.name
        if name in names:  # same name in two category folders
            stem, ext = os.path.splitext(name)
            name = f"{stem}-{len(names)}{ext}"
        names[name] = path
        raw = path.read_bytes()
        shutil.copyfile(path, post_dir / name)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            unreadable[name] = f"not UTF-8 ({error.reason} at byte {error.start})"
            continue
        fm = frontmatter.split_front_matter(text)
        if fm.problems:
            invalid_yaml.add(name)
            unreadable[name] = "; ".join(p.message for p in fm.problems)[:200]
        bodies[name] = fm.body
        titles[name] = str(fm.data.get("title", "")) if isinstance(fm.data, dict) else ""
    out = workdir / "html"
    warnings_file = workdir / "warnings.txt"
    cmd = [
        str(REPO / ".venv" / "bin" / "sphinx-build"), "-b", "html", str(site), str(out),
        "-d", str(workdir / "doctrees"), "-q", "--keep-going", "-w", str(warnings_file),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    warnings = []
    for line in warnings_file.read_text(errors="replace").splitlines() if warnings_file.exists() else []:
        m = WARNING.match(line)
        if m:
            warnings.append((Path(m.group("path")).name, m.group("type") or "sphinx", m.group("msg")))
    pages: dict[str, str] = {}
    literals = collections.Counter()
    for name in names:
        html_path = out / "docs" / "posts" / (os.path.splitext(name)[0] + ".html")
        if not html_path.exists():
            continue
        soup = BeautifulSoup(html_path.read_text(encoding="utf-8"), "html.parser")
        main = soup.select_one("article") or soup.select_one('[role="main"]') or soup.body
        pages[name] = text_of(main) if main else ""
        literals.update(literal_counts(pages[name]))
    return {
        "posts": len(names),
        "built": len(pages),
        "build_exit": proc.returncode,
        "build_stderr": proc.stderr[-2000:] if proc.returncode else "",
        "unreadable": unreadable,
        "invalid_yaml": sorted(invalid_yaml),
        "warnings": warnings,
        "literals": dict(literals),
        "pages": pages,
        "bodies": bodies,
        "titles": titles,
    }


def warning_kind(wtype: str) -> str:
    if wtype in SOURCE_PROBLEMS:
        return "source"
    if wtype in SOURCE_OTHER:
        return "source_other"
    if wtype in POLICY:
        return "policy"
    return "other"


def kramdown_blocks(result: dict) -> tuple[int, int, list[tuple[str, str]], int]:
    names = {os.path.splitext(n)[0] for n in result["bodies"]}
    order = list(result["bodies"])
    texts = []
    for name in order:
        body, _ = render_liquid(jekyll_highlight(result["bodies"][name]), _Resolver(names, result["titles"].get(name, "")))
        texts.append(body)
    proc = subprocess.run(["ruby", "-e", KRAMDOWN_RB], input=json.dumps(texts), capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"  kramdown failed: {proc.stderr[-500:]}", file=sys.stderr)
        return 0, 0, [], 0
    found = total = stars = 0
    missing: list[tuple[str, str]] = []
    for name, html in zip(order, json.loads(proc.stdout)):
        ours = result["pages"].get(name)
        if ours is None:
            continue
        soup = BeautifulSoup(html, "html.parser")
        # what kramdown itself leaves literal (its own page, code excluded)
        stars += literal_counts(text_of(BeautifulSoup(html, "html.parser")))["**"]
        for block in soup.find_all(BLOCKS):
            if block.find(BLOCKS):  # count the innermost blocks only
                continue
            text = text_of(block)
            if not text:
                continue
            total += 1
            if text in ours:
                found += 1
            else:
                missing.append((name, text[:300]))
    return found, total, missing, stars


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(REPO.parent / "shared" / "corpus"))
    parser.add_argument("--out", default=None, help="folder for the report files")
    parser.add_argument("--blog", action="append", help="only this blog (repeatable)")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    out_dir = Path(args.out or tempfile.mkdtemp(prefix="fidelity-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    use_kramdown = kramdown_available()
    if not use_kramdown:
        print("kramdown not installed (apt-get install ruby-kramdown ruby-kramdown-parser-gfm): "
              "text-block comparison skipped")
    totals = collections.Counter()
    warn_types = collections.Counter()
    rows = []
    differing: list[str] = []
    for blog in blogs_in(folder):
        if args.blog and blog.name not in args.blog:
            continue
        with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
            result = build_blog(blog, Path(tmp))
        bad = set(result["invalid_yaml"]) | set(result["unreadable"])
        valid_warnings = [w for w in result["warnings"] if w[0] not in bad]
        invalid_warnings = [w for w in result["warnings"] if w[0] in bad]
        warn_types.update(w[1] for w in valid_warnings)
        found = total = kd_stars = 0
        if use_kramdown:
            found, total, missing, kd_stars = kramdown_blocks(result)
            differing.extend(f"{blog.name}/{name}: {text}" for name, text in missing)
        lit = result["literals"]
        row = {
            "blog": blog.name, "posts": result["posts"], "built": result["built"],
            "**": lit.get("**", 0), "__": lit.get("__", 0), "{:": lit.get("{:", 0),
            "kd_**": kd_stars,
            "liquid": lit.get("liquid", 0), "warnings": len(valid_warnings),
            **{f"w_{kind}": sum(warning_kind(w[1]) == kind for w in valid_warnings)
               for kind in ("source", "source_other", "policy", "other")},
            "warnings_bad_yaml": len(invalid_warnings), "unreadable": len(result["unreadable"]),
            "kd_found": found, "kd_total": total,
        }
        rows.append(row)
        totals.update({k: v for k, v in row.items() if isinstance(v, int)})
        for name, why in sorted(result["unreadable"].items()):
            print(f"  [{blog.name}] {name}: {why}")
        if result["build_exit"]:
            print(f"  [{blog.name}] sphinx-build exited {result['build_exit']}: {result['build_stderr']}")
        (out_dir / f"{blog.name}.warnings.txt").write_text(
            "\n".join(f"{n}: [{t}] {m}" for n, t, m in result["warnings"]) + "\n", encoding="utf-8"
        )
        print(_format(row), flush=True)
    totals["blog"] = 0
    print(_format({**totals, "blog": "TOTAL"}))
    print("warnings by type (posts with valid front matter):",
          ", ".join(f"{t}={n}" for t, n in warn_types.most_common()) or "none")
    if use_kramdown:
        (out_dir / "differing-blocks.txt").write_text("\n".join(differing) + "\n", encoding="utf-8")
        print(f"differing kramdown blocks: {len(differing)} (listed in {out_dir / 'differing-blocks.txt'})")
    (out_dir / "fidelity.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"report files in {out_dir}")
    return 0


def _format(row: dict) -> str:
    share = f"{100 * row['kd_found'] / row['kd_total']:.2f}%" if row.get("kd_total") else "n/a"
    return (
        f"{str(row['blog'])[:36]:36} posts={row['posts']:4} built={row['built']:4} "
        f"**={row['**']:4} (kramdown: {row['kd_**']:3}) __={row['__']:4} {{:={row['{:']:3} liquid={row['liquid']:3} "
        f"warnings={row['warnings']:4} [source={row['w_source']} source-other={row['w_source_other']} "
        f"policy={row['w_policy']} other={row['w_other']}] (bad-yaml posts: {row['warnings_bad_yaml']}) "
        f"unreadable={row['unreadable']:3} kramdown-blocks={share} ({row['kd_found']}/{row['kd_total']})"
    )


if __name__ == "__main__":
    sys.exit(main())
