# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""PDFs: limits, metadata, a clean copy with pikepdf (qpdf) in memory, and its proof.

Responsibility: turn the bytes of one untrusted PDF into a :class:`ProcessedDocument`. Nothing is
written to disk (``io.BytesIO`` in and out); run it in a worker of :mod:`app.media.pool`.

**Clean copy.** Removed: the trailer's ``/Info`` and ``/ID`` (a fixed ID is written,
``static_id``), every ``/Metadata`` stream (document, pages, XObjects, fonts) and ``/PieceInfo``,
the document's ``/OpenAction`` and every ``/AA`` (additional actions: document, pages,
annotations, form fields), JavaScript (the ``/Names`` ``/JavaScript`` tree and every action whose
``/S`` is JavaScript, Launch, SubmitForm, ImportData, Rendition, RichMediaExecute, GoToE), embedded
files (the ``/EmbeddedFiles`` tree and every file specification's ``/EF``/``/RF``; a
``FileAttachment`` annotation keeps its icon, not the file), ``Sound``, ``Movie``, ``RichMedia``
and ``Screen`` annotations, the author, name and dates of markup annotations (``/T``, ``/NM``,
``/M``, ``/CreationDate``; a form widget's ``/T`` is its field name and stays), XFA forms, and
earlier revisions (qpdf rewrites the whole file). Kept: the pages' content, resources, boxes and
rotation, annotations' appearances, links (``/URI``, ``/GoTo``), outlines, the AcroForm fields
without scripts.

**Proof.** A SHA-256 over every page, in order: its decoded content stream bytes, its
``MediaBox``/``CropBox``/``Rotate``/``UserUnit`` and a canonical serialisation of its resources
(dictionary keys sorted, indirect objects numbered in visiting order — so renumbering is not a
difference — and each stream as its dictionary plus the SHA-256 of its raw data; ``/Metadata`` and
``/PieceInfo`` keys are left out, since the cleaner removes them). Computed on the original and on
the copy; equal, and a re-scan of the copy (:func:`rescan_pdf`) finds nothing, or no copy.

**Encrypted PDFs** get no clean copy (``sanitize.pdf_encrypted``): removing metadata would mean
decrypting and re-encrypting (or not) the document — either way not the sender's file. A PDF that
needs a password to open is described as far as its unencrypted trailer allows.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from app.errors import InputRejected
from app.media.metadata import MAX_ITEMS, Readers, cap
from app.media.types import DEFAULT_LIMITS, Limits, PageDigest, ProcessedDocument

MAX_NODES = 2_000_000
_OBJ = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\b")
_BAD_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/Rendition",
                          "/RichMediaExecute", "/GoToE", "/GoToR"})
_BAD_ANNOTS = frozenset({"/Sound", "/Movie", "/RichMedia", "/Screen"})
#: Every annotation subtype PDF 2.0 defines; an annotation of any other subtype (a name can hold
#: any text: found by fuzzing, a damaged file turned an author's name into a /Subtype) is dropped.
_KNOWN_ANNOTS = frozenset({
    "/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
    "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Caret", "/Stamp", "/Ink", "/Popup",
    "/FileAttachment", "/Sound", "/Movie", "/Screen", "/Widget", "/PrinterMark", "/TrapNet",
    "/Watermark", "/3D", "/Redact", "/Projection", "/RichMedia"})
#: Annotation keys that name or date their author (markup annotations; a widget's ``/T`` is its
#: field name and stays).
_ANNOT_IDENTITY = ("/T", "/M", "/CreationDate", "/NM")
#: The constant /ID qpdf writes with ``static_id=True`` (every clean copy has it: not identifying).
STATIC_ID = "31415926535897932384626433832795"
_SKIP_KEYS = frozenset({"/Metadata", "/PieceInfo"})
_ROOT_DROP = ("/Metadata", "/OpenAction", "/AA", "/PieceInfo", "/SpiderInfo")


def process_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ProcessedDocument:
    """Describe, clean and prove one PDF held in memory.

    Raises:
        InputRejected: ``import.too_large``, ``import.pdf_too_many_objects``,
            ``import.pdf_too_many_pages``, ``import.pdf_unreadable``.
    """
    if len(data) > limits.max_file_bytes:
        raise InputRejected("import.too_large", size=len(data), limit=limits.max_file_bytes)
    objects = _count_objects(data, limits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pikepdf's advice about forms is not for the user
        return _process(data, objects, limits)


def _process(data: bytes, objects: int, limits: Limits) -> ProcessedDocument:
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return _result({"size": len(data), "encrypted": True, "password_required": True},
                       None, None, None, "sanitize.pdf_encrypted: a password is needed to open it")
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise InputRejected("import.pdf_unreadable", reason=_reason(exc)) from exc
    with pdf:
        size = int(pdf.trailer.get("/Size", 0) or 0)
        if max(size, objects) > limits.av.max_pdf_objects:
            raise InputRejected("import.pdf_too_many_objects", objects=max(size, objects),
                                limit=limits.av.max_pdf_objects)
        try:
            pages = len(pdf.pages)
        except (pikepdf.PdfError, RecursionError) as exc:
            raise InputRejected("import.pdf_unreadable", reason=_reason(exc)) from exc
        if pages > limits.av.max_pdf_pages:
            raise InputRejected("import.pdf_too_many_pages", pages=pages,
                                limit=limits.av.max_pdf_pages)
        metadata, error = read_pdf_metadata(pdf, data)
        try:
            original = page_digest(pdf)
        except (pikepdf.PdfError, RecursionError, ValueError) as exc:
            raise InputRejected("import.pdf_unreadable", reason=_reason(exc)) from exc
        if pdf.is_encrypted:
            return _result(metadata, original, None, None,
                           "sanitize.pdf_encrypted: the document is encrypted", error, pages)
        try:
            removed = clean(pdf)
            out = io.BytesIO()
            pdf.save(out, static_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                     stream_decode_level=pikepdf.StreamDecodeLevel.none, compress_streams=False,
                     fix_metadata_version=False, preserve_pdfa=False)
        except (pikepdf.PdfError, RecursionError, ValueError) as exc:
            return _result(metadata, original, None, None,
                           f"sanitize.failed: {_reason(exc)}", error, pages)
    if data.count(b"%%EOF") > 1:
        removed.append("revisions")
    copy = out.getvalue()
    copy_digest, sanitize_error = _prove(copy, original, metadata)
    if sanitize_error is not None:
        return _result(metadata, original, None, None, sanitize_error, error, pages)
    return _result(metadata, original, copy, copy_digest, None, error, pages, removed)


def _result(metadata: dict[str, Any], original: PageDigest | None,  # noqa: PLR0917
            copy: bytes | None, copy_digest: PageDigest | None, sanitize_error: str | None,
            metadata_error: str | None = None, pages: int | None = None,
            removed: list[str] | None = None) -> ProcessedDocument:
    ok = copy is not None and sanitize_error is None
    return ProcessedDocument(
        media_type="application/pdf", kind="document", pages=pages, metadata=metadata,
        metadata_error=metadata_error, original_pages=original,
        sanitized=copy if ok else None, sanitized_media_type="application/pdf" if ok else None,
        sanitized_pages=copy_digest if ok else None, proof_equal=ok,
        removed=(removed or []) if ok else [], sanitize_error=sanitize_error)


def _count_objects(data: bytes, limits: Limits) -> int:
    """Objects declared in the file body, counted before qpdf parses anything."""
    count = 0
    for _ in _OBJ.finditer(data):
        count += 1
        if count > limits.av.max_pdf_objects:
            raise InputRejected("import.pdf_too_many_objects", objects=count,
                                limit=limits.av.max_pdf_objects)
    return count


# --- metadata ------------------------------------------------------------------------------


def read_pdf_metadata(pdf: pikepdf.Pdf, data: bytes) -> tuple[dict[str, Any], str | None]:
    """Info dictionary, XMP, IDs, version, encryption, embedded files, JavaScript, actions and
    forms of ``pdf`` (JSON-able, capped). Never raises; failures are listed in the error."""
    meta: dict[str, Any] = {"size": len(data), "version": str(pdf.pdf_version),
                            "encrypted": bool(pdf.is_encrypted), "revisions": data.count(b"%%EOF")}
    readers = Readers()
    readers.attempt(lambda: _info(meta, pdf))
    readers.attempt(lambda: _xmp(meta, pdf))
    readers.attempt(lambda: _ids(meta, pdf))
    readers.attempt(lambda: _active(meta, pdf))
    readers.attempt(lambda: meta.__setitem__("pages", len(pdf.pages)))
    return meta, readers.error()


def _info(meta: dict[str, Any], pdf: pikepdf.Pdf) -> None:
    info = pdf.trailer.get("/Info")
    if isinstance(info, Dictionary):
        meta["info"] = {cap(str(k), 64): cap(str(v)) for k, v in list(info.items())[:MAX_ITEMS]}


def _xmp(meta: dict[str, Any], pdf: pikepdf.Pdf) -> None:
    stream = pdf.Root.get("/Metadata")
    if isinstance(stream, Stream):
        meta["xmp"] = cap(stream.read_bytes(), 16384)


def _ids(meta: dict[str, Any], pdf: pikepdf.Pdf) -> None:
    ids = pdf.trailer.get("/ID")
    if isinstance(ids, Array):
        meta["ids"] = [bytes(x).hex() for x in ids][:2]


def _active(meta: dict[str, Any], pdf: pikepdf.Pdf) -> None:
    """JavaScript, actions, embedded files, forms: whatever does something when opened."""
    root = pdf.Root
    meta["embedded_files"] = [
        {"name": cap(name), "size": _attachment_size(spec)}
        for name, spec in list(pdf.attachments.items())[:MAX_ITEMS]
    ]
    found: dict[str, int] = {}
    for obj in _all_dicts(pdf):
        s = obj.get("/S")
        if isinstance(s, Name) and str(s) in _BAD_ACTIONS:
            found[f"action{s}"] = found.get(f"action{s}", 0) + 1
        if "/JS" in obj:
            found["/JS"] = found.get("/JS", 0) + 1
        if "/AA" in obj:
            found["/AA"] = found.get("/AA", 0) + 1
        if obj.get("/Type") == Name.EmbeddedFile:
            found["embedded_file_streams"] = found.get("embedded_file_streams", 0) + 1
        sub = obj.get("/Subtype")
        if isinstance(sub, Name) and str(sub) in _BAD_ANNOTS | {"/FileAttachment"}:
            found[f"annot{sub}"] = found.get(f"annot{sub}", 0) + 1
        if "/Metadata" in obj:
            found["object_metadata"] = found.get("object_metadata", 0) + 1
    meta["active"] = found
    meta["open_action"] = "/OpenAction" in root
    names = root.get("/Names")
    meta["javascript_names"] = isinstance(names, Dictionary) and "/JavaScript" in names
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary):
        fields = form.get("/Fields")
        meta["form"] = {"fields": len(fields) if isinstance(fields, Array) else 0,
                        "xfa": "/XFA" in form}


def _attachment_size(spec: Any) -> int | None:
    """The embedded file's declared size (``/Params /Size``), else its stored length."""
    try:
        stream = spec.obj.EF.F
        params = stream.get("/Params")
        if isinstance(params, Dictionary) and "/Size" in params:
            return int(params.Size)
        return int(stream.get("/Length", 0))
    except Exception:
        return None


def _all_dicts(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """Every dictionary of the file: each indirect object's, and every direct dictionary nested
    in it (an action or a names tree written inline), depth first. Indirect children are reached
    as objects of their own, so each dictionary is visited once."""
    budget = MAX_NODES
    for top in pdf.objects:
        stack = [top]
        while stack:
            obj = stack.pop()
            budget -= 1
            if budget < 0:
                raise ValueError("too many nested objects")
            if isinstance(obj, (Dictionary, Stream)):
                yield obj  # type: ignore[misc]
                children = list(obj.values())
            elif isinstance(obj, Array):
                children = list(obj)
            else:
                continue
            stack += [c for c in children
                      if isinstance(c, (Dictionary, Array)) and not c.is_indirect]


# --- cleaning ------------------------------------------------------------------------------


def clean(pdf: pikepdf.Pdf) -> list[str]:
    """Remove identifying and active parts from ``pdf`` in place; return the removed categories.
    """
    removed: list[str] = []

    def note(name: str) -> None:
        if name not in removed:
            removed.append(name)

    _clean_document(pdf, note)
    _clean_annotations(pdf, note)
    _clean_objects(pdf, note)
    pdf.remove_unreferenced_resources()
    return removed


def _clean_document(pdf: pikepdf.Pdf, note: Callable[[str], None]) -> None:
    for key in ("/Info", "/ID"):  # without /ID, static_id writes a fixed one (qpdf would keep
        if key in pdf.trailer:    # the first half of the original's)
            del pdf.trailer[key]
            note(key.lstrip("/").lower() + ("s" if key == "/ID" else ""))
    root = pdf.Root
    for key in _ROOT_DROP:
        if key in root:
            del root[key]
            note(key.lstrip("/").lower())
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        for key in ("/JavaScript", "/EmbeddedFiles"):
            if key in names:
                del names[key]
                note(key.lstrip("/").lower())
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        del form["/XFA"]
        note("xfa")


def _clean_annotations(pdf: pikepdf.Pdf, note: Callable[[str], None]) -> None:
    for page in pdf.pages:
        annots = page.obj.get("/Annots")
        if not isinstance(annots, Array):
            continue
        known = [a for a in annots if isinstance(a, Dictionary)
                 and isinstance(a.get("/Subtype"), Name)
                 and str(a.get("/Subtype")) in _KNOWN_ANNOTS]
        if len(known) != len(annots):
            note("unknown_annotations")
        keep = [a for a in known if str(a.get("/Subtype")) not in _BAD_ANNOTS]
        if len(keep) != len(known):
            note("media_annotations")
        if len(keep) != len(annots):
            page.obj["/Annots"] = Array(keep)
        for a in keep:
            if isinstance(a, Dictionary) and a.get("/Subtype") != Name.Widget:
                for key in _ANNOT_IDENTITY:
                    if key in a:
                        del a[key]
                        note("annotation_authors")


_OBJECT_DROP = {"/AA": "aa", "/Metadata": "object_metadata", "/PieceInfo": "pieceinfo",
                "/JS": "javascript", "/EF": "embeddedfiles", "/RF": "embeddedfiles"}


def _clean_objects(pdf: pikepdf.Pdf, note: Callable[[str], None]) -> None:
    """Every object: additional actions, XMP, private data, scripts, a file specification's
    embedded (and related) files, and actions that run or fetch something."""
    for obj in _all_dicts(pdf):
        for key, name in _OBJECT_DROP.items():
            if key in obj:
                del obj[key]
                note(name)
        for key in ("/A", "/Next"):
            action = obj.get(key)
            if isinstance(action, Dictionary) and str(action.get("/S")) in _BAD_ACTIONS:
                del obj[key]
                note("actions")
        if str(obj.get("/S")) in _BAD_ACTIONS and not isinstance(obj, Stream):
            for key in list(obj.keys()):  # an action reached some other way: emptied
                del obj[key]
            note("actions")
        if obj.get("/Type") == Name.EmbeddedFile and isinstance(obj, Stream):
            obj.write(b"")
            note("embeddedfiles")


# --- proof ---------------------------------------------------------------------------------


def page_digest(pdf: pikepdf.Pdf) -> PageDigest:
    """The page proof of ``pdf`` (see the module docstring)."""
    h = hashlib.sha256()
    budget = [MAX_NODES]
    for n, page in enumerate(pdf.pages):
        obj = page.obj
        h.update(f"page {n}\n".encode())
        content = _content_bytes(obj.get("/Contents"))
        h.update(len(content).to_bytes(8, "big") + content)
        for key in ("/MediaBox", "/CropBox", "/Rotate", "/UserUnit"):
            h.update(key.encode() + b"=" + _canon(obj.get(key), {}, budget) + b"\n")
        h.update(b"/Resources=" + _canon(obj.get("/Resources"), {}, budget) + b"\n")
    return PageDigest(sha256=h.hexdigest(), pages=len(pdf.pages))


def _content_bytes(contents: Any) -> bytes:
    streams = list(contents) if isinstance(contents, Array) else [contents]
    out = []
    for s in streams:
        if isinstance(s, Stream):
            try:
                out.append(s.read_bytes())
            except pikepdf.PdfError:
                out.append(b"raw:" + s.read_raw_bytes())
    return b"\n".join(out)


def _canon(obj: Any, seen: dict[tuple[int, int], int], budget: list[int]) -> bytes:
    """Canonical bytes of a resource tree: independent of object numbers and key order."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("resources too large to compare")
    if obj is None:
        return b"null"
    if isinstance(obj, (Dictionary, Stream, Array)) and obj.is_indirect:
        key = obj.objgen
        if key in seen:
            return b"@%d" % seen[key]
        seen[key] = len(seen)
    if isinstance(obj, Stream):
        body = _canon_dict(obj.items(), seen, budget, skip={"/Length"})
        return b"stream" + body + hashlib.sha256(obj.read_raw_bytes()).hexdigest().encode()
    if isinstance(obj, Dictionary):
        return _canon_dict(obj.items(), seen, budget)
    if isinstance(obj, Array):
        return b"[" + b" ".join(_canon(x, seen, budget) for x in obj) + b"]"
    try:
        return bytes(obj.unparse())
    except AttributeError:
        return repr(obj).encode()


def _canon_dict(items: Any, seen: dict[tuple[int, int], int], budget: list[int],
                skip: frozenset[str] | set[str] = frozenset()) -> bytes:
    parts = sorted((str(k), v) for k, v in items if str(k) not in _SKIP_KEYS | skip)
    return b"<<" + b"".join(k.encode() + b" " + _canon(v, seen, budget) for k, v in parts) + b">>"


def _prove(copy: bytes, original: PageDigest,
           metadata: dict[str, Any]) -> tuple[PageDigest | None, str | None]:
    try:
        with pikepdf.open(io.BytesIO(copy)) as pdf:
            digest = page_digest(pdf)
            findings = rescan_pdf(pdf, copy, metadata)
    except (pikepdf.PdfError, RecursionError, ValueError) as exc:
        return None, f"sanitize.copy_unreadable: {_reason(exc)}"
    if digest != original:
        return None, "sanitize.pages_differ"
    if findings:
        return None, "sanitize.not_clean: " + ", ".join(findings[:8])
    return digest, None


def rescan_pdf(pdf: pikepdf.Pdf, copy: bytes, original: dict[str, Any]) -> list[str]:
    """Findings outside the allowlist in a clean copy (empty when clean): any ``/Info``,
    document or object ``/Metadata``, ``/OpenAction``, ``/AA``, ``/JS``, bad action, embedded file
    tree or stream, attachment annotation, XFA, the original's IDs, or one of the original's Info
    strings (6 characters or more) in the copy's bytes."""
    findings = []
    if "/Info" in pdf.trailer:
        findings.append("trailer:/Info")
    ids = pdf.trailer.get("/ID")
    theirs = set(original.get("ids", [])) - {STATIC_ID}  # a clean copy cleaned again keeps it
    if isinstance(ids, Array) and any(bytes(x).hex() in theirs for x in ids):
        findings.append("trailer:/ID")
    root = pdf.Root
    findings += [f"root:{k}" for k in _ROOT_DROP if k in root]
    names = root.get("/Names")
    if isinstance(names, Dictionary):
        findings += [f"names:{k}" for k in ("/JavaScript", "/EmbeddedFiles") if k in names]
    form = root.get("/AcroForm")
    if isinstance(form, Dictionary) and "/XFA" in form:
        findings.append("acroform:/XFA")
    for obj in _all_dicts(pdf):
        for key in ("/AA", "/JS", "/Metadata", "/PieceInfo", "/EF", "/RF"):
            if key in obj:
                findings.append(f"object:{key}")
        if str(obj.get("/S")) in _BAD_ACTIONS:
            findings.append(f"action:{obj.get('/S')}")
        if str(obj.get("/Subtype")) in _BAD_ANNOTS:
            findings.append(f"annot:{obj.get('/Subtype')}")
        if (obj.get("/Type") == Name.EmbeddedFile and isinstance(obj, Stream)
                and obj.read_raw_bytes()):
            findings.append("object:EmbeddedFile")
    for key, value in original.get("info", {}).items():
        if len(value) >= 6 and not value.endswith("…") and value.encode("utf-8") in copy:
            findings.append(f"leak:info{key}")
    return list(dict.fromkeys(findings))


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:160]}"


__all__ = ["clean", "page_digest", "process_pdf", "read_pdf_metadata", "rescan_pdf"]
