"""``python -m hybridwatch`` runs the command line."""

from hybridwatch.cli import main

main()
