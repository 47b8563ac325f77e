# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""``README-VERIFY.txt``: how a third party verifies a bundle with stock tools (English + Arabic).

The text is fixed per bundle (only the bundle id, sequence number and signer fingerprint vary), so
it is not routed through gettext: both languages are always present, side by side.
"""

from __future__ import annotations

_TEMPLATE = """\
Bayyina evidence bundle
=======================
bundle_id: {bundle_id}
seq:       {seq}
signer fingerprint (SHA-256 of the Ed25519 public key), as claimed by this bundle:
           {fingerprint}

HOW TO VERIFY WITH STANDARD TOOLS (age, unzip, minisign or openssl, sha256sum)
-------------------------------------------------------------------------------
Never trust signer.pub / signer.pem from inside the bundle: use the public key you enrolled
and compared out of band (fingerprint, QR code).

1. Decrypt (only if the file ends in .age):
     age -d -i org-identity.txt -o bundle.zip bundle.zip.age
2. Unpack into an empty folder:
     mkdir b && cd b && unzip -q ../bundle.zip
3. Check the signature with YOUR enrolled key (prints the trusted comment; compare bundle_id
   and seq with the cover letter):
     minisign -Vm SHA256SUMS -P <vault public key from your enrolment record>
   or with OpenSSL 3:
     openssl pkeyutl -verify -pubin -inkey <enrolled>.pem -rawin -in SHA256SUMS -sigfile \
SHA256SUMS.sig
4. Check every file:
     sha256sum -c --strict SHA256SUMS
5. sha256sum does not notice extra files. The file list must be exactly the SHA256SUMS entries
   plus README-VERIFY.txt, SHA256SUMS, SHA256SUMS.minisig, SHA256SUMS.sig, signer.pub, signer.pem:
     find . -type f | sed 's|^\\./||' | sort
6. Recordings (video, audio): the clean copy holds exactly the original's sound and pictures.
   For each kept stream, manifest.json names sanitized.streams[i].sha256; stock ffmpeg prints
   the same hashes, one line per stream, for the clean copy (and for the original, if included):
     {ffmpeg_check}
   PDFs: sanitized.pages.sha256 hashes every page's content and resources (Bayyina's own check).
On Windows: age.exe and minisign.exe, and Get-FileHash -Algorithm SHA256.
manifest.json describes the items; custody-log.jsonl is the hash-chained custody log.
created_at in the manifest is the sending device's clock: informational, not proof of time.

حزمة أدلة من «بيّنة»
====================
معرّف الحزمة (bundle_id) والرقم التسلسلي (seq) مذكوران أعلاه، وكذلك بصمة مفتاح التوقيع كما
تدّعيها هذه الحزمة.

كيف تتحقق منها بأدوات قياسية (age و unzip و minisign أو openssl و sha256sum)
---------------------------------------------------------------------------
لا تثق أبداً بالملفين signer.pub و signer.pem الموجودين داخل الحزمة: استخدم المفتاح العام الذي
سجّلته مسبقاً وقارنته عبر قناة مستقلة (البصمة أو رمز QR).

١. فك التشفير (فقط إذا كان اسم الملف ينتهي بـ ‎.age):
     age -d -i org-identity.txt -o bundle.zip bundle.zip.age
٢. فك الضغط في مجلد فارغ:
     mkdir b && cd b && unzip -q ../bundle.zip
٣. تحقّق من التوقيع بمفتاحك المسجَّل (يطبع التعليق الموثوق؛ قارن bundle_id و seq بالرسالة
   المرافقة):
     minisign -Vm SHA256SUMS -P <المفتاح العام للخزنة من سجل التسجيل>
   أو باستخدام OpenSSL 3:
     openssl pkeyutl -verify -pubin -inkey <enrolled>.pem -rawin -in SHA256SUMS -sigfile \
SHA256SUMS.sig
٤. تحقّق من كل ملف:
     sha256sum -c --strict SHA256SUMS
٥. الأداة sha256sum لا تلاحظ الملفات الزائدة. يجب أن تكون قائمة الملفات مطابقة تماماً لما في
   SHA256SUMS مضافاً إليها README-VERIFY.txt و SHA256SUMS و SHA256SUMS.minisig و SHA256SUMS.sig
   و signer.pub و signer.pem:
     find . -type f | sed 's|^\\./||' | sort
٦. التسجيلات (الفيديو والصوت): تحمل النسخة المنظّفة صوت الأصل وصوره كما هي تماماً. لكل مسار
   محفوظ يذكر manifest.json البصمة sanitized.streams[i].sha256، ويطبع ffmpeg القياسي البصمات
   نفسها، سطراً لكل مسار، للنسخة المنظّفة (وللأصل إن كان مرفقاً):
     {ffmpeg_check}
   ملفات PDF: البصمة sanitized.pages.sha256 تشمل محتوى كل صفحة ومواردها (فحص «بيّنة» نفسه).
على ويندوز: age.exe و minisign.exe والأمر Get-FileHash -Algorithm SHA256.
يصف الملف manifest.json العناصر، والملف custody-log.jsonl هو سجل سلسلة الحيازة المرتبط بالتجزئة.
الحقل created_at هو ساعة الجهاز المرسِل: للعلم فقط، وليس دليلاً على الوقت.
"""

#: Equal to :data:`app.media.avmedia.FFMPEG_CHECK` (tests/core/test_media_roundtrip.py checks it;
#: the bundle format imports no media code).
FFMPEG_CHECK = ("ffmpeg -hide_banner -loglevel error -i items/000001/sanitized.mp4 -map 0:V? "
                "-map 0:a? -c copy -copyinkf -f streamhash -hash sha256 -")


def readme_text(bundle_id: str, seq: int, fingerprint: str) -> bytes:
    """The README for one bundle, UTF-8."""
    return _TEMPLATE.format(bundle_id=bundle_id, seq=seq, fingerprint=fingerprint,
                            ffmpeg_check=FFMPEG_CHECK).encode("utf-8")
