# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench chats — a WhatsApp-like export of 100,000 messages with 2,000 media files (issue 14).

Generates the export (Android ``.txt`` lines in Arabic and English, one medium every 50 messages,
small distinct PNGs in a DEFLATE zip), imports it through the one pipeline into a fresh vault with
the cheap test KDF, then times search within the chat (random words, p50/p95 over 200 queries)
and reads peak RSS. Baseline, same run: the same 2,000 pictures imported as a folder (the
pipeline's own cost for the media), so the chat's own cost is the difference.
Targets: search p95 < 20 ms, peak RSS < 400 MB. Printed, not asserted.

The parsers live in ``app.chats.detect/whatsapp`` (another branch); until they are merged the
bench uses the small stand-in parser of the tests (``tests/core/chats/fixture.py``).
Usage: ``bench/chats.py [MESSAGES] [MEDIA]``.
"""

from __future__ import annotations

import io
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from app.chats import entry, query
from app.ingest import import_paths
from app.vault import KdfParams, create_vault

N_MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
N_MEDIA = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
WORDS = ["سأنشر", "عنوان", "بيتك", "خائنة", "الإساءة", "مستمرة", "صورة", "تهديد", "للعائلة",
         "اجتماع", "المكتب", "رقم", "الهاتف", "meeting", "office", "address", "traitor", "photo",
         "tomorrow", "family", "police", "campaign", "fake", "account", "صباح", "الخير"]
AUTHORS = ["Mona", "Abu Fulan", "+962 7 9999 1234", "ليلى", "Sara", "أم أحمد", "+20 100 555 0101"]


def _png(i: int) -> bytes:
    img = Image.new("RGB", (32, 24), (i % 256, (i // 256) % 256, 77))
    img.putpixel((i % 32, 0), (255 - i % 256, 3, 9))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def generate(folder: Path) -> tuple[Path, Path]:
    from tests.core.chats import fixture

    rng = random.Random(14)
    media: dict[str, bytes] = {}
    lines = []
    every = max(1, N_MESSAGES // max(1, N_MEDIA))
    for i in range(N_MESSAGES):
        minute = i
        when = f"{1 + (minute // 1440) % 28:02d}/{1 + (minute // 40320) % 12:02d}/2024 " \
               f"{(minute // 60) % 24:02d}:{minute % 60:02d}"
        author = AUTHORS[rng.randrange(len(AUTHORS))]
        if i % every == 0 and len(media) < N_MEDIA:
            name = f"IMG-2024-WA{len(media):05d}.png"
            media[name] = _png(len(media))
            lines.append((when, author, f"{name} (file attached)"))
        else:
            lines.append((when, author, " ".join(rng.choice(WORDS) for _ in range(8))))
    txt = fixture.whatsapp_txt(lines)
    export = folder / "WhatsApp Chat with Bench.zip"
    export.write_bytes(fixture.whatsapp_zip("Bench", txt, media))
    pictures = folder / "pictures"
    pictures.mkdir()
    for name, blob in media.items():
        (pictures / name).write_bytes(blob)
    return export, pictures


def main() -> None:
    try:
        import app.chats.detect  # noqa: F401 — the real parsers, once merged
    except ImportError:
        from tests.core.chats import fixture

        entry.PARSERS.update({"detect": fixture.detect, "whatsapp": fixture.parse})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        export, pictures = generate(folder)
        print(f"generated {N_MESSAGES} messages, {N_MEDIA} media: "
              f"{export.stat().st_size / 1e6:.1f} MB zip in {time.perf_counter() - started:.1f} s")
        base = create_vault(folder / "base.bayyina", "bench passphrase", KdfParams.testing())
        started = time.perf_counter()
        import_paths(base, [pictures])
        baseline = time.perf_counter() - started
        base.lock()
        vault = create_vault(folder / "chat.bayyina", "bench passphrase", KdfParams.testing())
        started = time.perf_counter()
        summary = import_paths(vault, [export], chat_offset="+03:00")
        took = time.perf_counter() - started
        chat = next(o for o in summary.outcomes if o.kind == "chat")
        print(f"baseline: {N_MEDIA} pictures as a folder: {baseline:.1f} s")
        print(f"chat import: {took:.1f} s ({chat.messages} messages, "
              f"{len(summary.outcomes) - 1} media items) — {took - baseline:.1f} s above the "
              f"baseline, {took / max(baseline, 1e-9):.2f}x")
        rng = random.Random(7)
        times = []
        hits = 0
        for _ in range(200):
            words = " ".join(rng.sample(WORDS, rng.choice((1, 2))))
            t0 = time.perf_counter()
            found = query.search_messages(vault, words, item_id=chat.item_id, limit=50)
            times.append((time.perf_counter() - t0) * 1000)
            hits += len(found)
        times.sort()
        print(f"search within the chat (50 hits with neighbours): p50 "
              f"{statistics.median(times):.1f} ms, p95 {times[int(len(times) * 0.95) - 1]:.1f} "
              f"ms (target < 20 ms), {hits / 200:.0f} hits per query")
        t0 = time.perf_counter()
        query.list_messages(vault, chat.item_id, offset=N_MESSAGES // 2, limit=200)
        print(f"a page of 200 messages in the middle: {(time.perf_counter() - t0) * 1000:.1f} ms")
        vault.lock()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {own:.0f} MB (this process), {kids:.0f} MB (largest media worker); "
          f"target < 400 MB")


if __name__ == "__main__":
    main()
