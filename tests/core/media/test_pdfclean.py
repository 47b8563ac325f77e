# SPDX-License-Identifier: GPL-3.0-or-later
"""PDFs: clean copies with pikepdf, checked with exiftool, a raw byte scan and poppler's
pdftoppm rendering (test oracles only)."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InputRejected
from app.i18n import translations
from app.media import pdfclean
from app.media.avpdf import process_av_or_pdf
from app.media.pdfclean import page_digest, process_pdf
from app.media.types import AvLimits, Limits, ProcessedDocument
from app.messages import describe
from tests.core.media import avbuild as B

_IDENTIFYING = ("Author", "Producer", "Creator", "Title", "Create Date", "XMP", "Document ID",
                "Embedded", "JavaScript")


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ProcessedDocument]:
    path = B.pdf_everything(tmp_path_factory.mktemp("pdf"))
    return path, process_pdf(path.read_bytes())


def test_metadata_read_for_the_vault(doc: tuple[Path, ProcessedDocument]) -> None:
    _path, r = doc
    m = r.metadata
    assert m["info"]["/Author"] == f"Author {B.MARK}" and m["info"]["/Producer"].endswith(B.MARK)
    assert B.MARK in m["xmp"] and m["ids"][0] == (b"ID-" + B.MARK.encode()).hex()
    assert m["embedded_files"] == [{"name": "secret.txt", "size": len(f"embedded {B.MARK}")}]
    assert m["open_action"] and m["javascript_names"] and m["form"] == {"fields": 1, "xfa": True}
    assert m["active"]["/JS"] >= 3 and m["active"]["/AA"] >= 2
    assert m["active"]["annot/FileAttachment"] == 2 and m["active"]["object_metadata"] >= 1
    assert m["pages"] == r.pages == 2 and m["revisions"] == 2


def test_clean_copy_proved_and_nothing_identifying_remains(
        doc: tuple[Path, ProcessedDocument], tmp_path: Path) -> None:
    path, r = doc
    assert r.proof_equal and r.sanitize_error is None and r.sanitized is not None
    assert r.sanitized_pages is not None and r.sanitized_pages == r.original_pages
    assert r.sanitized_pages.pages == 2
    assert {"info", "ids", "metadata", "openaction", "javascript", "embeddedfiles", "xfa",
            "annotation_authors", "aa", "object_metadata", "revisions"} <= set(r.removed)
    copy = tmp_path / "clean.pdf"
    copy.write_bytes(r.sanitized)
    if B.HAVE_EXIFTOOL:
        lines = B.exiftool(copy).splitlines()
        bad = [x for x in lines if B.MARK in x or any(w in x for w in _IDENTIFYING)]
        assert bad == [], bad
        assert any("Page Count" in x and x.endswith(": 2") for x in lines)
    text = B.pdf_text_objects(copy)
    for needle in (B.MARK, "/JavaScript", "/JS", "/EmbeddedFile", "/OpenAction", "/AA",
                   "/Metadata", "/XFA", "/EF", "/Info", "2024"):
        assert needle not in text, needle
    # the original really had them (the scan is not blind)
    original = B.pdf_text_objects(path)
    assert B.MARK in original and "/JavaScript" in original and "/Info" in original


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm (test oracle)")
def test_pages_render_identically(doc: tuple[Path, ProcessedDocument], tmp_path: Path) -> None:
    path, r = doc
    copy = tmp_path / "clean.pdf"
    copy.write_bytes(r.sanitized or b"")

    def render(p: Path) -> bytes:
        return subprocess.run(["pdftoppm", "-r", "36", "-gray", str(p)], capture_output=True,
                              check=True, timeout=60).stdout

    assert render(path) == render(copy) != b""


def test_page_digest_sees_content_and_resources_not_numbering(
        doc: tuple[Path, ProcessedDocument]) -> None:
    path, r = doc
    with pikepdf.open(io.BytesIO(r.sanitized or b"")) as pdf:
        # renumbered objects, object streams, recompressed: the same pages
        out = io.BytesIO()
        pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, recompress_flate=True)
    with pikepdf.open(io.BytesIO(out.getvalue())) as again:
        assert page_digest(again) == r.original_pages
    with pikepdf.open(path) as pdf:
        pdf.pages[1].obj.Contents.write(b"BT /F1 12 Tf 20 100 Td (Page 1 forged) Tj ET")
        assert page_digest(pdf) != r.original_pages
    with pikepdf.open(path) as pdf:
        pdf.pages[0].obj.Resources.Font.F1.BaseFont = pikepdf.Name.Courier
        assert page_digest(pdf) != r.original_pages
    with pikepdf.open(path) as pdf:
        pdf.pages[0].obj.Rotate = 90
        assert page_digest(pdf) != r.original_pages


def test_encrypted_pdfs_keep_their_original(tmp_path: Path) -> None:
    r = process_pdf(B.pdf_everything(tmp_path, encrypt=True).read_bytes())
    assert r.sanitized is None and not r.proof_equal
    assert r.sanitize_error == "sanitize.pdf_encrypted: the document is encrypted"
    assert r.metadata["encrypted"] and r.metadata["info"]["/Author"] == f"Author {B.MARK}"
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="secret", R=6))
    locked = process_pdf(out.getvalue())
    assert locked.metadata["password_required"] and locked.sanitized is None
    assert (locked.sanitize_error or "").startswith("sanitize.pdf_encrypted")


def test_limits_before_parsing(doc: tuple[Path, ProcessedDocument]) -> None:
    path, _r = doc
    data = path.read_bytes()
    with pytest.raises(InputRejected) as err:
        process_pdf(data, Limits(av=AvLimits(max_pdf_pages=1)))
    assert err.value.code == "import.pdf_too_many_pages"
    assert describe(err.value, translations("en"), isolate=False) == (
        "This PDF has too many pages to open safely (2; the limit is 1).")
    bomb = b"%PDF-1.7\n" + b"".join(b"%d 0 obj\nnull\nendobj\n" % i for i in range(1, 2002))
    with pytest.raises(InputRejected) as err:
        process_pdf(bomb, Limits(av=AvLimits(max_pdf_objects=2000)))
    assert err.value.code == "import.pdf_too_many_objects"
    assert err.value.params["objects"] == 2001
    with pytest.raises(InputRejected) as err:
        process_pdf(data, Limits(max_file_bytes=100))
    assert err.value.code == "import.too_large"


def test_dispatch(doc: tuple[Path, ProcessedDocument]) -> None:
    path, r = doc
    assert process_av_or_pdf(path.read_bytes()) == r
    assert process_av_or_pdf(b"PK\x03\x04" + bytes(40)) is None


@settings(max_examples=int(os.environ.get("BAYYINA_FUZZ", "60")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, 5000), junk=st.binary(max_size=512), at=st.integers(0, 5000))
def test_hostile_pdfs_are_refused_or_proved(cut: int, junk: bytes, at: int,
                                            doc: tuple[Path, ProcessedDocument]) -> None:
    real = doc[0].read_bytes()
    for data in (b"%PDF-1.7\n" + junk, real[:cut] + junk, real[:at] + junk + real[at + 16:]):
        codes: list[str] = []
        try:
            r = pdfclean.process_pdf(data)
        except InputRejected as exc:
            codes.append(exc.code)
        if codes:
            assert codes[0].startswith("import.pdf_"), codes
            continue
        if r.sanitized is not None:
            assert r.proof_equal and r.sanitized_pages == r.original_pages
            # outside stream data: a damaged file can swallow an object into an image's bytes,
            # which then are page content, kept as they are like every pixel
            outside = re.sub(rb"stream\r?\n.*?endstream", b"", r.sanitized, flags=re.S)
            assert B.MARK.encode() not in outside


def test_scripts_in_inline_dictionaries_are_found_and_removed(tmp_path: Path) -> None:
    """Found by fuzzing: a /JS written in a direct (inline) dictionary nested in the catalog."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Names = pikepdf.Dictionary(
        JS=pikepdf.String(f"app.alert('{B.MARK}')"),
        Deeper=pikepdf.Array([pikepdf.Dictionary(S=pikepdf.Name.JavaScript,
                                                 JS=pikepdf.String("2;"))]))
    out = io.BytesIO()
    pdf.save(out)
    r = process_pdf(out.getvalue())
    assert r.metadata["active"]["/JS"] == 2 and r.metadata["active"]["action/JavaScript"] == 1
    assert r.proof_equal and r.sanitized is not None
    assert B.MARK.encode() not in r.sanitized and b"/JS" not in r.sanitized


def test_an_annotation_of_an_unknown_subtype_is_dropped() -> None:
    """Found by fuzzing: a damaged file turned "/Subtype /FileAttachment /T (Annotator …)" into
    one name, "/FileAttachmenBAYYINA-SECRET-MARKER"; a name can hold any text, so only the
    annotation subtypes PDF defines are kept (a link and a text note stay)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    rect = pikepdf.Array([0, 0, 10, 10])
    page.Annots = pdf.make_indirect(pikepdf.Array([
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=rect,
                                             Subtype=pikepdf.Name("/FileAttachmen" + B.MARK))),
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=rect,
                                             Subtype=pikepdf.Name.Link)),
        pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=rect,
                                             Subtype=pikepdf.Name.Text,
                                             Contents=pikepdf.String("a note"))),
    ]))
    out = io.BytesIO()
    pdf.save(out)
    r = process_pdf(out.getvalue())
    assert r.proof_equal and r.sanitized is not None and "unknown_annotations" in r.removed
    assert B.MARK.encode() not in r.sanitized
    with pikepdf.open(io.BytesIO(r.sanitized)) as clean:
        kept = [str(a.Subtype) for a in clean.pages[0].obj.Annots]
    assert kept == ["/Link", "/Text"]
