# SPDX-License-Identifier: GPL-3.0-or-later
"""PDQ hashes of the pictures inside documents and videos: a picture that is also a PDF page or a
video keyframe is found by ``similar``; flat frames and repeated keyframes are not hashed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from app.cases import lens, similar
from app.cases.query import ItemQuery, list_items
from app.cases.textnorm import normalize
from app.ingest import import_paths
from app.media import pdq
from app.media.lenspictures import keyframes, page_pictures
from app.vault import Vault
from bench import _lens_synth as synth
from tests.core.media import avbuild as B


def test_pictures_of_pages_and_keyframes_are_yielded() -> None:
    a, b = synth.photo(21), synth.photo(22, (480, 640))
    pages = list(page_pictures(synth.pdf([a, b])))
    assert [(n, im.size) for n, im in pages] == [(1, (640, 480)), (2, (480, 640))]
    black = Image.new("RGB", (640, 480))
    frames = list(keyframes(synth.video([(black, 0.5), (a, 0.5), (b, 1.0)]), "video/mp4"))
    assert [ms for ms, _im in frames] == [0, 500, 1000, 1500]
    hashes = pdq.hashes_of_parts((f"frame:{ms}", im) for ms, im in frames)
    # the black frame says nothing; the second keyframe of the same picture is the same hash
    assert [h.kind for h in hashes] == ["frame:500", "frame:1000"]
    assert all(h.quality >= pdq.MIN_PART_QUALITY for h in hashes)
    assert pdq.distance(hashes[0].hash, pdq.hash_image(a)[0]) <= pdq.DEFAULT_THRESHOLD
    assert list(page_pictures(b"%PDF-1.4 damaged")) == []
    assert list(keyframes(b"\x00\x00\x00\x18ftypmp42 damaged", "video/mp4")) == []


def test_similar_finds_a_picture_that_is_also_a_pdf_page_and_a_video_keyframe(
        vault: Vault, tmp_path: Path) -> None:
    picture, other = synth.photo(31), synth.photo(32)
    picture.save(tmp_path / "picture.png")
    (tmp_path / "scan.pdf").write_bytes(synth.pdf([other, synth.reencode(picture, 60)]))
    (tmp_path / "clip.mp4").write_bytes(synth.video([(other, 1.0), (picture, 1.0)]))
    synth.photo(33).save(tmp_path / "unrelated.png")
    summary = import_paths(vault, [tmp_path / n for n in
                                   ("picture.png", "scan.pdf", "clip.mp4", "unrelated.png")])
    assert [o.status for o in summary.outcomes] == ["imported"] * 4, summary.outcomes
    pic, doc, clip, unrelated = (o.item_id for o in summary.outcomes)
    assert doc is not None and clip is not None and pic is not None
    # the import queued the document's and the video's hashes and text
    assert lens.item_state(vault, doc) == {"pdq": "queued", "ocr": "queued"}
    assert lens.item_state(vault, clip) == {"pdq": "queued", "ocr": "queued"}
    lens.run_pending(vault, tasks=("pdq",))
    assert lens.state(vault).counts["pdq"] == {"queued": 0, "done": 4, "failed": 0}

    kinds = {h.kind for h in similar.item_hashes(vault.conn, doc)}
    assert kinds == {"page:1", "page:2"}
    assert {h.kind for h in similar.item_hashes(vault.conn, clip)} == {"frame:0", "frame:1000"}
    found = {s.item_id: s for s in similar.similar_items(vault, pic)}
    assert set(found) == {doc, clip}
    assert (found[doc].kind, found[doc].query_kind) == ("page:2", "whole")
    assert found[clip].kind == "frame:1000"
    # and the other way round: from the document the picture and the video; its first page is
    # the video's first keyframe
    assert {s.item_id for s in similar.similar_items(vault, doc)} == {pic, clip}
    page1 = next(h for h in similar.item_hashes(vault.conn, doc) if h.kind == "page:1")
    assert [(m.item_id, m.kind) for m in similar.match(vault.conn, page1.hash)] == [
        (doc, "page:1"), (clip, "frame:0")]
    assert unrelated is not None and similar.cluster_of(vault, unrelated) is None
    cluster = similar.cluster_of(vault, pic)
    assert cluster is not None and set(cluster.members) == {pic, doc, clip}


def test_text_only_inside_a_pdf_page_or_a_video_poster_frame_is_found(vault: Vault,
                                                                     tmp_path: Path) -> None:
    page = synth.text_screenshot(7, "en", "x", dark=False, font_name="dejavu", size=28)
    poster = synth.text_screenshot(8, "ar", "telegram", dark=True, font_name="noto-arabic",
                                   size=28)
    (tmp_path / "scan.pdf").write_bytes(synth.pdf([synth.photo(71), page.image]))
    # the poster frame is the first keyframe that is not flat: not the black one before it
    black = Image.new("RGB", poster.image.size)
    (tmp_path / "clip.mp4").write_bytes(synth.video([(black, 0.5), (poster.image, 1.5)]))
    doc, clip = (o.item_id for o in import_paths(vault, [tmp_path / "scan.pdf",
                                                         tmp_path / "clip.mp4"]).outcomes)
    assert doc is not None and clip is not None
    assert lens.run_pending(vault) == 4 and lens.state(vault).failed == 0
    for item, shot in ((doc, page), (clip, poster)):
        read = lens.ocr_text(vault, item)
        assert read is not None and read.engine.startswith("tesseract ")
        got = set(normalize(read.text).split())
        want = normalize(shot.text).split()
        assert sum(w in got for w in want) >= 0.9 * len(want)
    only_page = next(w for w in normalize(page.text).split() if len(w) > 5)
    only_poster = next(w for w in normalize(poster.text).split() if len(w) > 4)
    assert [r.id for r in list_items(vault, ItemQuery(text=only_page))] == [doc]
    assert [r.id for r in list_items(vault, ItemQuery(text=only_poster))] == [clip]


def test_backfill_queues_documents_and_videos_imported_before(vault: Vault,
                                                              tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(synth.pdf([synth.photo(41)]))
    (doc,) = (o.item_id for o in import_paths(vault, [tmp_path / "scan.pdf"]).outcomes)
    with vault.write() as tx:
        tx.execute("DELETE FROM lens_work")
    assert lens.backfill(vault) == 2
    assert lens.item_state(vault, int(doc or 0)) == {"pdq": "queued", "ocr": "queued"}


@pytest.mark.skipif(not B.HAVE_FFMPEG, reason="needs Debian's ffmpeg to write a display matrix")
def test_a_keyframe_is_hashed_upright(tmp_path: Path) -> None:
    picture = synth.photo(51)
    (tmp_path / "flat.mp4").write_bytes(synth.video([(picture, 1.0)]))
    # a phone held upright records landscape frames and a display rotation of 90 degrees
    B.ffmpeg("-i", tmp_path / "flat.mp4", "-c", "copy", "-metadata:s:v:0", "rotate=90",
             "-f", "mov", tmp_path / "turned.mov")
    ((_ms, frame), *_rest) = keyframes((tmp_path / "turned.mov").read_bytes(), "video/quicktime")
    assert frame.size == (480, 640)
    upright = pdq.hash_image(picture.rotate(90, expand=True))[0]
    assert pdq.distance(pdq.hash_image(frame)[0], upright) <= 16
    assert pdq.distance(pdq.hash_image(frame)[0], pdq.hash_image(picture)[0]) > 64
