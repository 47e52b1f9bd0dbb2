"""Production settings: `invoke publish-build` (and later `invoke publish`).

Everything from pelicanconf.py, plus the real address, no drafts and no
future-dated posts.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = "https://www.thcvs.org.uk"
RELATIVE_URLS = False

# Drafts are never written in production, not even to a hidden folder.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_URL = ""

# A post dated in the future waits for the first rebuild after its date.
WITH_FUTURE_DATES = False

# The theme's stylesheets, scripts and icon load from content-hashed copies in
# assets/, which the web server caches for a year (README, "Publishing"). The
# folder name is also in deploy/nginx.conf and deploy/_headers.
THEME_ASSETS_HASHED = True
THEME_ASSETS_FOLDER = "assets"

# Pelican's quickstart turns these back on here; this site never wants them.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
