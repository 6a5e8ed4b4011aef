"""Site: the one part that knows mkdocs and mkdocs-material (plugin, theme speed-ups, build)."""
