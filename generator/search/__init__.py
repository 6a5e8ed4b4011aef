"""Search: the site's own search index (pairs of letters), built beside the site builder."""
