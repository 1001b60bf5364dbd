"""``python -m tutor`` runs the ``difftutor`` command line."""

from tutor.cli import main

raise SystemExit(main())
