# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright 2026 The Bayyina developers
"""The campaign as a whole (issue 15), in three tabs over a ``ui.jobs.lens.CampaignView``:

- **Reposts**: every cluster of items showing the same picture — "This picture was posted by 14
  accounts on 3 platforms between 4 and 18 July" — with a few of its pictures, and "Apply tags
  to all members…" (the tagging flow's batch: one custody entry per item).
- **Accounts**: every account with its platform, items, clusters it reposted, first and last
  seen and linked perpetrator; accounts that posted the same pictures are listed together under
  their group (``app.cases.accounts_stats.account_summaries``).
- **Escalation**: items per day or per ISO week by platform over any span (From/To, unbounded
  by default), drawn as the case timeline draws and listed in a table; days with more than three
  times the median marked as peaks (``app.cases.accounts_stats.escalation``).

Handles, names and labels are untrusted: shown through ``safe_text`` only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6 import QtCore, QtGui, QtWidgets

from app.cases.accounts_stats import PEAK_FACTOR
from app.errors import AppError
from ui.dialogs.lens import ItemRole, children, cluster_sentence, day_words, top_items
from ui.i18n import _, current, ngettext
from ui.widgets.date_field import DateFieldWidget
from ui.widgets.secure_label import safe_text, ui_direction_mark
from ui.widgets.timeline import TimelineWidget

CLUSTERS, ACCOUNTS, ESCALATION = 0, 1, 2
MembersRole = QtCore.Qt.ItemDataRole.UserRole + 2
PeakRole = QtCore.Qt.ItemDataRole.UserRole + 3


def _strip(images: tuple[QtGui.QImage, ...], size: int = 56) -> QtGui.QIcon:
    """A few of a cluster's pictures side by side, as one icon."""
    if not images:
        return QtGui.QIcon()
    shown = images[:4]
    canvas = QtGui.QPixmap(size * len(shown) + 4 * (len(shown) - 1), size)
    canvas.fill(QtCore.Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(canvas)
    for n, image in enumerate(shown):
        scaled = image.scaled(size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio,
                              QtCore.Qt.TransformationMode.SmoothTransformation)
        x = n * (size + 4) + (size - scaled.width()) // 2
        painter.drawImage(x, (size - scaled.height()) // 2, scaled)
    painter.end()
    return QtGui.QIcon(canvas)


class EscalationChart(TimelineWidget):
    """The case timeline's chart over any span, with a red mark above every bar that holds a
    peak day (more than ``PEAK_FACTOR`` times the median)."""

    PEAK = "#b3261e"

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._peaks: tuple[str, ...] = ()

    def set_peaks(self, days: tuple[str, ...]) -> None:
        self._peaks = tuple(days)
        self.update()

    def peak_bars(self) -> list[int]:
        """Indexes of the bars (periods) holding a peak day."""
        return [i for i, p in enumerate(self.periods())
                if any(p.first <= day <= p.last for day in self._peaks)]

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        super().paintEvent(event)
        bars = self.peak_bars()
        if not bars:
            return
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(QtGui.QColor(self.PEAK))
        for i in bars:
            slot = self.bar_rect(i)
            cx, top = slot.center().x(), slot.top() - 2
            p.drawPolygon(QtGui.QPolygonF([QtCore.QPointF(cx - 5, top - 8),
                                           QtCore.QPointF(cx + 5, top - 8),
                                           QtCore.QPointF(cx, top)]))
        p.end()


class CampaignDialog(QtWidgets.QDialog):
    """Emits:
        tag_cluster_requested(object): the member ids of the cluster chosen.
        escalation_requested(object, object): From and To (ISO days or None).
        members_chosen(object): the member ids of the cluster chosen, to show in the list.
    """

    tag_cluster_requested = QtCore.Signal(object)
    escalation_requested = QtCore.Signal(object, object)
    members_chosen = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The campaign: reposts, accounts, escalation"))
        self._names: dict[str, tuple[str, str]] = {}
        self._escalation: Any = None
        self.tabs = QtWidgets.QTabWidget(self)
        self.tabs.addTab(self._clusters_tab(), _("Reposts of the same picture"))
        self.tabs.addTab(self._accounts_tab(), _("Accounts"))
        self.tabs.addTab(self._escalation_tab(), _("Escalation"))
        self.status_label = QtWidgets.QLabel(_("Reading the vault…"), self)
        self.status_label.setObjectName("hint")
        self.status_label.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)
        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.buttons)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(1100, 640)  # the screen-fit filter clamps it to a smaller screen

    # --- construction --------------------------------------------------------------------------
    def _clusters_tab(self) -> QtWidgets.QWidget:
        tab = QtWidgets.QWidget(self)
        self.clusters_summary = QtWidgets.QLabel(tab)
        self.clusters_summary.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.clusters_summary.setWordWrap(True)
        self.clusters = QtWidgets.QTreeWidget(tab)
        self.clusters.setAccessibleName(_("Reposts of the same picture"))
        self.clusters.setColumnCount(3)
        self.clusters.setHeaderLabels([_("Pictures"), _("Who posted it, where and when"),
                                       _("Accounts")])
        self.clusters.setRootIsDecorated(False)
        self.clusters.setIconSize(QtCore.QSize(4 * 56 + 12, 56))
        self.clusters.setWordWrap(True)
        header = self.clusters.header()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.resizeSection(2, 220)
        self.tag_button = QtWidgets.QPushButton(_("Apply tags to all members…"), tab)
        self.show_button = QtWidgets.QPushButton(_("Show in the list"), tab)
        for button in (self.tag_button, self.show_button):
            button.setEnabled(False)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.tag_button)
        row.addWidget(self.show_button)
        row.addStretch(1)
        layout = QtWidgets.QVBoxLayout(tab)
        layout.addWidget(self.clusters_summary)
        layout.addWidget(self.clusters, 1)
        layout.addLayout(row)
        self.clusters.currentItemChanged.connect(self._on_clusters_current_item_changed)
        self.tag_button.clicked.connect(self._on_tag_button_clicked)
        self.show_button.clicked.connect(self._on_show_button_clicked)
        return tab

    def _accounts_tab(self) -> QtWidgets.QWidget:
        tab = QtWidgets.QWidget(self)
        self.accounts_summary = QtWidgets.QLabel(tab)
        self.accounts_summary.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.accounts_summary.setWordWrap(True)
        self.accounts = QtWidgets.QTreeWidget(tab)
        self.accounts.setAccessibleName(_("Accounts"))
        self.accounts.setColumnCount(7)
        self.accounts.setHeaderLabels([_("Account"), _("Platform"), _("Items"),
                                       _("Reposted pictures"), _("First seen"), _("Last seen"),
                                       _("Perpetrator")])
        self.accounts.setUniformRowHeights(True)
        self.accounts.header().setSectionResizeMode(
            0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.accounts.header().setMinimumSectionSize(60)
        self.accounts.header().setStretchLastSection(False)
        layout = QtWidgets.QVBoxLayout(tab)
        layout.addWidget(self.accounts_summary)
        layout.addWidget(self.accounts, 1)
        return tab

    def _escalation_tab(self) -> QtWidgets.QWidget:
        tab = QtWidgets.QWidget(self)
        self.from_field = DateFieldWidget(tab, with_time=False)
        self.to_field = DateFieldWidget(tab, with_time=False)
        self.unit_box = QtWidgets.QComboBox(tab)
        self.unit_box.addItem(_("Per day"), "day")
        self.unit_box.addItem(_("Per week"), "week")
        self.apply_button = QtWidgets.QPushButton(_("Show"), tab)
        self.range_error = QtWidgets.QLabel(tab)
        self.range_error.setObjectName("error")
        self.range_error.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.range_error.hide()
        controls = QtWidgets.QHBoxLayout()
        controls.addWidget(QtWidgets.QLabel(_("From:"), tab))
        controls.addWidget(self.from_field, 1)
        controls.addWidget(QtWidgets.QLabel(_("To:"), tab))
        controls.addWidget(self.to_field, 1)
        controls.addWidget(self.unit_box)
        controls.addWidget(self.apply_button)
        self.escalation_summary = QtWidgets.QLabel(tab)
        self.escalation_summary.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        self.escalation_summary.setWordWrap(True)
        self.chart = EscalationChart(tab)
        self.chart.setMinimumSize(420, 160)
        self.table = QtWidgets.QTreeWidget(tab)
        self.table.setAccessibleName(_("Escalation"))
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical, tab)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setSizes([200, 220])
        layout = QtWidgets.QVBoxLayout(tab)
        layout.addLayout(controls)
        layout.addWidget(self.range_error)
        layout.addWidget(self.escalation_summary)
        layout.addWidget(split, 1)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.unit_box.currentIndexChanged.connect(self._on_unit_box_current_index_changed)
        return tab

    # --- state in ------------------------------------------------------------------------------
    def show_campaign(self, view: Any) -> None:
        """A ``ui.jobs.lens.CampaignView``."""
        self._names = dict(view.platform_names)
        self._show_clusters(view.clusters)
        self._show_accounts(view.accounts)
        self.show_escalation(view.escalation)
        self.status_label.setText("")

    def show_message(self, message: str) -> None:
        self.status_label.setText(message)

    def platform_name(self, key: str) -> str:
        if not key:
            return _("No platform")
        en, ar = self._names.get(key, (key, key))
        return safe_text(ar if current().lang == "ar" and ar else en, max_len=60)

    def _show_clusters(self, rows: tuple[Any, ...]) -> None:
        loc = QtCore.QLocale()
        self.clusters.clear()
        self.clusters_summary.setText(
            ngettext("{count} picture was posted more than once.",
                     "{count} pictures were posted more than once.", len(rows)).format(
                count=loc.toString(len(rows))) if rows else
            _("No picture appears more than once yet. Pictures are compared in the background "
              "after import."))
        mark = ui_direction_mark()
        for row in rows:
            c = row.cluster
            accounts = "\n".join(safe_text(a, ltr=True, max_len=60) for a in c.accounts[:40])
            if len(c.accounts) > 40:
                accounts += "\n…"
            cell = QtWidgets.QTreeWidgetItem(["", mark + cluster_sentence(c),
                                              accounts.split("\n", 1)[0] +
                                              (" …" if len(c.accounts) > 1 else "")])
            cell.setToolTip(2, accounts)
            cell.setToolTip(1, cluster_sentence(c))
            cell.setIcon(0, _strip(row.thumbnails))
            cell.setData(0, MembersRole, tuple(c.members))
            cell.setData(0, ItemRole, c.members[0])
            self.clusters.addTopLevelItem(cell)
        if cells := top_items(self.clusters):
            self.clusters.setCurrentItem(cells[0])

    def cluster_members(self) -> list[tuple[int, ...]]:
        """The members of each cluster listed, in order (tests)."""
        return [tuple(cell.data(0, MembersRole)) for cell in top_items(self.clusters)]

    def _show_accounts(self, accounts: tuple[Any, ...]) -> None:
        loc = QtCore.QLocale()
        self.accounts.clear()
        groups: dict[int, list[Any]] = {}
        alone: list[Any] = []
        for a in accounts:
            (groups.setdefault(a.group, []) if a.group else alone).append(a)
        for number in sorted(groups):
            members = groups[number]
            head = QtWidgets.QTreeWidgetItem([ngettext(
                "Group {n}: {count} account that posted the same pictures",
                "Group {n}: {count} accounts that posted the same pictures",
                len(members)).format(n=loc.toString(number), count=loc.toString(len(members)))])
            head.setFirstColumnSpanned(True)
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            self.accounts.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for a in members:
                head.addChild(self._account_row(a))
            head.setExpanded(True)
        for a in alone:
            self.accounts.addTopLevelItem(self._account_row(a))
        for col in range(1, 7):
            self.accounts.resizeColumnToContents(col)
            self.accounts.setColumnWidth(col, min(self.accounts.columnWidth(col), 200))
        self.accounts_summary.setText(
            ngettext("{count} account posted the evidence.",
                     "{count} accounts posted the evidence.", len(accounts)).format(
                count=loc.toString(len(accounts))) + " " +
            ngettext("{groups} group of accounts posted the same pictures.",
                     "{groups} groups of accounts posted the same pictures.",
                     len(groups)).format(groups=loc.toString(len(groups)))
            if accounts else _("No account is tagged on the evidence yet."))

    def _account_row(self, a: Any) -> QtWidgets.QTreeWidgetItem:
        loc = QtCore.QLocale()
        handle = safe_text(a.untrusted_handle, ltr=True, max_len=80)
        if a.untrusted_display_name:
            handle = _("{handle} ({name})").format(
                handle=handle, name=safe_text(a.untrusted_display_name, max_len=60))
        cell = QtWidgets.QTreeWidgetItem([
            ui_direction_mark() + handle, self.platform_name(a.platform), loc.toString(a.items),
            loc.toString(len(a.clusters)), day_words(a.first_seen), day_words(a.last_seen),
            safe_text(a.perpetrator or "", max_len=60)])
        cell.setData(0, ItemRole, a.account_id)
        for col in (2, 3):
            cell.setTextAlignment(col, QtCore.Qt.AlignmentFlag.AlignCenter)
        return cell

    def account_rows(self) -> list[tuple[str, str, int, int, int]]:
        """(handle shown, platform shown, items, clusters, group) of each account (tests)."""
        out = []
        loc = QtCore.QLocale()

        def add(cell: QtWidgets.QTreeWidgetItem, group: int) -> None:
            out.append((cell.text(0), cell.text(1), loc.toInt(cell.text(2))[0],
                        loc.toInt(cell.text(3))[0], group))

        group = 0
        for top in top_items(self.accounts):
            if top.childCount():
                group += 1
                for child in children(top):
                    add(child, group)
            else:
                add(top, 0)
        return out

    def show_escalation(self, esc: Any) -> None:
        """An ``app.cases.accounts_stats.Escalation``."""
        from ui.jobs.lens import as_timeline

        self._escalation = esc
        self._names = {**self._names, **dict(esc.names)}
        self.chart.set_data(as_timeline(esc))
        self.chart.set_peaks(esc.peaks)
        loc = QtCore.QLocale()
        if not esc.days:
            self.escalation_summary.setText(_("No dated items in this span."))
        else:
            peaks = _(", ").join(day_words(d) for d in esc.peaks[:12])
            items = ngettext("{count} item", "{count} items", esc.total).format(
                count=loc.toString(esc.total))
            days = ngettext("on {count} day", "on {count} days", len(esc.days)).format(
                count=loc.toString(len(esc.days)))
            text = _("{items} {days}; median {median} a day.").format(
                items=items, days=days, median=loc.toString(esc.median, "g", 3))
            if esc.peaks:
                text += " " + ngettext(
                    "{count} day with more than {factor} times the median: {days}.",
                    "{count} days with more than {factor} times the median: {days}.",
                    len(esc.peaks)).format(count=loc.toString(len(esc.peaks)),
                                           factor=loc.toString(PEAK_FACTOR), days=peaks)
            else:
                text += " " + _("No day holds more than {factor} times the median.").format(
                    factor=loc.toString(PEAK_FACTOR))
            self.escalation_summary.setText(text)
        self._fill_table()

    def _fill_table(self) -> None:
        esc = self._escalation
        self.table.clear()
        if esc is None:
            return
        weekly = self.unit_box.currentData() == "week"
        keys = sorted({p for counts in esc.per_day.values() for p in counts},
                      key=lambda k: (k == "", list(self._names).index(k)
                                     if k in self._names else 99, k))
        self.table.setColumnCount(3 + len(keys))
        self.table.setHeaderLabels([_("Week") if weekly else _("Day"), _("Items"),
                                    _("Peak")] + [self.platform_name(k) for k in keys])
        loc = QtCore.QLocale()
        peaks = set(esc.peaks)
        if weekly:
            periods = [(w, esc.per_week[w], any(_week_of(d) == w for d in peaks))
                       for w in esc.weeks]
        else:
            periods = [(d, esc.per_day[d], d in peaks) for d in esc.days]
        for key, counts, peak in periods:
            label = _week_words(key) if weekly else day_words(key)
            mark = (_("a peak day in this week") if weekly else
                    _("more than {factor}× the median").format(
                        factor=loc.toString(PEAK_FACTOR))) if peak else ""
            cell = QtWidgets.QTreeWidgetItem(
                [label, loc.toString(sum(counts.values())), mark]
                + [loc.toString(counts.get(k, 0)) if counts.get(k) else "" for k in keys])
            cell.setData(0, ItemRole, key)
            cell.setData(0, PeakRole, peak)
            if peak:
                font = cell.font(0)
                font.setBold(True)
                for col in range(3 + len(keys)):
                    cell.setFont(col, font)
                    cell.setForeground(col, QtGui.QBrush(QtGui.QColor("#b3261e")))
            self.table.addTopLevelItem(cell)
        for col in range(3 + len(keys)):
            self.table.resizeColumnToContents(col)

    def marked_periods(self) -> list[tuple[str, int, bool]]:
        """(ISO day or week, items, peak) of each table row (tests)."""
        loc = QtCore.QLocale()
        return [(str(cell.data(0, ItemRole)), loc.toInt(cell.text(1))[0],
                 bool(cell.data(0, PeakRole))) for cell in top_items(self.table)]

    # --- intent out ----------------------------------------------------------------------------
    @QtCore.Slot()
    def _on_clusters_current_item_changed(self, *_args: object) -> None:
        chosen = self.clusters.currentItem() is not None
        self.tag_button.setEnabled(chosen)
        self.show_button.setEnabled(chosen)

    @QtCore.Slot()
    def _on_tag_button_clicked(self) -> None:
        cell = self.clusters.currentItem()
        if cell is not None:
            self.tag_cluster_requested.emit(tuple(cell.data(0, MembersRole)))

    @QtCore.Slot()
    def _on_show_button_clicked(self) -> None:
        cell = self.clusters.currentItem()
        if cell is not None:
            self.members_chosen.emit(tuple(cell.data(0, MembersRole)))

    @QtCore.Slot()
    def _on_apply_button_clicked(self) -> None:
        try:
            start = self.from_field.value() or None
            end = self.to_field.value() or None
        except AppError as exc:
            from app.messages import describe

            self.range_error.setText(describe(exc, current(), isolate=True))
            self.range_error.show()
            return
        self.range_error.hide()
        self.escalation_requested.emit(start[:10] if start else None, end[:10] if end else None)

    @QtCore.Slot()
    def _on_unit_box_current_index_changed(self, *_args: object) -> None:
        self._fill_table()


def _week_of(day: str) -> str:
    year, week, _wd = date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def _week_words(week: str) -> str:
    """"Week of 6 July 2026" for ``2026-W28`` (its Monday)."""
    year, _sep, number = week.partition("-W")
    try:
        monday = date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        return week
    return _("Week of {day}").format(day=day_words(monday.isoformat()))
