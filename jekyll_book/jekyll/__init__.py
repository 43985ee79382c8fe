"""The Jekyll model, pure Python (no Sphinx, no docutils).

:mod:`.frontmatter` reads a post as Jekyll does (YAML, dates, title, tags,
categories, visibility); :mod:`.permalinks` computes the URL the post had;
:mod:`.site` keeps the ``_config.yml`` settings ``make import`` brings.
Table-tested against Jekyll's own behaviour.
"""
