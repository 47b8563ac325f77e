# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The plain functions a worker runs for a flow (``ui.flows``): one module per area, each a thin
layer over one core function, run by :class:`ui.workers.TaskRunner` through
:meth:`ui.controller.AppController.run` (which passes the open vault first). No signals here:
a job returns a value or raises an ``AppError``.

``evidence`` (the list, thumbnails, detail), ``records`` (the editors' reads and writes),
``handover`` (export, receive), ``report`` (the PDF), ``tagging`` (tags, categories, platform
reports), ``imports`` (a pasted picture).
"""
