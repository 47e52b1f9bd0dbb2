"""cms_admin: the writers' editor (Decap CMS) at /admin/ of the built site.

A whole build writes output/admin/ (once every post is read, at
all_generators_finalized):

  index.html       the editor's page (admin/index.html, a Jinja template)
  config.yml       made by config.py from content_checks' declarations (the
                   required fields, the categories, the statuses, the date
                   pattern) and the survey data, so the editor refuses what
                   the build would refuse, before anything is saved
  site-data.js     the survey editions, questions, answers and breakdowns the
                   "Survey chart" and "Headline number" components offer, the
                   site stylesheet's address for the preview pane, and the
                   charts this build drew (survey_charts' records), which the
                   preview shows in place of its placeholder
  pelican.js       the Pelican file format (Key: value header), the editor
                   components and the preview (admin/pelican.js)
  decap-cms.js     Decap CMS itself, with its chunks, copied from
                   node_modules/decap-cms/dist (pinned in package-lock.json;
                   `npm ci --ignore-scripts` installs it): no CDN

Nothing else links to /admin/, and it is left out of the sitemap (built from
Pelican's context), search (no data-pagefind-body) and feeds. Its
Content-Security-Policy is its own (deploy/nginx.conf, deploy/_headers).

Settings: CMS_ADMIN_BACKEND (the Git host: gitlab, github or gitea),
CMS_ADMIN_REPO, CMS_ADMIN_BRANCH, CMS_ADMIN_APP_ID (GitLab's PKCE login),
CMS_ADMIN_AUTH_URL (the OAuth helper's address, for GitHub),
CMS_ADMIN_LOCAL_BACKEND (decap-server's address; set by `invoke serve` only,
so the published editor never talks to a local server).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import yaml
from build_scope import scope_of
from pelican import signals
from pluginkit import PluginSettings, Setting, kinds

from .config import ADVANCED, HEADER_KEYS, Declarations, Edition, Question, chart_choices, config

HERE = Path(__file__).resolve().parent
ADMIN_FILES = HERE / "admin"
PROJECT = HERE.parent.parent
DECAP_DIST = PROJECT / "node_modules" / "decap-cms" / "dist"
FOLDER = "admin"

SETTINGS = PluginSettings(
    "cms_admin",
    "CMS_ADMIN_",
    Setting(
        "CMS_ADMIN_BACKEND",
        "gitlab",
        kinds.one_of(("gitlab", "github", "gitea")),
        "The Git host the editor saves to (docs/hosting-the-editor.md).",
    ),
    Setting(
        "CMS_ADMIN_REPO",
        "thcvs/website",
        kinds.text(),
        "The repository on that host, as owner/name.",
    ),
    Setting("CMS_ADMIN_BRANCH", "main", kinds.text(), "The branch the site is published from."),
    Setting(
        "CMS_ADMIN_APP_ID",
        "",
        kinds.text(empty=True),
        "GitLab (or Gitea): the Application ID of the OAuth application the editor logs "
        "writers in with (PKCE, no secret).",
    ),
    Setting(
        "CMS_ADMIN_AUTH_URL",
        "",
        kinds.https_url(empty=True),
        "GitHub: the address of the login service that holds the OAuth secret; empty "
        "for GitLab and Gitea.",
    ),
    Setting(
        "CMS_ADMIN_LOCAL_BACKEND",
        "",
        kinds.text(empty=True),
        "decap-server's address for the local editor; `invoke serve` sets it. Leave empty.",
    ),
)


def declarations(settings) -> Declarations:
    import content_checks
    import survey_data

    editions = []
    for survey in survey_data.published_surveys(settings).values():
        info = survey.info
        editions.append(
            Edition(
                info.id,
                info.title,
                tuple(Question(q.id, q.text, tuple(q.answers), q.kind) for q in info.questions),
                tuple((b.id, b.name) for b in info.breakdowns),
            )
        )
    rules = content_checks.rules_from_settings(settings)
    return Declarations(
        categories=rules.categories,
        required=rules.required,
        editions=tuple(sorted(editions, key=lambda e: e.id, reverse=True)),
        summary_max=rules.summary_max,
    )


def backend(values: dict) -> dict:
    result = {
        "name": values["CMS_ADMIN_BACKEND"],
        "repo": values["CMS_ADMIN_REPO"],
        "branch": values["CMS_ADMIN_BRANCH"],
        "squash_merges": True,
        "cms_label_prefix": "cms/",
    }
    if values["CMS_ADMIN_BACKEND"] in ("gitlab", "gitea"):
        result["auth_type"] = "pkce"
        if values["CMS_ADMIN_APP_ID"]:
            result["app_id"] = values["CMS_ADMIN_APP_ID"]
    if values["CMS_ADMIN_AUTH_URL"]:
        result["base_url"] = values["CMS_ADMIN_AUTH_URL"]
    return result


def site_config(settings) -> dict:
    values = SETTINGS.read(settings)
    site_url = settings.get("SITEURL") or settings.get("SITE_DEV_URL") or ""
    return config(
        declarations(settings),
        backend(values),
        site_url=site_url,
        local_backend=values["CMS_ADMIN_LOCAL_BACKEND"],
    )


def decap_files() -> list[Path]:
    """Decap's script and the chunks and WebAssembly it loads beside it (no
    source maps, and not cms.js: the same bundle again under another name)."""
    if not DECAP_DIST.is_dir():
        return []
    return sorted(
        p for p in DECAP_DIST.iterdir() if p.name.endswith("decap-cms.js") or p.suffix == ".wasm"
    )


# Where Pelican keeps each kind of post and page on its generators.
_CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")


def rendered_charts(generators, site_path: str = "") -> dict[str, dict]:
    """The charts this build drew, from survey_charts' records (its public
    API), keyed "edition|question|description": the preview pane shows the
    real chart for a block that matches one, a placeholder otherwise."""
    charts = {}
    for generator in generators:
        for name in _CONTENT_LISTS:
            for item in getattr(generator, name, None) or ():
                for record in getattr(item, "survey_charts", None) or ():
                    if record.png_path:
                        charts[f"{record.edition}|{record.question}|{record.alt}"] = {
                            "png": f"{site_path}/{record.png_path}",
                            "width": record.width,
                            "height": record.height,
                        }
    return charts


def write_admin(settings, output: Path, charts: dict | None = None) -> None:
    from theme_assets import ThemeAssets

    target = output / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    data = config_yaml(site_config(settings))
    (target / "config.yml").write_text(data, encoding="utf-8")
    stylesheet = ThemeAssets(settings, output).url("css/site.css")
    site_data = {
        **chart_choices(declarations(settings).editions),
        "headerKeys": HEADER_KEYS,
        "advanced": list(ADVANCED),
        "stylesheet": stylesheet,
        "charts": charts or {},
    }
    (target / "site-data.js").write_text(
        "window.SITE_DATA = " + json.dumps(site_data, indent=1, ensure_ascii=False) + ";\n",
        encoding="utf-8",
    )
    shutil.copy2(ADMIN_FILES / "pelican.js", target / "pelican.js")
    files = decap_files()
    for file in files:
        shutil.copy2(file, target / file.name)
    template = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ADMIN_FILES), autoescape=True
    ).get_template("index.html")
    (target / "index.html").write_text(
        template.render(installed=bool(files), sitename=settings.get("SITENAME", "")),
        encoding="utf-8",
    )


def config_yaml(data: dict) -> str:
    header = (
        "# Made by plugins/cms_admin from the build's own checks: do not edit.\n"
        "# docs/writing-in-the-editor.md explains the editor.\n"
    )
    return header + yaml.dump(
        data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100
    )


class _NoAliases(yaml.SafeDumper):
    """Writes a list shared by two collections out twice, not as &id001/*id001."""

    def ignore_aliases(self, data):
        return True


def check_settings(pelican):
    SETTINGS.read(pelican.settings)


def on_all_generators_finalized(generators):
    """Once every post is read (so survey_charts' records are there), before
    Pelican writes the pages."""
    if not generators:
        return
    settings = generators[0].settings
    if not scope_of(settings).whole:
        return  # a fast preview: the editor is already there from the whole build
    site_path = urlsplit(settings.get("SITEURL") or "").path.rstrip("/")
    write_admin(settings, Path(generators[0].output_path), rendered_charts(generators, site_path))


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
