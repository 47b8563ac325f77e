# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Version 2: cases, perpetrators and their accounts, platforms, categories, free tags, platform
reports, the item tag columns and a full-text index.

Invariants:
- Dates are ISO 8601 text. ``posted_at``, ``seen_at`` and ``reported_at``/``answered_at`` are
  stored in UTC (``YYYY-MM-DDTHH:MM:SSZ``) so they sort and compare as text; ``posted_tz`` keeps
  the offset the post showed (``+03:00``) so the time "as shown" can be rebuilt.
- ``accounts.handle_norm`` is the handle without ``@``, case-folded: one account per
  (platform, handle_norm).
- ``item_fts`` is a contentless FTS5 index (rowid = ``items.id``) of text already normalised by
  :mod:`app.cases.textnorm` (Arabic letter forms, diacritics, case, punctuation). The application
  keeps it in sync inside the same write transaction as the change (no triggers: the normaliser is
  Python, and a trigger calling it would break every connection that had not registered it).
- Seeded platforms and categories carry an Arabic and an English name; categories are editable.
"""

VERSION = 2

SQL = """
ALTER TABLE items ADD COLUMN platform TEXT;
ALTER TABLE items ADD COLUMN url TEXT;
ALTER TABLE items ADD COLUMN posted_at TEXT;
ALTER TABLE items ADD COLUMN posted_tz TEXT;
ALTER TABLE items ADD COLUMN seen_at TEXT;
ALTER TABLE items ADD COLUMN language TEXT;
ALTER TABLE items ADD COLUMN description TEXT;
ALTER TABLE items ADD COLUMN notes TEXT;
ALTER TABLE items ADD COLUMN sensitive_graphic INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN sensitive_intimate INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN sensitive_personal_info INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN deleted_by_source INTEGER NOT NULL DEFAULT 0;

CREATE INDEX items_posted ON items(posted_at);
CREATE INDEX items_seen ON items(seen_at);
CREATE INDEX items_platform_imported ON items(platform, imported_at);
CREATE INDEX items_platform_posted ON items(platform, posted_at);

CREATE TABLE platforms (
    key TEXT PRIMARY KEY,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO platforms (key, name_en, name_ar, position) VALUES
    ('facebook', 'Facebook', 'فيسبوك', 1),
    ('instagram', 'Instagram', 'إنستغرام', 2),
    ('whatsapp', 'WhatsApp', 'واتساب', 3),
    ('messenger', 'Messenger', 'ماسنجر', 4),
    ('x', 'X', 'إكس', 5),
    ('telegram', 'Telegram', 'تيليغرام', 6),
    ('tiktok', 'TikTok', 'تيك توك', 7),
    ('youtube', 'YouTube', 'يوتيوب', 8),
    ('snapchat', 'Snapchat', 'سناب شات', 9),
    ('other', 'Other', 'أخرى', 10);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name_en TEXT NOT NULL,
    name_ar TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 100
);
INSERT INTO categories (key, name_en, name_ar, builtin, position) VALUES
    ('death-threat', 'Death threat', 'تهديد بالقتل', 1, 1),
    ('sexual-violence-threat', 'Threat of sexual violence', 'تهديد بالعنف الجنسي', 1, 2),
    ('sexual-harassment', 'Sexual harassment or slurs', 'تحرش جنسي أو شتائم جنسية', 1, 3),
    ('doxing', 'Doxing (personal information published)', 'نشر معلومات شخصية (كشف الهوية)', 1, 4),
    ('deepfake', 'Deepfake or manipulated media', 'تزييف عميق أو وسائط مُفبركة', 1, 5),
    ('defamation', 'Defamation or disinformation', 'تشهير أو تضليل', 1, 6),
    ('incitement', 'Incitement', 'تحريض', 1, 7),
    ('hate-speech', 'Hate speech', 'خطاب كراهية', 1, 8),
    ('impersonation', 'Impersonation', 'انتحال شخصية', 1, 9),
    ('blasphemy-accusation', 'Accusation of blasphemy', 'اتهام بالتجديف أو ازدراء الأديان', 1, 10),
    ('threats-to-family', 'Threats to family or colleagues', 'تهديد الأسرة أو الزملاء', 1, 11),
    ('other', 'Other', 'أخرى', 1, 99);

CREATE TABLE item_categories (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, category_id)
) WITHOUT ROWID;
CREATE INDEX item_categories_category ON item_categories(category_id, item_id);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
);
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX item_tags_tag ON item_tags(tag_id, item_id);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL UNIQUE COLLATE NOCASE,
    description TEXT NOT NULL DEFAULT '',
    starts_on TEXT,
    ends_on TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE TABLE item_cases (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, case_id)
) WITHOUT ROWID;
CREATE INDEX item_cases_case ON item_cases(case_id, item_id);

CREATE TABLE perpetrators (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL UNIQUE COLLATE NOCASE,
    notes TEXT NOT NULL DEFAULT '',
    anonymous INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    platform TEXT NOT NULL REFERENCES platforms(key),
    handle TEXT NOT NULL,
    handle_norm TEXT NOT NULL,
    display_name TEXT,
    profile_url TEXT,
    numeric_id TEXT,
    first_seen TEXT,
    last_seen TEXT,
    perpetrator_id INTEGER REFERENCES perpetrators(id) ON DELETE SET NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (platform, handle_norm)
);
CREATE INDEX accounts_perpetrator ON accounts(perpetrator_id);
CREATE INDEX accounts_handle ON accounts(handle_norm);

CREATE TABLE item_accounts (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, account_id)
) WITHOUT ROWID;
CREATE INDEX item_accounts_account ON item_accounts(account_id, item_id);

CREATE TABLE platform_reports (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    platform TEXT NOT NULL REFERENCES platforms(key),
    reported_at TEXT NOT NULL,
    channel TEXT,
    reference TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'removed', 'restricted', 'rejected', 'no-answer')),
    answered_at TEXT,
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX platform_reports_item ON platform_reports(item_id);
CREATE INDEX platform_reports_status ON platform_reports(status, item_id);

CREATE VIRTUAL TABLE item_fts USING fts5(
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
"""
