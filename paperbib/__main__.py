"""``python -m paperbib`` runs the command line."""

from paperbib.cli import main

raise SystemExit(main())
