"""The build speed-ups found with `invoke bench` change no result: each fast
path gives exactly what the plain code it replaces gives."""

from __future__ import annotations

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
            first.spec(lambda k=kind, g=group: make(k, g, Layout()), table, kind, group, Layout())
            == expected
        )
        second = Renderer(tmp_path / "cache")  # the next build: read back, not made again
        count = len(made)
        assert (
            second.spec(lambda k=kind, g=group: make(k, g, Layout()), table, kind, group, Layout())
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


# -- no dates from file names: the same site, byte for byte ------------------------------


def _tree(folder):
    import hashlib

    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_no_dates_from_file_names_changes_no_byte_of_the_site(tmp_path):
    """A generated site (bench/corpus.py: 40 posts, 8 charts, tags, related
    posts, feeds, search) built with the site's FILENAME_METADATA = "" and
    with Pelican's date-from-file-name pattern: every output file is the same."""
    import subprocess
    import sys

    from bench.corpus import generate
    from bench.harness import ROOT, make_project

    corpus = generate(tmp_path / "corpus", 40, 8, pages_from=ROOT / "content" / "pages")
    project = make_project(tmp_path / "project", corpus, ROOT / "cache")
    builds = {
        "with": [],
        "without": ["-e", r'FILENAME_METADATA="(?P<date>\\d{4}-\\d{2}-\\d{2}).*"'],
    }
    for name, extra in builds.items():
        completed = subprocess.run(
            [
                sys.executable,
                "-m",
                "pelican",
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
    with_it, without = _tree(tmp_path / "with"), _tree(tmp_path / "without")
    assert len(with_it) > 100
    assert with_it == without


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
        "print('altair' in sys.modules); import altair; "
        "print(v == (altair.__version__, altair.SCHEMA_VERSION))"
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
