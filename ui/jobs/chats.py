# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""Chat exports, run in a worker for :mod:`ui.flows.chat_flow`: the chat and its messages a page
at a time (:mod:`app.chats.query`), search with neighbours, jump to a date, the exporter's offset
(:func:`app.chats.store.set_offset`, as ``chat offset``), and the selected messages cut as an
excerpt (:func:`app.chats.excerpt.make_excerpt`, as ``chat excerpt``) to tag or to save."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.textsafety import clean_untrusted, one_line

if TYPE_CHECKING:
    from app.chats.query import Chat, ChatMessage
    from app.vault import Vault

PAGE = 1000  # the first page: painted while the rest is read
MORE = 5000  # the pages after it (app.chats.query.MAX_PAGE): fewer relayouts of the list
SEARCH_LIMIT = 200
LIST_LIMIT = 500
MAX_SHOWN_CHARS = 4000  # a message longer than this is cut on screen (whole in the vault)


@dataclass(frozen=True, slots=True)
class ChatRow:
    """One message as the view paints it. ``attachments``: (name, kind, item id or None)."""

    index: int
    sent_at: str            # as the export wrote it, ISO 8601 without offset ("" if none)
    author: str             # cleaned, one line ("" for system lines)
    text: str               # cleaned, newlines kept, at most MAX_SHOWN_CHARS
    system: bool
    edited: bool
    deleted: bool
    forwarded_from: str
    attachments: tuple[tuple[str, str, int | None], ...]
    rtl: bool
    hit: bool = False       # a search hit (its neighbours are context)
    context: bool = False   # a neighbour shown around a hit
    first_of_hit: bool = False  # the first row of a hit's group (a gap above it)

    @property
    def media_items(self) -> list[int]:
        return [item for _n, _k, item in self.attachments if item is not None]


def text_is_rtl(text: str) -> bool:
    """True when the first strong letter of ``text`` is right-to-left (Arabic, Hebrew…): the
    paragraph direction the Unicode bidi algorithm gives it (rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def row_from(m: ChatMessage, *, hit: bool = False, context: bool = False,
             first_of_hit: bool = False) -> ChatRow:
    text = clean_untrusted(m.text or "", MAX_SHOWN_CHARS)
    author = one_line(m.author or "", 80)
    return ChatRow(
        m.index, m.sent_at or "", author, text, m.kind == "system", m.edited, m.deleted,
        one_line(m.forwarded_from or "", 80),
        tuple((one_line(a.name or "", 120), a.kind or "", a.item_id) for a in m.attachments),
        text_is_rtl(text or author), hit, context, first_of_hit)


@dataclass
class ChatOpened:
    chat: Chat
    rows: list[ChatRow]
    categories: list[tuple[str, str]]  # (key, name in the interface language)
    perpetrators: list[str]            # untrusted labels


@dataclass
class SearchResult:
    rows: list[ChatRow] = field(default_factory=list)
    total: int = 0     # every match (the rows show the first SEARCH_LIMIT with neighbours)
    shown: int = 0     # hits (or listed messages) among ``rows``


def open_chat(vault: Vault, item_id: int, lang: str = "en") -> ChatOpened:
    """The chat, its first page, and the choices of the tag dialog."""
    from app.cases import list_categories
    from app.cases.people import list_perpetrators
    from app.chats.query import get_chat

    chat = get_chat(vault, item_id)
    categories = [(c.key, c.name_ar if lang == "ar" else c.name_en)
                  for c in list_categories(vault)]
    return ChatOpened(chat, load_page(vault, item_id, 0), categories,
                      [p.label for p in list_perpetrators(vault)])


def load_page(vault: Vault, item_id: int, offset: int, limit: int | None = None
              ) -> list[ChatRow]:
    from app.chats.query import list_messages

    return [row_from(m) for m in list_messages(vault, item_id, offset=offset,
                                                limit=PAGE if limit is None else limit)]


def load_measured(vault: Vault, item_id: int, offset: int, measure: Callable[[list[ChatRow]],
                  list[int]], limit: int | None = None) -> tuple[list[ChatRow], list[int]]:
    """A page and its rows' heights, measured here in the worker by the view's ``measure``
    (``ui.views.chat_view.BubbleMeasure``), so the list only looks them up."""
    rows = load_page(vault, item_id, offset, MORE if limit is None else limit)
    return rows, measure(rows)


def _filter(author: str, since: str, until: str, media: bool | None) -> Any:
    from app.chats.query import MessageFilter

    return MessageFilter(author=author or None, since=since or None, until=until or None,
                         has_media=media)


def search(vault: Vault, item_id: int, text: str, *, author: str = "", since: str = "",
           until: str = "", media: bool | None = None, context: int = 2) -> SearchResult:
    """Messages of this chat matching ``text`` (Arabic-normalised, every word as a prefix, a
    one-character word as a whole word), each with ``context`` neighbours; with no text, the
    messages the filters keep."""
    from app.chats import query

    flt = _filter(author, since, until, media)
    if not text.strip():
        messages = query.list_messages(vault, item_id, flt, limit=LIST_LIMIT)
        return SearchResult([row_from(m, hit=True) for m in messages],
                            query.count_messages(vault, item_id, flt), len(messages))
    hits = query.search_messages(vault, text, flt, item_id=item_id, limit=SEARCH_LIMIT,
                                 context=context)
    rows: list[ChatRow] = []
    for hit in hits:
        group = [(m, False) for m in hit.before] + [(hit.message, True)] + \
            [(m, False) for m in hit.after]
        for n, (m, is_hit) in enumerate(group):
            rows.append(row_from(m, hit=is_hit, context=not is_hit, first_of_hit=n == 0))
    return SearchResult(rows, query.count_hits(vault, text, flt, item_id=item_id), len(hits))


def first_on(vault: Vault, item_id: int, day: str) -> int:
    """The position of the first message on or after ``day`` (-1: none so late)."""
    from app.chats.query import first_index_on

    found = first_index_on(vault, item_id, day)
    return -1 if found is None else found


def set_offsets(vault: Vault, item_ids: list[int], offset: str) -> str:
    """The exporter's offset for chats whose export carried none (one ``chat.offset`` custody
    entry each); the canonical offset."""
    from app.chats.store import set_offset

    out = offset
    for item_id in item_ids:
        out = set_offset(vault, item_id, offset)
    return out


def tag_selection(vault: Vault, chat_id: int, indices: list[int], *, categories: list[str],
                  perpetrator: str, notes: str, context: int) -> dict[str, Any]:
    """Cut the selection as an excerpt and tag it like any item: categories, notes, and the
    perpetrator — the selected messages' authors' accounts are attached to it (a new perpetrator
    is created under that label)."""
    from app.cases import ItemId, TagChanges, tag_item
    from app.cases.people import add_perpetrator, get_perpetrator, link_account
    from app.chats.excerpt import make_excerpt
    from app.errors import AppError

    made = make_excerpt(vault, chat_id, indices, context=context)
    item = ItemId(int(made["item_id"]))
    tag_item(vault, item, TagChanges(add_categories=tuple(categories), notes=notes or None))
    accounts: list[tuple[str, str]] = []
    label = perpetrator.strip()
    if label:
        picked = sorted(set(indices))
        accounts = [(str(p), str(h)) for p, h in vault.read(
            "SELECT DISTINCT a.platform, a.handle FROM chat_messages m JOIN accounts a ON a.id = "
            f"m.account_id WHERE m.item_id = ? AND m.idx IN ({', '.join('?' * len(picked))})",
            (chat_id, *picked))]
        try:
            found = get_perpetrator(vault, label)
        except AppError:
            add_perpetrator(vault, label, accounts=tuple(accounts))
        else:
            for platform, handle in accounts:
                link_account(vault, found.id, platform, handle)
    return {**made, "accounts": len(accounts), "perpetrator": label}


def save_excerpt(vault: Vault, chat_id: int, indices: list[int], folder: Path,
                 context: int) -> dict[str, Any]:
    """"Export excerpt…": the excerpt item (made if new) written into ``folder`` as its clean copy
    — the excerpt's canonical JSON, the same bytes as its sealed original — through
    :func:`app.vault.items.extract` (a custody entry; never replacing a file)."""
    from app.chats.excerpt import make_excerpt
    from app.vault.items import extract

    made = make_excerpt(vault, chat_id, indices, context=context)
    item_id = int(made["item_id"])
    out = Path(folder) / f"bayyina-excerpt-{item_id}.json"
    saved = extract(vault, item_id, out)
    return {**made, "path": saved["path"]}
