# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Export from a vault, verify anywhere, receive into another vault (issue 5; app.handover and
the bundle commands of bayyina-cli)."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app.bundle import keygen_recipient
from app.bundle.layout import UNSUMMED, entry_sha256
from app.bundle.signing import minisign_public_key_file
from app.errors import UsageError, VerificationFailed
from app.handover import export_from_vault, receive_into_vault
from app.ingest import import_bytes
from app.vault.blobs import read_blob
from app.vault.items import get_item
from tests.helpers import Cli

STOCK = bool(shutil.which("age") and shutil.which("minisign") and shutil.which("sha256sum"))


def _png(color: tuple[int, int, int], size: tuple[int, int] = (12, 9)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def _jpeg_with_exif(color: tuple[int, int, int]) -> bytes:
    img = Image.new("RGB", (16, 16), color)
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def _import(vault: Any, data: bytes, name: str) -> int:
    outcome = import_bytes(vault, data, name=name)
    assert outcome.status == "imported", outcome
    assert outcome.item_id is not None
    return outcome.item_id


def _count(vault: Any, table: str) -> int:
    return int(vault.read(f"SELECT COUNT(*) FROM {table}")[0][0])


def _pending(vault: Any) -> int:
    """Staged files left: pending blobs (of no item), their names, and rows staged the old way."""
    return (_count(vault, "bundle_pending") + _count(vault, "bundle_staging")
            + int(vault.read("SELECT COUNT(*) FROM blobs WHERE item_id IS NULL")[0][0]))


@pytest.fixture
def recipient() -> tuple[str, str]:
    return keygen_recipient()


@pytest.fixture
def two_items(vault: Any) -> list[int]:
    return [_import(vault, _png((200, 10, 10)), "red.png"),
            _import(vault, _jpeg_with_exif((10, 200, 10)), "green.jpg")]


# --- export -----------------------------------------------------------------------------------


def test_export_manifest_custody_and_seq(vault: Any, two_items: list[int], tmp_path: Path,
                                         recipient: tuple[str, str]) -> None:
    ident, rec = recipient
    r1 = export_from_vault(vault, tmp_path / "b1.zip.age", recipients=[rec])
    assert r1.seq == 1 and r1.item_ids == two_items and r1.skipped == []
    m = r1.manifest
    assert m["vault"]["previous_bundle_sha256"] is None
    assert m["signer"]["fingerprint"] == vault.fingerprint()
    for item, iid in zip(m["items"], two_items, strict=True):
        rec_ = get_item(vault, iid)
        assert item["item_id"] == rec_["uuid"]
        assert item["original"]["sha256"] == rec_["sha256"]
        assert item["original"]["included"] is False and item["original"]["path"] is None
        assert item["original"]["filename"] is None  # never the original file name
        assert item["sanitized"]["sha256"] == rec_["copies"]["sanitized"]["sha256"]
        assert item["sanitized"]["pixels"]["sha256"] == rec_["sanitized_pixels"]["sha256"]
        assert item["sanitized"]["removed"] == rec_["removed"]
        assert "tags" in item
    assert any(r.startswith("exif") for r in m["items"][1]["sanitized"]["removed"])
    # the export is a custody event, and the custody log still verifies
    last = vault.read("SELECT action, details FROM custody ORDER BY seq DESC LIMIT 1")[0]
    assert last[0] == "export"
    details = json.loads(last[1])
    assert details["bundle_id"] == r1.bundle_id and details["bundle_seq"] == 1
    assert details["sha256"] == r1.sha256
    assert vault.verify_custody().ok
    # the next bundle chains to this one
    r2 = export_from_vault(vault, tmp_path / "b2.zip.age", item_ids=[two_items[0]],
                           recipients=[rec])
    assert r2.seq == 2 and r2.manifest["vault"]["previous_bundle_sha256"] == r1.sha256
    assert [i["item_id"] for i in r2.manifest["items"]] == [get_item(vault, two_items[0])["uuid"]]
    assert r1.sha256 == hashlib.sha256((tmp_path / "b1.zip.age").read_bytes()).hexdigest()


def test_export_usage_errors(vault: Any, two_items: list[int], tmp_path: Path,
                             recipient: tuple[str, str]) -> None:
    with pytest.raises(UsageError) as e:
        export_from_vault(vault, tmp_path / "x.zip.age")
    assert e.value.code == "bundle.no_recipient"
    with pytest.raises(UsageError) as e:
        export_from_vault(vault, tmp_path / "x.zip", recipients=[recipient[1]], encrypt=False)
    assert e.value.code == "bundle.recipient_without_encryption"
    with pytest.raises(UsageError) as e:
        export_from_vault(vault, tmp_path / "x.zip.age", recipients=[recipient[1]],
                          passphrase="pw")
    assert e.value.code == "bundle.recipient_and_passphrase"
    assert not list(tmp_path.glob("x.zip*"))
    assert int(vault.meta("bundle_seq") or 0) == 0  # failed exports consume no sequence number


@pytest.mark.skipif(not STOCK, reason="stock tools age/minisign/sha256sum not installed")
def test_stock_tools_verify_a_vault_export(vault: Any, two_items: list[int], tmp_path: Path,
                                           recipient: tuple[str, str]) -> None:
    ident, rec = recipient
    res = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec],
                            include_originals=True)
    (tmp_path / "org.txt").write_text(ident)
    zpath = tmp_path / "b.zip"
    run = subprocess.run(["age", "-d", "-i", str(tmp_path / "org.txt"), "-o", str(zpath),
                          str(res.path)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    d = tmp_path / "x"
    d.mkdir()
    with zipfile.ZipFile(zpath) as z:
        for info in z.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            target = d / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(z.read(info))
    pub = tmp_path / "vault.pub"
    pub.write_text(minisign_public_key_file(vault.public_key_bytes()))
    run = subprocess.run(["minisign", "-Vm", "SHA256SUMS", "-p", str(pub)], cwd=d,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    assert f"bundle_id={res.bundle_id} seq=1" in run.stdout
    run = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=d,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    listed = {ln.split("  ", 1)[1] for ln in (d / "SHA256SUMS").read_text().splitlines()}
    on_disk = {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file()}
    assert on_disk == listed | set(UNSUMMED)
    assert {"items/000001/original.png", "items/000002/original.jpg"} <= listed
    # the original bytes are exactly the vault's original
    assert (d / "items/000002/original.jpg").read_bytes() == read_blob(vault.conn, two_items[1],
                                                                        "original")
    # custody-log.jsonl: entries as stored; each entry_sha256 recomputable, chained
    lines = [json.loads(ln) for ln in (d / "custody-log.jsonl").read_text().splitlines()]
    # the segment starts at the first entry about an exported item and runs to the head
    uuids = {get_item(vault, i)["uuid"] for i in two_items}
    assert f"item:{lines[0]['item_id']}" in lines[0]["subjects"] and lines[0]["item_id"] in uuids
    assert lines[-1]["seq"] == vault.read("SELECT MAX(seq) FROM custody")[0][0] - 1  # + export
    for prev, cur in zip(lines, lines[1:], strict=False):
        assert cur["prev"] == prev["entry_sha256"]
    for entry in lines:
        assert entry_sha256(entry) == entry["entry_sha256"]
        body = {k: v for k, v in entry.items() if k != "entry_sha256"}
        raw = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(raw.encode()).hexdigest() == entry["entry_sha256"]
    manifest = json.loads((d / "manifest.json").read_text())
    assert manifest["vault"]["custody_head_sha256"] == lines[-1]["entry_sha256"]
    assert b"red.png" not in (d / "manifest.json").read_bytes()


# --- receive ----------------------------------------------------------------------------------


def test_receive_first_contact_trust_then_already_received(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path,
        recipient: tuple[str, str]) -> None:
    ident, rec = recipient
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    custody_before = _count(org, "custody")
    with pytest.raises(VerificationFailed) as e:
        receive_into_vault(org, b.path, identity=ident)
    assert e.value.code == "handover.first_contact"
    assert e.value.params["fingerprint"].replace(" ", "") == vault.fingerprint()
    assert _count(org, "items") == 0 and _count(org, "bundle_signers") == 0
    assert _count(org, "custody") == custody_before
    # a wrong --trust-signer is refused too
    with pytest.raises(VerificationFailed) as e:
        receive_into_vault(org, b.path, identity=ident, trust_signer=org.fingerprint())
    assert e.value.code == "handover.trust_signer_mismatch"
    assert _count(org, "items") == 0
    spaced = " ".join(vault.fingerprint()[i:i + 4] for i in range(0, 64, 4))
    r = receive_into_vault(org, b.path, identity=ident, trust_signer=spaced)
    assert r.status == "received" and r.newly_trusted and len(r.added) == 2
    assert r.seq == 1 and r.bundle_id == b.bundle_id
    for local, sent in zip(r.added, two_items, strict=True):
        mine, theirs = get_item(org, local), get_item(vault, sent)
        assert mine["uuid"] == theirs["uuid"]
        # sanitised-only: the sanitised copy is the original of record
        assert mine["sha256"] == theirs["copies"]["sanitized"]["sha256"]
        assert mine["provenance"]["original_of_record"] == "sanitized_copy"
        assert mine["provenance"]["sender_original"]["sha256"] == theirs["sha256"]
        assert mine["provenance"]["signer"] == vault.fingerprint()
        assert mine["provenance"]["bundle_id"] == b.bundle_id
        assert mine["import_method"] == "bundle"
        assert read_blob(org.conn, local, "sanitized") == read_blob(vault.conn, sent, "sanitized")
        assert read_blob(org.conn, local, "original") == read_blob(vault.conn, sent, "sanitized")
    assert _pending(org) == 0
    assert org.verify_custody().ok
    actions = [r[0] for r in org.read("SELECT action FROM custody ORDER BY seq")]
    assert actions[-1] == "receive" and actions.count("import") == 2
    # the same bundle again: nothing added, no custody entry, no trust flag needed any more
    n_custody = _count(org, "custody")
    again = receive_into_vault(org, b.path, identity=ident)
    assert again.status == "already_received" and again.added == []
    assert _count(org, "items") == 2 and _count(org, "custody") == n_custody
    assert org.verify_custody().ok


def test_receive_with_originals_and_dedup(vault: Any, org: Any, two_items: list[int],
                                          tmp_path: Path, recipient: tuple[str, str]) -> None:
    ident, rec = recipient
    b1 = export_from_vault(vault, tmp_path / "b1.zip.age", recipients=[rec],
                           item_ids=[two_items[0]], include_originals=True)
    r1 = receive_into_vault(org, b1.path, identity=ident, trust_signer=vault.fingerprint())
    got = get_item(org, r1.added[0])
    assert got["sha256"] == get_item(vault, two_items[0])["sha256"]
    assert got["provenance"]["original_of_record"] == "original"
    assert read_blob(org.conn, r1.added[0], "original") == read_blob(vault.conn, two_items[0],
                                                                     "original")
    # the next bundle holds both items: the first is deduplicated by its hash
    b2 = export_from_vault(vault, tmp_path / "b2.zip.age", recipients=[rec])
    r2 = receive_into_vault(org, b2.path, identity=ident)
    assert r2.status == "received" and len(r2.added) == 1
    assert r2.duplicates == [get_item(vault, two_items[0])["uuid"]]
    assert _count(org, "items") == 2 and org.verify_custody().ok


def test_out_of_order_and_broken_chain(vault: Any, org: Any, two_items: list[int],
                                       tmp_path: Path, recipient: tuple[str, str]) -> None:
    ident, rec = recipient
    b1 = export_from_vault(vault, tmp_path / "b1.zip.age", recipients=[rec],
                           item_ids=[two_items[0]])
    b2 = export_from_vault(vault, tmp_path / "b2.zip.age", recipients=[rec],
                           item_ids=[two_items[1]])
    assert receive_into_vault(org, b2.path, identity=ident,
                              trust_signer=vault.fingerprint()).seq == 2
    n_items, n_custody = _count(org, "items"), _count(org, "custody")
    with pytest.raises(VerificationFailed) as e:
        receive_into_vault(org, b1.path, identity=ident)
    assert e.value.code == "handover.out_of_order" and e.value.exit_code == 4
    assert (_count(org, "items"), _count(org, "custody")) == (n_items, n_custody)
    r = receive_into_vault(org, b1.path, identity=ident, accept_out_of_order=True)
    assert r.status == "received" and r.out_of_order and len(r.added) == 1
    # a fork on the sender's side: seq 3 that does not chain to the seq 2 we hold
    with vault.write() as tx:
        tx.execute("UPDATE meta SET value = ? WHERE key = 'bundle_last_sha256'", ("ab" * 32,))
    item3 = _import(vault, _png((1, 2, 3)), "blue.png")
    b3 = export_from_vault(vault, tmp_path / "b3.zip.age", recipients=[rec], item_ids=[item3])
    with pytest.raises(VerificationFailed) as e:
        receive_into_vault(org, b3.path, identity=ident)
    assert e.value.code == "handover.chain_broken"
    assert _count(org, "items") == 2
    # a gap (seq 5 after 3 when 4 was never received) is accepted and reported
    assert receive_into_vault(org, b3.path, identity=ident, accept_out_of_order=True).seq == 3
    item4 = _import(vault, _png((4, 5, 6)), "x.png")
    export_from_vault(vault, tmp_path / "b4.zip.age", recipients=[rec], item_ids=[item4])
    item5 = _import(vault, _png((7, 8, 9)), "y.png")
    b5 = export_from_vault(vault, tmp_path / "b5.zip.age", recipients=[rec], item_ids=[item5])
    r5 = receive_into_vault(org, b5.path, identity=ident)
    assert r5.gap and not r5.out_of_order and r5.seq == 5
    assert org.verify_custody().ok


def _flip_in_member(zpath: Path, member: str, out: Path) -> None:
    data = bytearray(zpath.read_bytes())
    with zipfile.ZipFile(zpath) as z:
        info = z.getinfo(member)
    # local header: 30 bytes + name + extra, then the stored data
    name_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.file_size // 2] ^= 0x01
    out.write_bytes(bytes(data))


def test_tampered_bundle_imports_nothing(vault: Any, org: Any, two_items: list[int],
                                         tmp_path: Path) -> None:
    b = export_from_vault(vault, tmp_path / "b.zip", encrypt=False)
    bad = tmp_path / "bad.zip"
    _flip_in_member(b.path, "items/000002/sanitized.jpg", bad)
    with pytest.raises(VerificationFailed) as e:
        receive_into_vault(org, bad, trust_signer=vault.fingerprint())
    assert e.value.exit_code == 4
    assert e.value.code in ("bundle.hash_mismatch", "bundle.crc_mismatch")
    assert _count(org, "items") == 0 and _count(org, "blobs") == 0
    assert _count(org, "bundle_signers") == 0 and _count(org, "bundle_ledger") == 0
    assert _pending(org) == 0
    assert org.verify_custody().ok
    # the intact bundle is still accepted afterwards
    assert len(receive_into_vault(org, b.path, trust_signer=vault.fingerprint()).added) == 2


def test_passphrase_bundle_round_trip(vault: Any, org: Any, two_items: list[int],
                                      tmp_path: Path) -> None:
    b = export_from_vault(vault, tmp_path / "b.zip.age", passphrase="long bundle passphrase")
    with pytest.raises(UsageError):
        receive_into_vault(org, b.path, trust_signer=vault.fingerprint())
    r = receive_into_vault(org, b.path, passphrase="long bundle passphrase",
                           trust_signer=vault.fingerprint())
    assert len(r.added) == 2


# --- CLI end to end ---------------------------------------------------------------------------


def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = Cli(tmp_path, capsys, vault=tmp_path / "defender.bayyina")
    b = Cli(tmp_path, capsys, vault=tmp_path / "org.bayyina")
    assert a.init().code == 0 and b.init().code == 0
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.png").write_bytes(_png((90, 30, 30)))
    (tmp_path / "in" / "two.jpg").write_bytes(_jpeg_with_exif((30, 90, 30)))
    assert a("import", str(tmp_path / "in")).code == 0

    shown = a("key", "show", "--json")
    assert shown.code == 0
    fp = shown.json()["fingerprint"]
    assert len(fp) == 64
    assert fp in a("key", "show").out.replace(" ", "")
    pub = tmp_path / "defender.pub"
    assert a("key", "export-public", "--out", str(pub)).code == 0
    assert pub.read_text().startswith("untrusted comment:")
    assert a("key", "export-public", "--out", str(pub)).code == 2  # never overwritten

    ident = tmp_path / "org-identity.txt"
    made = b("keygen-recipient", "--out", str(ident))
    assert made.code == 0 and made.out.strip().startswith("age1")
    recipient = made.out.strip()
    assert (ident.stat().st_mode & 0o077) == 0

    assert a("export", "--out", str(tmp_path / "none.zip.age")).code == 2  # no recipient
    bundle = tmp_path / "b1.zip.age"
    res = a("export", "--out", str(bundle), "--recipient", recipient, "--json")
    assert res.code == 0, res.err
    info = res.json()
    assert info["seq"] == 1 and len(info["item_ids"]) == 2 and info["encrypted"]
    assert "Warning" not in res.err

    ok = a("verify", str(bundle), "--identity", str(ident), "--signer", str(pub), "--json")
    assert ok.code == 0, ok.err
    assert ok.json()["signer_trusted"] and ok.json()["item_count"] == 2
    assert ok.json()["bundle_id"] == info["bundle_id"]
    other_pub = tmp_path / "org.pub"
    assert b("key", "export-public", "--out", str(other_pub)).code == 0
    wrong = a("verify", str(bundle), "--identity", str(ident), "--signer", str(other_pub))
    assert wrong.code == 4
    listed = tmp_path / "trusted.txt"
    listed.write_text(f"# our partners\n{b('key', 'show', '--json').json()['fingerprint']}\n{fp}\n")
    assert a("verify", str(bundle), "--identity", str(ident),
             "--trusted-signers", str(listed)).code == 0

    first = b("receive", str(bundle), "--identity", str(ident))
    assert first.code == 4
    assert fp[:4] in first.err.replace(" ", "") and "--trust-signer" in first.err
    got = b("receive", str(bundle), "--identity", str(ident), "--trust-signer", fp, "--json")
    assert got.code == 0, got.err
    assert got.json()["status"] == "received" and len(got.json()["added"]) == 2
    again = b("receive", str(bundle), "--identity", str(ident))
    assert again.code == 0 and "Already received" in again.err
    assert b("check").code == 0

    warned = a("export", "--out", str(tmp_path / "b2.zip"), "--no-encryption",
               "--include-originals", "--report", "en")
    assert warned.code == 0, warned.err
    assert "originals are included" in warned.err and "not encrypted" in warned.err
    plain = tmp_path / "b2.zip"
    names = zipfile.ZipFile(plain).namelist()
    assert "items/000001/original.png" in names
    try:
        import app.report.collect  # noqa: F401
    except ImportError:
        assert "not available" in warned.err
    else:
        assert "report/report-en.pdf" in names
        assert zipfile.ZipFile(plain).read("report/report-en.pdf").startswith(b"%PDF")
    bad = tmp_path / "b2-bad.zip"
    _flip_in_member(plain, "manifest.json", bad)
    tampered = b("receive", str(bad), "--identity", str(ident))
    assert tampered.code == 4
    assert a("verify", str(bad), "--signer", fp).code == 4
    assert a("verify", str(plain), "--signer", fp).code == 0
    # the bundle with the originals completes the items received without them (told in Arabic)
    done = b("receive", str(plain), lang="ar")
    assert done.code == 0, done.err
    assert "وصلت الآن أصول" in done.err or "وصل الآن أصلا عنصرين" in done.err, done.err
    assert len(b("receive", str(plain), "--json").json()["originals_completed"]) == 0


def test_cli_arabic_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = Cli(tmp_path, capsys, vault=tmp_path / "v.bayyina")
    assert a.init().code == 0
    res = a("export", "--out", str(tmp_path / "x.zip"), "--no-encryption", lang="ar")
    assert res.code == 2  # nothing to export in an empty vault
    assert res.err.strip()


def test_case_export_carries_tags_and_reports(vault: Any, org: Any, two_items: list[int],
                                              tmp_path: Path) -> None:
    cases = pytest.importorskip("app.cases")
    if not all(hasattr(cases, n) for n in ("tag_item", "add_report", "list_categories")):
        pytest.skip("the case model API is not complete in this checkout")
    from app.cases.model import AccountRef, TagChanges

    category = cases.list_categories(vault)[0].key
    cases.tag_item(vault, two_items[1], TagChanges(
        platform="facebook", url="https://example.org/p/1", posted_at="2026-11-01T10:00:00Z",
        notes="ملاحظة", add_categories=(category,), add_cases=("حملة تشهير",),
        add_accounts=(AccountRef.parse("facebook:@troll"),)))
    cases.add_report(vault, two_items[1], "facebook", "2026-11-02T09:00:00Z", reference="R-1")
    res = export_from_vault(vault, tmp_path / "case.zip", case="حملة تشهير", encrypt=False)
    m = res.manifest
    assert res.item_ids == [two_items[1]]
    assert m["case"]["title"] == "حملة تشهير" and m["case"]["incident_id"]
    tags = m["items"][0]["tags"]
    assert tags["platform"] == "facebook" and tags["url"] == "https://example.org/p/1"
    assert tags["abuse_types"] == [category]
    assert tags["perpetrators"] == [{"platform": "facebook", "handle": "troll"}] or \
        tags["perpetrators"] == [{"platform": "facebook", "handle": "@troll"}]
    assert m["items"][0]["notes"] == "ملاحظة"
    assert m["items"][0]["platform_reports"][0]["reference"] == "R-1"
    r = receive_into_vault(org, res.path, trust_signer=vault.fingerprint())
    prov = get_item(org, r.added[0])["provenance"]
    assert prov["tags"]["platform"] == "facebook" and prov["case"]["title"] == "حملة تشهير"

    # ...and applied to the organisation's case model, so it is searched like its own evidence
    from app.cases import ItemQuery, get_item_tags, list_items
    got = get_item_tags(org, r.added[0])
    assert got.platform == "facebook" and got.url == "https://example.org/p/1"
    assert got.posted_at == "2026-11-01T10:00:00Z" and got.notes == "ملاحظة"
    assert got.categories == (category,) and got.cases == ("حملة تشهير",)
    assert [(a.platform, a.handle.lstrip("@")) for a in got.accounts] == [("facebook", "troll")]
    assert [(p.platform, p.reference, p.status) for p in got.reports] == [("facebook", "R-1",
                                                                           "pending")]
    assert [i.id for i in list_items(org, ItemQuery(text="troll"))] == [r.added[0]]
    assert [i.id for i in list_items(org, ItemQuery(platforms=("facebook",)))] == [r.added[0]]
    # each application is in the custody log, after the import, in the same transaction
    actions = [row[0] for row in org.read("SELECT action FROM custody ORDER BY seq")]
    assert actions.index("import") < actions.index("item.tag") < actions.index("receive")
    assert "report.create" in actions and "case.create" in actions


def test_an_export_of_everything_carries_each_items_cases(vault: Any, org: Any,
                                                          two_items: list[int],
                                                          tmp_path: Path) -> None:
    """Not only a case export: a bundle of everything (or of chosen items) names each item's own
    cases, and the organisation files each item under them (found on the 1366×768 walk: the
    defender's case never reached the organisation)."""
    from app.cases import get_item_tags, list_cases, tag_item
    from app.cases.model import TagChanges

    tag_item(vault, two_items[0], TagChanges(add_cases=("حملة تشهير", "Doxing")))
    tag_item(vault, two_items[1], TagChanges(add_cases=("Doxing",)))
    res = export_from_vault(vault, tmp_path / "all.zip", encrypt=False)
    assert res.manifest["case"]["title"] is None
    by_uid = {it["item_id"]: it["tags"].get("cases") for it in res.manifest["items"]}
    assert sorted(map(sorted, by_uid.values())) == [["Doxing"], ["Doxing", "حملة تشهير"]]
    r = receive_into_vault(org, res.path, trust_signer=vault.fingerprint())
    assert sorted(c.title for c in list_cases(org)) == ["Doxing", "حملة تشهير"]
    got = sorted(sorted(get_item_tags(org, i).cases) for i in r.added)
    assert got == [["Doxing"], ["Doxing", "حملة تشهير"]]


def test_received_case_data_joins_existing_case_and_account(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path) -> None:
    """A second defender's bundle about the same campaign joins the organisation's case of that
    title and links the perpetrator account it already knows, instead of duplicating them."""
    from app.cases import (
        AccountRef,
        TagChanges,
        add_account,
        add_case,
        get_item_tags,
        list_accounts,
        list_cases,
        tag_item,
    )

    add_case(org, "حملة تشهير", description="opened by the organisation")
    known = add_account(org, "x", "@campaign_lead", display_name="known to the organisation")
    tag_item(vault, two_items[0], TagChanges(platform="x", add_cases=("حملة تشهير",),
                                             add_accounts=(AccountRef.parse("x:@campaign_lead"),)))
    res = export_from_vault(vault, tmp_path / "b.zip", case="حملة تشهير", encrypt=False)
    r = receive_into_vault(org, res.path, trust_signer=vault.fingerprint())
    got = get_item_tags(org, r.added[0])
    assert got.cases == ("حملة تشهير",) and len(list_cases(org)) == 1
    assert [a.id for a in got.accounts] == [known.id] and len(list_accounts(org)) == 1


def test_received_values_this_vault_cannot_hold_stay_in_provenance(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Values from another vault (or version) that this one refuses are left out and listed in the
    receive entry; the item is still received, and what was valid is applied."""
    from app.cases import get_item_tags
    from app.handover import export as handover

    odd = {"tags": {"platform": "myspace", "abuse_types": ["death-threat", "not-a-category"],
                    "perpetrators": [{"platform": "myspace", "handle": "someone"},
                                     {"platform": "telegram", "handle": "@real_one"}],
                    "posted_at": "2026-11-01T10:00:00Z", "sensitive": ["graphic", "weird"]},
           "platform_reports": [{"platform": "telegram", "reported_at": "2026-11-03T08:00:00Z",
                                 "outcome": "removed", "answered_at": "2026-11-01T08:00:00Z"}]}
    monkeypatch.setattr(handover, "_case_fields", lambda v, i: odd)
    res = export_from_vault(vault, tmp_path / "b.zip", item_ids=[two_items[0]], encrypt=False)
    r = receive_into_vault(org, res.path, trust_signer=vault.fingerprint())
    assert len(r.added) == 1
    got = get_item_tags(org, r.added[0])
    assert got.platform is None and got.categories == ("death-threat",)
    assert got.sensitive == ("graphic",) and got.posted_at == "2026-11-01T10:00:00Z"
    assert [(a.platform, a.handle.lstrip("@")) for a in got.accounts] == [("telegram", "real_one")]
    assert got.reports == ()  # answered before it was reported: refused as the editor would
    details = json.loads(org.read("SELECT details FROM custody WHERE action = 'receive'")[0][0])
    skipped = details["case_data_not_applied"][get_item(org, r.added[0])["uuid"]]
    assert "platform=myspace" in skipped and "abuse_type=not-a-category" in skipped
    assert "sensitive=weird" in skipped and "perpetrator=myspace:someone" in skipped
    assert any(s.startswith("platform_report=telegram") for s in skipped)


def test_a_case_model_failure_does_not_refuse_the_item(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """If applying the tags fails half-way, that half is rolled back (savepoint) and the item is
    still received with its provenance; the custody log stays intact."""
    from app.cases import TagChanges, get_item_tags, receipt, tag_item, tagging
    from app.errors import AppError
    from app.vault.custody import verify

    tag_item(vault, two_items[0], TagChanges(platform="x", add_cases=("c",)))
    real = tagging.apply_tags

    def half_then_fail(tx: Any, item_id: int, changes: Any) -> None:
        real(tx, item_id, changes)  # writes the tags and custody entries...
        raise AppError("cases.bad_date", value="x")  # ...then fails

    monkeypatch.setattr(receipt, "apply_tags", half_then_fail)
    res = export_from_vault(vault, tmp_path / "b.zip", item_ids=[two_items[0]], encrypt=False)
    r = receive_into_vault(org, res.path, trust_signer=vault.fingerprint())
    assert len(r.added) == 1
    got = get_item_tags(org, r.added[0])
    assert got.platform is None and got.cases == ()
    assert get_item(org, r.added[0])["provenance"]["tags"]["platform"] == "x"
    assert [row[0] for row in org.read("SELECT action FROM custody WHERE action IN "
                                       "('item.tag', 'case.create')")] == []
    details = json.loads(org.read("SELECT details FROM custody WHERE action = 'receive'")[0][0])
    assert list(details["case_data_not_applied"].values()) == [["case_data=cases.bad_date"]]
    assert verify(org.conn).ok


def test_items_without_sanitised_copy_are_skipped(vault: Any, two_items: list[int],
                                                  tmp_path: Path) -> None:
    # an item sealed without a sanitised copy (as a large attachment is)
    with vault.write() as tx:
        tx.execute("DELETE FROM blobs WHERE item_id = ? AND role = 'sanitized'", (two_items[0],))
        tx.execute("UPDATE items SET sanitized_sha256 = NULL, sanitized_size = NULL,"
                   " sanitized_media_type = NULL WHERE id = ?", (two_items[0],))
    res = export_from_vault(vault, tmp_path / "b.zip", encrypt=False)
    assert res.item_ids == [two_items[1]]
    assert res.skipped == [(two_items[0], "no_sanitized_copy")]
    with pytest.raises(UsageError) as e:
        export_from_vault(vault, tmp_path / "c.zip", item_ids=[two_items[0]], encrypt=False)
    assert e.value.code == "handover.nothing_to_export"
    assert not (tmp_path / "c.zip").exists()


def test_cancelled_receive_imports_nothing(vault: Any, org: Any, two_items: list[int],
                                           tmp_path: Path, recipient: tuple[str, str]) -> None:
    from app.errors import Cancelled
    from app.tasks import CancelToken

    ident, rec = recipient
    b = export_from_vault(vault, tmp_path / "b.zip.age", recipients=[rec])
    token = CancelToken()
    seen: list[int] = []

    def progress(p: Any) -> None:
        seen.append(p.done)
        if len(seen) == 1:
            token.cancel()

    with pytest.raises(Cancelled):
        receive_into_vault(org, b.path, identity=ident, trust_signer=vault.fingerprint(),
                           progress=progress, cancel=token)
    assert _count(org, "items") == 0 and _count(org, "bundle_signers") == 0
    assert _pending(org) == 0 and org.verify_custody().ok


def test_cli_passphrase_bundle(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = Cli(tmp_path, capsys, vault=tmp_path / "d.bayyina")
    b = Cli(tmp_path, capsys, vault=tmp_path / "o.bayyina")
    assert a.init().code == 0 and b.init().code == 0
    (tmp_path / "one.png").write_bytes(_png((3, 60, 90)))
    assert a("import", str(tmp_path / "one.png")).code == 0
    bpw = tmp_path / "bundle-pw.txt"
    bpw.write_text("a long bundle passphrase\n")
    bundle = tmp_path / "p.zip.age"
    res = a("export", "--out", str(bundle), "--passphrase-protect", "--bundle-passphrase-file",
            str(bpw))
    assert res.code == 0, res.err
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    # the vault passphrase is never used as the bundle passphrase
    assert b("verify", str(bundle), "--bundle-passphrase-file", str(b.pw)).code == 4
    fp = a("key", "show", "--json").json()["fingerprint"]
    got = b("receive", str(bundle), "--bundle-passphrase-file", str(bpw), "--trust-signer", fp,
            "--json")
    assert got.code == 0, got.err
    assert len(got.json()["added"]) == 1


def test_original_sent_later_completes_the_item(vault: Any, org: Any, two_items: list[int],
                                                 tmp_path: Path) -> None:
    """A defender first hands over sanitised copies; later (to a lawyer, say) the originals. The
    organisation's item gets the original of record the first signed manifest named, keeps its
    sanitised copy and tags, and the custody log says what happened."""
    from app.cases import TagChanges, get_item_tags, tag_item

    first = export_from_vault(vault, tmp_path / "b1.zip", encrypt=False)
    r1 = receive_into_vault(org, first.path, trust_signer=vault.fingerprint())
    local = r1.added[1]
    sent = two_items[1]
    tag_item(org, local, TagChanges(notes="checked by the organisation"))
    sanitized_before = read_blob(org.conn, local, "sanitized")
    assert read_blob(org.conn, local, "original") == sanitized_before

    later = export_from_vault(vault, tmp_path / "b2.zip", item_ids=[sent],
                              include_originals=True, encrypt=False)
    r2 = receive_into_vault(org, later.path)
    assert r2.added == [] and r2.duplicates == [] and r2.originals_completed == [local]
    mine, theirs = get_item(org, local), get_item(vault, sent)
    assert read_blob(org.conn, local, "original") == read_blob(vault.conn, sent, "original")
    assert mine["sha256"] == theirs["sha256"] and mine["size"] == theirs["size"]
    assert read_blob(org.conn, local, "sanitized") == sanitized_before
    assert mine["provenance"]["original_of_record"] == "original"
    assert mine["provenance"]["original_received"]["bundle_id"] == later.bundle_id
    assert mine["provenance"]["bundle_id"] == first.bundle_id  # where the item first came from
    assert get_item_tags(org, local).notes == "checked by the organisation"
    entry = org.read("SELECT details FROM custody WHERE action = 'item.original_received'")
    details = json.loads(entry[0][0])
    assert details["sha256"] == theirs["sha256"]
    assert details["previous_record_sha256"] == theirs["copies"]["sanitized"]["sha256"]
    assert org.verify_custody().ok
    # once complete, the same original again is an ordinary duplicate
    again = export_from_vault(vault, tmp_path / "b3.zip", item_ids=[sent],
                              include_originals=True, encrypt=False)
    r3 = receive_into_vault(org, again.path)
    assert r3.originals_completed == [] and r3.duplicates == [theirs["uuid"]]


def test_original_is_not_completed_when_the_vault_holds_it_as_another_item(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path) -> None:
    first = export_from_vault(vault, tmp_path / "b1.zip", item_ids=[two_items[1]],
                              encrypt=False)
    r1 = receive_into_vault(org, first.path, trust_signer=vault.fingerprint())
    # the organisation also got the same original file some other way and imported it
    outcome = import_bytes(org, read_blob(vault.conn, two_items[1], "original"), name="same.jpg")
    assert outcome.status == "imported", outcome
    later = export_from_vault(vault, tmp_path / "b2.zip", item_ids=[two_items[1]],
                              include_originals=True, encrypt=False)
    r2 = receive_into_vault(org, later.path)
    assert r2.originals_completed == [] and len(r2.duplicates) == 1
    assert get_item(org, r1.added[0])["provenance"]["original_of_record"] == "sanitized_copy"
    assert org.verify_custody().ok


def test_the_vault_stays_writable_while_a_bundle_is_received(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Staging commits in short transactions: while a bundle streams in, another thread (the
    GUI saving a tag) writes without waiting for the whole bundle."""
    import threading

    from app.cases import TagChanges, get_item_tags, tag_item
    from app.handover import staging

    first = export_from_vault(vault, tmp_path / "b1.zip", item_ids=[two_items[0]],
                              encrypt=False)
    mine = receive_into_vault(org, first.path, trust_signer=vault.fingerprint()).added[0]
    second = export_from_vault(vault, tmp_path / "b2.zip", item_ids=[two_items[1]],
                               include_originals=True, encrypt=False)
    finished: list[float] = []
    real = staging.StagingSink.item_data

    def item_data(self: Any, path: str, chunk: bytes) -> None:
        real(self, path, chunk)
        if not finished:
            worker = threading.Thread(target=lambda: (
                tag_item(org, mine, TagChanges(notes="tagged meanwhile")), finished.append(1)))
            worker.start()
            worker.join(timeout=10)  # under the old single transaction: blocked for 30 s
            assert finished, "a write had to wait for the whole bundle"

    monkeypatch.setattr(staging.StagingSink, "item_data", item_data)
    r = receive_into_vault(org, second.path)
    assert len(r.added) == 1 and finished
    assert get_item_tags(org, mine).notes == "tagged meanwhile"
    assert _pending(org) == 0 and org.verify_custody().ok


def test_a_receipt_broken_off_part_way_is_completed_by_receiving_again(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Items are received one transaction each: a failure on the second leaves the first whole
    (with its custody entry), no ledger entry and nothing staged; the same bundle again adds the
    second and records the bundle."""
    from app.handover import receive as handover

    b = export_from_vault(vault, tmp_path / "b.zip", encrypt=False)
    real = handover._receive_item
    calls: list[int] = []

    def fail_second(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise OSError("power cut")
        return real(*args)

    monkeypatch.setattr(handover, "_receive_item", fail_second)
    with pytest.raises(OSError, match="power cut"):
        receive_into_vault(org, b.path, trust_signer=vault.fingerprint())
    assert _count(org, "items") == 1 and _count(org, "bundle_ledger") == 0
    assert _pending(org) == 0 and org.verify_custody().ok
    monkeypatch.setattr(handover, "_receive_item", real)
    again = receive_into_vault(org, b.path)
    assert again.status == "received" and len(again.added) == 1 and len(again.duplicates) == 1
    assert _count(org, "items") == 2 and _count(org, "bundle_ledger") == 1
    assert org.verify_custody().ok


def _stage(tx: Any, key: str) -> None:
    """A file staged as a receipt stages it: a pending blob with one chunk."""
    cur = tx.execute("INSERT INTO blobs (item_id, role, media_type, size, sha256) "
                     "VALUES (NULL, 'original', NULL, 1, ?)", (key[:64],))
    tx.execute("INSERT INTO bundle_pending (path, blob_id) VALUES (?, ?)", (key, cur.lastrowid))
    tx.execute("INSERT INTO blob_chunks (blob_id, seq, data) VALUES (?, 0, x'00')",
               (cur.lastrowid,))


def test_a_receipt_clears_what_dead_receipts_staged_and_spares_running_ones(
        vault: Any, org: Any, two_items: list[int], tmp_path: Path) -> None:
    """Staged bytes of a receipt whose process is gone (and unregistered leftovers) are cleared
    by the next receipt; those of a receipt still running in another process are kept."""
    gone_pid = subprocess.Popen(["true"])  # a process id that has just ended
    gone_pid.wait()
    running = subprocess.Popen(["sleep", "30"])
    try:
        with org.write() as tx:
            for rid, pid in (("a" * 32, gone_pid.pid), ("b" * 32, running.pid)):
                tx.execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                           (f"receipt:{rid}", str(pid)))
                _stage(tx, f"{rid}/items/000001/sanitized.png")
            _stage(tx, "c" * 32 + "/items/000001/sanitized.png")  # never registered
            tx.execute("INSERT INTO bundle_staging (path, seq, data) VALUES (?, 0, x'00')",
                       ("d" * 32 + "/items/000001/sanitized.png",))  # staged before version 15
        b = export_from_vault(vault, tmp_path / "b.zip", encrypt=False)
        r = receive_into_vault(org, b.path, trust_signer=vault.fingerprint())
        assert len(r.added) == 2
        left = {row[0][:32] for row in org.read("SELECT path FROM bundle_pending")}
        assert left == {"b" * 32}  # only the running receipt's bytes
        assert _count(org, "bundle_staging") == 0
        assert org.read("SELECT COUNT(*) FROM blobs WHERE item_id IS NULL")[0][0] == 1
        assert org.read("SELECT COUNT(*) FROM blob_chunks c JOIN blobs b ON b.id = c.blob_id "
                        "WHERE b.item_id IS NULL")[0][0] == 1
        keys = {row[0] for row in org.read("SELECT key FROM meta WHERE key LIKE 'receipt:%'")}
        assert keys == {"receipt:" + "b" * 32}
    finally:
        running.kill()
        running.wait()
