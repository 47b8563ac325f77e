# SPDX-License-Identifier: GPL-3.0-or-later
"""Developer tools, never shipped: catalog maintenance (``./dev i18n``) and the screenshot scripts.
They import ``app`` and ``ui``; nothing in ``app`` or ``ui`` imports them."""
