# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Sending bundles to an organisation (issue 18): the outbox, contact cards, the sender process.

Two sides, two processes:

* the **vault side** (:mod:`app.send.contact`, :mod:`app.send.outbox`, :mod:`app.send.launch`)
  runs in the vault process and opens no socket: it keeps the destinations and the outbox in the
  vault, and starts the sender as a child process when the defender asks;
* the **sender** (:mod:`app.send.sender` with :mod:`app.send.tus`, :mod:`app.send.pinning`,
  :mod:`app.send.route`) is ``python -m app.send.sender``: it is given, on its standard input,
  only the paths of bundles already encrypted to the organisation (age), the upload URLs and the
  pinned certificate; it holds no vault key and imports nothing of :mod:`app.vault` (an
  import-linter contract and a test check it). It reports progress as JSON lines on standard
  output; the vault side records them in the outbox.

Where a queued bundle lives: in the file the defender exported (``export OUT --to NAME``), where
she pointed. It is age ciphertext; the outbox records its path, size and SHA-256, and nothing else
is written anywhere. A bundle moved or changed before it is sent is refused by the sender (its
SHA-256 no longer matches) and the outbox says so.
"""
