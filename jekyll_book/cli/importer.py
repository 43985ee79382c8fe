"""``python -m jekyll_book import PATH``: bring a Jekyll blog repository in.

Posts and drafts are copied byte for byte (nothing in them is rewritten),
together with the files they reference (images under ``assets/``,
``images/``…, at the same path, since the repository root is the site root
here as in Jekyll) and the ``_includes/`` they use.  The settings of
``_config.yml`` that matter go to ``jekyll_site.json``, which conf.py reads
through :func:`conf_overrides`.  Existing different files are never replaced
without ``--force``; running it again copies only what changed.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from jekyll_book.config import comments_ok
from jekyll_book.jekyll import frontmatter
from jekyll_book.jekyll.frontmatter import POST_SUFFIXES
from jekyll_book.jekyll.site import SITE_FILE, SITE_KEYS

_SKIP_DIRS = {"_site", "node_modules", "vendor", ".git", ".jekyll-cache", ".sass-cache"}
_LIQUID_SITE = re.compile(r"\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\}")
_LIQUID_FILTERED = re.compile(
    r"\{\{-?\s*['\"]([^'\"]+)['\"]\s*\|\s*(?:relative_url|absolute_url|prepend:[^}]*)\s*-?\}\}"
)
_REFERENCES = (
    re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)"),  # [x](path), ![x](path)
    re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE),  # [x]: path
    re.compile(r"\b(?:src|href|poster|data-src)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE),
)
_INCLUDE = re.compile(r"\{%-?\s*include(_relative)?\s+([^\s%}]+)")
_PAGE_SUFFIXES = ("", ".html", ".htm", ".md", ".markdown")


@dataclass
class Report:
    """What an import did, for the user: one line per file."""

    copied: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"copied     {p}" for p in self.copied]
        out += [f"skipped    {p}: {why}" for p, why in self.skipped]
        out.append(
            f"{len(self.copied)} copied, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} skipped"
        )
        return out


@dataclass
class _Import:
    src: Path
    dest: Path
    posts_dir: str
    drafts_dir: str
    force: bool
    dry_run: bool
    report: Report = field(default_factory=Report)
    baseurl: str = ""
    url: str = ""
    #: destination (relative) → source it came from, to catch two sources for one file
    planned: dict[str, Path] = field(default_factory=dict)
    #: missing file → (what refers to it, the posts that do), reported once at the end
    missing: dict[str, tuple[str, list[str]]] = field(default_factory=dict)

    def note_missing(self, rel: str, how: str, by: str) -> None:
        self.missing.setdefault(rel, (how, []))[1].append(by)

    def report_missing(self) -> None:
        for rel, (how, by) in sorted(self.missing.items()):
            more = f" and {len(by) - 1} more" if len(by) > 1 else ""
            self.report.skipped.append((rel, f"{how} {by[0]}{more} but not in the repository"))

    def copy(self, source: Path, rel_dest: str) -> bool:
        """Copy unless an equal file is there; True when the file is (now) in place."""
        shown = source.relative_to(self.src).as_posix()
        first = self.planned.setdefault(rel_dest, source)
        if first != source:
            other = first.relative_to(self.src).as_posix()
            self.report.skipped.append(
                (shown, f"same file name as {other}; rename one of them and import again")
            )
            return False
        target = self.dest / rel_dest
        data = source.read_bytes()
        if target.is_file():
            if target.read_bytes() == data:
                self.report.unchanged.append(rel_dest)
                return True
            if not self.force:
                self.report.skipped.append(
                    (shown, f"{rel_dest} exists with other content (--force replaces it)")
                )
                return False
        if not self.dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        self.report.copied.append(rel_dest)
        return True


def _walk(folder: Path) -> Iterator[Path]:
    """Files of ``folder``, shallow ones first."""
    for path in sorted(folder.rglob("*"), key=lambda p: (len(p.parts), p.as_posix())):
        rel = path.relative_to(folder).parts
        if path.is_file() and not any(p.startswith(".") or p in _SKIP_DIRS for p in rel):
            yield path


def read_site_config(src: Path) -> tuple[dict[str, Any], str]:
    """The kept ``_config.yml`` settings, and a problem ('' when fine)."""
    path = src / "_config.yml"
    if not path.is_file():
        return {}, "no _config.yml: the site keeps this project's settings"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, f"_config.yml is not valid YAML ({exc}); its settings were not imported"
    if not isinstance(data, dict):
        return {}, "_config.yml is not a mapping; its settings were not imported"
    site: dict[str, Any] = {}
    for key in SITE_KEYS:
        value = data.get(key)
        if isinstance(value, dict):  # author: {name: ..., email: ...}
            value = value.get("name")
        if value is not None and not isinstance(value, (list, dict)):
            site[key] = str(value)
    # Jekyll also takes the posts' permalink from the posts collection or defaults
    collection = (data.get("collections") or {}).get("posts") if isinstance(data.get("collections"), dict) else None
    if isinstance(collection, dict) and collection.get("permalink"):
        site["permalink"] = str(collection["permalink"])
    for default in data.get("defaults") or []:
        if not isinstance(default, dict):
            continue
        scope, values = default.get("scope") or {}, default.get("values") or {}
        if (
            isinstance(scope, dict)
            and isinstance(values, dict)
            and scope.get("type") == "posts"
            and not scope.get("path")
            and values.get("permalink")
        ):
            site["permalink"] = str(values["permalink"])
    comments = theme_comments(data)
    if comments:
        site["comments"] = comments
    analytics = theme_analytics(data)
    if analytics:
        site["analytics"] = analytics
    paginate = data.get("paginate")
    if isinstance(paginate, int) and not isinstance(paginate, bool) and paginate >= 0:
        site["paginate"] = paginate
    return site, ""


def _str(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


def theme_comments(data: dict[str, Any]) -> dict[str, str]:
    """``jekyll_comments`` from a theme's ``_config.yml`` ({} when none is set up).

    minimal-mistakes: ``comments: {provider: giscus, giscus: {...}}`` with the
    repository in ``repository:``; Chirpy: ``comments: {provider|active: ...,
    giscus: {repo, ...}}``; minima and old Chirpy: ``disqus: {shortname: ...}``.
    """

    section = data.get("comments")
    found: dict[str, str] = {}
    if isinstance(section, dict):
        provider = _str(section.get("provider") or section.get("active")).lower()
        sub = section.get(provider) if provider else None
        sub = sub if isinstance(sub, dict) else {}
        repo = _str(sub.get("repo") or data.get("repository"))
        if provider == "giscus":
            found = {
                "provider": "giscus",
                "repo": repo,
                "repo_id": _str(sub.get("repo_id")),
                "category": _str(sub.get("category") or sub.get("category_name")),
                "category_id": _str(sub.get("category_id")),
            }
            for key in ("reactions_enabled", "strict", "input_position", "lang", "theme"):
                if _str(sub.get(key)):
                    found[key] = _str(sub.get(key))
        elif provider == "utterances":
            found = {"provider": "utterances", "repo": repo}
            for key in ("label", "theme"):
                if _str(sub.get(key)):
                    found[key] = _str(sub.get(key))
        elif provider == "disqus":
            found = {"provider": "disqus", "shortname": _str(sub.get("shortname"))}
    if not found:
        disqus = data.get("disqus")
        shortname = (
            disqus.get("shortname") if isinstance(disqus, dict) else data.get("disqus_shortname")
        )
        if _str(shortname):
            found = {"provider": "disqus", "shortname": _str(shortname)}
    return found if found and comments_ok(found) else {}


def theme_analytics(data: dict[str, Any]) -> dict[str, str]:
    """The theme's ``analytics`` option (Google Analytics) from ``_config.yml``.

    Jekyll/minima ``google_analytics: G-…``; minimal-mistakes ``analytics:
    {provider: google-gtag, google: {tracking_id}}``; Chirpy ``analytics:
    {google: {id}}`` (older: ``google_analytics: {id}``).
    """
    candidates: list[Any] = [data.get("google_analytics")]
    section = data.get("analytics")
    if isinstance(section, dict) and isinstance(section.get("google"), dict):
        google = section["google"]
        candidates += [google.get("tracking_id"), google.get("id")]
    if isinstance(candidates[0], dict):
        candidates[0] = candidates[0].get("id")
    for value in candidates:
        if _str(value):
            return {"google_analytics_id": _str(value)}
    return {}


def _reference_candidates(text: str) -> Iterator[tuple[str, bool]]:
    """(reference, sure): links and ``image:`` are sure to be meant as files;
    other front-matter values (``header: {teaser: ...}``) only may be."""
    text = _LIQUID_FILTERED.sub(r"\1", _LIQUID_SITE.sub("", text))
    for pattern in _REFERENCES:
        for match in pattern.finditer(text):
            yield match.group(1), True
    fm = frontmatter.split_front_matter(text)
    data = fm.data
    image = frontmatter.resolve_meta(fm, "post")[0].image if fm.present else ""
    if image:
        yield image, True
    for value in _strings(data):
        if "/" in value and not any(c.isspace() for c in value):
            yield value, False


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _local_path(job: _Import, ref: str) -> str | None:
    """A site-root-relative file path for a reference, or None (URL, anchor…)."""
    ref = ref.strip()
    if not ref or ref.startswith(("#", "{%", "{{", "mailto:", "data:", "javascript:")):
        return None
    for prefix in (job.url.rstrip("/") + job.baseurl.rstrip("/"), job.url.rstrip("/")):
        if prefix and ref.startswith(prefix + "/"):
            ref = ref[len(prefix) :]
            break
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if job.baseurl.strip("/") and path.startswith("/" + job.baseurl.strip("/") + "/"):
        path = path[len(job.baseurl.rstrip("/")) :]
    path = posixpath.normpath("/" + re.sub(r"^(?:\.{1,2}/)+", "", path)).lstrip("/")
    return path if path and path != "." else None


def _copy_references(job: _Import, source: Path, text: str) -> None:
    root = job.src.resolve()
    seen: set[str] = set()
    for ref, sure in _reference_candidates(text):
        rel = _local_path(job, ref)
        if rel is None or rel in seen:
            continue
        seen.add(rel)
        candidate = (job.src / rel).resolve()
        if not candidate.is_relative_to(root):
            continue  # never copy from outside the repository
        inside = candidate.relative_to(root).parts
        if any(p.startswith((".", "_")) for p in inside):
            continue  # _posts, _site, .git…: not site files
        if candidate.is_file():
            job.copy(job.src / rel, rel)
        elif sure and posixpath.splitext(rel)[1].lower() not in _PAGE_SUFFIXES:
            job.note_missing(rel, "referenced by", source.relative_to(job.src).as_posix())


def _copy_includes(job: _Import, source: Path, text: str, rel_post_dir: str) -> None:
    pending = [(source, text, rel_post_dir)]
    done: set[Path] = set()
    while pending:
        origin, body, dest_dir = pending.pop()
        for relative, name in _INCLUDE.findall(body):
            if "{{" in name:
                continue  # computed name: cannot be known before rendering
            if relative:
                path, rel = origin.parent / name, posixpath.join(dest_dir, name)
            else:
                path, rel = job.src / "_includes" / name, f"_includes/{name}"
            path = path.resolve()
            if path in done or not path.is_relative_to(job.src.resolve()):
                continue
            done.add(path)
            if not path.is_file():
                job.note_missing(rel, "included by", origin.relative_to(job.src.resolve()).as_posix())
                continue
            if job.copy(path, rel):
                pending.append((path, path.read_text(encoding="utf-8", errors="replace"), dest_dir))


def _import_folder(job: _Import, folder: str, dest_dir: str, *, dated: bool) -> None:
    for path in _walk(job.src / folder):
        shown = path.relative_to(job.src).as_posix()
        if path.suffix.lower() not in POST_SUFFIXES:
            job.report.skipped.append((shown, "not a Markdown post (.md or .markdown)"))
            continue
        if dated and not frontmatter.FILENAME_RE.match(path.stem):
            job.report.skipped.append(
                (shown, "Jekyll does not publish it: the name is not YYYY-MM-DD-title.md")
            )
            continue
        # sub-folders kept: Jekyll reads them as posts, and so does is_post
        inside = path.relative_to(job.src / folder).as_posix()
        rel = posixpath.join(dest_dir, inside)
        if not job.copy(path, rel):
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        _copy_references(job, path, text)
        _copy_includes(job, path.resolve(), text, posixpath.dirname(rel))


def import_blog(
    src: str | Path,
    dest: str | Path = ".",
    *,
    posts_dir: str = "docs/posts",
    drafts_dir: str = "docs/drafts",
    force: bool = False,
    dry_run: bool = False,
) -> Report:
    """Import the Jekyll repository ``src`` into the project at ``dest``."""
    src, dest = Path(src), Path(dest)
    if not (src / "_posts").is_dir():
        raise ValueError(f"{src}: no _posts/ folder; is this a Jekyll site repository?")
    job = _Import(src, dest, posts_dir.strip("/"), drafts_dir.strip("/"), force, dry_run)
    site, problem = read_site_config(src)
    if problem:
        job.report.skipped.append(("_config.yml", problem))
    job.url, job.baseurl = site.get("url", ""), site.get("baseurl", "")
    _import_folder(job, "_posts", job.posts_dir, dated=True)
    if (src / "_drafts").is_dir():
        _import_folder(job, "_drafts", job.drafts_dir, dated=False)
    job.report_missing()
    for other in sorted(src.glob("*/_posts")):
        job.report.skipped.append(
            (
                other.relative_to(src).as_posix(),
                "posts in a category folder are not imported: move them to _posts/ "
                f"with 'categories: {other.parent.name}'",
            )
        )
    if site:
        text = json.dumps(site, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        target = dest / SITE_FILE
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            job.report.unchanged.append(SITE_FILE)
        else:
            if not dry_run:
                target.write_text(text, encoding="utf-8")
            job.report.copied.append(f"{SITE_FILE} (settings from _config.yml)")
    return job.report


def _run_import(args: argparse.Namespace) -> int:
    try:
        report = import_blog(
            args.path,
            args.dest,
            posts_dir=args.posts_dir,
            drafts_dir=args.drafts_dir,
            force=args.force,
            dry_run=args.dry_run,
        )
    except ValueError as exc:
        print(f"jekyll_book import: {exc}")
        return 2
    for line in report.lines():
        print(line)
    return 0


def add_import_command(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="bring in a Jekyll blog repository (_posts, _drafts, images, _config.yml)",
        description="Copy the posts, drafts, referenced files and includes of a Jekyll "
        "repository into this project, unchanged, and its _config.yml settings into "
        "jekyll_site.json. Safe to run again; existing files are kept unless --force.",
    )
    parser.add_argument("path", type=Path, help="the Jekyll repository (holds _posts/)")
    parser.add_argument("--dest", type=Path, default=Path("."), help="this project's root")
    parser.add_argument("--posts-dir", default="docs/posts")
    parser.add_argument("--drafts-dir", default="docs/drafts")
    parser.add_argument("--force", action="store_true", help="replace files that differ")
    parser.add_argument("--dry-run", action="store_true", help="report only, copy nothing")
    parser.set_defaults(func=_run_import)
