# SPDX-License-Identifier: GPL-3.0-or-later
"""Near-duplicates: the multi-index equals brute force, clusters of reposts with the accounts,
platforms and dates behind them, tags for a whole cluster."""

from __future__ import annotations

import io
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.cases import AccountRef, TagChanges, get_item_tags, similar, tag_item
from app.media import pdq
from app.media.pdq import PdqHash
from app.vault import Vault
from app.vault.custody import entries
from bench import _lens_synth as synth
from tests.core.cases.factory import make_item


def _flip(h: str, n: int, rng: random.Random) -> str:
    value = int(h, 16)
    for bit in rng.sample(range(256), n):
        value ^= 1 << bit
    return f"{value:064x}"


def _store(vault: Vault, hashes: list[str]) -> list[int]:
    ids = []
    for h in hashes:
        item = make_item(vault)
        with vault.write() as tx:
            similar.store_hashes_tx(tx.conn, item, [PdqHash("whole", h, 100)])
        ids.append(item)
    return ids


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), flips=st.lists(st.integers(0, 60), min_size=1, max_size=6),
       threshold=st.sampled_from([0, 8, 15, 16, 24, 31, 40]))
def test_multi_index_equals_brute_force(vault: Vault, seed: int, flips: list[int],
                                        threshold: int) -> None:
    rng = random.Random(seed)
    base = f"{rng.getrandbits(256):064x}"
    with vault.write() as tx:
        tx.execute("DELETE FROM item_pdq")
    _store(vault, [_flip(base, n, rng) for n in flips] + [f"{rng.getrandbits(256):064x}"])
    query = _flip(base, rng.randrange(0, 20), rng)
    assert similar.match(vault.conn, query, threshold) == \
        similar.brute_force_match(vault.conn, query, threshold)
    # clusters agree with the brute-force pairs too
    rows = vault.read("SELECT item_id, hash FROM item_pdq")
    want = {frozenset((a[0], b[0])) for a in rows for b in rows
            if a[0] < b[0] and pdq.distance(a[1], b[1]) <= threshold}
    members = similar.cluster_members(vault.conn, threshold)
    for pair in want:
        assert any(pair <= set(m) for m in members)


def test_multi_index_equals_brute_force_over_thousands_of_hashes(vault: Vault) -> None:
    """Many candidates per index key: families of near-duplicates (0–40 bits apart) among random
    hashes, queried at 0, 15 and 31 bits from random members and from fresh random hashes."""
    rng = random.Random(11)
    hashes: list[str] = []
    while len(hashes) < 2500:
        base = f"{rng.getrandbits(256):064x}"
        hashes += [_flip(base, rng.randrange(0, 41), rng) for _ in range(rng.randint(1, 12))]
    with vault.write() as tx:
        for n, h in enumerate(hashes):
            cur = tx.execute(
                "INSERT INTO items (uuid, sha256, size, media_type, kind, import_method, "
                "imported_at, imported_utc_offset) VALUES (?, ?, 1, 'image/png', 'image', "
                "'test', '2026-07-01T00:00:00Z', 0)", (f"u-{n}", f"{n:064x}"))
            similar.store_hashes_tx(tx.conn, int(cur.lastrowid or 0), [PdqHash("whole", h, 90)])
    queries = [_flip(rng.choice(hashes), rng.randrange(0, 32), rng) for _ in range(100)]
    queries += [f"{rng.getrandbits(256):064x}" for _ in range(20)]
    found = dict.fromkeys((0, 15, 31), 0)
    for threshold in found:
        for q in queries:
            got = similar.match(vault.conn, q, threshold)
            assert got == similar.brute_force_match(vault.conn, q, threshold), (q, threshold)
            found[threshold] += len(got)
    assert 0 < found[0] < found[15] < found[31]  # the queries do find neighbours


def test_close_pairs_bucketed_equals_brute_force_above_256_hashes() -> None:
    rng = random.Random(5)
    bases = [rng.getrandbits(256) for _ in range(40)]
    hashes = [f"{b ^ sum(1 << x for x in rng.sample(range(256), rng.randrange(40))):064x}"
              for b in bases for _ in range(8)]
    words = similar._as_words(hashes)
    got = {tuple(p) for p in similar._close_pairs(words, 31).tolist()}
    want = {(i, j) for i in range(len(hashes)) for j in range(i + 1, len(hashes))
            if pdq.distance(hashes[i], hashes[j]) <= 31}
    assert len(hashes) > 256 and want and got == want


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def test_a_repost_reencoded_resized_and_cropped_joins_its_source_cluster(vault: Vault) -> None:
    src = synth.photo(11)
    repost = synth.crop(synth.resize(synth.reencode(src, 70), 0.6), 0.01, seed=2)
    shot = synth.in_screenshot(src, "x", dark=True, seed=4)
    other = synth.photo(12)
    ids = {}
    for name, im in (("src", src), ("repost", repost), ("shot", shot), ("other", other)):
        ids[name] = make_item(vault)
        with vault.write() as tx:
            similar.hash_item_tx(tx.conn, ids[name], im)
    tag_item(vault, ids["src"], TagChanges(platform="facebook", posted_at="2026-07-04T10:00Z",
                                           add_accounts=(AccountRef.parse("facebook:hala"),)))
    tag_item(vault, ids["repost"], TagChanges(platform="x", posted_at="2026-07-18T09:00Z",
                                              add_accounts=(AccountRef.parse("x:@a1"),
                                                            AccountRef.parse("x:@a2"))))
    found = similar.clusters(vault)
    assert len(found) == 1
    c = found[0]
    assert c.members == tuple(sorted((ids["src"], ids["repost"], ids["shot"])))
    assert c.accounts == ("facebook:hala", "x:a1", "x:a2")
    assert c.platforms == ("facebook", "x")
    assert c.first == "2026-07-04T10:00:00Z"
    assert similar.cluster_of(vault, ids["other"]) is None
    near = {s.item_id: s for s in similar.similar_items(vault, ids["src"])}
    assert set(near) == {ids["repost"], ids["shot"]}
    assert near[ids["shot"]].kind == "inner"
    # a stricter threshold splits what a looser one joins
    assert similar.clusters(vault, threshold=0) == []


def test_tagging_a_cluster_tags_every_member_with_its_custody_entry(vault: Vault) -> None:
    rng = random.Random(3)
    base = f"{rng.getrandbits(256):064x}"
    ids = _store(vault, [base, _flip(base, 10, rng), _flip(base, 20, rng)])
    (members,) = similar.cluster_members(vault.conn)
    assert similar.tag_cluster(vault, members, TagChanges(add_tags=("حملة",))) == 3
    for item in ids:
        assert get_item_tags(vault, item).tags == ("حملة",)
    tags = [e for e in entries(vault.conn) if e["action"] == "item.tag"]
    assert len(tags) == 3 and all(e["details"]["tags_added"] == ["حملة"] for e in tags)


def test_hashes_are_derived_data_without_custody_entries(vault: Vault) -> None:
    item = make_item(vault)
    before = len(entries(vault.conn))
    with vault.write() as tx:
        similar.hash_item_tx(tx.conn, item, synth.photo(1))
    assert len(entries(vault.conn)) == before
    assert [h.kind for h in similar.item_hashes(vault.conn, item)] == ["whole"]
    assert vault.read("SELECT count(*) FROM pdq_chunks")[0][0] == 16
