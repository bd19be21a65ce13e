"""Review forms filled in but not saved yet, kept per requirement for one browser session (pure).

Why keep them rather than warn: a committee member often opens a neighbouring requirement before
finishing a note (to compare its wording or its evidence), and the page cannot stop a menu choice or
ask before it happens; a warning afterwards would come when the text is already gone. So a form left
unsaved is kept for the session and put back when its requirement is shown again, with a message
saying so. The whole form is kept, not the note alone: a note written for 驳回 must not come back
beside 确认. A draft is never a decision: nothing is stored until 保存审核意见.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from align.documents import CoverageReport

#: A requirement as the drafts know it: (standard, level, point number). Kept across runs of the
#: same standard, since the (standard, level, point) indexes of the menu change with the uploads.
Key = tuple[str, str, str]


def draft_key(report: CoverageReport, loc: tuple[int, int, int]) -> Key:
    si, li, pi = loc
    sc = report.standards[si]
    lc = sc.levels[li]
    return sc.standard.name, lc.level, lc.points[pi].point.id


class Typed(NamedTuple):
    """The review form as the page sends it: units are the menu's values (``"i|j"``)."""

    decision: str | None
    status: str | None
    units: Sequence[str] | None
    note: str | None


@dataclass(frozen=True)
class Form:
    """A review form's content; units by their labels (``课程 › 单元``), which a new run keeps."""

    decision: str = "confirm"
    status: str | None = None
    units: tuple[str, ...] = ()
    note: str = ""

    def same_as(self, other: Form) -> bool:
        return (self.decision, self.status, self.units, self.note.strip()) == (
            other.decision, other.status, other.units, other.note.strip()
        )  # fmt: skip


@dataclass
class Drafts:
    """The requirement the review form shows, what it was filled with, and the unsaved forms."""

    shown: Key | None = None
    saved: Form = field(default_factory=Form)
    #: The unit menu's labels by value, for the form shown.
    unit_labels: dict[str, str] = field(default_factory=dict)
    forms: dict[Key, Form] = field(default_factory=dict)
    #: The form shows what is stored although the requirement has a draft (see :meth:`set_aside`).
    held: bool = False
    #: A requirement whose draft is held back the next time it is shown.
    aside: Key | None = None

    def leave(self, typed: Typed | None) -> Key | None:
        """The form is about to show something else: keep what it holds as the shown requirement's
        draft, unless it is what was saved. Returns the key when a draft was kept."""
        if self.shown is None or typed is None:
            return None
        form = Form(
            typed.decision or "confirm",
            typed.status or None,
            tuple(sorted(self.unit_labels[v] for v in typed.units or () if v in self.unit_labels)),
            typed.note or "",
        )
        if form.same_as(self.saved):
            if not self.held:  # a draft held back is still the user's: untouched, it stays
                self.forms.pop(self.shown, None)
            return None
        self.forms[self.shown] = form
        return self.shown

    def show(self, key: Key, saved: Form, unit_labels: dict[str, str]) -> Form:
        """The form now shows ``key``: what to fill it with (its draft, else what was saved)."""
        self.held = self.aside == key and key in self.forms
        self.aside = None
        self.shown, self.saved, self.unit_labels = key, saved, unit_labels
        return saved if self.held else self.forms.get(key, saved)

    def set_aside(self, typed: Typed | None) -> None:
        """A save refused because another reviewer changed the decision meanwhile: what the form held
        is kept as the shown requirement's draft, and the form shows the stored decision once (the user
        should see it before deciding again); the draft comes back when the requirement is chosen again."""
        key = self.shown
        self.held = False  # a draft already held back is replaced by what the form holds now
        if self.leave(typed) is not None:
            self.aside = key

    def has_draft(self, key: Key) -> bool:
        return key in self.forms

    def discard(self, key: Key) -> None:
        """The form was saved (or the decision withdrawn): it is no longer a draft."""
        self.forms.pop(key, None)

    def hide(self) -> None:
        """The form shows no requirement (a failed run cleared it)."""
        self.shown, self.saved, self.unit_labels, self.held, self.aside = None, Form(), {}, False, None
