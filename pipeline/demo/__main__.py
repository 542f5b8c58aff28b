"""``python -m pipeline.demo DIR`` (what ``make demo`` runs)."""

import sys

from pipeline.demo import main

raise SystemExit(main(sys.argv[1:]))
