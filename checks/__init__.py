"""Automated checks over a built Pelican output folder (`invoke check`).

Run `python -m checks OUTPUT_DIR` (see checks/cli.py and checks/REQUIREMENTS.md).
Each checker is a small module; pure logic (link resolution, budgets, weight
tables, message parsing) is kept apart from I/O (the loopback server, vnu.jar,
the browser) so it can be tested on its own.
"""
