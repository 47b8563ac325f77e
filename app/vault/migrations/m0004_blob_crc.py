# SPDX-License-Identifier: GPL-3.0-or-later
"""Version 4: each blob's CRC-32, computed while it is stored, so that a bundle export (ZIP
headers need the CRC before the data) reads each item once instead of twice. NULL for blobs
stored before this version; the export computes those."""

VERSION = 4

SQL = """
ALTER TABLE blobs ADD COLUMN crc32 INTEGER;
"""
