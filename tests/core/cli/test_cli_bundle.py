# SPDX-License-Identifier: GPL-3.0-or-later
"""`bayyina-cli` bundle commands beyond the happy path (key, keygen-recipient, export, verify,
receive): option conflicts, bad item lists, unreadable or missing files, prompts for a bundle
passphrase, untrusted and mismatching signers, out-of-order and gapped sequences — exit codes,
JSON shapes, English and Arabic messages, and no bundle written or vault changed when refused."""

from __future__ import annotations

import hashlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.helpers import Cli, ar, msg, prompting

NOT_ENCRYPTED = "Warning: this bundle is not encrypted. Anyone who finds it can read it."


def spaced(fp: str) -> str:
    return " ".join(fp[i:i + 4] for i in range(0, len(fp), 4))


def _png(path: Path, color: tuple[int, int, int]) -> Path:
    buf = io.BytesIO()
    Image.new("RGB", (14, 10), color).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def vault_state(cli: Cli) -> tuple[Any, Any]:
    """The custody log (an export or a receipt always writes an entry) and the items."""
    return cli("log", "show", "--json").json(), cli("list", "--json").json()


@dataclass
class Pair:
    """A defender's vault ``a`` (two photos, one sealed text file) and an organisation's ``b``."""

    a: Cli
    b: Cli
    tmp: Path
    photo: int
    other_photo: int
    sealed: int
    fp: str


@pytest.fixture
def pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Pair:
    a = Cli(tmp_path, capsys, vault=tmp_path / "defender.bayyina")
    b = Cli(tmp_path, capsys, vault=tmp_path / "org.bayyina")
    assert a.init().code == 0 and b.init().code == 0
    txt = tmp_path / "chat.txt"
    txt.write_text("sealed", encoding="utf-8")
    lines = a("import", str(_png(tmp_path / "one.png", (200, 1, 1))),
              str(_png(tmp_path / "two.png", (1, 200, 1))), str(txt), "--json").json_lines()
    photo, other, sealed = (line["item_id"] for line in lines)
    fp = a("key", "show", "--json").json()["fingerprint"]
    return Pair(a, b, tmp_path, photo, other, sealed, fp)


# --- key and keygen-recipient -----------------------------------------------------------------


def test_key_export_and_keygen_json_shapes_and_refusals(pair: Pair) -> None:
    a, tmp = pair.a, pair.tmp
    shown = a("key")  # `key` alone is `key show`
    assert shown.code == 0 and shown.out.strip() == \
        f"Signing-key fingerprint: {spaced(pair.fp)}"
    pub = tmp / "a.pub"
    r = a("key", "export-public", "--out", str(pub), "--json")
    assert r.code == 0 and r.json() == {"path": str(pub), "fingerprint": pair.fp}
    r = a("key", "export-public", "--out", str(tmp / "a2.pub"))
    assert r.code == 0 and r.err.strip() == f"Public key written to {tmp / 'a2.pub'}."
    assert (tmp / "a2.pub").read_bytes() == pub.read_bytes()

    ident = tmp / "id.txt"
    r = a("keygen-recipient", "--out", str(ident), "--json")
    assert r.code == 0
    data = r.json()
    assert set(data) == {"identity_file", "recipient"} and data["identity_file"] == str(ident)
    assert data["recipient"].startswith("age1") and (ident.stat().st_mode & 0o077) == 0
    assert "AGE-SECRET-KEY-" in ident.read_text()
    before = ident.read_bytes()
    for lang in ("en", "ar"):
        r = a("keygen-recipient", "--out", str(ident), lang=lang)
        assert r.code == 2 and r.out == ""
        assert r.err.strip() == msg("bundle.exists", lang, path="id.txt")
    assert ident.read_bytes() == before
    nowhere = tmp / "no-such-dir" / "id.txt"
    r = a("keygen-recipient", "--out", str(nowhere))
    assert r.code == 2 and r.err.strip() == msg("handover.unwritable_file", path=str(nowhere))
    r = a("key", "export-public", "--out", str(nowhere), lang="ar")
    assert r.code == 2
    assert r.err.strip() == msg("handover.unwritable_file", "ar", path=str(nowhere))
    assert not nowhere.parent.exists()


# --- export -----------------------------------------------------------------------------------


def test_export_refuses_bad_options_and_writes_nothing(pair: Pair) -> None:
    a, tmp = pair.a, pair.tmp
    recipient = a("keygen-recipient", "--out", str(tmp / "id.txt"), "--json").json()["recipient"]
    before = vault_state(a)
    out = tmp / "refused.zip"
    missing = tmp / "absent.txt"
    binary = tmp / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00age1")
    huge = tmp / "huge.txt"
    huge.write_bytes(b"#" * (1024 * 1024 + 1))
    bad_list = tmp / "recipients.txt"
    bad_list.write_text("# partners\nage1notvalid\n", encoding="utf-8")
    cases: list[tuple[tuple[str, ...], int, str | None, dict[str, Any]]] = [
        (("--no-encryption", "--recipient", recipient), 2,
         "bundle.recipient_without_encryption", {}),
        (("--no-encryption", "--passphrase-protect"), 2,
         "bundle.recipient_without_encryption", {}),
        (("--recipient", recipient, "--passphrase-protect"), 2,
         "bundle.recipient_and_passphrase", {}),
        ((), 2, "bundle.no_recipient", {}),
        (("--no-encryption", "--items", "1,abc"), 2, "handover.bad_items", {"value": "abc"}),
        (("--no-encryption", "--items", ","), 2, "handover.bad_items", {"value": ","}),
        (("--no-encryption", "--items", "-1"), 2, "handover.bad_items", {"value": "-1"}),
        (("--recipients-file", str(missing)), 2, "handover.unreadable_file",
         {"path": str(missing)}),
        (("--recipients-file", str(binary)), 2, "handover.unreadable_file",
         {"path": str(binary)}),
        (("--recipients-file", str(huge)), 2, "handover.unreadable_file", {"path": str(huge)}),
        (("--recipients-file", str(bad_list)), 2, "bundle.bad_recipient",
         {"recipient": "age1notvalid"}),
        (("--passphrase-protect",), 2, "handover.bundle_passphrase_needed", {}),
        (("--no-encryption", "--case", "ghost"), 1, "cases.case_not_found", {"case": "ghost"}),
        (("--no-encryption", "--items", "999"), 1, "item.not_found", {"item": 999}),
        (("--no-encryption", "--items", str(pair.sealed)), 2, "handover.nothing_to_export", {}),
        (("--no-encryption", "--items", "1", "--case", "x"), 2, None, {}),
        (("--recipient", recipient, "--report", "fr"), 2, None, {}),
    ]
    for args, code, err_code, params in cases:
        for lang in ("en", "ar"):
            r = a("export", "--out", str(out), *args, lang=lang)
            assert r.code == code, (args, lang, r.err)
            assert r.out == "" and "Traceback" not in r.err
            if err_code is not None:
                assert r.err.strip().splitlines()[-1] == msg(err_code, lang, **params), \
                    (args, lang)
            assert not out.exists()
            assert not list(tmp.glob("refused.zip*"))
    assert vault_state(a) == before


def test_export_json_shape_skips_sealed_items_and_never_overwrites(pair: Pair) -> None:
    a, tmp = pair.a, pair.tmp
    first = tmp / "first.zip"
    r = a("export", "--out", str(first), "--no-encryption", "--items",
          f"{pair.photo},{pair.sealed}", "--json")
    assert r.code == 0, r.err
    assert r.err.strip() == NOT_ENCRYPTED
    data = r.json()
    assert set(data) == {"path", "bundle_id", "seq", "sha256", "size", "encrypted",
                         "signer_fingerprint", "item_ids", "skipped", "originals_included",
                         "report", "report_unavailable", "readback", "read_from_drive",
                         "verified_files", "outbox"}
    assert data["path"] == str(first) and data["seq"] == 1 and data["encrypted"] is False
    assert data["item_ids"] == [pair.photo] and data["signer_fingerprint"] == pair.fp
    assert data["outbox"] is None  # queued only with --to
    assert data["skipped"] == [{"item_id": pair.sealed, "reason": "no_sanitized_copy"}]
    assert data["size"] == first.stat().st_size
    assert data["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    assert data["originals_included"] is False and data["report"] is None

    second = tmp / "second.zip"
    r = a("export", "--out", str(second), "--no-encryption", "--items",
          f"{pair.photo}, {pair.sealed},")
    assert r.code == 0, r.err
    err = r.err.strip().splitlines()
    assert err == [NOT_ENCRYPTED,
                   f"Item {pair.sealed} was not exported: it has no sanitised copy.",
                   f"Bundle written with 1 item: {second}"]
    out = r.out.splitlines()
    assert out[1] == "Sequence number: 2"
    assert out[2] == f"Signing-key fingerprint: {spaced(pair.fp)}"
    digest = hashlib.sha256(second.read_bytes()).hexdigest()
    assert out[3] == f"SHA-256 of the bundle file: {digest}"

    before, state = first.read_bytes(), vault_state(a)
    r = a("export", "--out", str(first), "--no-encryption", lang="ar")
    assert r.code == 2
    assert r.err.strip().splitlines() == [ar(NOT_ENCRYPTED),
                                          msg("bundle.exists", "ar", path="first.zip")]
    assert first.read_bytes() == before and vault_state(a) == state


def test_export_to_recipients_listed_in_a_file(pair: Pair) -> None:
    a, tmp = pair.a, pair.tmp
    ident = tmp / "org-id.txt"
    recipient = a("keygen-recipient", "--out", str(ident), "--json").json()["recipient"]
    listed = tmp / "recipients.txt"
    listed.write_text(f"# our partner organisation\n\n  {recipient}  \n", encoding="utf-8")
    bundle = tmp / "listed.zip.age"
    r = a("export", "--out", str(bundle), "--recipients-file", str(listed), "--json")
    assert r.code == 0, r.err
    assert r.json()["encrypted"] is True and r.err == ""
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n-> X25519 ")
    r = a("verify", str(bundle), "--identity", str(ident), "--signer", pair.fp, "--json")
    assert r.code == 0 and r.json()["signer_trusted"] is True
    assert r.json()["item_count"] == 2


def test_export_into_a_missing_folder_is_one_clear_sentence(pair: Pair) -> None:
    target = pair.tmp / "no-such-dir" / "b.zip"
    r = pair.a("export", "--out", str(target), "--no-encryption")
    assert r.err.strip().splitlines()[-1] == msg("handover.unwritable_file", path=str(target))
    assert r.code == 2


def test_bundle_passphrase_prompt_or_refusal_without_a_terminal(
        pair: Pair, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, tmp = pair.a, pair.b, pair.tmp
    bundle = tmp / "p.zip.age"
    state = vault_state(a)
    prompts = prompting(monkeypatch, ["bundle words one", "bundle words two"])
    r = a("export", "--out", str(bundle), "--passphrase-protect", lang="ar")
    assert r.code == 1 and r.err.strip() == msg("vault.passphrase_mismatch", "ar")
    assert prompts == [ar("Bundle passphrase: "), ar("Repeat the bundle passphrase: ")]
    assert prompts[0] != "Bundle passphrase: "
    assert not bundle.exists() and vault_state(a) == state

    prompting(monkeypatch, ["bundle words one", "bundle words one"])
    r = a("export", "--out", str(bundle), "--passphrase-protect")
    assert r.code == 0, r.err
    assert bundle.read_bytes().startswith(b"age-encryption.org/v1\n-> scrypt ")
    # verify asks for the bundle passphrase when the bundle needs one
    prompts = prompting(monkeypatch, ["bundle words one"])
    r = b("verify", str(bundle), "--json")
    assert r.code == 0 and r.json()["encrypted"] is True and r.json()["item_count"] == 2
    assert prompts == ["Bundle passphrase: "]
    prompting(monkeypatch, ["not the words"])
    r = b("verify", str(bundle))
    assert r.code == 4 and r.err.strip() == msg("bundle.wrong_passphrase")

    # without a terminal, and without --bundle-passphrase-file, it is a usage error
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    state = vault_state(b)
    for lang in ("en", "ar"):
        r = b("verify", str(bundle), lang=lang)
        assert r.code == 2 and r.err.strip() == msg("handover.bundle_passphrase_needed", lang)
        r = b("receive", str(bundle), "--trust-signer", pair.fp, lang=lang)
        assert r.code == 2 and r.err.strip() == msg("handover.bundle_passphrase_needed", lang)
    assert vault_state(b) == state


# --- verify -----------------------------------------------------------------------------------


def test_verify_human_output_warns_about_an_unchecked_signer(pair: Pair) -> None:
    a, tmp = pair.a, pair.tmp
    bundle = tmp / "b.zip"
    made = a("export", "--out", str(bundle), "--no-encryption", "--json").json()
    r = a("verify", str(bundle))
    assert r.code == 0
    assert r.err.strip().splitlines() == [
        "The bundle is intact and correctly signed.",
        "The signer was not checked against a key you trust: compare this fingerprint with the "
        "sender's, out of band, or use --signer."]
    out = r.out.splitlines()
    assert out[:4] == [f"Signing-key fingerprint: {spaced(pair.fp)}",
                       f"Bundle ID: {made['bundle_id']}", "Sequence number: 1", "2 items"]
    assert out[4].startswith("Created (as claimed by the sending device): ")
    r = a("verify", str(bundle), "--signer", spaced(pair.fp), lang="ar")
    assert r.code == 0
    assert r.err.strip() == ar("The bundle is intact and correctly signed.")
    assert "The bundle is intact" not in r.err


def test_verify_refuses_bad_signers_identities_and_non_bundles(pair: Pair) -> None:
    a, b, tmp = pair.a, pair.b, pair.tmp
    bundle = tmp / "b.zip"
    assert a("export", "--out", str(bundle), "--no-encryption").code == 0
    empty = tmp / "trusted.txt"
    empty.write_text("# nobody yet\n\nuntrusted comment: nothing\n", encoding="utf-8")
    missing = tmp / "absent.txt"
    other_fp = b("key", "show", "--json").json()["fingerprint"]
    only_other = tmp / "only-other.txt"
    only_other.write_text(other_fp + "\n", encoding="utf-8")
    text = tmp / "notes.txt"
    text.write_text("just some notes", encoding="utf-8")
    checks: list[tuple[tuple[str, ...], int, str, dict[str, Any]]] = [
        ((str(bundle), "--trusted-signers", str(empty)), 2, "bundle.bad_signer_key", {}),
        ((str(bundle), "--trusted-signers", str(missing)), 2, "handover.unreadable_file",
         {"path": str(missing)}),
        ((str(bundle), "--signer", "not a key"), 2, "bundle.bad_signer_key", {}),
        ((str(bundle), "--identity", str(missing)), 2, "handover.unreadable_file",
         {"path": str(missing)}),
        ((str(bundle), "--trusted-signers", str(only_other)), 4, "bundle.untrusted_signer",
         {"fingerprint": spaced(pair.fp)}),
        ((str(text),), 4, "bundle.not_a_zip", {}),
    ]
    for args, code, err_code, params in checks:
        for lang in ("en", "ar"):
            r = a("verify", *args, lang=lang)
            assert r.code == code, (args, lang, r.err)
            assert r.out == "" and "Traceback" not in r.err
            if err_code == "bundle.untrusted_signer":
                assert pair.fp[:4] in r.err.replace(" ", "").replace("\u2068", "")
            else:
                assert r.err.strip() == msg(err_code, lang, **params), (args, lang)
    r = a("verify", str(bundle), "--signer", pair.fp, "--trusted-signers", str(only_other))
    assert r.code == 2 and "not allowed with" in r.err


def test_verify_an_encrypted_bundle_needs_the_right_identity(pair: Pair) -> None:
    a, tmp = pair.a, pair.tmp
    right = a("keygen-recipient", "--out", str(tmp / "right.txt"), "--json").json()["recipient"]
    assert a("keygen-recipient", "--out", str(tmp / "wrong.txt")).code == 0
    bundle = tmp / "b.zip.age"
    assert a("export", "--out", str(bundle), "--recipient", right).code == 0
    r = a("verify", str(bundle))
    assert r.code == 2 and r.err.strip() == msg("bundle.identity_required")
    r = a("verify", str(bundle), "--identity", str(tmp / "wrong.txt"), lang="ar")
    assert r.code == 4 and r.err.strip() == msg("bundle.wrong_identity", "ar")
    garbage = tmp / "garbage.txt"
    garbage.write_text("AGE-SECRET-KEY-NOPE\n", encoding="utf-8")
    r = a("verify", str(bundle), "--identity", str(garbage))
    assert r.code == 2 and r.err.strip() == msg("bundle.bad_identity")
    assert a("verify", str(bundle), "--identity", str(tmp / "right.txt")).code == 0


def test_verify_and_receive_of_a_missing_bundle_name_the_file(pair: Pair) -> None:
    missing = pair.tmp / "never-sent.zip"
    state = vault_state(pair.b)
    for cmd in (("verify", str(missing)), ("receive", str(missing))):
        r = pair.b(*cmd)
        assert r.code in (1, 2) and "Traceback" not in r.err
        assert r.err.strip() != msg("cli.internal")
        assert str(missing) in r.err or missing.name in r.err
    assert vault_state(pair.b) == state


# --- receive ----------------------------------------------------------------------------------


def test_receive_trust_gap_out_of_order_and_duplicates(pair: Pair) -> None:
    a, b, tmp = pair.a, pair.b, pair.tmp
    first, second, third = (tmp / f"b{n}.zip" for n in (1, 2, 3))
    assert a("export", "--out", str(first), "--no-encryption", "--items",
             str(pair.photo)).code == 0
    assert a("export", "--out", str(second), "--no-encryption", "--items",
             str(pair.photo)).code == 0
    assert a("export", "--out", str(third), "--no-encryption", "--items",
             f"{pair.photo},{pair.other_photo}").code == 0
    empty = vault_state(b)

    wrong_fp = "ab" * 32
    r = b("receive", str(first), "--trust-signer", wrong_fp)
    assert r.code == 4
    assert r.err.strip() == msg("handover.trust_signer_mismatch", fingerprint=spaced(pair.fp),
                                given=spaced(wrong_fp))
    r = b("receive", str(first), lang="ar")
    assert r.code == 4
    assert r.err.strip() == msg("handover.first_contact", "ar", fingerprint=spaced(pair.fp))
    assert vault_state(b) == empty

    r = b("receive", str(first), "--trust-signer", spaced(pair.fp))
    assert r.code == 0, r.err
    bundle_id = a("verify", str(first), "--json").json()["bundle_id"]
    assert r.err.strip().splitlines() == [
        f"Signer {spaced(pair.fp)} is now trusted for this vault.",
        f"Received 1 new item from bundle {bundle_id} (sequence 1)."]

    r = b("receive", str(third))  # sequence 2 never arrived here
    assert r.code == 0, r.err
    lines = r.err.strip().splitlines()
    assert lines[0] == "Note: bundle 2 of this sender never arrived here."
    assert lines[1].startswith("Received 1 new item from bundle ")
    assert lines[2] == "1 item was already in the vault."
    after_third = vault_state(b)

    r = b("receive", str(second))
    assert r.code == 4
    assert r.err.strip() == msg("handover.out_of_order", seq=2, last=3)
    r = b("receive", str(second), lang="ar")
    assert r.code == 4 and r.err.strip() == msg("handover.out_of_order", "ar", seq=2, last=3)
    assert vault_state(b) == after_third

    r = b("receive", str(second), "--accept-out-of-order", "--json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["status"] == "received" and data["out_of_order"] is True
    assert data["added"] == [] and len(data["duplicates"]) == 1 and data["seq"] == 2
    assert data["newly_trusted"] is False and data["signer_fingerprint"] == pair.fp
    r = b("receive", str(second), "--accept-out-of-order")
    assert r.code == 0 and r.err.strip().startswith("Already received: bundle ")
    assert b("info", "--json").json()["items"] == 2
    assert b("log", "verify").code == 0


def test_receive_out_of_order_human_warning(pair: Pair) -> None:
    a, b, tmp = pair.a, pair.b, pair.tmp
    first, second = tmp / "b1.zip", tmp / "b2.zip"
    assert a("export", "--out", str(first), "--no-encryption", "--items",
             str(pair.photo)).code == 0
    assert a("export", "--out", str(second), "--no-encryption", "--items",
             str(pair.other_photo)).code == 0
    assert b("receive", str(second), "--trust-signer", pair.fp).code == 0
    r = b("receive", str(first), "--accept-out-of-order", lang="ar")
    assert r.code == 0, r.err
    warning = "Warning: this bundle was accepted out of order."
    assert r.err.strip().splitlines()[0] == ar(warning) != warning
    r = b("receive", str(first), "--accept-out-of-order")
    assert r.code == 0 and "Already received" in r.err
    assert b("info", "--json").json()["items"] == 2
