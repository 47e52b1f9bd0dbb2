"""Content-hashed names for the theme's files: bytes and paths in, strings out.

No files and no Pelican here (the glue in __init__.py reads and writes), so
the rules are tested directly (tests/unit/test_theme_assets.py).
"""

from __future__ import annotations

import hashlib
import re

# Hex digits of the SHA-256 kept in a name: enough that two versions of one
# file never share a name, short enough to read. Published names have always
# used 12, so an unchanged file keeps its hashed name across this change.
HASH_LENGTH = 12


def hashed_name(path: str, data: bytes) -> str:
    """The name of `path`'s copy for these contents, in the same folder:
    ("css/site.css", b"...") -> "css/site.3ae1aea63ec0.css"."""
    head, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        raise ValueError(f"{path!r} has no file extension")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    new_name = f"{stem}.{digest}.{ext}"
    return f"{head}/{new_name}" if head else new_name


# A copy lives in another folder, so anything it loads by a relative address
# would be looked for in the wrong place. The theme's files load nothing
# (search.js imports Pagefind by the absolute address its page gives it), so
# rather than rewrite such references, refuse them. data: URLs load nothing.
_CSS_LOADS = re.compile(r"""url\(\s*(?!["']?data:)|@import""", re.IGNORECASE)
_JS_RELATIVE_IMPORT = re.compile(r"""\b(?:import|from)\s*\(?\s*["'`]\.{1,2}/""")


def loads_other_files(path: str, data: bytes) -> str:
    """Why a copy of this file elsewhere would break ("" when it would not)."""
    ext = path.rpartition(".")[2].lower()
    text = data.decode("utf-8", errors="replace")
    if ext == "css" and _CSS_LOADS.search(text):
        return (
            "the stylesheet loads other files (url() or @import), which its hashed copy "
            "would look for in the wrong folder. Inline the file as a data: URL, or load it "
            "from the template with asset_url()"
        )
    if ext in ("js", "mjs") and _JS_RELATIVE_IMPORT.search(text):
        return (
            "the script imports other files by a relative path, which its hashed copy "
            "would look for in the wrong folder. Pass the address in from the template "
            "(as search.html gives search.js the search bundle's address)"
        )
    return ""
