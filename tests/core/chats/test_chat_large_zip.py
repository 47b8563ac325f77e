# SPDX-License-Identifier: GPL-3.0-or-later
"""Chat export zips above the in-memory limit (256 MiB: a WhatsApp export with its videos) are
recognised and imported from their file, one member at a time: the import's memory stays flat
(measured in a child process), the sealed original is the file byte for byte, and a zip bomb
inside such a zip is still refused, with nothing stored.

The zips are written member by member (a stored member of zeros, streamed in 1 MiB writes), so
generating them takes a second or two."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from app.ingest import import_paths
from app.media.types import Limits
from tests.core.chats import fixture
from tests.core.chats.conftest import family_lines, png

MIB = 1 << 20
BIG = Limits().max_file_bytes + 24 * MIB  # just above what is read into memory
VIDEO = "VID-20240303-WA0002.mp4"


def _write_big_zip(path: Path, *, bomb: bool = False) -> Path:
    lines = [*family_lines(), ("03/03/2024 21:32", "Abu Fulan", f"{VIDEO} (file attached)")]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("WhatsApp Chat with Family.txt", fixture.whatsapp_txt(lines))
        zf.writestr("IMG-20240302-WA0001.jpg", png((200, 10, 10)))
        # the video: larger than any member read into memory, stored (ratio 1, no bomb)
        with zf.open(zipfile.ZipInfo(VIDEO, (2024, 3, 3, 21, 32, 0)), "w",
                     force_zip64=True) as fh:
            chunk = b"\0" * MIB
            for _ in range(BIG // MIB):
                fh.write(chunk)
        if bomb:  # 64 MiB of zeros deflated to ~64 KiB: a ratio far above the limit
            info = zipfile.ZipInfo("bomb.bin", (2024, 3, 3, 21, 33, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            with zf.open(info, "w") as fh:
                for _ in range(64):
                    fh.write(b"\0" * MIB)
    assert path.stat().st_size > Limits().max_file_bytes
    return path


_CHILD = """
import json, resource, sys
from pathlib import Path
from app.ingest import import_paths
from app.vault import KdfParams, create_vault
from app.vault.blobs import iter_blob
import hashlib

def peak_mib():
    # VmHWM: this process's own peak (ru_maxrss would carry the forking parent's over exec)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def main():
    v = create_vault(Path(sys.argv[1]), "child pass phrase", KdfParams.testing())
    s = import_paths(v, [Path(sys.argv[2])], chat_offset="+03:00")
    chat = [o for o in s.outcomes if o.kind == "chat"]
    h = hashlib.sha256()
    if chat:
        for part in iter_blob(v.conn, chat[0].item_id, "original"):
            h.update(part)
    print(json.dumps({"outcomes": [o.as_dict() for o in s.outcomes], "stored": h.hexdigest(),
                      "rss_mib": peak_mib()}))
    v.lock()

if __name__ == "__main__":
    main()
"""


def _import_in_child(tmp: Path, export: Path) -> dict[str, Any]:
    script = tmp / "child.py"
    script.write_text(_CHILD, encoding="utf-8")
    root = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, str(script), str(tmp / "child.bayyina"), str(export)],
                          capture_output=True, text=True, check=True, cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_large_export_zip_is_imported_from_its_file(tmp_path: Path) -> None:
    export = _write_big_zip(tmp_path / "WhatsApp Chat with Family.zip")
    got = _import_in_child(tmp_path, export)
    outcomes = got["outcomes"]
    chat = [o for o in outcomes if o.get("kind") == "chat"]
    assert len(chat) == 1, outcomes
    assert chat[0]["status"] == "imported" and chat[0]["messages"] == 9
    # the picture became an item of its own; the video, too large to read into memory, stays
    # sealed inside the export and is reported as missing media
    assert [o["status"] for o in outcomes if o.get("kind") == "image"] == ["imported"]
    assert chat[0]["chat"]["media_linked"] == 1 and chat[0]["chat"]["media_missing"] == 2
    digest = hashlib.sha256()
    with export.open("rb") as fh:
        while block := fh.read(8 * MIB):
            digest.update(block)
    assert got["stored"] == digest.hexdigest() == chat[0]["sha256"]  # sealed byte for byte
    # flat memory: the 280 MiB zip was never held whole (the child's peak stays well below it)
    assert got["rss_mib"] < 220, got["rss_mib"]


def test_bomb_inside_a_large_zip_is_refused(vault: Any, tmp_path: Path) -> None:
    export = _write_big_zip(tmp_path / "WhatsApp Chat with Family.zip", bomb=True)
    summary = import_paths(vault, [export])
    (outcome,) = summary.outcomes
    assert outcome.status == "rejected" and outcome.error_code == "chat.zip_bomb"
    assert vault.read("SELECT count(*) FROM items")[0][0] == 0  # nothing partial


def test_large_zip_that_is_no_chat_stays_an_attachment(vault: Any, tmp_path: Path) -> None:
    path = tmp_path / "archive.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("notes.txt", "not a chat\n")
        with zf.open(zipfile.ZipInfo("data.bin", (2024, 1, 1, 0, 0, 0)), "w",
                     force_zip64=True) as fh:
            for _ in range(BIG // MIB):
                fh.write(b"\1" * MIB)
    (outcome,) = import_paths(vault, [path]).outcomes
    assert outcome.status == "imported" and outcome.kind == "attachment"
    assert vault.read("SELECT count(*) FROM chats")[0][0] == 0
