# SPDX-License-Identifier: GPL-3.0-or-later
"""./dev bench chats — a WhatsApp export of 100,000 messages with 2,000 media files (issue 14).

Generates the export as WhatsApp for Android writes it in an Arabic locale (Arabic-Indic digits,
the right-to-left marks, Arabic and English text, one picture every 50 messages as
``IMG-…-WAnnnn.jpg (ملف مرفق)``; the pictures are small distinct PNGs in a DEFLATE zip), then:

* parses it with the real parser (:func:`app.chats.parse.parse_export`, after
  :func:`app.chats.detect.detect` recognises it by content);
* imports it through the one pipeline (:func:`app.ingest.import_paths`: the zip sealed, every
  picture imported, cleaned and proven as an item of its own, the messages stored and indexed)
  into a fresh vault with the cheap test KDF. Baseline, same run: the same pictures imported as a
  folder (the pipeline's own cost for the media), so the chat's own cost is the difference;
* times search within the chat (:func:`app.chats.query.search_messages`, Arabic-normalised, one
  or two words, 50 hits with their neighbours; p50/p95 over 200 queries);
* parses a Telegram Desktop HTML export of the same size (``messages*.html``, 1,000 messages a
  page); baseline, same run: the standard library's ``html.parser`` only tokenizing the same
  pages (what the parser used before cost at least that);
* reads the peak RSS of this process and of the largest media worker.

Targets: search p95 < 20 ms, peak RSS < 400 MB, Telegram HTML ≤ 5 s. Printed, not asserted.
Usage: ``bench/chats.py [MESSAGES] [MEDIA]`` (defaults 100000 2000).
"""

from __future__ import annotations

import io
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image

from bench._util import children_peak_rss_mb, peak_rss_mb
from tests.core.chats import gen

N_MESSAGES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
N_MEDIA = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
WORDS = ["سأنشر", "عنوان", "بيتك", "خائنة", "الإساءة", "مستمرة", "صورة", "تهديد", "للعائلة",
         "اجتماع", "المكتب", "رقم", "الهاتف", "meeting", "office", "address", "traitor", "photo",
         "tomorrow", "family", "police", "campaign", "fake", "account", "صباح", "الخير"]
AUTHORS = ["منى", "أبو فلان", "\u202a+962 7 9999 1234\u202c", "ليلى", "Sara", "أم أحمد",
           "\u202a+20 100 555 0101\u202c"]
QUERIES = ["سانشر", "عنوان بيتك", "خائنه", "الاساءة", "تهديد للعائلة", "meeting office",
           "traitor", "photo", "family police", "fake account", "صباح الخير", "رقم الهاتف"]


def _png(i: int) -> bytes:
    img = Image.new("RGB", (32, 24), (i % 256, (i // 256) % 256, 77))
    img.putpixel((i % 32, 0), (255 - i % 256, 3, 9))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def generate(folder: Path) -> tuple[Path, Path]:
    """The Android export (Arabic locale) as a zip, and its pictures as a folder (baseline)."""
    rng = random.Random(14)
    attached = gen.TEXT["ar"]["file_attached"]
    base = datetime(2024, 3, 1, 8, 0)
    every = max(1, N_MESSAGES // max(1, N_MEDIA))
    lines = []
    media: dict[str, bytes] = {}
    for i in range(N_MESSAGES):
        when = base + timedelta(seconds=53 * i)
        head = gen.whatsapp_header(when, locale="ar", platform="android", digits="arabic")
        author = AUTHORS[rng.randrange(len(AUTHORS))]
        if i % every == 0 and len(media) < N_MEDIA:
            name = f"IMG-{when:%Y%m%d}-WA{len(media):04d}.png"
            media[name] = _png(len(media))
            body = f"{name} ({attached})"
        else:
            body = " ".join(rng.choice(WORDS) for _ in range(8))
        lines.append(f"{head}{author}: {body}")
    export = folder / "WhatsApp Chat with حملة.zip"
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("WhatsApp Chat with حملة.txt", "\n".join(lines) + "\n")
        for name, blob in media.items():
            zf.writestr(name, blob)
    pictures = folder / "pictures"
    pictures.mkdir()
    for name, blob in media.items():
        (pictures / name).write_bytes(blob)
    return export, pictures


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def bench_telegram_html() -> None:
    from app.chats import telegram

    messages = gen.telegram_messages(N_MESSAGES, html_form=True)
    pages = gen.telegram_html(messages)
    texts = [p.decode("utf-8") for p in pages]

    class _Tokens(HTMLParser):  # the baseline: the stdlib tokenizer with handlers doing nothing
        pass

    t0, c0 = time.perf_counter(), time.process_time()
    for page in texts:
        parser = _Tokens(convert_charrefs=True)
        parser.feed(page)
        parser.close()
    floor, floor_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    export = telegram.parse_html(pages)
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert len(export.messages) == N_MESSAGES
    # CPU time too: on a shared machine the wall clock also counts the other processes' turns
    print(f"Telegram HTML, {N_MESSAGES} messages in {len(pages)} pages "
          f"({sum(map(len, pages)) / 1e6:.0f} MB): parsed in {took:.2f} s ({cpu:.2f} s CPU; "
          f"target ≤ 5 s); baseline html.parser tokenizing alone: {floor:.2f} s "
          f"({floor_cpu:.2f} s CPU), {floor_cpu / max(cpu, 1e-9):.1f}x")


def main() -> None:
    from app.chats import query
    from app.chats.detect import detect
    from app.chats.parse import parse_export
    from app.ingest import import_paths
    from app.vault import KdfParams, create_vault

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        export, pictures = generate(folder)
        print(f"generated {N_MESSAGES} messages, {N_MEDIA} media: "
              f"{export.stat().st_size / 1e6:.1f} MB zip in {time.perf_counter() - started:.1f} s")
        data = export.read_bytes()
        fmt = detect(export.name, data)
        t0 = time.perf_counter()
        parsed = parse_export(export.name, data, fmt)
        print(f"detected as {fmt}; parsed {len(parsed.messages)} messages "
              f"({sum(1 for m in parsed.messages for a in m.attachments if a.member)} media "
              f"linked) in {time.perf_counter() - t0:.2f} s")
        del data, parsed
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
        assert chat.item_id is not None and chat.messages == N_MESSAGES, chat
        print(f"baseline: {N_MEDIA} pictures as a folder: {baseline:.1f} s")
        print(f"chat import: {took:.1f} s ({chat.messages} messages, "
              f"{len(summary.outcomes) - 1} media items) — {took - baseline:.1f} s above the "
              f"baseline, {took / max(baseline, 1e-9):.2f}x")
        rng = random.Random(7)
        times = []
        hits = 0
        for i in range(200):
            words = QUERIES[i % len(QUERIES)] if i % 2 else " ".join(
                rng.sample(WORDS, rng.choice((1, 2))))
            t0 = time.perf_counter()
            found = query.search_messages(vault, words, item_id=chat.item_id, limit=50)
            times.append((time.perf_counter() - t0) * 1000)
            hits += len(found)
        print(f"search within the chat (up to 50 hits with neighbours): p50 "
              f"{statistics.median(times):.1f} ms, p95 {_p95(times):.1f} ms (target < 20 ms), "
              f"{hits / 200:.0f} hits per query")
        t0 = time.perf_counter()
        query.list_messages(vault, chat.item_id, offset=N_MESSAGES // 2, limit=200)
        print(f"a page of 200 messages in the middle: {(time.perf_counter() - t0) * 1000:.1f} ms")
        vault.lock()
    print(f"peak RSS: {peak_rss_mb():.0f} MB (this process), {children_peak_rss_mb():.0f} MB "
          "(largest media worker); target < 400 MB")
    bench_telegram_html()


if __name__ == "__main__":
    main()
