"""Files beside the HTML pages: feeds, redirect pages at the old Jekyll URLs,
share cards (Open Graph data handed to sphinxext-opengraph)."""
