"""``python -m generator`` runs the ``portal`` command."""

import sys

from .cli import main

sys.exit(main())
