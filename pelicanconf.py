"""Development settings: `invoke build` and `invoke serve` use these.

Production (`invoke publish-build`) imports everything here and overrides a few
settings in publishconf.py. Each plugin's settings share a prefix (its namespace)
and are checked once when Pelican starts; see README.md, "Settings".
"""

import sys
from pathlib import Path

AUTHOR = "Tower Hamlets CVS"
SITENAME = "Tower Hamlets CVS"
SITE_TAGLINE = "News, views and findings from the Council for Voluntary Service"
# Development builds link to the local server; publishconf.py sets the real address.
SITEURL = ""
SITE_DEV_URL = "http://127.0.0.1:8000"
# Where readers write about the site (broken links, other formats).
SITE_CONTACT_EMAIL = "info@thcvs.org.uk"
# Who publishes the site, in every page's footer, each line shown when set:
# the numbers as the Charity Commission and Companies House give them, the
# registered office on one line. To be filled in by the CVS.
SITE_CHARITY_NUMBER = ""
SITE_COMPANY_NUMBER = ""
SITE_ADDRESS = ""

PATH = "content"
ARTICLE_PATHS = ["posts", "findings"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
# Survey data is read by the findings plugins, never copied or parsed as content;
# nor are notes for writers (content/images/README.md) or hidden files such as
# .DS_Store, which a Mac leaves in a folder of pictures.
IGNORE_FILES = [".*", "*~", "*.swp", "data", "README.md"]

TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
# A post must say when it was written: no silent dates from file times.
DEFAULT_DATE = None
# ...nor from file names: every post has a Date: line (content_checks), so
# Pelican need not parse a date out of each file name (a 2026-11-24-… name
# would otherwise be read with dateutil for every file, every build).
FILENAME_METADATA = ""

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# The plugins import what they share (plugins/pluginkit, survey_data) by name:
# Pelican loads plugins from PLUGIN_PATHS but does not put it on the import path.
sys.path.append(str(Path(__file__).resolve().parent / "plugins"))
PLUGINS = [
    "content_checks",
    # Raw HTML in posts: embeds and scripts refused, the rest cleaned (README.md).
    "html_policy",
    "theme_helpers",
    "theme_assets",
    "site_index",
    "feedgen_feeds",
    "survey_data",
    "survey_charts",
    "survey_cta",
    "related_posts",
    "social_cards",
    "site_search",
    # The writers' editor at /admin/ (docs/writing-in-the-editor.md); after
    # site_search, so search never indexes it.
    "cms_admin",
    # The email sign-up form on the Subscribe page (README.md, "Email sign-up").
    "subscribe_email",
]

# Every post names one of these; content_checks stops the build otherwise.
CONTENT_CHECKS_CATEGORIES = ["CEO blog", "Sector findings", "News"]
# Metadata every post must have (pages need only a title).
CONTENT_CHECKS_REQUIRED = ["title", "date", "category", "author", "summary"]
# Fields plugins read: Survey (survey_charts) names the survey a post's
# {{ ... }} headline numbers come from; 'Survey: yes' / 'Survey: no'
# (survey_cta) adds or removes the survey call to action after a post.
CONTENT_CHECKS_EXTRA_FIELDS = ["survey"]
# Templates a page may name with 'Template:' (besides article and page).
CONTENT_CHECKS_TEMPLATES = ["subscribe", "survey"]

# Words per minute for the "N min read" line on articles.
THEME_HELPERS_WORDS_PER_MINUTE = 200

# Readers find things (README.md, "Search and related reading"): related posts
# under each article, link-preview images, and self-hosted search (Pagefind).
RELATED_POSTS_MAX = 3
SOCIAL_CARDS_DEFAULT_IMAGE = "images/social-card.png"
SOCIAL_CARDS_DEFAULT_ALT = (
    "Tower Hamlets CVS: news, views and findings from the Council for Voluntary Service"
)
SITE_SEARCH_PAGE_URL = "search/"
SITE_SEARCH_BUNDLE_PATH = "pagefind"

# The email sign-up on the Subscribe page (README.md, "Email sign-up"):
# "buttondown" or "mailchimp" with its account, or "" for none. Turning it on
# means changing form-action in deploy/nginx.conf and deploy/_headers too.
SUBSCRIBE_EMAIL_PROVIDER = ""
SUBSCRIBE_EMAIL_BUTTONDOWN_USERNAME = ""
SUBSCRIBE_EMAIL_MAILCHIMP_URL = ""

# Survey findings (survey_data, survey_charts; README.md, "Settings").
# Disclosure control: no percentage or bar from a base under 10; counts of
# 1-4 shown as "<5"; bases under 30 flagged "Small base".
SURVEY_DATA_PATH = "data"
SURVEY_DATA_MIN_BASE = 10
SURVEY_DATA_MIN_COUNT = 5
SURVEY_DATA_CAUTION_BASE = 30
# Charts are laid out for a 320 px screen (288 px of content) with body-size text.
SURVEY_CHARTS_OUTPUT_PATH = "charts"
SURVEY_CHARTS_CACHE_PATH = "cache/survey-charts"
SURVEY_CHARTS_WIDTH = 288
SURVEY_CHARTS_FONT_SIZE = 17

# The survey call to action (survey_cta; README.md, "The survey call to
# action"). Dates are in TIMEZONE. SURVEY_CTA_URL = "" turns it off everywhere.
# The form addresses are to be confirmed by the CVS before publishing.
SURVEY_CTA_URL = "https://forms.thcvs.org.uk/state-of-the-sector-2026"
SURVEY_CTA_NAME = "State of the Sector 2026"
SURVEY_CTA_OPENS = "2026-11-02T09:00"
SURVEY_CTA_CLOSES = "2027-01-15T17:00"
SURVEY_CTA_MINUTES = 10
SURVEY_CTA_PRIZE = "a tablet for your organisation"
# A separate form, so answers cannot be linked to the person entering the draw.
SURVEY_CTA_PRIZE_DRAW_URL = "https://forms.thcvs.org.uk/state-of-the-sector-2026-prize-draw"
SURVEY_CTA_CONTACT_EMAIL = "info@thcvs.org.uk"
# Findings articles, by their path in content/: this survey's (once written)
# and last year's, which the call to action links to.
SURVEY_CTA_FINDINGS = ""
SURVEY_CTA_PREVIOUS_FINDINGS = "findings/2026-03-10-state-of-the-sector-2025.md"
# Posts in these categories get the call to action after them ('Survey: no' opts out).
SURVEY_CTA_CATEGORIES = ["CEO blog"]


MARKDOWN = {
    # Setting MARKDOWN replaces Pelican's defaults, so they are restated here.
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
        # A list straight under a line of text is a list, with no empty line
        # needed above it (plugins/content_checks/markdown_lists.py).
        "content_checks.markdown_lists": {},
    },
    "output_format": "html5",
}

# Clean URLs: /2026/11/my-post/ rather than /my-post.html.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
DIRECT_TEMPLATES = ["index", "categories", "tags", "authors", "archives", "404"]
# Pelican's direct templates take their output name from <NAME>_SAVE_AS.
globals()["404_SAVE_AS"] = "404.html"
# Per-year and per-month archives would add pages nobody asked for.
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# -- List pages and template whitespace (theme; issue 8, output size) -------
# The home page shows the latest DEFAULT_PAGINATION posts with their summaries,
# on one page, and points to the archives (every post by date), categories,
# tags and search for older ones: 100 home pages of 10 summaries each would
# repeat what those already give. Category, tag and author pages are compact
# lists of each post's day and title, PAGINATED_TEMPLATES to a page.
DEFAULT_PAGINATION = 10
# On the home page's first page: the newest post in HOME_LEAD_CATEGORY is the
# lead story and the newest in HOME_FEATURED_CATEGORY is shown with its first
# chart; both are among the DEFAULT_PAGINATION posts. "" for neither.
HOME_LEAD_CATEGORY = "CEO blog"
HOME_FEATURED_CATEGORY = "Sector findings"
PAGINATED_TEMPLATES = {"tag": 100, "category": 100, "author": 100}
# Pelican's defaults, stated because the theme's markup relies on them: a
# line holding only a {% … %} tag leaves no blank line or indent in the output.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Drafts are previewed in development at /drafts/; publishconf.py turns them off.
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"

# Feeds are written by the feedgen_feeds plugin (feeds/all.atom.xml,
# feeds/all.rss.xml, feeds/all.json and one pair per category). Pelican's own
# feeds are all off: its per-author and per-category feeds repeat every
# article many times over.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEEDGEN_FEEDS_MAX_ITEMS = 20
# The domain in every entry's id. Never change it: feed readers would show
# every post again as new.
FEEDGEN_FEEDS_TAG_AUTHORITY = "thcvs.org.uk"
FEEDGEN_FEEDS_SUBTITLE = SITE_TAGLINE
FEEDGEN_FEEDS_ICON = "theme/images/favicon.svg"

# Everything under theme/static is copied to /theme/.
THEME_STATIC_DIR = "theme"
# Templates load those files through asset_url(): plain /theme/ addresses
# here, content-hashed copies in production (publishconf.py).
THEME_ASSETS_HASHED = False
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False
SLUGIFY_SOURCE = "title"
SUMMARY_MAX_LENGTH = 50
# The first 'Summary:' line of a post is its standfirst; without one the
# summary is cut from the text.
SUMMARY_END_SUFFIX = "…"

# Navigation: pages listed in the header, in this order, by slug.
# The survey page is added after these while the survey is open (survey_cta);
# the footer links FOOTER_PAGES, then Subscribe.
MENU_PAGES = ["about", "subscribe"]
FOOTER_PAGES = ["accessibility", "privacy"]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

WITH_FUTURE_DATES = True
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
