"""Render: every page of the portal as HTML, from the analysed portal (pure: no I/O)."""
