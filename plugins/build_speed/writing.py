"""A second writer: most of the posts' and pages' own files rendered and
written on the other core, by a forked copy of the build.

Pelican renders every page in one process. Once every generator has its
context and every hook has run, Pelican asks plugins for its writer
(get_writer). At that point the build forks: the copy runs the articles and
pages generators' generate_output with ChildWriter, which writes only the
content pages (a post's or page's own file) of share 1, about seven in ten;
Pelican goes on with ParentWriter, which writes everything except those. A
file's share is a hash of its name, so two items that would write the same
file go to the same writer, and Pelican's own check for a file written twice
still sees them.
No Pelican import besides its Writer class; the hooks are in __init__.py.
"""

from __future__ import annotations

import os
import sys
import zlib

from pelican.writers import Writer

from .counting import count_warnings

# The copy's share of the content pages, in tenths: Pelican's process also
# writes every list page, the feeds and the other plugins' files.
CHILD_TENTHS = 7


def share_of(name) -> int:
    """1: the copy writes this file; 0: Pelican does."""
    return int(zlib.crc32(str(name).encode("utf-8")) % 10 < CHILD_TENTHS)


def is_content_page(kwargs: dict) -> bool:
    """Pelican's generators pass a post (or draft) as `article`, a page as
    `page`, when they write its own file; lists and other pages have neither."""
    return "article" in kwargs or "page" in kwargs


class ParentWriter(Writer):
    """Pelican's writer, less the content pages the copy writes."""

    def write_file(self, name, template, context, *args, **kwargs):
        if is_content_page(kwargs) and share_of(name) == 1:
            return None
        return super().write_file(name, template, context, *args, **kwargs)


class ChildWriter(Writer):
    """In the copy: the content pages of share 1, and nothing else."""

    def write_file(self, name, template, context, *args, **kwargs):
        if is_content_page(kwargs) and share_of(name) == 1:
            return super().write_file(name, template, context, *args, **kwargs)
        return None


def run_child(generators, output_path, settings) -> int:
    """The copy's whole work; its exit code: 0, or 2 if anything was logged
    at warning level or above (Pelican's --fatal warnings), 1 on an error."""
    recorder = count_warnings(show=True)
    try:
        writer = ChildWriter(output_path, settings=settings)
        for generator in generators:
            generator.generate_output(writer)
    except BaseException as error:  # Pelican's FatalLogger raises after logging a warning
        if recorder.count == 0:
            print(
                f"ERROR: build_speed: the second writer stopped: {type(error).__name__}: {error}",
                file=sys.stderr,
            )
        return 1
    return 2 if recorder.count else 0


def fork_writer(generators, output_path, settings) -> int:
    """Fork the copy; returns its pid (in this process)."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = run_child(generators, output_path, settings)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid
