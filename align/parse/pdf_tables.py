"""Tables printed without ruling lines: columns that are only whitespace (borderless tables).

Word and WPS export a table whose borders are turned off as bare text, and some standards are
typeset with whitespace columns. pdfplumber finds no table there (its lattice needs lines, and its
text strategy cuts a row at every printed line and loses narrow columns), so such a table is read
from the positions of its characters:

- **Columns.** A printed line split by a wide gap (a character or more) starts a candidate table.
  The lines above and below join it while they keep its gaps open, are set in the same type and
  follow closely. A gap that two lines have text on both sides of is a column edge: a line across
  it (a paragraph under the table) ends the table.
- **Rows.** Where rows are set apart by more space than the lines of a cell (cell padding), that
  space separates them. Otherwise a row starts where no column's text wraps across: a long
  职业技能要求 wrapping onto several lines stays one cell, and a new numbered requirement, or a line
  after one that ended short, starts the next row.
- **Merged cells** (a 工作领域 spanning several rows) are written once: at the top of their rows
  (Word's default), where they read like a merged cell of a ruled table; or centred on their rows,
  where each is moved up to the first row of its numbered items (``2.1 任务`` to the row of
  ``2.1.1``), and a page where that cannot be done is named in a warning.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from align.parse.blocks import Cell, Table
from align.parse.numbering import Number, number
from align.parse.pdf_lines import Line, PageTable, join_lines, line_groups, line_of, wraps

# Distances in units of the type size.
_CELL_GAP = 1.0  # a run of whitespace this wide on a printed line may separate two cells
_COLUMN_GAP = 0.5  # a column edge keeps at least this much whitespace on every line of the table
_LINE_GAP = 2.0  # more space than this between two printed lines ends a table
_SIZE_CHANGE = 0.1  # a line set in a type this much larger or smaller is no part of the table
_PADDING = 0.25  # rows set apart by this much more than the lines of a cell are padded rows
_WRAP_ROOM = 3.0  # a column whose text never comes this close to the next column never wraps
_NARROW = 4.0  # a column narrower than this many characters holds numbers or codes and never wraps
_HEADER_BAND = 0.1  # running headers and page numbers sit in the top and bottom tenth of a page
_CLOSING = set("。，、；：！？）】」』》〉”’")
_OPENING = set("（【「『《〈“‘")


@dataclass
class _Strip:
    """One printed line across the page: its characters and where they print, in pieces that
    whitespace half a character wide or more separates (a column edge leaves at least that)."""

    chars: list[dict]
    top: float
    bottom: float
    size: float
    pieces: list[tuple[float, float]]

    @property
    def split(self) -> bool:
        """Whether a gap a character wide or more parts the line: it may be a row of a table."""
        return any(b[0] - a[1] >= _CELL_GAP * self.size for a, b in itertools.pairwise(self.pieces))


def _strips(chars: list[dict]) -> list[_Strip]:
    out = []
    for group in line_groups(chars):
        printed = [c for c in group if c["text"].strip()]
        if not printed:
            continue
        size = Counter(round(c["size"], 1) for c in printed).most_common(1)[0][0]
        pieces = _merge(_ink(printed), _COLUMN_GAP * size)
        top, bottom = min(c["top"] for c in printed), max(c["bottom"] for c in printed)
        # The spaces stay with the characters: they tell words apart once the cells are known.
        out.append(_Strip(group, top, bottom, size, pieces))
    return out


def _ink(printed: list[dict]) -> list[tuple[float, float]]:
    """Where each character prints. Full-width punctuation prints in half its box, so a "。" that
    ends a cell's line may reach into the space between two columns (允许标点溢出边界); that half
    counts as space where space follows it, not inside running text."""
    out = []
    for i, ch in enumerate(printed):
        x0, x1 = ch["x0"], ch["x1"]
        half = (x1 - x0) / 2
        spaced_after = i + 1 == len(printed) or printed[i + 1]["x0"] - x1 > 0.1 * half
        spaced_before = i == 0 or x0 - printed[i - 1]["x1"] > 0.1 * half
        if ch["text"] in _CLOSING and spaced_after:
            x1 -= half
        elif ch["text"] in _OPENING and spaced_before:
            x0 += half
        out.append((x0, x1))
    return out


@dataclass
class _Gap:
    """Whitespace between two columns, and how many lines of the table have text on its sides."""

    left: float
    right: float
    lefts: int = 0
    rights: int = 0
    boths: int = 0

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2

    @property
    def edge(self) -> bool:
        """Whether the gap is a column edge: two lines have text on both sides of it, or one has and
        two more have on each side (where the cells of a column are centred on their rows, most
        lines have text on one side only)."""
        return self.boths >= 2 or (self.boths >= 1 and self.lefts >= 2 and self.rights >= 2)

    def within(self, other: _Gap) -> bool:
        return self.left < other.right and other.left < self.right

    def count(self, pieces: list[tuple[float, float]]) -> None:
        """Count a line printed in ``pieces``."""
        left = any(x1 <= self.left for _, x1 in pieces)
        right = any(x0 >= self.right for x0, _ in pieces)
        self.lefts += left
        self.rights += right
        self.boths += left and right


@dataclass
class Grid:
    """The columns of a table being found: where its lines print, and the gaps between columns."""

    lines: list[list[tuple[float, float]]]  # the pieces of each line of the table
    covered: list[tuple[float, float]]
    gaps: list[_Gap]
    size: float

    @classmethod
    def seed(cls, strip: _Strip) -> Grid:
        return cls([], [], [], strip.size).admit(strip) or cls([], [], [], strip.size)

    def admit(self, strip: _Strip) -> Grid | None:
        """The grid with ``strip`` added, or ``None`` when the strip crosses a column edge."""
        if abs(strip.size - self.size) > _SIZE_CHANGE * self.size:
            return None
        covered = _merge([*self.covered, *strip.pieces], _COLUMN_GAP * self.size)
        gaps = [_Gap(a[1], b[0]) for a, b in itertools.pairwise(covered)]
        if any(old.edge and not any(g.within(old) for g in gaps) for old in self.gaps):
            return None
        if self.gaps and not gaps:
            return None  # the line fills the table's width: a paragraph, not a row
        for gap in gaps:
            # Text beside a gap is beside the narrower gap it becomes: the counts carry over.
            old = next((o for o in self.gaps if gap.within(o)), None)
            if old is not None:
                gap.lefts, gap.rights, gap.boths = old.lefts, old.rights, old.boths
            else:
                for pieces in self.lines:
                    gap.count(pieces)
            gap.count(strip.pieces)
        return Grid([*self.lines, strip.pieces], covered, gaps, self.size)

    @property
    def edges(self) -> list[float]:
        """Where one column ends and the next begins."""
        return [g.middle for g in self.gaps]

    @property
    def confirmed(self) -> bool:
        return any(g.edge for g in self.gaps)


def _merge(spans: list[tuple[float, float]], join: float) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for x0, x1 in sorted(spans):
        if out and x0 - out[-1][1] < join:
            out[-1] = (out[-1][0], max(out[-1][1], x1))
        else:
            out.append((x0, x1))
    return out


@dataclass
class _Found:
    """The strips of one borderless table on a page, top to bottom, and its columns."""

    strips: list[_Strip]
    grid: Grid
    last_on_page: bool = False
    continued: bool = False  # it goes on with the table the previous page ended with
    tentative: bool = False  # a lone row at the foot of the page: a table only if the next page goes on


def _close(above: _Strip, below: _Strip, size: float) -> bool:
    return below.top - above.bottom <= _LINE_GAP * size


def _grow(grid: Grid, strips: list[_Strip], taken: set[int], start: int, step: int) -> tuple[Grid, list[int]]:
    """Add the strips from ``start`` on (``step`` 1: down, -1: up) while they fit the grid."""
    added: list[int] = []
    edge = start - step
    i = start
    while 0 <= i < len(strips) and i not in taken:
        above, below = (strips[edge], strips[i]) if step > 0 else (strips[i], strips[edge])
        grown = grid.admit(strips[i]) if _close(above, below, grid.size) else None
        if grown is None:
            break
        grid, edge = grown, i
        added.append(i)
        i += step
    return grid, added


def _continued(carried: Grid, strips: list[_Strip], height: float) -> tuple[Grid, list[int]] | None:
    """The rows at the top of a page that continue the table the previous page ended with.

    A running header may come first, and may even fit the columns: a line alone in the top band
    of the page, apart from what follows, is passed over.
    """
    for i, strip in enumerate(strips):
        grown = carried.admit(strip)
        if grown is not None:
            grid, more = _grow(grown, strips, set(), i + 1, 1)
            if more or strip.top >= _HEADER_BAND * height:
                return grid, [i, *more]
        if strip.top >= _HEADER_BAND * height:
            return None  # something else comes first: the table does not go on here
    return None


def _find(strips: list[_Strip], carried: Grid | None, height: float) -> list[_Found]:
    found: list[_Found] = []
    taken: set[int] = set()
    body_end = max((s.bottom for s in strips if s.top < (1 - _HEADER_BAND) * height), default=0.0)
    first = _continued(carried, strips, height) if carried else None
    if first:
        grid, rows = first
        taken.update(rows)
        found.append(_Found([strips[i] for i in rows], grid, continued=True))
    tried: set[int] = set()  # lines of a candidate that was no table: no seeds of another
    for i, strip in enumerate(strips):
        if i in taken or i in tried or not strip.split:
            continue
        grid, below = _grow(Grid.seed(strip), strips, taken, i + 1, 1)
        grid, above = _grow(grid, strips, taken, i - 1, -1)
        rows = sorted([*above, i, *below])
        # A table's header row alone at the foot of a page, its rows on the next.
        tentative = not grid.confirmed and strips[rows[-1]].bottom >= body_end
        if grid.confirmed or tentative:
            taken.update(rows)
            found.append(_Found([strips[r] for r in rows], grid, tentative=tentative))
        else:
            tried.update(rows)
    for f in found:
        f.last_on_page = f.strips[-1].bottom >= body_end
    return sorted(found, key=lambda f: f.strips[0].top)


# --- rows --------------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Each strip's line in each column, and what is known of the columns."""

    lines: list[list[Line | None]]  # [strip][column]
    rights: list[float]  # where the text of each column ends: a line reaching it may wrap
    can_wrap: list[bool]
    size: float
    pitch: float = 0.0  # from one line of a cell to the next

    def column(self, c: int) -> list[tuple[int, Line]]:
        return [(k, row[c]) for k, row in enumerate(self.lines) if row[c] is not None]

    def continues(self, c: int, j: int, k: int) -> bool:
        """Whether the line of column ``c`` at strip ``k`` continues the one at strip ``j``."""
        prev, line = self.lines[j][c], self.lines[k][c]
        assert prev is not None and line is not None
        adjacent = line.top - prev.top <= self.pitch + _PADDING * self.size
        return adjacent and self.can_wrap[c] and wraps(prev, line, self.rights[c])


def _layout(found: _Found) -> _Layout:
    edges = found.grid.edges
    lines: list[list[Line | None]] = []
    for strip in found.strips:
        columns: list[list[dict]] = [[] for _ in range(len(edges) + 1)]
        for ch in strip.chars:
            x = (ch["x0"] + ch["x1"]) / 2
            columns[sum(x > e for e in edges)].append(ch)
        lines.append([line_of(_trimmed(chars)) for chars in columns])
    width = len(edges) + 1
    columns = [[row[c] for row in lines] for c in range(width)]  # a line or None on each strip
    rights = [_text_edge([ln for ln in column if ln]) for column in columns]
    starts = [min((ln.x0 for ln in column if ln), default=0.0) for column in columns]
    size = found.grid.size
    nexts = [*starts[1:], float("inf")]
    can_wrap = [
        _wrapping(col, right, after, size) for col, right, after in zip(columns, rights, nexts, strict=True)
    ]
    layout = _Layout(lines, rights, can_wrap, size)
    layout.pitch = _pitch(layout)
    return layout


def _wrapping(column: list[Line | None], right: float, next_start: float, size: float) -> bool:
    """Whether a column wraps its text: it is wide enough to (序号 and 学时 are not), its text comes
    close to the next column (short labels beside wide whitespace never wrap), and more than one
    line that another follows reaches its edge (one long course name above a 学分 is no edge)."""
    start = min((ln.x0 for ln in column if ln), default=right)
    reaching = sum(a.x1 >= right - size for a, b in itertools.pairwise(column) if a and b)
    near_next = next_start == float("inf") or next_start - right <= _WRAP_ROOM * size
    return right - start >= _NARROW * size and near_next and reaching >= 2


def _text_edge(lines: list[Line]) -> float:
    """Where the text of a column ends: the furthest a line reaches, leaving out lines whose last
    "。" or "，" hangs beyond the edge."""
    ends = [ln.x1 for ln in lines if ln.text[-1] not in _CLOSING]
    return max(ends or [ln.x1 for ln in lines] or [0.0])


def _trimmed(chars: list[dict]) -> list[dict]:
    """A cell's characters without the blanks before and after them (those belong to the gap)."""
    printed = [i for i, ch in enumerate(chars) if ch["text"].strip()]
    return chars[printed[0] : printed[-1] + 1] if printed else []


def _pitch(layout: _Layout) -> float:
    """The distance from one line of a cell to the next: the least step between two lines of one
    column that is met twice or more (a cell centred beside them may sit anywhere in between)."""
    steps: Counter[float] = Counter()
    for c in range(len(layout.rights)):
        column = layout.column(c)
        steps.update(round((b.top - a.top) * 2) / 2 for (_, a), (_, b) in itertools.pairwise(column))
    lines = [s for s in steps if s >= 0.8 * layout.size]
    usual = [s for s in lines if steps[s] >= 2]
    return min(usual or lines or [layout.size * 1.2])


def _step(layout: _Layout, k: int) -> float:
    """How far strip ``k`` lies below the line before it in the same column (the nearest such);
    infinite for a line with none a few lines above it (a cell centred on its rows, between them)."""
    steps = [
        line.top - above.top
        for c, line in enumerate(layout.lines[k])
        if line is not None
        for above in [next((row[c] for row in reversed(layout.lines[:k]) if row[c] is not None), None)]
        if above is not None
    ]
    step = min(steps, default=float("inf"))
    return step if step <= 4 * layout.pitch else float("inf")


def _row_starts(layout: _Layout, strips: list[_Strip]) -> list[int]:
    """The strips each row starts at (the first is 0)."""
    wraps = _wraps(layout)
    padded = _padding_starts(layout, len(strips))
    if padded is not None:
        # A line of a centred cell may sit between two lines of a wrapped one: no row starts there.
        return [0, *(k for k in padded if not any(j < k < m for j, m in wraps))]
    wrapped = {k for j, m in wraps for k in range(j + 1, m + 1)}  # inside a cell's wrapped text
    return [0, *(k for k in range(1, len(strips)) if k not in wrapped and _starts_row(layout, k))]


def _padding_starts(layout: _Layout, n: int) -> list[int] | None:
    """The row starts where rows are set apart by cell padding, or ``None`` when they are not.

    With padding, a row starts one padding further down than a cell's next line would, the same
    padding each time (and whole lines further where a cell ends in blank lines); an empty line
    inside a cell is a whole line and no padding. Stray wider steps are no padding.
    """
    pitch, size = layout.pitch, layout.size
    steps = {k: _step(layout, k) for k in range(1, n)}
    extra = {k: (s - pitch) % pitch for k, s in steps.items() if pitch + _PADDING * size < s < float("inf")}
    padding = sorted(e for e in extra.values() if e > _PADDING * size)
    if len(padding) < 2:
        return None
    usual = padding[len(padding) // 2]
    starts = [k for k, e in extra.items() if abs(e - usual) <= 1.0]
    return sorted(starts) if len(starts) >= 0.8 * len(extra) else None


def _wraps(layout: _Layout) -> list[tuple[int, int]]:
    """The strips of each line and the next line of its cell that continues it (a wrap)."""
    out = []
    for c in range(len(layout.rights)):
        column = layout.column(c)
        out += [(j, k) for (j, _), (k, _) in itertools.pairwise(column) if layout.continues(c, j, k)]
    return out


def _starts_row(layout: _Layout, k: int) -> bool:
    """Whether the cells' lines at strip ``k`` start a new row, when no padding tells.

    A list that starts again at 1, or a line whose column was blank on the line above (a 工作任务
    under the last line of the one before), is a new cell. The next item of a list (``3.`` after
    ``2.``) goes on with its cell: a 相关知识要求 lists several per row, beside several 技能要求.
    Anything else starts a row only when no column goes on.
    """
    votes = [_vote(layout, c, k) for c, line in enumerate(layout.lines[k]) if line is not None]
    return "new" in votes or "same" not in votes


def _vote(layout: _Layout, c: int, k: int) -> str:
    line = layout.lines[k][c]
    assert line is not None
    num = number(line.text)[0]
    if num is not None:
        if _first_of_list(num):
            return "new"
        before = next(
            (n for j in range(k - 1, -1, -1) if (ln := layout.lines[j][c]) and (n := number(ln.text)[0])),
            None,
        )
        # ``3.`` goes on with a list, even where ``1.`` and ``2.`` were run together on one line.
        if (before and _follows(before, num)) or not num.dotted:
            return "same"
    return "new" if layout.lines[k - 1][c] is None else "either"


def _follows(before: Number, after: Number) -> bool:
    """``1.1.2`` after ``1.1.1``, ``3.`` after ``2.``: the next item of the same list."""
    if before.dotted and after.dotted:
        head, _, last = before.dotted.rpartition(".")
        head2, _, last2 = after.dotted.rpartition(".")
        return head == head2 and int(last2) == int(last) + 1
    return not before.dotted and not after.dotted and after.local == before.local + 1


def _rows(layout: _Layout, starts: list[int]) -> list[list[list[Line]]]:
    width = len(layout.rights)
    rows = []
    for a, b in zip(starts, [*starts[1:], len(layout.lines)], strict=True):
        rows.append([[row[c] for row in layout.lines[a:b] if row[c] is not None] for c in range(width)])
    return rows


# --- cells written once, in the middle of the rows they span ------------------------------------


def _place_merged_cells(rows: list[list[list[Line]]], pitch: float) -> list[str]:
    """Put each cell written once for several rows on the first of them; say which columns' rows
    could only be guessed.

    A numbered cell goes to the row its items start at (``2.1 数据采集`` to the row of ``2.1.1``),
    wherever it is printed. Other cells stay where they are printed: on the right row when cells
    sit at the top of their rows (Word's default), a guess when they are centred on them.
    """
    width = len(rows[0]) if rows else 0
    settled = {c for c in range(width - 1) if _settle(rows, c)}
    doubts = []
    for c in range(width):
        if c not in settled and _floating(rows, c, pitch, settled):
            doubts.append(
                f"column {c + 1} of a table without ruling lines has cells centred on their rows rather "
                "than at their top, so the row each belongs to was guessed"
            )
    return doubts


def _number_of(lines: list[Line]) -> Number | None:
    return number(lines[0].text)[0] if lines else None


def _prefix(num: Number) -> str:
    """What the numbers of a cell's items start with: ``2.1.`` for ``2.1``, ``2.`` for ``2.``."""
    return f"{num.dotted or num.local}."


def _settle(rows: list[list[list[Line]]], c: int) -> bool:
    """Move each numbered cell of column ``c`` to the first row of its items; ``False``, moving
    nothing, when a cell beside numbered items is not numbered or has no items here."""
    moves: dict[int, int] = {}
    for r, row in enumerate(rows):
        beside = row[c + 1 :]
        on_its_own = not any(beside) and _number_of(row[c]) is not None
        if not row[c] or not (on_its_own or any(_item_number(cell) for cell in beside)):
            continue  # the header, or a level named across the table: it stays where it is
        num = _number_of(row[c])
        start = _first_item(rows, c, r, _prefix(num)) if num else None
        if start is None:
            return False
        moves[r] = start
    cells = {r: rows[r][c] for r in moves}
    for r in moves:
        rows[r][c] = []
    for r, start in moves.items():
        rows[start][c] = cells[r]
    return True


def _item_number(cell: list[Line]) -> str:
    num = _number_of(cell)
    return num.dotted if num and num.dotted else ""


def _first_item(rows: list[list[list[Line]]], c: int, r: int, prefix: str) -> int | None:
    """The first row of the run of rows around row ``r`` whose items (right of column ``c``) are
    numbered ``prefix…``: the rows a cell centred on them spans."""

    def belongs(t: int) -> bool:
        return any(_item_number(cell).startswith(prefix) for cell in rows[t][c + 1 :])

    def numbered(t: int) -> bool:
        return any(_item_number(cell) for cell in rows[t][c + 1 :])

    t = r
    while t < len(rows) and not numbered(t):
        t += 1  # a cell on a row of its own, between two rows of its items
    if t == len(rows) or not belongs(t):
        return None
    while t > 0 and (belongs(t - 1) or not numbered(t - 1)):
        t -= 1
    while not belongs(t):
        t += 1
    return t


def _floating(rows: list[list[list[Line]]], c: int, pitch: float, settled: set[int]) -> bool:
    """Whether some cell of column ``c`` is printed off the top of its row: it starts below the
    row's first line, or on a line of its own beside no text of the columns to its right, or a line
    of it falls between the lines of the other columns (cells at the top of a row share their lines;
    the ``settled`` columns, put in place by their numbers, do not count)."""
    for row in rows:
        if not row[c]:
            continue
        first = row[c][0]
        top = min(cell[0].top for cell in row if cell)
        if first.top > top + 0.5 * first.size:
            return True
        beside = [ln for cell in row[c + 1 :] for ln in cell]
        if c < len(row) - 1 and not any(abs(ln.top - first.top) <= 0.5 * first.size for ln in beside):
            return True
        others = [ln for d, cell in enumerate(row) if d != c and d not in settled for ln in cell]
        if others and any(all(_off_line(ln.top - o.top, pitch, ln.size) for o in others) for ln in row[c]):
            return True
        if _restarts(row[c]):
            return True  # two cells' lists in one: the rows were told apart wrongly
    return False


def _restarts(cell: list[Line]) -> bool:
    """Whether a numbered list starts again at 1 inside the cell."""
    numbers = [num for ln in cell[1:] if (num := number(ln.text)[0])]
    return any(_first_of_list(num) for num in numbers)


def _first_of_list(num: Number) -> bool:
    return (num.dotted.rsplit(".", 1)[-1] if num.dotted else str(num.local)) == "1"


def _off_line(offset: float, pitch: float, size: float) -> bool:
    """Whether two lines ``offset`` apart lie off each other's line grid (a part of a line apart)."""
    off = offset % pitch
    return min(off, pitch - off) > 0.2 * size


def _drop_empty(rows: list[list[list[Line]]]) -> list[list[list[Line]]]:
    return [row for row in rows if any(row)]


# --- the table ---------------------------------------------------------------------------------


@dataclass
class BorderlessTable:
    """A borderless table read from one page, and what could not be read with certainty."""

    table: PageTable
    grid: Grid
    chars: list[dict]  # to give back to the page's text if a tentative table is not one
    doubts: list[str] = field(default_factory=list)
    continued: bool = False  # it goes on with the table the previous page ended with
    tentative: bool = False  # a table only if the next page goes on with it


def _read(found: _Found) -> BorderlessTable:
    layout = _layout(found)
    rows = _rows(layout, _row_starts(layout, found.strips))
    doubts = _place_merged_cells(rows, layout.pitch)
    rows = _drop_empty(rows)
    cells: list[list[Cell]] = [
        [join_lines(lines, layout.rights[c]).strip() for c, lines in enumerate(row)] for row in rows
    ]
    grid = found.grid
    left = grid.covered[0][0]
    right = grid.covered[-1][1]
    top, bottom = found.strips[0].top, found.strips[-1].bottom
    starts = tuple(round(x) for x in (left, *(g.right for g in grid.gaps)))
    return BorderlessTable(
        PageTable(Table(cells), top, starts, (left, top, right, bottom)),
        grid,
        [ch for strip in found.strips for ch in strip.chars],
        doubts,
        found.continued,
        found.tentative,
    )


def borderless_tables(
    chars: list[dict], height: float, carried: Grid | None = None
) -> tuple[list[BorderlessTable], list[dict], Grid | None]:
    """The borderless tables among a page's ``chars`` (those outside ruled tables).

    ``carried`` is the grid of the borderless table the previous page ended with, to read the rows
    that continue it at the top of this page even when none of them has two columns filled.
    Returns the tables, the characters left outside them, and the grid to carry to the next page.
    A table marked ``tentative`` (a lone row at the foot of the page) is one only if the first
    table of the next page is ``continued``.
    """
    strips = _strips(chars)
    found = _find(strips, carried, height)
    tables = [_read(f) for f in found]
    taken = {id(ch) for f in found for s in f.strips for ch in s.chars}  # blanks between cells too
    free = [ch for ch in chars if id(ch) not in taken]
    ends_page = next((t.grid for t, f in zip(tables, found, strict=True) if f.last_on_page), None)
    return tables, free, ends_page
