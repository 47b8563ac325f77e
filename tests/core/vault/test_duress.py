# SPDX-License-Identifier: GPL-3.0-or-later
"""Coercion and seizure (issue 16): the decoy vault, wipe after N failed unlocks, the access log,
and version 1 key files."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.cases.model import TagChanges
from app.cases.store import add_case, list_cases
from app.cases.tagging import tag_item
from app.errors import AppError, WrongPassphrase
from app.ingest.pipeline import import_bytes
from app.vault import KdfParams, create_vault, open_vault
from app.vault import keys as keys_mod
from app.vault.core import KEY_FILE, Vault, build_database
from app.vault.duress import DB_FILES, erase, make_decoy, set_wipe_after
from app.vault.keys import KeyFile, new_db_salt
from tests.helpers import PASSPHRASE, Cli, grep_tree, msg

DECOY = "the decoy passphrase ١"
MARKER = "MARKER-7f3a-secret-campaign"


def _png(color: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (24, 16), color).save(buf, "PNG")
    return buf.getvalue()


def _real_vault(path: Path) -> str:
    """A vault with one case and one item whose note carries the marker; its fingerprint."""
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        add_case(v, f"Case {MARKER}")
        item = import_bytes(v, _png((200, 10, 10)), name="evidence.png").item_id
        assert item is not None
        tag_item(v, item, TagChanges(notes=f"note {MARKER}", add_cases=(f"Case {MARKER}",)))
        return v.fingerprint()


def _shape(value: Any) -> Any:
    """The JSON with every value replaced by its type and length: what an observer compares."""
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in sorted(value.items()) if k != "checksum"}
    if isinstance(value, list):
        return [_shape(v) for v in value]
    return (type(value).__name__, len(str(value)))


def _all_text(vault: Vault) -> str:
    """Every value of every table of an open vault, as text."""
    out = []
    for (table,) in vault.read("SELECT name FROM sqlite_master WHERE type = 'table'"
                               " AND name NOT LIKE 'item_fts%'"):
        for row in vault.read(f'SELECT * FROM "{table}"'):
            out.append(" ".join(bytes(c).hex() if isinstance(c, bytes) else str(c) for c in row))
    return "\n".join(out)


def test_key_file_same_size_and_shape_with_and_without_decoy(tmp_path: Path) -> None:
    plain, with_decoy = tmp_path / "plain.bayyina", tmp_path / "decoy.bayyina"
    for path in (plain, with_decoy):
        create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    with open_vault(with_decoy, PASSPHRASE) as v:
        make_decoy(v, PASSPHRASE, DECOY)
    a, b = (p / KEY_FILE for p in (plain, with_decoy))
    assert a.stat().st_size == b.stat().st_size
    assert _shape(json.loads(a.read_text())) == _shape(json.loads(b.read_text()))
    assert len(json.loads(a.read_text())["slots"]) == 4
    # the folders: the same names, the two database files of one size in both
    for path in (plain, with_decoy):
        assert sorted(p.name for p in path.iterdir()) == sorted([*DB_FILES, KEY_FILE])
    sizes = {p.name: p.stat().st_size for p in plain.iterdir() if p.suffix == ".db"}
    assert sizes == {p.name: p.stat().st_size for p in with_decoy.iterdir() if p.suffix == ".db"}
    with open_vault(with_decoy, DECOY) as d, open_vault(with_decoy, PASSPHRASE) as r:
        assert d.db_name != r.db_name


def test_decoy_opens_its_own_items_and_reveals_nothing_of_the_real_vault(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    real_fp = _real_vault(path)
    with open_vault(path, PASSPHRASE) as v:
        signing = bytes(v.meta("signing_key")).hex()
        make_decoy(v, PASSPHRASE, DECOY)
        assert v.info().items == 1  # the open session goes on, on the moved database
    with open_vault(path, DECOY) as d:
        assert d.info().items == 0 and list_cases(d) == []
        assert d.fingerprint() != real_fp and d.verify_custody().ok
        text = _all_text(d)
        for secret in (MARKER, real_fp, signing, "evidence.png"):
            assert secret not in text
        add_case(d, "Shopping list")  # she fills it; it is an ordinary vault
    with open_vault(path, PASSPHRASE) as v:
        assert v.info().items == 1 and v.fingerprint() == real_fp
        assert [c.title for c in list_cases(v)] == [f"Case {MARKER}"]
        v.change_passphrase(PASSPHRASE, "changed")  # the decoy's slot survives
    with open_vault(path, "changed") as v:
        v.rekey("changed", PASSPHRASE)  # and a rekey too
    with open_vault(path, DECOY) as d:
        assert [c.title for c in list_cases(d)] == ["Shopping list"]
    with open_vault(path, PASSPHRASE) as v:
        assert v.info().items == 1 and v.verify_custody().ok


def test_decoy_refuses_the_vault_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        with pytest.raises(AppError) as info:
            make_decoy(v, PASSPHRASE, PASSPHRASE)
        assert info.value.code == "safety.same_passphrase"
        with pytest.raises(WrongPassphrase):
            make_decoy(v, "not it", DECOY)


def test_unlock_is_one_derivation_whichever_slot(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        make_decoy(v, PASSPHRASE, DECOY)
    calls: list[bytes] = []
    real = keys_mod.derive_kek

    def counting(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
        calls.append(salt)
        return real(passphrase, salt, params)

    monkeypatch.setattr(keys_mod, "derive_kek", counting)
    for passphrase in (PASSPHRASE, DECOY):
        calls.clear()
        open_vault(path, passphrase).lock()
        assert len(calls) == 1
    calls.clear()
    with pytest.raises(WrongPassphrase):
        open_vault(path, "wrong")
    assert len(calls) == 1 and len(set(calls)) == 1


def test_opening_the_decoy_can_erase_the_real_key(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    _real_vault(path)
    with open_vault(path, PASSPHRASE) as v:
        make_decoy(v, PASSPHRASE, DECOY, erase_real_on_open=True)
    size = (path / KEY_FILE).stat().st_size
    open_vault(path, PASSPHRASE).lock()  # until the decoy is opened, both open
    with open_vault(path, DECOY) as d:
        assert d.info().items == 0
    # still two database files, and the key file of the same size
    assert sorted(p.name for p in path.iterdir()) == sorted([*DB_FILES, KEY_FILE])
    assert (path / KEY_FILE).stat().st_size == size
    with pytest.raises(WrongPassphrase):
        open_vault(path, PASSPHRASE)
    open_vault(path, DECOY).lock()


@pytest.mark.parametrize("limit", [5, 10])
def test_wipe_after_n_failed_unlocks(tmp_path: Path, limit: int) -> None:
    path = tmp_path / "v.bayyina"
    _real_vault(path)
    with open_vault(path, PASSPHRASE) as v:
        set_wipe_after(v, limit)
    before = tmp_path / "before"
    shutil.copytree(path, before)  # what an adversary who copies the folder first has
    for _ in range(limit - 1):
        with pytest.raises(WrongPassphrase) as info:
            open_vault(path, "guess")
        assert info.value.code == "vault.wrong_passphrase"  # remaining attempts not shown
    with pytest.raises(AppError) as erased:
        open_vault(path, "guess")
    assert erased.value.code == "vault.erased"
    with pytest.raises(AppError) as info:
        open_vault(path, PASSPHRASE)
    assert info.value.code == "vault.erased" and info.value.exit_code == 1
    assert sorted(p.name for p in path.iterdir()) == [KEY_FILE]
    assert grep_tree(path, MARKER.encode()) == []
    assert grep_tree(path, MARKER.encode("utf-16-le")) == []
    # crypto-erase: the key file after the wipe opens nothing, even with the old database back
    kf = KeyFile.from_json((path / KEY_FILE).read_bytes())
    kf.erased_at = None
    with pytest.raises(WrongPassphrase):
        kf.open(PASSPHRASE)
    # the honest limit: the copy taken before keeps its own count and still opens
    with open_vault(before, PASSPHRASE) as v:
        assert v.info().items == 1


def test_wipe_shows_remaining_attempts_only_when_chosen(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        set_wipe_after(v, 5, show_remaining=True)
    for left in (4, 3):
        with pytest.raises(WrongPassphrase) as info:
            open_vault(path, "guess")
        assert info.value.code == "vault.wrong_passphrase_remaining"
        assert info.value.params == {"remaining": left}
    with open_vault(path, PASSPHRASE) as v:  # a successful unlock starts the count again
        assert v.access_log is not None and v.access_log.failed_since_last_open == 2
    with pytest.raises(WrongPassphrase) as info:
        open_vault(path, "guess")
    assert info.value.params == {"remaining": 4}
    with pytest.raises(AppError) as bad, open_vault(path, PASSPHRASE) as v:
        set_wipe_after(v, 7)
    assert bad.value.code == "safety.wipe_choice"


def test_access_log_counts_failed_attempts_since_the_last_unlock(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            open_vault(path, "guess")
    last = json.loads((path / KEY_FILE).read_text())["attempts"]["last_failed_at"]
    with open_vault(path, PASSPHRASE) as v:
        log = v.access_log
        assert log is not None and log.failed_since_last_open == 3
        assert log.last_failed_at == last and not log.altered
    with open_vault(path, PASSPHRASE) as v:
        assert v.access_log is not None and v.access_log.failed_since_last_open == 0
    with open_vault(path, PASSPHRASE) as v:
        make_decoy(v, PASSPHRASE, DECOY)
    with pytest.raises(WrongPassphrase):
        open_vault(path, "guess")
    with open_vault(path, DECOY) as d:  # the decoy sees the count too (the same record)
        assert d.access_log is not None and d.access_log.failed_since_last_open == 1


def _edit(path: Path, change: Any) -> None:
    import hashlib

    from app.vault.keys import _canonical

    body = json.loads((path / KEY_FILE).read_text())
    body.pop("checksum")
    change(body)
    body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
    (path / KEY_FILE).write_text(json.dumps(body))


def test_access_log_tells_a_record_set_back_but_not_an_old_key_file(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    with create_vault(path, PASSPHRASE, KdfParams.testing()) as v:
        set_wipe_after(v, 20)
    old = (path / KEY_FILE).read_bytes()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            open_vault(path, "guess")
    # someone turns the wipe off without her passphrase: the next unlock says so
    _edit(path, lambda b: b["attempts"].__setitem__("wipe_after", None))
    with open_vault(path, PASSPHRASE) as v:
        assert v.access_log is not None and v.access_log.altered
    with open_vault(path, PASSPHRASE) as v:
        assert v.access_log is not None and not v.access_log.altered
    # the signed view removed
    _edit(path, lambda b: b["attempts"]["seen"].__setitem__("at", None))
    with open_vault(path, PASSPHRASE) as v:
        assert v.access_log is not None and v.access_log.altered
    # the counter set below what the last unlock saw
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            open_vault(path, "guess")
    _edit(path, lambda b: b["attempts"].__setitem__("failed", 0))
    with open_vault(path, PASSPHRASE) as v:
        assert v.access_log is not None and v.access_log.altered
    # the honest limit: an older key file put back is not detected
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            open_vault(path, "guess")
    (path / KEY_FILE).write_bytes(old)
    with open_vault(path, PASSPHRASE) as v:
        assert v.access_log is not None and not v.access_log.altered
        assert v.access_log.failed_since_last_open == 0


def test_version_1_key_file_opens_and_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "old.bayyina"
    path.mkdir()
    master = bytearray(b"m" * 32)
    kf = KeyFile.create_v1(PASSPHRASE, KdfParams.testing(), bytes(master))
    salt = new_db_salt(kf.vault_id)
    kf.db_salt = salt
    build_database(path / DB_FILES[0], master, salt, kf.vault_id, kf.kdf)
    kf.save(path / KEY_FILE)
    assert json.loads((path / KEY_FILE).read_text())["version"] == 1
    with pytest.raises(WrongPassphrase):
        open_vault(path, "guess")  # a version 1 file is not written on a failure
    assert json.loads((path / KEY_FILE).read_text())["version"] == 1
    with open_vault(path, PASSPHRASE) as v:
        assert v.verify_custody().ok
    body = json.loads((path / KEY_FILE).read_text())
    assert body["version"] == 2 and len(body["slots"]) == 4 and "key_check" not in body
    assert sorted(p.name for p in path.iterdir()) == sorted([*DB_FILES, KEY_FILE])
    with open_vault(path, PASSPHRASE) as v:
        assert v.verify_custody().ok


def test_erase_leaves_only_the_mark(tmp_path: Path) -> None:
    path = tmp_path / "v.bayyina"
    create_vault(path, PASSPHRASE, KdfParams.testing()).lock()
    erase(path, KeyFile.from_json((path / KEY_FILE).read_bytes()))
    assert sorted(p.name for p in path.iterdir()) == [KEY_FILE]


def test_cli_safety_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli = Cli(tmp_path, capsys)
    assert cli.init().code == 0
    decoy = tmp_path / "decoy.txt"
    decoy.write_text(DECOY + "\n", encoding="utf-8")
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("guess\n", encoding="utf-8")
    r = cli("safety", "decoy", "--decoy-passphrase-file", str(decoy))
    assert r.code == 0, r.err
    assert cli("case", "add", "Real", "--json").code == 0
    r = cli("case", "list", "--json", passphrase_file=decoy)
    assert r.code == 0 and r.json() == []
    for _ in range(3):
        assert cli("info", passphrase_file=wrong).code == 3
    r = cli("info", "--json")
    assert r.code == 0 and r.json()["access_log"]["failed_since_last_open"] == 3
    assert "3 failed attempts since you last opened the vault" in r.err
    r = cli("safety", "wipe-after", "5", "--show-remaining")
    assert r.code == 0, r.err
    for left in (4, 3, 2, 1):
        r = cli("info", passphrase_file=wrong)
        assert r.code == 3 and r.err.strip() == msg("vault.wrong_passphrase_remaining",
                                                    remaining=left)
    r = cli("info", passphrase_file=wrong)
    assert r.code == 1 and "erased" in r.err
    r = cli("info")
    assert r.code == 1 and "was erased on" in r.err and "Traceback" not in r.err
    r = cli("info", lang="ar")
    assert r.code == 1
    assert cli("safety", "wipe-after", "7").code == 2


def test_decoy_making_stopped_after_the_move_still_opens(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from app.vault import core, duress

    path = tmp_path / "v.bayyina"
    real_fp = _real_vault(path)
    monkeypatch.setattr(duress.secrets, "randbelow", lambda n: n - 1)  # the vault moves

    def crash(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(core, "build_database", crash)
    with open_vault(path, PASSPHRASE) as v, pytest.raises(KeyboardInterrupt):
        make_decoy(v, PASSPHRASE, DECOY)
    assert (path / DB_FILES[1]).is_file()  # the vault, under its new name
    with open_vault(path, PASSPHRASE) as v:  # the slot's hint is wrong; the key decides
        assert v.fingerprint() == real_fp and v.info().items == 1
        assert v.db_name == DB_FILES[1]
    with pytest.raises(WrongPassphrase):
        open_vault(path, DECOY)  # no decoy slot was written
    monkeypatch.undo()
    with open_vault(path, PASSPHRASE) as v:
        make_decoy(v, PASSPHRASE, DECOY)
    with open_vault(path, DECOY) as d, open_vault(path, PASSPHRASE) as v:
        assert d.info().items == 0 and v.info().items == 1


def test_create_costs_one_derivation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = keys_mod.derive_kek

    def counting(passphrase: str, salt: bytes, params: KdfParams) -> bytearray:
        calls.append(1)
        return real(passphrase, salt, params)

    monkeypatch.setattr(keys_mod, "derive_kek", counting)
    with create_vault(tmp_path / "v.bayyina", PASSPHRASE, KdfParams.testing()) as v:
        assert v.access_log is None
    assert len(calls) == 1
    with open_vault(tmp_path / "v.bayyina", PASSPHRASE) as v:  # the record verifies at once
        assert v.access_log is not None and not v.access_log.altered
