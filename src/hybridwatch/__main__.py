"""``python -m hybridwatch`` runs the command line."""

from hybridwatch.cli import main

if __name__ == "__main__":  # not when a worker process re-imports the main module
    main()
