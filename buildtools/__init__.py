"""The project's own build tooling, used by tasks.py and the tests."""
