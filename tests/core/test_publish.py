# SPDX-License-Identifier: GPL-3.0-or-later
"""Every file written where the user points goes through app.safefile.new_file: links planted at
the temporary's old fixed name or at the final name are never followed, an existing name is never
replaced (issue 12, point 1); the bundle read-back re-reads the file from the drive and verifies
all of it (point 11)."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app import safefile
from app.bundle import keygen_recipient
from app.errors import AppError, UsageError
from app.handover import export_from_vault
from app.ingest import import_bytes
from app.vault.items import extract
from tests.helpers import Cli, msg

VICTIM = b"the victim's own file\n"


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (10, 8), color).save(buf, "PNG")
    return buf.getvalue()


def _item(vault: Any, color: tuple[int, int, int] = (200, 10, 10)) -> int:
    outcome = import_bytes(vault, _png(color), name="x.png")
    assert outcome.item_id is not None
    return outcome.item_id


def _victim(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir(exist_ok=True)
    victim = folder / "victim.txt"
    victim.write_bytes(VICTIM)
    return victim


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


# --- the helper ---------------------------------------------------------------------------------


def test_the_temporary_has_a_random_name_and_is_created_exclusively(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real_open = os.open

    def spy(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if str(path).endswith(".partial"):
            seen.append(os.fspath(path))
            assert flags & os.O_EXCL and flags & os.O_CREAT and flags & os.O_NOFOLLOW
            assert flags & os.O_CLOEXEC and not flags & os.O_TRUNC
            assert args[0] == 0o600
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", spy)
    for name in ("a.bin", "b.bin"):
        with safefile.new_file(tmp_path / name) as fh:
            fh.write(b"x")
    assert len(seen) == 2 and seen[0] != seen[1]
    assert all(Path(s).name.startswith(("a.bin.", "b.bin.")) and len(Path(s).name) == 30
               for s in seen)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.bin"]
    long_name = "ب" * 127 + ".pdf"  # 258 bytes: the temporary's name is cut, not refused
    assert len(safefile.temp_name(long_name).encode()) <= 255


def test_a_link_at_the_final_name_is_never_followed(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "out.pdf"
    out.symlink_to(victim)
    with pytest.raises(AppError) as info, safefile.new_file(out) as fh:
        fh.write(b"attacker")
    assert info.value.code == "file.exists" and victim.read_bytes() == VICTIM
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "elsewhere" / "created.txt")
    with pytest.raises(AppError), safefile.new_file(dangling) as fh:
        fh.write(b"attacker")
    assert not (tmp_path / "elsewhere" / "created.txt").exists()
    assert _leftovers(tmp_path) == []


def test_a_link_that_appears_at_the_final_name_while_writing_is_not_replaced(
        tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    out = tmp_path / "race.zip"
    with pytest.raises(AppError) as info, safefile.new_file(out) as fh:
        fh.write(b"ours")
        out.symlink_to(victim)  # planted after the first check
    assert info.value.code == "file.exists"
    assert out.is_symlink() and victim.read_bytes() == VICTIM
    assert _leftovers(tmp_path) == []


def test_a_link_planted_at_a_guessed_temporary_name_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = _victim(tmp_path)
    monkeypatch.setattr(safefile.secrets, "token_hex", lambda n: "0" * (2 * n))
    (tmp_path / ("out.bin." + "0" * 16 + ".partial")).symlink_to(victim)
    with pytest.raises(AppError) as info, safefile.new_file(tmp_path / "out.bin") as fh:
        fh.write(b"attacker")
    assert info.value.code == "generic.io" and victim.read_bytes() == VICTIM
    assert not (tmp_path / "out.bin").exists()


@pytest.mark.parametrize("how", ["rename_noreplace", "none"])
def test_without_hard_links_publishing_never_replaces(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      how: str) -> None:
    """FAT and exFAT sticks have no link(): renameat2(RENAME_NOREPLACE), else a refusal."""
    def no_link(*a: Any, **k: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(safefile.os, "link", no_link)
    if how == "none":
        monkeypatch.setattr(safefile, "_noreplace_call", lambda: (None, 0))
        with pytest.raises(AppError) as info, safefile.new_file(tmp_path / "a.bin") as fh:
            fh.write(b"x")
        assert info.value.code == "file.cannot_publish"
        assert list(tmp_path.iterdir()) == []
        return
    with safefile.new_file(tmp_path / "a.bin") as fh:
        fh.write(b"first")
    assert (tmp_path / "a.bin").read_bytes() == b"first"
    victim = _victim(tmp_path)
    with pytest.raises(AppError) as info, safefile.new_file(tmp_path / "b.bin") as fh:
        fh.write(b"attacker")
        (tmp_path / "b.bin").symlink_to(victim)
    assert info.value.code == "file.exists" and victim.read_bytes() == VICTIM
    assert _leftovers(tmp_path) == []


# --- each writer ----------------------------------------------------------------------------


def _plant_old_partial(out: Path, victim: Path) -> Path:
    """The fixed temporary name writers used before (``<out>.partial``) as a link to a victim."""
    partial = out.with_name(out.name + ".partial")
    partial.symlink_to(victim)
    return partial


def _check_writer(tmp_path: Path, write: Callable[[Path], Any], exists_code: str) -> None:
    """For one writer: links planted at the old temporary name, at the final name (to a victim)
    and a dangling link at the final name. The victim never changes; the errors are clear."""
    victim = _victim(tmp_path)
    out = tmp_path / "out1"
    _plant_old_partial(out, victim)
    write(out)
    assert out.is_file() and not out.is_symlink() and victim.read_bytes() == VICTIM
    out2 = tmp_path / "out2"
    out2.symlink_to(victim)
    with pytest.raises(AppError) as info:
        write(out2)
    assert info.value.code == exists_code and victim.read_bytes() == VICTIM
    out3 = tmp_path / "out3"
    target = tmp_path / "elsewhere" / "new.txt"
    out3.symlink_to(target)
    with pytest.raises(AppError) as info:
        write(out3)
    assert info.value.code == exists_code and not target.exists()
    assert [p for p in _leftovers(tmp_path) if not p.endswith("1.partial")] == []


def test_bundle_export_core(vault: Any, tmp_path: Path) -> None:
    _item(vault)
    _check_writer(tmp_path, lambda out: export_from_vault(vault, out, encrypt=False),
                  "bundle.exists")


def test_extract_core(vault: Any, tmp_path: Path) -> None:
    iid = _item(vault)
    _check_writer(tmp_path, lambda out: extract(vault, iid, out), "extract.exists")
    _check_writer(tmp_path / "elsewhere", lambda out: extract(vault, iid, out, original=True),
                  "extract.exists")


class _CliWriter:
    def __init__(self, cli: Cli, *args: str, code: str) -> None:
        self.cli, self.args, self.code = cli, args, code

    def __call__(self, out: Path) -> None:
        r = self.cli(*[a.replace("OUT", str(out)) for a in self.args], lang="ar")
        if r.code != 0:
            assert r.code in (1, 2)
            shown = out.name if self.code == "bundle.exists" else str(out)
            assert r.err.strip().splitlines()[-1] == msg(self.code, "ar", path=shown)
            raise AppError(self.code)


@pytest.mark.parametrize(("args", "code"), [
    (("export", "--out", "OUT", "--no-encryption"), "bundle.exists"),
    (("report", "--out", "OUT"), "report.exists"),
    (("extract", "1", "--out", "OUT"), "extract.exists"),
    (("extract", "1", "--out", "OUT", "--original"), "extract.exists"),
    (("key", "export-public", "--out", "OUT"), "bundle.exists"),
    (("keygen-recipient", "--out", "OUT"), "bundle.exists"),
])
def test_every_cli_writer(cli: Cli, tmp_path: Path, args: tuple[str, ...], code: str) -> None:
    assert cli.init().code == 0
    src = tmp_path / "red.png"
    src.write_bytes(_png((200, 10, 10)))
    assert cli("import", str(src)).code == 0
    _check_writer(tmp_path, _CliWriter(cli, *args, code=code), code)


def test_gui_report_writer(vault: Any, tmp_path: Path) -> None:
    pytest.importorskip("PySide6")
    from app.report.requests import ReportRequest
    from ui.jobs.report import report

    _item(vault)
    _check_writer(tmp_path, lambda out: report(vault, ReportRequest(out, lang="en")),
                  "report.exists")


# --- point 11: the read-back ----------------------------------------------------------------


def test_the_cached_pages_of_the_published_bundle_are_dropped(
        vault: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _item(vault)
    dropped: list[int] = []
    real = os.posix_fadvise

    def spy(fd: int, offset: int, length: int, advice: int) -> None:
        if advice == os.POSIX_FADV_DONTNEED:
            dropped.append(os.fstat(fd).st_ino)
        real(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", spy)
    res = export_from_vault(vault, tmp_path / "b.zip", encrypt=False)
    assert res.path.stat().st_ino in dropped  # the very file that got the name


@pytest.mark.parametrize("mode", ["plain", "recipient", "passphrase"])
def test_the_read_back_re_reads_the_file_and_verifies_all_of_it(
        vault: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    """A byte changed on the drive after the fsync (here: before the read-back) fails the export,
    for every kind of bundle — also one for a recipient this vault cannot decrypt for."""
    _item(vault)
    _item(vault, (10, 200, 10))
    modes: dict[str, dict[str, Any]] = {"plain": {"encrypt": False},
                                        "recipient": {"recipients": [keygen_recipient()[1]]},
                                        "passphrase": {"passphrase": "bundle pw"}}
    kw = modes[mode]
    good = export_from_vault(vault, tmp_path / "good.bin", **kw)
    assert good.verified is not None and good.verified.bundle_id == good.bundle_id
    assert good.verified.container_sha256 == good.sha256
    assert set(good.verified.files) == {"manifest.json", "custody-log.jsonl",
                                        "items/000001/sanitized.png", "items/000002/sanitized.png"}
    assert good.verified.encrypted is (mode != "plain")
    real = safefile.drop_cache

    def corrupt(fd: int) -> bool:
        rw = os.open(f"/proc/self/fd/{fd}", os.O_RDWR)  # the same file, as the drive holds it
        try:
            size = os.fstat(rw).st_size
            os.pwrite(rw, bytes([os.pread(rw, 1, size // 2)[0] ^ 1]), size // 2)
            os.fsync(rw)
        finally:
            os.close(rw)
        return real(fd)

    monkeypatch.setattr(safefile, "drop_cache", corrupt)
    before = int(vault.meta("bundle_seq"))
    with pytest.raises(AppError) as info:
        export_from_vault(vault, tmp_path / "bad.bin", **kw)
    assert info.value.code == "bundle.readback_failed"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".bin")
                  or p.name.endswith(".partial")) == ["good.bin"]
    failed = vault.read("SELECT action, details FROM custody ORDER BY seq DESC LIMIT 1")[0]
    assert failed[0] == "export.failed"
    assert json.loads(failed[1])["reason"] == "bundle.readback_failed"
    assert int(vault.meta("bundle_seq")) == before + 1  # the number stays used
    assert vault.meta("bundle_last_sha256") == good.sha256 and vault.verify_custody().ok


def test_the_result_says_how_the_file_was_read_back(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"From the drive" only when the read bypassed the cache (O_DIRECT, or pages dropped)."""
    assert cli.init().code == 0
    src = tmp_path / "red.png"
    src.write_bytes(_png((200, 10, 10)))
    assert cli("import", str(src)).code == 0
    r = cli("export", "--out", str(tmp_path / "a.zip"), "--no-encryption", "--json")
    assert r.json()["readback"] in ("direct", "dropped") and r.json()["read_from_drive"] is True
    assert r.json()["verified_files"] == 3

    real_open = os.open

    def no_direct(path: Any, flags: int, *args: Any, **kw: Any) -> int:
        if flags & getattr(os, "O_DIRECT", 0):
            raise OSError(22, "Invalid argument")  # as tmpfs on older kernels
        return real_open(path, flags, *args, **kw)

    monkeypatch.setattr(os, "open", no_direct)
    r = cli("export", "--out", str(tmp_path / "b.zip"), "--no-encryption", "--json")
    assert r.json()["readback"] == "dropped"
    monkeypatch.delattr(os, "posix_fadvise")  # as macOS and Windows
    r = cli("export", "--out", str(tmp_path / "c.zip"), "--no-encryption")
    assert r.code == 0
    assert "Read back and verified: signature valid, 3 files match (this system may have " \
        "answered from memory, not from the drive)." in r.out
    assert "from the drive and verified" not in r.out
    monkeypatch.undo()
    r = cli("export", "--out", str(tmp_path / "d.zip"), "--no-encryption")
    assert "Read back from the drive and verified: signature valid, 3 files match." in r.out


def test_usage_errors_still_come_before_the_number_is_taken(vault: Any, tmp_path: Path) -> None:
    _item(vault)
    with pytest.raises(UsageError) as info:
        export_from_vault(vault, tmp_path / "x.age", recipients=["age1notakey"])
    assert info.value.code == "bundle.bad_recipient"
    (tmp_path / "taken.zip").write_bytes(b"")
    with pytest.raises(UsageError) as info:
        export_from_vault(vault, tmp_path / "taken.zip", encrypt=False)
    assert info.value.code == "bundle.exists"
    assert vault.meta("bundle_seq") is None


def test_a_bundle_of_several_read_back_blocks_and_a_refused_direct_read(
        vault: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More than one 1 MiB O_DIRECT block; and where O_DIRECT opens but its reads are refused,
    the read-back falls back to dropping the pages (still verified, still 'from the drive')."""
    noise = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    buf = io.BytesIO()
    noise.save(buf, "PNG")
    assert import_bytes(vault, buf.getvalue(), name="noise.png").item_id is not None
    big = export_from_vault(vault, tmp_path / "big.zip", encrypt=False)
    assert big.size > 2 * safefile.READ_CHUNK and big.readback == "direct"
    assert big.verified is not None and big.verified.container_size == big.size
    real = os.preadv

    def refuse(fd: int, buffers: Any, offset: int) -> int:
        if offset == 0 and _is_direct(fd):
            raise OSError(22, "Invalid argument")
        return real(fd, buffers, offset)

    monkeypatch.setattr(os, "preadv", refuse)
    again = export_from_vault(vault, tmp_path / "again.zip", encrypt=False)
    assert again.readback == "dropped" and again.verified is not None


def _is_direct(fd: int) -> bool:
    import fcntl

    return bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_DIRECT)


def test_the_read_ahead_gives_every_chunk_in_order_hashes_them_and_stops() -> None:
    """safefile.ReadAhead: the read-back's chunks, read and hashed by a thread of its own — in
    order, all of them, a read error raised to the reader, the source closed in every case."""
    import hashlib
    import threading

    closed: list[str] = []

    def source(n: int, fail_at: int | None = None) -> Any:
        try:
            for i in range(n):
                if i == fail_at:
                    raise OSError(5, "Input/output error")
                yield bytes([i % 251]) * (1000 + i)
        finally:
            closed.append("closed")

    ahead = safefile.ReadAhead(source(40))
    got = list(ahead)
    assert got == list(source(40)) and len(closed) == 2
    want = b"".join(got)
    assert ahead.finish() == (hashlib.sha256(want).hexdigest(), len(want))

    failing = safefile.ReadAhead(source(40, fail_at=30))
    it = iter(failing)
    assert [next(it) for _ in range(30)] == list(source(30))
    with pytest.raises(OSError, match="Input/output error"):
        next(it)
    failing.close()

    early = safefile.ReadAhead(source(10_000))  # more than it holds: the thread waits
    assert next(iter(early)) == bytes(1000)
    early.close()
    assert closed.count("closed") == 5
    assert not [t for t in threading.enumerate() if t.name == "read-ahead"]
