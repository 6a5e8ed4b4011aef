"""Open data: every report and the whole portal as YAML, JSON, CSV and one zip, and their dictionary."""
