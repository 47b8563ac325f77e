# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench search — full-text search, filters and listing over 100,000 generated items.

Rows are inserted directly (no blobs), in one transaction, in a vault with the cheap test KDF;
the search index is filled with the same normaliser the application uses. Prints p50/p95 for text
search, filters, their combination (each also with the count the list shows), and listing the
first 200 items sorted by each date.
Targets: p95 under 10 ms for every kind, with count and filters (issue 19; issue 4: 50 ms);
listing under 30 ms. Printed, not asserted. The CPU columns are this thread's CPU time: what a
query costs even on a machine busy with other work (the wall clock then includes waiting).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import cases
from app.cases import ItemQuery
from app.cases.textnorm import document, handle_norm
from app.vault import KdfParams, Vault, create_vault

N_ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
RUNS = 30
AR_WORDS = ["صورة", "مُفبرَكة", "نشرها", "الحساب", "عن", "إسراء", "في", "المنشور", "تهديد", "مباشر",
            "للعائلة", "والأطفال", "عنوان", "المنزل", "منشور", "على", "الملأ", "تشهير", "وأكاذيب",
            "خائنة", "عميلة", "يجب", "أن", "تصمت", "وإلا", "ستندم", "فيديو", "مُعدَّل", "بالذكاء",
            "الاصطناعي", "حملة", "منسّقة", "من", "حسابات", "وهمية", "تحريض", "ضد", "المدافعة",
            "ليلى", "ونور", "وسارة", "شتائم", "جنسية", "رسالة", "خاصة", "لقطة", "شاشة", "تعليق",
            "تحت", "المقال", "نشر", "رقم", "الهاتف", "مكان", "العمل", "اتهام", "بازدراء", "الأديان",
            "انتحال", "شخصية", "صفحة", "مزيفة", "تطلب", "المال"]
EN_WORDS = ["fabricated", "photo", "posted", "by", "the", "account", "about", "her", "threat",
            "family", "address", "published", "coordinated", "campaign", "fake", "accounts",
            "deepfake", "video", "slurs", "doxing", "phone", "number", "workplace", "defamation",
            "lies", "traitor", "must", "stop", "writing", "or", "regret", "it", "comment", "under",
            "article", "private", "message", "screenshot", "impersonation", "page", "asking", "for",
            "money"]


def _note(rng: random.Random) -> str:
    words = AR_WORDS if rng.random() < 0.6 else EN_WORDS
    return " ".join(rng.choice(words) for _ in range(rng.randint(8, 24)))


def fill(vault: Vault, n: int, rng: random.Random) -> None:
    conn = vault.conn
    conn.execute("BEGIN IMMEDIATE")
    n_cases, n_accounts, n_perps = 20, 2000, 150
    for c in range(n_cases):
        conn.execute("INSERT INTO cases (uuid, title, created_at) VALUES (?, ?, ?)",
                     (str(uuid.uuid4()), f"حملة رقم {c} campaign {c}", "2026-01-01T00:00:00Z"))
    for p in range(n_perps):
        conn.execute("INSERT INTO perpetrators (uuid, label, created_at) VALUES (?, ?, ?)",
                     (str(uuid.uuid4()), f"Network {p}", "2026-01-01T00:00:00Z"))
    accounts = []
    for a in range(n_accounts):
        platform = cases.PLATFORMS[a % 9]
        handle = f"acct_{a}_{rng.choice(['haqiqa', 'voice', 'truth', 'watch'])}"
        display = rng.choice(["عين الحقيقة", "صوت الوطن", "Patriot", "Mirror", "الناقد"])
        conn.execute("INSERT INTO accounts (uuid, platform, handle, handle_norm, display_name, "
                     "perpetrator_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (str(uuid.uuid4()), platform, handle, handle_norm(handle), display,
                      rng.randint(1, n_perps) if rng.random() < 0.5 else None,
                      "2026-01-01T00:00:00Z"))
        accounts.append((platform, handle, display))
    cat_ids = [r[0] for r in conn.execute("SELECT id FROM categories")]
    base = 1_767_225_600  # 2026-01-01
    items, fts, links, cats, incase, reports = [], [], [], [], [], []
    for i in range(1, n + 1):
        acct = rng.randrange(n_accounts)
        platform, handle, display = accounts[acct]
        posted = base + rng.randint(0, 180 * 86400)
        imported = posted + rng.randint(3600, 20 * 86400)
        ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(posted))
        seen = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(posted + 7200))
        imp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(imported))
        note = _note(rng)
        url = f"https://{platform}.example/{handle}/{i}"
        sens = int(rng.random() < 0.05)
        items.append((i, str(uuid.uuid4()), f"{i:064x}", "image/png", f"shot-{i}.png", imp,
                      platform, url, ts, "+03:00", seen, note, sens))
        case = rng.randrange(1, n_cases + 1) if rng.random() < 0.7 else None
        fts.append((i, document(note, url, handle, display,
                                f"حملة رقم {case - 1} campaign {case - 1}" if case else None)))
        links.append((i, acct + 1))
        cats.append((i, rng.choice(cat_ids)))
        if case:
            incase.append((i, case))
        if rng.random() < 0.1:
            reported = posted + 86400
            status = rng.choice(cases.REPORT_STATUSES)
            answered = None if status in ("pending", "no-answer") else time.strftime(
                "%Y-%m-%dT%H:%M:%SZ", time.gmtime(reported + rng.randint(1, 30) * 86400))
            reports.append((str(uuid.uuid4()), i, platform,
                            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(reported)), status,
                            answered, "2026-01-01T00:00:00Z"))
    conn.executemany(
        "INSERT INTO items (id, uuid, sha256, size, media_type, kind, original_name, import_method,"
        " imported_at, imported_utc_offset, platform, url, posted_at, posted_tz, seen_at, notes, "
        "sensitive_graphic) VALUES (?, ?, ?, 1000, ?, 'image', ?, 'file', ?, 180, ?, ?, ?, ?, ?, "
        "?, ?)", items)
    conn.executemany("INSERT INTO item_fts (rowid, body) VALUES (?, ?)", fts)
    conn.executemany("INSERT INTO item_accounts (item_id, account_id) VALUES (?, ?)", links)
    conn.executemany("INSERT INTO item_categories (item_id, category_id) VALUES (?, ?)", cats)
    conn.executemany("INSERT INTO item_cases (item_id, case_id) VALUES (?, ?)", incase)
    conn.executemany("INSERT INTO platform_reports (uuid, item_id, platform, reported_at, status, "
                     "answered_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", reports)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("INSERT INTO item_fts(item_fts) VALUES ('optimize')")


def measure(vault: Vault, queries: list[ItemQuery],
            with_count: bool = False) -> tuple[float, float, float, float, int]:
    """p50 and p95 of the wall clock, then of this thread's CPU time (what the query costs,
    whatever else the machine runs meanwhile), and the most rows one query gave."""
    times, cpu = [], []
    hits = 0
    for _ in range(RUNS):
        for q in queries:
            t0, c0 = time.perf_counter(), time.thread_time()
            rows = cases.list_items(vault, q)
            if with_count:
                cases.count_items(vault, q)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
            hits = max(hits, len(rows))
    times.sort()
    cpu.sort()
    p95 = int(len(times) * 0.95) - 1
    return statistics.median(times), times[p95], statistics.median(cpu), cpu[p95], hits


def main() -> None:
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        vault = create_vault(Path(tmp) / "bench.bayyina", "bench", KdfParams.testing())
        t0 = time.perf_counter()
        fill(vault, N_ITEMS, rng)
        print(f"filled {N_ITEMS:,} items in {time.perf_counter() - t0:.1f} s")
        case = cases.get_case(vault, "حملة رقم 3 campaign 3").id
        acct = cases.AccountId(42)
        perp = cases.PerpetratorId(7)
        texts = ["اسراء", "مفبركه", "threat", "@ACCT_42_haqiqa", "صورة مفبركه", "deepfake video",
                 "عين الحقيقه", "campaign 3"]
        filters = [ItemQuery(platforms=("x",)), ItemQuery(case_ids=(case,)),
                   ItemQuery(categories=("doxing",)), ItemQuery(account_ids=(acct,)),
                   ItemQuery(perpetrator_ids=(perp,)), ItemQuery(report_status=("removed",)),
                   ItemQuery(sensitive=("graphic",)),
                   ItemQuery(posted_from="2026-03-01", posted_to="2026-03-07", sort="posted")]
        combined = [
            ItemQuery(text="مفبركه", platforms=("x", "facebook"), case_ids=(case,)),
            ItemQuery(text="threat", categories=("doxing", "death-threat"),
                      posted_from="2026-02-01", posted_to="2026-04-30", sort="posted"),
            ItemQuery(text="اسراء", report_status=("none",), hide_sensitive=True),
            ItemQuery(text="صورة", perpetrator_ids=(perp,), sort="seen")]
        groups = {
            "text search (page of 200)": [ItemQuery(text=t) for t in texts],
            "text search + count": ([ItemQuery(text=t) for t in texts], True),
            "filters": filters,
            "filters + count": (filters, True),
            "search + filters": combined,
            "search + filters + count": (combined, True),
            "list first 200 by imported": [ItemQuery(sort="imported")],
            "list first 200 by posted": [ItemQuery(sort="posted")],
            "list first 200 by seen (oldest first)": [ItemQuery(sort="seen", descending=False)],
            "list page 50 (offset 10,000) by posted": [ItemQuery(sort="posted", offset=10_000)],
        }
        print(f"{'query':<42} {'p50 ms':>8} {'p95 ms':>8} {'cpu p50':>8} {'cpu p95':>8} "
              f"{'rows':>6}")
        for name, spec in groups.items():
            queries, count = spec if isinstance(spec, tuple) else (spec, False)
            p50, p95, c50, c95, hits = measure(vault, queries, count)
            print(f"{name:<42} {p50:>8.1f} {p95:>8.1f} {c50:>8.1f} {c95:>8.1f} {hits:>6}")
        vault.lock()


if __name__ == "__main__":
    main()
