"""The build speed-ups found with `invoke bench` change no result: each fast
path gives exactly what the plain code it replaces gives."""

from __future__ import annotations

import json

# related_posts' index of posts is checked against a plain reference in
# tests/unit/test_related_posts.py.


# -- survey_charts: chart specs kept in the render cache ------------------------


def test_a_cached_spec_is_the_spec_and_a_changed_input_makes_a_new_one(tmp_path):
    from survey_charts.charts import Layout, chart
    from survey_charts.render import Renderer
    from survey_data import Thresholds, publish
    from survey_data.loading import load_edition

    from .test_survey_data_loading import edition

    survey, problems = load_edition(edition(tmp_path / "data"))
    assert problems == []
    table = publish(survey, Thresholds()).table("income")
    made = []

    def make(kind, group, layout, **options):
        made.append(kind)
        return chart(table, kind, group, layout, **options).to_dict()

    for kind, group in (("bar", None), ("stacked", "size"), ("grouped", "size")):
        expected = chart(table, kind, group, Layout()).to_dict()
        first = Renderer(tmp_path / "cache")
        assert (
            first.spec(lambda: make(kind, group, Layout()), table, kind, group, Layout())
            == expected
        )
        second = Renderer(tmp_path / "cache")  # the next build: read back, not made again
        count = len(made)
        assert (
            second.spec(lambda: make(kind, group, Layout()), table, kind, group, Layout())
            == expected
        )
        assert len(made) == count and (second.renders, second.hits) == (0, 0)
    # Another layout (or table, kind, group...) is another key.
    wide = Layout(width=400)
    renderer = Renderer(tmp_path / "cache")
    assert (
        renderer.spec(lambda: make("bar", None, wide), table, "bar", None, wide)
        == chart(table, "bar", None, wide).to_dict()
    )
    assert made[-1] == "bar"
    no_cache = Renderer(None)
    assert (
        no_cache.spec(lambda: make("bar", None, Layout()), table, "bar", None, Layout())
        == chart(table, "bar", None, Layout()).to_dict()
    )


# -- build_speed: the same site, byte for byte -------------------------------------------

PLUGINS_WITHOUT = [
    "content_checks",
    "theme_helpers",
    "theme_assets",  # the theme calls its asset_url()
    "site_index",
    "feedgen_feeds",
    "survey_data",
    "survey_charts",
    "survey_cta",
    "related_posts",
    "social_cards",
    "site_search",
]


def _tree(folder):
    import hashlib

    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_speed_changes_no_byte_of_the_site(tmp_path):
    """A generated site (bench/corpus.py: 40 posts, 8 charts, tags, related
    posts, feeds, search) built with build_speed (its second process forced
    on) and without it, and without FILENAME_METADATA = "": every output
    file is the same."""
    import subprocess
    import sys

    from bench.corpus import generate
    from bench.harness import ROOT, make_project

    corpus = generate(tmp_path / "corpus", 40, 8, pages_from=ROOT / "content" / "pages")
    project = make_project(tmp_path / "project", corpus, ROOT / "cache")
    builds = {
        "with": ["-e", "BUILD_SPEED_PARALLEL_MIN_FILES=1"],
        "without": [
            "-e",
            f"PLUGINS={json.dumps(PLUGINS_WITHOUT)}",
            r'FILENAME_METADATA="(?P<date>\\d{4}-\\d{2}-\\d{2}).*"',
        ],
    }
    # `pelican`, noting what build_speed says it does.
    run = (
        "import logging, sys\n"
        "from pelican import main\n"
        "said = []\n"
        "class Note(logging.Handler):\n"
        "    def emit(self, record): said.append(record.getMessage())\n"
        "logging.getLogger('build_speed').addHandler(Note())\n"
        "logging.getLogger('build_speed').setLevel(logging.INFO)\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "finally:\n"
        "    print('\\n'.join(said))\n"
    )
    logs = {}
    for name, extra in builds.items():
        completed = subprocess.run(
            [
                sys.executable,
                "-c",
                run,
                "content",
                "-s",
                "pelicanconf.py",
                "-o",
                str(tmp_path / name),
                "--fatal",
                "warnings",
                "--log-handler",
                "plain",
                *extra,
            ],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
        logs[name] = completed.stdout + completed.stderr
    # Both second processes ran (so what they converted and wrote is compared too).
    assert "build_speed: a second process converts" in logs["with"]
    assert "build_speed: a second writer writes part" in logs["with"]
    with_it, without = _tree(tmp_path / "with"), _tree(tmp_path / "without")
    assert len(with_it) > 100
    assert with_it == without


def test_the_second_process_leaves_files_with_warnings_or_errors_to_pelican(tmp_path):
    """A file whose conversion logs a warning or fails is not sent back:
    Pelican converts it itself and says what is wrong (and --fatal warnings
    stops the build)."""
    import logging

    from build_speed import reading

    good, bad, broken = tmp_path / "good.md", tmp_path / "bad.md", tmp_path / "broken.md"
    good.write_text("Title: Good\n\nSome *text*.\n", encoding="utf-8")
    bad.write_text("Title: Bad\n\nWARN here.\n", encoding="utf-8")
    broken.write_bytes(b"Title: Broken\n\n\xff\xfe not UTF-8\n")

    from markdown.preprocessors import Preprocessor

    class Warns(Preprocessor):
        def run(self, lines):
            if any("WARN" in line for line in lines):
                logging.getLogger("markdown").warning("something is wrong")
            return lines

    root = logging.getLogger()
    handlers = root.handlers[:]
    try:
        reading._worker_start({"extensions": ["markdown.extensions.meta"]})
        reading._worker_converter.preprocessors.register(Warns(), "warns", 1)
        assert reading.convert_in_worker(str(good)) == (
            "<p>Some <em>text</em>.</p>",
            {"title": ["Good"]},
        )
        assert reading.convert_in_worker(str(bad)) is None
        assert reading.convert_in_worker(str(broken)) is None
    finally:
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)


def test_files_with_chart_blocks_or_numbers_stay_in_the_build_process(tmp_path):
    from build_speed.reading import plain, split

    for name, text, expected in (
        ("a.md", "Plain *text*.", True),
        ("b.md", "```chart\nq: x\n```", False),
        ("c.md", "We had {{ q: Yes }} answers.", False),
        ("d.md", "~~~\ncode\n~~~", False),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert plain(str(tmp_path / name)) is expected, name
    assert plain(str(tmp_path / "missing.md")) is False
    # This process reads the first files, up to its share of the bytes.
    assert split([("a", 10), ("b", 10), ("c", 10), ("d", 10)], own=0.5) == 2
    assert split([(str(n), 10) for n in range(100)]) == 42
    assert split([("a", 100), ("b", 1), ("c", 1)]) == 1
    assert split([]) == 0


def test_build_speed_checks_its_setting():
    from types import SimpleNamespace

    import pytest
    from build_speed import BuildSpeedSettingsError, on_initialized

    for bad in (-1, "4", True, 2.5):
        with pytest.raises(BuildSpeedSettingsError, match="BUILD_SPEED_PARALLEL_MIN_FILES"):
            on_initialized(SimpleNamespace(settings={"BUILD_SPEED_PARALLEL_MIN_FILES": bad}))
    pelican = SimpleNamespace(
        settings={"BUILD_SPEED_PARALLEL_MIN_FILES": 0, "JINJA_ENVIRONMENT": {"trim_blocks": True}}
    )
    on_initialized(pelican)
    jinja = pelican.settings["JINJA_ENVIRONMENT"]
    assert (
        jinja["trim_blocks"] is True and jinja["auto_reload"] is False and "bytecode_cache" in jinja
    )


# -- survey_charts: PNGs deflated harder, pixel for pixel the same ------------------------


def _png_parts(data: bytes):
    import zlib

    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    pos, kinds, idat = 8, [], b""
    while pos < len(data):
        size = int.from_bytes(data[pos : pos + 4], "big")
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        assert int.from_bytes(data[pos + 8 + size : pos + 12 + size], "big") == zlib.crc32(
            kind + body
        )
        kinds.append(kind)
        if kind == b"IDAT":
            idat += body
        pos += 12 + size
    return kinds, zlib.decompress(idat)


def chart_png(tmp_path) -> bytes:
    """A chart's PNG as vl-convert makes it, before survey_charts shrinks it."""
    import vl_convert as vlc
    from survey_charts.charts import Layout, chart
    from survey_charts.render import vegalite_version
    from survey_data import Thresholds, publish
    from survey_data.loading import load_edition

    from .test_survey_data_loading import edition

    survey, _problems = load_edition(edition(tmp_path / "data"))
    table = publish(survey, Thresholds()).table("income")
    spec = chart(table, "stacked", "size", Layout(), background="white").to_dict()
    return vlc.vegalite_to_png(spec, vl_version=vegalite_version(), scale=2.0)


def test_deflated_chart_pngs_are_the_same_image_and_smaller(tmp_path):
    from survey_charts.render import deflate_png

    raw = chart_png(tmp_path)
    smaller = deflate_png(raw)
    assert len(smaller) < len(raw)
    raw_kinds, raw_pixels = _png_parts(raw)
    new_kinds, new_pixels = _png_parts(smaller)
    assert new_pixels == raw_pixels
    assert [k for k in new_kinds if k != b"IDAT"] == [k for k in raw_kinds if k != b"IDAT"]
    assert smaller[:33] == raw[:33]  # signature and IHDR: same size and colour type
    assert deflate_png(b"not a png") == b"not a png"
    assert deflate_png(raw[:40]) == raw[:40]  # cut short: left as it is


def test_altair_versions_are_read_without_importing_altair():
    import subprocess
    import sys

    code = (
        "import sys; sys.path.insert(0, 'plugins'); import survey_charts; "
        "from survey_charts.render import altair_versions; v = altair_versions(); "
        "print('altair' in sys.modules); import altair; print(v == (altair.__version__, altair.SCHEMA_VERSION))"
    )
    from bench.harness import ROOT

    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    assert out == ["False", "True"]


def test_chart_pngs_keep_every_pixel_with_a_palette(tmp_path):
    import io

    from PIL import Image
    from survey_charts.render import smaller_png

    raw = chart_png(tmp_path)
    small = smaller_png(raw)
    assert len(small) < len(raw) / 2
    with Image.open(io.BytesIO(small)) as image, Image.open(io.BytesIO(raw)) as original:
        assert image.mode == "P" and image.size == original.size
        assert image.convert("RGBA").tobytes() == original.convert("RGBA").tobytes()

    # More than 256 colours, or transparency: the colours stay as they are.
    def png(image):
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    many = Image.new("RGB", (64, 64))
    many.putdata([(x * 4, y * 4, 0) for y in range(64) for x in range(64)])
    see_through = Image.new("RGBA", (8, 8), (255, 0, 0, 128))
    for image in (many, see_through):
        kept = smaller_png(png(image))
        with Image.open(io.BytesIO(kept)) as back:
            assert back.mode == image.mode
            assert back.convert("RGBA").tobytes() == image.convert("RGBA").tobytes()
    assert smaller_png(b"not a png") == b"not a png"


def test_a_warning_in_the_second_writer_fails_the_build(tmp_path):
    """An old post (in no feed) whose page the second writer renders (its
    share, by file name) links to a post that is not there: Pelican warns
    while rendering it, in the copy, and the build fails as it would without
    build_speed."""
    import subprocess
    import sys

    from build_speed.writing import share_of

    from bench.corpus import generate
    from bench.harness import ROOT, make_project

    # 60 posts: the old one is in no feed (feeds render the newest 20 in this process).
    corpus = generate(tmp_path / "corpus", 60, 0, pages_from=ROOT / "content" / "pages")
    project = make_project(tmp_path / "project", corpus, ROOT / "cache")
    assert share_of("2019/05/missing-link-test-3/index.html") == 1
    (project / "content" / "posts" / "2019-05-20-missing-link.md").write_text(
        "Title: Missing link test 3\nDate: 2019-05-20 10:00\nCategory: News\nAuthor: A Writer\n"
        "Summary: A post with a broken link.\n\nSee [this]({filename}/posts/not-there.md).\n",
        encoding="utf-8",
    )
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            str(tmp_path / "out"),
            "--fatal",
            "warnings",
            "--log-handler",
            "plain",
            # content_checks would stop it first; here Pelican itself must notice.
            "-e",
            "BUILD_SPEED_PARALLEL_MIN_FILES=1",
            "CONTENT_CHECKS_AT_START=false",
            'SURVEY_CTA_PREVIOUS_FINDINGS=""',
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    said = completed.stdout + completed.stderr
    assert completed.returncode != 0, said[-2000:]
    assert "not-there.md" in said
    assert "second writer" in said


def test_the_writers_split_the_content_pages_and_nothing_else(tmp_path):
    from build_speed.writing import ChildWriter, ParentWriter, is_content_page, share_of

    class Template:
        def render(self, context):
            return "<p>page</p>"

    names = [f"2026/01/post-{n}/index.html" for n in range(40)]
    assert {share_of(n) for n in names} == {0, 1}
    assert is_content_page({"article": object()}) and is_content_page({"page": object()})
    assert not is_content_page({"articles": []})
    written = {}
    for who, cls in (("parent", ParentWriter), ("child", ChildWriter)):
        out = tmp_path / who
        writer = cls(
            str(out),
            settings={
                "OUTPUT_PATH": str(out),
                "RELATIVE_URLS": False,
                "SITEURL": "",
                "PAGINATED_TEMPLATES": {},
            },
        )
        for name in names:
            writer.write_file(name, Template(), {"localsiteurl": ""}, article=object())
        writer.write_file("tag/x/index.html", Template(), {"localsiteurl": ""}, articles=[])
        written[who] = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert written["parent"] | written["child"] == set(names) | {"tag/x/index.html"}
    assert "tag/x/index.html" in written["parent"] and not written["parent"] & written["child"]
    assert written["child"] == {n for n in names if share_of(n) == 1}
