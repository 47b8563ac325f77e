# SPDX-License-Identifier: GPL-3.0-or-later
"""What was removed, in the user's words: ``describe_removed`` joins the sanitiser's list
(items.removed) and the original's metadata (items.metadata) into grouped phrases with values."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, PngImagePlugin

from app.i18n import translations
from app.ingest import import_paths
from app.media.metadata import describe_removed, render_removed
from app.vault.items import get_item


def gps_phone_jpeg(path: Path) -> Path:
    """A portrait photo as a phone writes it: maker, model, firmware, times, GPS."""
    img = Image.new("RGB", (40, 80), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "samsung"
    exif[0x0110] = "SM-A515F"
    exif[0x0131] = "A515FXXU4"
    exif[0x0132] = "2024:02:11 14:03:00"
    exif.get_ifd(0x8769)[0x9003] = "2024:02:11 14:02:59"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (33.0, 18.0, 36.0), "E", (44.0, 21.0, 36.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    path.write_bytes(buf.getvalue())
    return path


def _phrases(vault, path: Path, lang: str = "en") -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    item = import_paths(vault, [path], method="file").outcomes[0].item_id
    record = get_item(vault, int(item))
    return render_removed(describe_removed(record["removed"], record["metadata"]),
                          translations(lang).gettext)


def test_a_phone_photo_says_place_model_and_time_with_values(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    groups = dict(_phrases(vault, gps_phone_jpeg(tmp_path / "p.jpg")))
    assert list(groups) == ["Where", "Device", "When", "Software"]
    assert groups["Where"] == ["the place where the photo was taken (33.31 N, 44.36 E)"]
    assert "the phone or camera model (SM-A515F)" in groups["Device"]
    assert "when it was taken (2024-02-11 14:02:59)" in groups["When"]
    assert groups["Software"] == ["the program that made or edited it (A515FXXU4)"]
    flat = " ".join(p for ps in groups.values() for p in ps)
    assert "exif" not in flat and "gps" not in flat.lower()


def test_png_text_and_chunks_are_said_without_raw_keys_in_arabic(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Someone")
    Image.new("RGB", (10, 10)).save(tmp_path / "a.png", pnginfo=info, dpi=(72, 72))
    groups = _phrases(vault, tmp_path / "a.png", "ar")
    text = repr(groups)
    assert "png.chunk" not in text and "pHYs" not in text and "png.text" not in text
    assert "Author: Someone" in text
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in head) for head, _p in groups)


def test_unknown_and_trailing_parts_are_grouped_not_listed() -> None:
    facts = describe_removed(
        ["trailer:1234", "png.chunk:zzZZ", "webp.chunk:ABCD", "exif.thumbnail"],
        {})
    groups = dict(render_removed(facts, lambda s: s))
    assert "data hidden after the end of the picture (1234 bytes)" in groups["Hidden in the file"]
    assert len(groups["Other"]) == 1 and "zzZZ" not in groups["Other"][0]
    assert describe_removed([], {"gps": {"GPS GPSLatitude": "1"}}) == []
