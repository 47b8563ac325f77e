# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""AppController: owns the vault session and is the only GUI code that calls ``app.*`` writes.

Windows read state and emit intent; the controller runs the work through the one
:class:`~ui.workers.TaskRunner` and answers with past-tense signals. Locking cancels running tasks,
closes every connection and wipes the key (``Vault.lock``) at once; results of tasks that finish
after a lock are dropped.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from PySide6 import QtCore, QtGui

from app.errors import AppError
from app.messages import describe
from app.session import open_session
from app.vault import KdfParams, Vault, create_vault
from ui import evidence_source
from ui.i18n import current
from ui.workers import Task, TaskRunner

log = logging.getLogger(__name__)

THUMB_SIZE = 128
FIRST_PAGE = 300  # painted at once; the rest follows in a second query (issue 7: 10,000 items)


class AppController(QtCore.QObject):
    """The vault session.

    Emits:
        vault_opened(object): the vault folder (a Path) after create or unlock.
        vault_open_failed(str): a translated sentence (wrong passphrase, damage, …).
        vault_locked(str): why — "user", "idle", "panic", "session".
        busy_changed(bool): True while the vault is being created or opened.
        items_loaded(list): ``EvidenceRow`` list for the evidence view (the first page).
        items_appended(list): the remaining rows of the same listing.
        sidebar_loaded(dict): section → [(untrusted label, filter, count)].
        thumbnails_loaded(dict): item id → QImage.
        detail_loaded(object): an ``ItemDetail``.
        detail_failed(str): a translated sentence.
        export_progressed(object): a ``Progress``.
        export_finished(object, object): the ExportResult and its read-back VerifiedBundle.
        export_failed(str): a translated sentence.
        receive_finished(object): the ReceiveResult.
        receive_needs_trust(str): the unknown signer's fingerprint (nothing was imported).
        receive_failed(str): a translated sentence.
        report_finished(object): the Path of the written PDF.
        report_failed(str): a translated sentence.
        item_tagged(int): the item whose tags were saved.
        tag_failed(str): a translated sentence.
        import_started(): an import began.
        import_progressed(object): a ``Progress``.
        import_finished(object): the ``ImportSummary`` (or a one-outcome summary for a paste).
        import_failed(str): a translated sentence.
        record_loaded(str, object): a read for the editors finished: kind ("case",
            "perpetrator", "timeline", "recipients", "filters", "platforms") and its value.
        record_saved(str, object): an editor write finished: the operation (see ``WRITES``) and
            the core's return value.
        record_failed(str, str): the kind or operation, and a translated sentence.
        passphrase_progressed(object): a ``Progress`` of a rekey.
        passphrase_changed(bool): the passphrase was changed; True when the vault was rekeyed.
        passphrase_change_failed(str): a translated sentence (a failed rekey also locks).
    """

    vault_opened = QtCore.Signal(object)
    vault_open_failed = QtCore.Signal(str)
    vault_locked = QtCore.Signal(str)
    busy_changed = QtCore.Signal(bool)
    items_loaded = QtCore.Signal(list)
    items_appended = QtCore.Signal(list)
    sidebar_loaded = QtCore.Signal(object)
    thumbnails_loaded = QtCore.Signal(object)
    detail_loaded = QtCore.Signal(object)
    detail_failed = QtCore.Signal(str)
    export_progressed = QtCore.Signal(object)
    export_finished = QtCore.Signal(object, object)
    export_failed = QtCore.Signal(str)
    receive_finished = QtCore.Signal(object)
    receive_needs_trust = QtCore.Signal(str)
    receive_failed = QtCore.Signal(str)
    report_finished = QtCore.Signal(object)
    report_failed = QtCore.Signal(str)
    item_tagged = QtCore.Signal(int)
    tag_failed = QtCore.Signal(str)
    category_created = QtCore.Signal(str)
    import_started = QtCore.Signal()
    import_progressed = QtCore.Signal(object)
    import_finished = QtCore.Signal(object)
    import_failed = QtCore.Signal(str)
    record_loaded = QtCore.Signal(str, object)
    record_saved = QtCore.Signal(str, object)
    record_failed = QtCore.Signal(str, str)
    platform_reports_saved = QtCore.Signal(int, object)  # item id, its PlatformReport list
    platform_report_failed = QtCore.Signal(str)  # a translated sentence
    passphrase_progressed = QtCore.Signal(object)
    passphrase_changed = QtCore.Signal(bool)
    passphrase_change_failed = QtCore.Signal(str)

    def __init__(self, runner: TaskRunner | None = None, *, kdf: KdfParams | None = None,
                 parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner or TaskRunner(parent=self)
        self._kdf = kdf  # None: calibrated on this machine (tests pass a cheap profile)
        self._vault: Vault | None = None
        self._generation = 0  # bumped on lock: results from older sessions are dropped
        self._import_task: Task | None = None
        self._export_task: Task | None = None
        self._text = ""
        self._filters: dict[str, Any] = {}
        self._list_serial = 0  # only the newest listing is shown (fast typing in search)

    # --- state ---------------------------------------------------------------------------------
    @property
    def vault(self) -> Vault | None:
        return self._vault

    @property
    def is_unlocked(self) -> bool:
        return self._vault is not None and not self._vault.is_locked

    @property
    def is_importing(self) -> bool:
        return self._import_task is not None

    def message_for(self, exc: BaseException) -> str:
        """The translated sentence for any error that crossed from the core."""
        if isinstance(exc, AppError):
            return describe(exc, current(), isolate=True)
        return describe(AppError("generic.unexpected"), current(), isolate=True)

    def outcome_message(self, code: str | None, params: dict[str, Any]) -> str:
        return describe(AppError(code or "generic.unexpected", **params), current(), isolate=True)

    # --- open / create / lock --------------------------------------------------------------------
    def create_vault(self, path: Path, passphrase: str, confirmation: str) -> None:
        if passphrase != confirmation:
            self.vault_open_failed.emit(self.message_for(AppError("vault.passphrase_mismatch")))
            return
        self._start_open(create_vault, Path(path), passphrase, self._kdf)

    def open_vault(self, path: Path, passphrase: str) -> None:
        self._start_open(open_session, Path(path), passphrase)

    def _start_open(self, fn: Any, *args: Any) -> None:
        self.busy_changed.emit(True)
        task = Task(fn, *args)
        generation = self._generation
        task.signals.succeeded.connect(lambda v, g=generation: self._on_open_succeeded(v, g))
        task.signals.failed.connect(self._on_open_failed)
        self.runner.start(task)

    def _on_open_succeeded(self, vault: Vault, generation: int) -> None:
        self.busy_changed.emit(False)
        if generation != self._generation:  # locked meanwhile (panic during unlock)
            vault.lock()
            return
        self._vault = vault
        self._text, self._filters = "", {}
        self.vault_opened.emit(vault.path)

    def _on_open_failed(self, exc: BaseException) -> None:
        self.busy_changed.emit(False)
        self.vault_open_failed.emit(self.message_for(exc))

    def lock(self, reason: str = "user") -> None:
        """Lock now: cancel tasks, close connections, wipe the key. Safe to call twice."""
        self._generation += 1
        self.runner.cancel_all()
        self._import_task = None
        vault, self._vault = self._vault, None
        if vault is not None:
            vault.lock()
            log.info("vault locked (%s)", reason)
            self.vault_locked.emit(reason)

    @QtCore.Slot()
    def _on_application_idle_timed_out(self) -> None:
        if self.is_unlocked:
            self.lock("idle")

    @QtCore.Slot()
    def _on_application_session_suspended(self) -> None:
        if self.is_unlocked:
            self.lock("session")

    def watch(self, application: Any) -> None:
        """Lock on the application's idle and session signals (``ui.application.Application``)."""
        application.idle_timed_out.connect(self._on_application_idle_timed_out)
        application.session_suspended.connect(self._on_application_session_suspended)

    # --- passphrase ----------------------------------------------------------------------------
    def change_passphrase(self, old: str, new: str, confirmation: str, rekey: bool) -> None:
        """A routine rewrap, or ``Vault.rekey`` (every page re-encrypted under a new key), off the
        GUI thread. A rekey starts only when no other task uses the vault."""
        if self._vault is None:
            return
        if new != confirmation:
            self.passphrase_change_failed.emit(
                self.message_for(AppError("vault.passphrase_mismatch")))
            return
        if rekey and self.runner.running:
            self.passphrase_change_failed.emit(self.message_for(AppError("vault.busy")))
            return
        vault = self._vault
        if rekey:
            task = Task(vault.rekey, old, new, with_progress=True)
        else:
            task = Task(vault.change_passphrase, old, new)
        generation = self._generation
        task.signals.progressed.connect(
            lambda p, g=generation: (self.passphrase_progressed.emit(p) if g == self._generation
                                     else None))
        self._guarded(task, lambda _v: self.passphrase_changed.emit(rekey),
                      lambda e, v=vault: self._on_passphrase_change_failed(e, v))

    def _on_passphrase_change_failed(self, exc: BaseException, vault: Vault) -> None:
        self.passphrase_change_failed.emit(self.message_for(exc))
        if vault.is_locked:  # a rekey that failed half-way locks; the next unlock settles it
            self.lock("user")

    # --- reading ---------------------------------------------------------------------------------
    def _guarded(self, task: Task, ok: Any, fail: Any | None = None) -> Task:
        generation = self._generation

        def on_ok(value: Any) -> None:
            if generation == self._generation:
                ok(value)

        def on_fail(exc: Any) -> None:
            if generation == self._generation and fail is not None:
                fail(exc)

        task.signals.succeeded.connect(on_ok)
        task.signals.failed.connect(on_fail)
        return self.runner.start(task)

    def load_items(self, text: str | None = None, filters: dict[str, Any] | None = None) -> None:
        """List items for the search ``text`` and sidebar ``filters`` (None: keep the current)."""
        if text is not None:
            self._text = text
        if filters is not None:
            self._filters = dict(filters)
        if self._vault is None:
            return
        self._list_serial += 1
        serial, vault, text, filters = self._list_serial, self._vault, self._text, self._filters

        def failed(exc: BaseException) -> None:
            log.warning("listing failed: %s", type(exc).__name__)

        def rest(rows: list) -> None:
            if serial == self._list_serial and rows:
                self.items_appended.emit(rows)

        def first(rows: list) -> None:
            if serial != self._list_serial:
                return
            self.items_loaded.emit(rows)
            if len(rows) == FIRST_PAGE:
                self._guarded(Task(evidence_source.list_rows, vault, text, filters, None,
                                   FIRST_PAGE), rest, failed)

        self._guarded(Task(evidence_source.list_rows, vault, text, filters, FIRST_PAGE), first,
                      failed)

    def load_sidebar(self) -> None:
        if self._vault is None:
            return
        self._guarded(Task(evidence_source.load_sidebar, self._vault, current().lang),
                      self.sidebar_loaded.emit)

    def load_thumbnails(self, item_ids: list[int]) -> None:
        if self._vault is None or not item_ids:
            return
        self._guarded(Task(evidence_source.load_thumbnails, self._vault, item_ids, THUMB_SIZE),
                      self.thumbnails_loaded.emit)

    def load_detail(self, item_id: int) -> None:
        if self._vault is None:
            return
        self._guarded(Task(evidence_source.load_detail, self._vault, item_id),
                      self.detail_loaded.emit,
                      lambda e: self.detail_failed.emit(self.message_for(e)))

    # --- export ----------------------------------------------------------------------------------
    def export_bundle(self, request: dict[str, Any]) -> Task | None:
        """Export and read back (see ``ui.dialogs.export_bundle``)."""
        if self._vault is None:
            return None
        task = Task(_export, self._vault, dict(request), with_progress=True, with_cancel=True)
        generation = self._generation
        task.signals.progressed.connect(
            lambda p, g=generation: self.export_progressed.emit(p) if g == self._generation
            else None)
        self._export_task = task
        return self._guarded(task, lambda pair: self.export_finished.emit(pair[0], pair[1]),
                             lambda e: self.export_failed.emit(self.message_for(e)))

    def cancel_export(self) -> None:
        if self._export_task is not None:
            self._export_task.cancel()

    # --- receive ---------------------------------------------------------------------------------
    def receive_bundle(self, request: dict[str, Any]) -> None:
        """Step 1 without ``trust_signer``; after the user compared the fingerprint, step 2."""
        if self._vault is None:
            return
        self._guarded(Task(_receive, self._vault, dict(request), with_progress=True,
                           with_cancel=True), self._on_receive_succeeded, self._on_receive_failed)

    def _on_receive_succeeded(self, result: Any) -> None:
        self.receive_finished.emit(result)
        self.load_items()
        self.load_sidebar()

    def _on_receive_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError) and exc.code == "handover.first_contact":
            self.receive_needs_trust.emit(str(exc.params.get("fingerprint", "")))
        else:
            self.receive_failed.emit(self.message_for(exc))

    # --- report ----------------------------------------------------------------------------------
    def make_report(self, request: dict[str, Any]) -> None:
        if self._vault is None:
            return
        self._guarded(Task(_report, self._vault, dict(request), with_cancel=True),
                      self.report_finished.emit,
                      lambda e: self.report_failed.emit(self.message_for(e)))

    # --- tags ------------------------------------------------------------------------------------
    def tag_item(self, item_id: int, changes: dict[str, Any]) -> None:
        """Apply TagChanges fields to one item (one custody entry)."""
        if self._vault is None:
            return
        self._guarded(Task(_tag, self._vault, item_id, dict(changes)),
                      lambda _tags: self._on_tag_succeeded(item_id),
                      lambda e: self.tag_failed.emit(self.message_for(e)))

    def _on_tag_succeeded(self, item_id: int) -> None:
        self.item_tagged.emit(item_id)
        self.load_items()
        self.load_sidebar()

    def create_category(self, name_en: str, name_ar: str) -> None:
        """``app.cases.create_category`` (custody ``category.create``), then the lists reload."""
        if self._vault is None:
            return
        self._guarded(Task(_create_category, self._vault, name_en, name_ar),
                      self._on_category_created,
                      lambda e: self.tag_failed.emit(self.message_for(e)))

    def _on_category_created(self, key: str) -> None:
        self.category_created.emit(key)
        self.load_sidebar()

    def add_report(self, item_id: int, fields: dict[str, Any]) -> None:
        """``app.cases.add_report`` (custody ``report.create``); see ``_on_report_saved``."""
        if self._vault is not None:
            self._guarded(Task(_report_write, self._vault, item_id, None, dict(fields)),
                          lambda reports: self._on_report_saved(item_id, reports),
                          self._on_report_failed)

    def update_report(self, item_id: int, report_id: int, fields: dict[str, Any]) -> None:
        """``app.cases.update_report`` (custody ``report.update``); see ``_on_report_saved``."""
        if self._vault is not None:
            self._guarded(Task(_report_write, self._vault, item_id, report_id, dict(fields)),
                          lambda reports: self._on_report_saved(item_id, reports),
                          self._on_report_failed)

    def _on_report_saved(self, item_id: int, reports: list) -> None:
        self.platform_reports_saved.emit(item_id, reports)

    def _on_report_failed(self, exc: BaseException) -> None:
        self.platform_report_failed.emit(self.message_for(exc))

    # --- editors: cases, perpetrators, address book, saved filters ------------------------------
    def load_record(self, kind: str, *args: Any) -> None:
        """Read for an editor (``READS``); answers with ``record_loaded`` or ``record_failed``."""
        if self._vault is None:
            return
        from ui import editor_source

        self._guarded(Task(editor_source.READS[kind], self._vault, *args),
                      lambda value, k=kind: self.record_loaded.emit(k, value),
                      lambda e, k=kind: self.record_failed.emit(k, self.message_for(e)))

    def write_record(self, op: str, *args: Any, **kwargs: Any) -> None:
        """One editor write (``WRITES``: each appends its custody entry in the core)."""
        if self._vault is None:
            return
        from ui import editor_source

        self._guarded(Task(editor_source.WRITES[op], self._vault, *args, **kwargs),
                      lambda value, o=op: self._on_record_written(o, value),
                      lambda e, o=op: self.record_failed.emit(o, self.message_for(e)))

    def save_current_filter(self, name: str) -> None:
        """Save the search text and sidebar filter now shown under ``name``."""
        from app.cases import ItemQuery

        self.write_record("filter.save", name, ItemQuery(text=self._text, **self._filters))

    def _on_record_written(self, op: str, value: Any) -> None:
        self.record_saved.emit(op, value)
        self.load_sidebar()
        if not op.startswith(("recipient.", "filter.")):
            self.load_items()

    # --- import ----------------------------------------------------------------------------------
    def import_paths(self, paths: list[Path], method: str) -> bool:
        """Start importing files/folders; False when locked or an import is already running."""
        if self._vault is None or self._import_task is not None or not paths:
            return False
        from app.ingest import import_paths

        task = Task(import_paths, self._vault, [Path(p) for p in paths], method=method,
                    with_progress=True, with_cancel=True)
        self._start_import(task)
        return True

    def import_image(self, image: QtGui.QImage) -> bool:
        """Import a pasted image, encoded to PNG in memory (nothing touches the disk)."""
        if self._vault is None or self._import_task is not None or image.isNull():
            return False
        buf = QtCore.QBuffer()
        buf.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
        # PySide6's stub types the format as bytes; at runtime it only accepts str (bytes raise)
        image.save(buf, cast(bytes, "PNG"))
        data = bytes(buf.data().data())
        buf.close()
        self._start_import(Task(_paste_import, self._vault, data))
        return True

    def _start_import(self, task: Task) -> None:
        self._import_task = task
        generation = self._generation
        task.signals.progressed.connect(
            lambda p, g=generation: (self.import_progressed.emit(p) if g == self._generation
                                     else None))
        self._guarded(task, self._on_import_succeeded, self._on_import_failed)
        self.import_started.emit()

    def cancel_import(self) -> None:
        if self._import_task is not None:
            self._import_task.cancel()

    def _on_import_succeeded(self, summary: Any) -> None:
        self._import_task = None
        self.import_finished.emit(summary)
        self.load_items()
        self.load_sidebar()

    def _on_import_failed(self, exc: BaseException) -> None:
        self._import_task = None
        self.import_failed.emit(self.message_for(exc))


def _export(vault: Vault, req: dict[str, Any], progress: Any = None, cancel: Any = None) -> Any:
    from app.handover import export_from_vault

    recipient = req.get("recipient")
    result = export_from_vault(
        vault, Path(req["out"]), item_ids=req.get("item_ids"), case=req.get("case"),
        recipients=[recipient] if recipient else (), passphrase=req.get("passphrase"),
        include_originals=bool(req.get("include_originals")), report_lang=req.get("report_lang"),
        progress=progress, cancel=cancel)
    # the writer read the whole file back and verified it (decrypted with its own file key)
    return result, result.verified


def _receive(vault: Vault, req: dict[str, Any], progress: Any = None, cancel: Any = None) -> Any:
    from app.handover import receive_into_vault

    return receive_into_vault(vault, Path(req["path"]), identity=req.get("identity"),
                              passphrase=req.get("passphrase"),
                              trust_signer=req.get("trust_signer"), progress=progress,
                              cancel=cancel)


def _report(vault: Vault, req: dict[str, Any], cancel: Any = None) -> Path:
    """Build the PDF in memory, then write it once with app.paths.new_file (exclusive, owner-only,
    fsynced, never replacing a file, no link followed)."""
    from app.paths import new_file
    from app.report.collect import build_vault_report

    pdf = build_vault_report(vault, item_ids=req.get("item_ids"), case_title=req.get("case_title"),
                             lang=req.get("lang", "en"),
                             redact_sensitive=bool(req.get("redact_sensitive")), cancel=cancel)
    out = Path(req["out"])
    with new_file(out, exists_code="report.exists", io_code="report.cannot_write") as fh:
        fh.write(pdf)
    return out


def _tag(vault: Vault, item_id: int, changes: dict[str, Any]) -> Any:
    from app.cases import ItemId, TagChanges, tag_item

    return tag_item(vault, ItemId(item_id), TagChanges(**changes))


def _create_category(vault: Vault, name_en: str, name_ar: str) -> str:
    from app.cases import create_category

    return create_category(vault, name_en, name_ar).key


def _report_write(vault: Vault, item_id: int, report_id: int | None, f: dict[str, Any]) -> Any:
    """Add (``report_id`` None) or update one platform report; the item's reports afterwards."""
    from app.cases import ItemId, ReportId, add_report, list_reports, update_report

    if report_id is None:
        add_report(vault, ItemId(item_id), f["platform"], f["reported_at"],
                   channel=f.get("channel") or None, reference=f.get("reference") or None,
                   status=f.get("status", "pending"), answered_at=f.get("answered_at") or None)
    else:
        update_report(vault, ReportId(report_id), **f)
    return list_reports(vault, item_id=ItemId(item_id))


def _paste_import(vault: Vault, data: bytes) -> Any:
    """One pasted image as an ImportSummary, so the summary dialog treats both flows alike."""
    from app.ingest import ImportSummary, import_bytes

    outcome = import_bytes(vault, data, name=None, method="clipboard")
    return ImportSummary(outcomes=[outcome])

