"""Liquid subset: input → expected text, and what is reported (pure, no build)."""

from __future__ import annotations

import pytest

from jekyll_book.source.liquid import MISSING_SCHEME, render_liquid


class FakeSite:
    site = {"baseurl": "/blog", "url": "https://blog.example"}
    page = {"title": "제목", "tags": ["a", "b"]}

    def post_path(self, name: str) -> str | None:
        return "2019-10-31-seed.md" if name.strip() == "2019-10-31-seed" else None

    def page_path(self, path: str) -> str | None:
        return "../../about.md" if path.strip() == "about.md" else None

    def include(self, name: str, relative: bool) -> str | None:
        return '<div class="note">{{ include.content }}</div>\n' if name == "note.html" else None


CASES = [
    ("highlight", "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n", "```ruby\nputs 1\n```\n"),
    (
        "highlight-linenos",
        "{% highlight python linenos %}\nx = 1\n{% endhighlight %}\n",
        "```python jekyll-linenos\nx = 1\n```\n",
    ),
    ("raw", "Use {% raw %}`{{ page.title }}`{% endraw %} here.\n", "Use `{{ page.title }}` here.\n"),
    ("post_url", "[p]({% post_url 2019-10-31-seed %})", "[p](2019-10-31-seed.md)"),
    ("link", "[a]({% link about.md %})", "[a](../../about.md)"),
    ("baseurl", "![i]({{ site.baseurl }}/assets/a.png)", "![i](/blog/assets/a.png)"),
    ("site.url", "{{ site.url }}", "https://blog.example"),
    ("relative_url", '[x]({{ "/x/" | relative_url }})', "[x](/blog/x/)"),
    ("absolute_url", "{{ '/x' | absolute_url }}", "https://blog.example/blog/x"),
    ("page.title", "Title: {{ page.title }}", "Title: 제목"),
    ("include", '{% include note.html content="포함됨" %}\n', '<div class="note">포함됨</div>\n'),
    ("comment keeps lines", "a\n{% comment %}\nx\n{% endcomment %}\nb", "a\n\n\n\nb"),
    ("capture", "{% capture n %}**hi**{% endcapture %}{{ n | markdownify }}", "**hi**"),
    ("unknown in code", "```yaml\nk: ${{ secrets.KEY }}\n```\n", "```yaml\nk: ${{ secrets.KEY }}\n```\n"),
    ("unknown in code span", "`{% load static %}`", "`{% load static %}`"),
    # Liquid ignores words after an end tag
    ("endhighlight with a language", "{% highlight java %}\nx();\n{% endhighlight java %}\n", "```java\nx();\n```\n"),
    # blocks of the same name nest: the outer capture ends at the second endcapture
    (
        "nested capture",
        "{% capture a %}x{% capture a %}y{% endcapture %}z{% endcapture %}[{{ a }}]",
        "[xz]",
    ),
    ("raw hides an end tag", "{% comment %}{% raw %}{% endcomment %}{% endraw %}{% endcomment %}ok", "ok"),
    # Markdown blocks from markdownify need lines of their own (Jekyll inserts HTML)
    (
        "multi-line markdownify",
        '{% capture n %}#### T\n\n* a{% endcapture %}<div class="notice">\n  {{ n | markdownify }}\n</div>',
        '\n\n<div class="notice">\n  \n\n#### T\n\n* a\n\n\n</div>',
    ),
]


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_liquid(name: str, source: str, expected: str) -> None:
    text, problems = render_liquid(source, FakeSite())
    assert text == expected
    assert problems == []


PROBLEMS = [
    ("missing post", "a\n[p]({% post_url 2000-01-01-x %})", 2, "link", MISSING_SCHEME),
    ("missing link", "[p]({% link nope.md %})", 1, "link", MISSING_SCHEME),
    ("missing include", "\n\n{% include nav.html %}", 3, "include", ""),
    ("unknown tag", "x\n{% for p in site.posts %}", 2, "liquid", "{% for p in site.posts %}"),
    ("unknown filter", "{{ page.title | slugify }}", 1, "liquid", "{{ page.title | slugify }}"),
    # Liquid prints nothing for an undefined variable; in TeX's ``\mathbf{{log}}``
    # both braces belong to the tag
    ("undefined variable", "a\n$$\\mathbf{{log}} p$$", 2, "liquid_undefined", "$$\\mathbf p$$"),
    ("undefined site value", "x {{ site.nothing }} y", 1, "liquid_undefined", "x  y"),
    ("unclosed raw", "{% raw %} x", 1, "liquid", "{% raw %}"),
]


@pytest.mark.parametrize(("name", "source", "line", "subtype", "kept"), PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_liquid_problems(name: str, source: str, line: int, subtype: str, kept: str) -> None:
    text, problems = render_liquid(source, FakeSite())
    assert [(p.line, p.subtype) for p in problems] == [(line, subtype)]
    assert kept in text


def test_lines_are_preserved() -> None:
    source = "a\n{% highlight c %}\nx\n{% endhighlight %}\n{{ page.title }}\n{% raw %}\n{{x}}\n{% endraw %}\nz\n"
    text, _ = render_liquid(source, FakeSite())
    assert text.count("\n") == source.count("\n")
    assert text.splitlines()[8] == "z"
