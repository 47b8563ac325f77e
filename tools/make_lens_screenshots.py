# SPDX-License-Identifier: GPL-3.0-or-later
"""Screenshots of the campaign lens at 1366x768, in Arabic and English, over the demo vault with
generated reposts added (run, not collected by pytest).

``QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_lens_screenshots [OUT_DIR]``
Writes ``lens-text-{lang}.png`` (the main window, the text read in an Arabic screenshot),
``lens-status-{lang}.png`` and ``lens-paused-{lang}.png`` (the status bar),
``lens-similar-{lang}.png``, ``lens-clusters-{lang}.png``, ``lens-accounts-{lang}.png`` and
``lens-escalation-{lang}.png``, ``lens-cluster-list-{lang}.png`` (the list filtered to a cluster by
"Show in the list") and ``lens-menu-{lang}.png`` (the list's right-click menu with "Find
similar…") under ``docs/screenshots/``.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtWidgets

from tools.make_screenshots import (
    _grab,
    _wait_for,
    close_shell,
    demo_vault,
    open_shell,
    run,
    unlock,
)


def _add_reposts(vault: Any) -> dict[str, int]:
    """An Arabic post screenshot, a photograph posted by several accounts (re-encoded, resized,
    cropped, inside a screenshot), and a burst of posts on one day."""
    from app.cases import AccountRef, ItemId, TagChanges, tag_item
    from app.ingest import import_bytes
    from bench import _lens_synth as synth

    def png(im: Any, fmt: str = "PNG") -> bytes:
        buf = io.BytesIO()
        im.save(buf, fmt)
        return buf.getvalue()

    ids = {}
    shot = synth.text_screenshot(3, "ar", "facebook", dark=False, font_name="noto-arabic",
                                 size=26, n_lines=3)
    ids["post"] = int(import_bytes(vault, png(shot.image), name="منشور.png").item_id or 0)
    src = synth.photo(11)
    copies = [("photo.png", png(src), "facebook", "facebook:hala.news", "2026-07-04T10:00Z"),
              ("repost.jpg", png(synth.resize(synth.reencode(src, 70), 0.6), "JPEG"), "x",
               "x:@anon_mirror_demo", "2026-07-09T09:00Z"),
              ("crop.jpg", png(synth.crop(src, 0.03, 1), "JPEG"), "x", "x:@a1_truth",
               "2026-07-12T21:00Z"),
              ("shot.png", png(synth.in_screenshot(src, "telegram", seed=3)), "telegram",
               "telegram:kanal_hurr", "2026-07-18T07:30Z")]
    for n, (name, data, platform, account, posted) in enumerate(copies):
        item = ItemId(int(import_bytes(vault, data, name=name).item_id or 0))
        ids[f"copy{n}"] = item
        tag_item(vault, item, TagChanges(platform=platform, posted_at=posted,
                                         add_accounts=(AccountRef.parse(account),)))
    for k in range(9):  # a spike: nine posts on 12 July
        item = ItemId(int(import_bytes(vault, png(synth.photo(40 + k, (200, 150))),
                                       name=f"b{k}.png").item_id or 0))
        tag_item(vault, item, TagChanges(platform="x", posted_at=f"2026-07-12T1{k}:00Z",
                                         add_accounts=(AccountRef.parse("x:@a1_truth"),)))
    return ids


def main(out: Path) -> int:
    from ui.application import create_application
    from ui.dialogs.campaign import MembersRole

    app = create_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    with demo_vault(_add_reposts) as (_tmp, vault_path, ids):
        for lang in ("ar", "en"):
            shell, controller = open_shell(app, vault_path, lang, blur_sensitive=False)
            window = unlock(shell)
            window.resize(1366, 768 - 30)  # a title bar and a panel take the rest
            _wait_for(lambda w=window: w.model.rowCount() > 0 and not controller.runner.running)
            flow = shell.flows.lens
            window.select_item(int(ids["post"]))
            _wait_for(lambda: window.detail.lens_panel.state == "done"
                      and not controller.runner.running)
            detail = window.detail
            detail.tabs.setCurrentWidget(detail.lens_panel)
            _grab(window, out / f"lens-text-{lang}.png")
            window.show_lens_progress(3, 12)  # the status bar while the queue runs, then paused
            _grab(window.statusBar(), out / f"lens-status-{lang}.png")
            window.set_lens_paused(True, 9)
            _grab(window.statusBar(), out / f"lens-paused-{lang}.png")
            window.set_lens_paused(False)
            window.show_lens_progress(0, 0)
            window.select_item(int(ids["copy0"]))
            _wait_for(lambda: detail.lens_panel.similar_button.isEnabled()
                      and not controller.runner.running)
            shown: list[Any] = []
            flow.similar_shown.connect(shown.append)
            detail.lens_panel.similar_button.click()
            _wait_for(lambda s=shown: bool(s))
            _grab(shown[0], out / f"lens-similar-{lang}.png")
            shown[0].close()
            campaign: list[Any] = []
            flow.campaign_shown.connect(campaign.append)
            window.lens_actions[0].trigger()
            _wait_for(lambda c=campaign: bool(c) and not controller.runner.running)
            dialog = campaign[0]
            for tab, name in enumerate(("clusters", "accounts", "escalation")):
                dialog.tabs.setCurrentIndex(tab)
                QtCore.QCoreApplication.processEvents()
                _grab(dialog, out / f"lens-{name}-{lang}.png")
            # "Show in the list": the list filtered to the cluster, the sidebar saying so
            dialog.tabs.setCurrentIndex(0)
            dialog.clusters.setCurrentItem(dialog.clusters.topLevelItem(0))
            size = len(dialog.clusters.topLevelItem(0).data(0, MembersRole))
            dialog.show_button.click()
            dialog.close()
            _wait_for(lambda n=size: window.model.rowCount() == n
                      and not controller.runner.running)
            QtCore.QCoreApplication.processEvents()
            _grab(window, out / f"lens-cluster-list-{lang}.png")
            # the evidence list's right-click menu with "Find similar…"
            view = window.evidence
            index = view.current_view().currentIndex()
            menu = QtWidgets.QMenu(window)
            for text, _fn in view.context_actions(index):
                menu.addAction(text)
            menu.setLayoutDirection(window.layoutDirection())
            menu.adjustSize()
            _grab(menu, out / f"lens-menu-{lang}.png")
            menu.deleteLater()
            close_shell(shell, controller)
    return 0


if __name__ == "__main__":
    run(main)
