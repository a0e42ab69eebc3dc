"""Command-line exports (python -m tvet.export); the chart downloads of the pages live in tvet/exports.py."""
