# SPDX-License-Identifier: GPL-3.0-or-later
"""The import pipeline: folders, links, special files, duplicates, hostile names, crash safety."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from app.ingest import import_bytes, import_paths
from app.tasks import CancelToken
from app.vault import open_vault
from app.vault.blobs import read_blob
from app.vault.items import extract, get_item
from tests.helpers import PASSPHRASE, grep_tree

ROOT = Path(__file__).resolve().parents[3]


def _jpeg_with_marker(marker: str, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    im = Image.new("RGB", (64, 48), color)
    exif = Image.Exif()
    exif[0x010F] = "MarkerPhone"  # Make
    exif[0x0110] = marker  # Model
    exif[0x010E] = f"<img src='data:x'> {marker}"  # ImageDescription holding HTML
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), comment=marker.encode())
    return buf.getvalue()


def _png(color: tuple[int, int, int], size: tuple[int, int] = (40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def test_ingest_folder_with_links_fifo_and_loop(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "evidence"
    (root / "sub").mkdir(parents=True)
    (root / "a.png").write_bytes(_png((1, 2, 3)))
    (root / "sub" / "b.png").write_bytes(_png((4, 5, 6)))
    outside = tmp_path / "outside.png"
    outside.write_bytes(_png((7, 8, 9)))
    os.symlink(outside, root / "link-out.png")
    os.symlink(root, root / "sub" / "loop")  # a symlink loop back to the root
    os.symlink(root / "a.png", root / "link-in.png")  # inside: fine, and a duplicate of a.png
    os.mkfifo(root / "pipe")
    (root / ".DS_Store").write_bytes(b"junk")
    summary = import_paths(vault, [root])
    by_name = {Path(o.path).name: o for o in summary.outcomes}
    assert by_name["a.png"].status == "imported"
    assert by_name["b.png"].status == "imported"
    assert by_name["link-out.png"].error_code == "import.symlink_outside"
    assert by_name["pipe"].error_code == "import.not_regular_file"
    assert ".DS_Store" not in by_name
    assert summary.imported == 2
    assert vault.read("SELECT count(*) FROM items")[0][0] == 2
    assert vault.read("SELECT import_method FROM items")[0][0] == "folder"


def test_ingest_duplicates_and_custody(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "one.png"
    f.write_bytes(_png((10, 20, 30)))
    first = import_paths(vault, [f])
    assert first.imported == 1
    item = first.outcomes[0].item_id
    second = import_paths(vault, [f])
    assert second.outcomes[0].status == "duplicate"
    assert second.outcomes[0].item_id == item
    actions = [r[0] for r in vault.read("SELECT action FROM custody ORDER BY seq")]
    assert actions.count("import") == 1 and actions.count("sanitize") == 1
    assert vault.verify_custody().ok


def test_ingest_original_sealed_and_copy_clean(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    marker = "MARKER-ingest-" + os.urandom(3).hex()
    data = _jpeg_with_marker(marker)
    f = tmp_path / "photo.jpg"
    f.write_bytes(data)
    outcome = import_paths(vault, [f]).outcomes[0]
    assert outcome.status == "imported", outcome
    assert read_blob(vault.conn, outcome.item_id, "original") == data
    clean = read_blob(vault.conn, outcome.item_id, "sanitized")
    assert marker.encode() not in clean and b"MarkerPhone" not in clean
    record = get_item(vault, outcome.item_id)
    assert record["pixels_equal"] is True
    assert record["original_name"] == "photo.jpg"
    # the metadata read from the original is kept inside the vault (the HTML stays raw data)
    assert marker in str(record["metadata"])
    f.unlink()
    for root in (Path(vault.path), tmp_path):
        assert grep_tree(root, marker.encode()) == []


def test_ingest_file_name_with_rtl_override(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    name = "invoice\u202egnp.exe"
    f = tmp_path / name
    f.write_bytes(_png((50, 60, 70)))
    outcome = import_paths(vault, [f]).outcomes[0]
    assert outcome.status == "imported"
    assert get_item(vault, outcome.item_id)["original_name"] == name  # raw value kept


def test_ingest_clipboard_bytes_and_extract(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outcome = import_bytes(vault, _png((90, 90, 90)), name="clipboard.png")
    assert outcome.status == "imported"
    assert get_item(vault, outcome.item_id)["import_method"] == "clipboard"
    out = tmp_path / "copy.png"
    result = extract(vault, outcome.item_id, out)
    assert out.read_bytes() == read_blob(vault.conn, outcome.item_id, "sanitized")
    assert result["role"] == "sanitized"
    assert vault.read("SELECT action FROM custody ORDER BY seq DESC LIMIT 1")[0][0] == "extract"
    with pytest.raises(Exception, match="extract.exists"):
        extract(vault, outcome.item_id, out)


def test_ingest_attachment_sealed_not_sanitised(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "page.html"
    f.write_bytes(b"<!DOCTYPE html><html><body>threat</body></html>")
    outcome = import_paths(vault, [f]).outcomes[0]
    assert outcome.status == "imported"
    assert outcome.kind == "attachment" and not outcome.sanitized
    record = get_item(vault, outcome.item_id)
    assert "sanitized" not in record["copies"]


def test_ingest_cancel_keeps_finished(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i in range(6):
        (tmp_path / f"{i}.png").write_bytes(_png((i, i, i)))
    token = CancelToken()
    done: list[int] = []

    def on_item(item_id: int) -> None:
        done.append(item_id)
        if len(done) == 2:
            token.cancel()

    summary = import_paths(vault, [tmp_path], cancel=token, on_item=on_item)
    assert summary.cancelled
    stored = vault.read("SELECT count(*) FROM items")[0][0]
    assert stored == len(done) == 2
    assert vault.verify_custody().ok


def test_ingest_polyglot_and_trailer(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("secret.txt", "hidden payload")
    f = tmp_path / "poly.jpg"
    f.write_bytes(_jpeg_with_marker("poly") + zbuf.getvalue())
    outcome = import_paths(vault, [f]).outcomes[0]
    assert outcome.status == "imported"
    assert any(r.startswith("trailer:") for r in outcome.removed)
    clean = read_blob(vault.conn, outcome.item_id, "sanitized")
    assert b"hidden payload" not in clean and b"PK\x03\x04" not in clean


CRASH_SCRIPT = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import app.ingest.pipeline as pipeline
    from app.vault import open_vault
    from app.ingest import import_paths

    def crash(item_id):
        if item_id == 3:
            os._exit(9)  # killed inside the third item's transaction, before COMMIT

    if __name__ == "__main__":
        pipeline._before_commit = crash
        vault = open_vault(Path(sys.argv[1]), sys.argv[2])
        import_paths(vault, [Path(sys.argv[3])])
""")


def test_ingest_killed_mid_import_leaves_consistent_vault(vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "batch"
    src.mkdir()
    for i in range(5):
        (src / f"{i}.png").write_bytes(_png((i * 9, 1, 2), (30 + i, 20)))
    path = Path(vault.path)
    vault.lock()
    script = tmp_path / "crash.py"
    script.write_text(CRASH_SCRIPT)
    r = subprocess.run([sys.executable, str(script), str(path), PASSPHRASE, str(src)],
                       cwd=ROOT, capture_output=True, text=True, check=False,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 9, r.stderr
    with open_vault(path, PASSPHRASE) as v:
        assert v.check_integrity() == []
        assert v.verify_custody().ok
        ids = [row[0] for row in v.read("SELECT id FROM items ORDER BY id")]
        assert ids == [1, 2]
        for item_id in ids:  # every finished item whole
            assert read_blob(v.conn, item_id, "original")
            assert read_blob(v.conn, item_id, "sanitized")
        assert v.read("SELECT count(*) FROM blobs"
                      " WHERE item_id NOT IN (SELECT id FROM items)")[0][0] == 0
        again = import_paths(v, [src])
        assert again.imported == 3 and again.duplicates == 2


def test_importing_uses_a_small_page_cache_and_gives_the_large_one_back(  # type: ignore[no-untyped-def]
        vault, tmp_path: Path) -> None:
    from app.ingest import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.png").write_bytes(_png((10 * i, 20, 30)))
    before = vault.conn.execute("PRAGMA cache_size").fetchone()[0]
    during: list[int] = []

    def seen(_outcome: object) -> None:
        during.append(vault.conn.execute("PRAGMA cache_size").fetchone()[0])

    summary = import_paths(vault, [folder], on_outcome=seen)
    assert summary.imported == 3
    assert during == [-pipeline.IMPORT_CACHE_KIB] * 3
    assert vault.conn.execute("PRAGMA cache_size").fetchone()[0] == before == -65536
