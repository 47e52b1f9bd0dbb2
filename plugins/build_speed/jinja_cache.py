"""Compiled templates shared by a build's Jinja environments.

Every Pelican generator has its own Jinja environment, so each template is
compiled several times a build, and each render checks every template
file's time stamp. An in-memory bytecode cache (keyed by Jinja on the
template's name and a checksum of its source) compiles each once; a build
is one process, so the next build reads the theme afresh."""

from __future__ import annotations

from jinja2 import BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()

    def clear(self):
        self._store.clear()


def tuned(jinja_environment: dict | None) -> dict:
    """JINJA_ENVIRONMENT with the cache, and without time-stamp checks,
    unless the settings say otherwise."""
    jinja = dict(jinja_environment or {})
    jinja.setdefault("auto_reload", False)
    jinja.setdefault("bytecode_cache", MemoryBytecodeCache())
    return jinja
