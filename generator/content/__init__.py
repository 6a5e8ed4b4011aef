"""Content: the tree under ``content/`` (bodies, reports, regions), read and written as YAML."""
