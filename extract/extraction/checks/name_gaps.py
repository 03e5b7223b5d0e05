"""The words of a project name on a scanned page, as they stand on their lines.

Words apart: a gap much wider than a word space. In a list a name is written as one run of words; a
gap of many letters' width inside it is a speck or a stroke OCR read as a word at the line's end
('MINT-Berufe … Eh'), or two columns read as one line. Flagged (project_name_gap), never cut: which side is the name is for a person to see.

Geometry only: the words of the page inside the name's box (its provenance), grouped by line, the runs
of neighbouring words that are the name's own (their letters and digits a piece of the name's: a
table row's box also holds its other cells, which layout may have read as one line), and the
widest gap between neighbours of a run in the line's letter widths (the median width of a letter of its words,
so the measure holds at any resolution and page size); the limit is data (models/checks.jsonl,
project.max_word_gap).

A hyphen glued to a word before a capitalised one ('(B2-' 'Beruf)', 'TEB-' 'Teilzeitberufsausbildung'):
OCR splits a compound after its hyphen, and reads a dash without the space before it as a hyphen;
the text rules make it a dash (dash.glued_hyphen), which is a guess on a scan where the word after the
hyphen touches it (project.split_compound_gap): flagged as a shape OCR leaves (project_name_garbled).
With a word space after it, it is a dash whose space before it OCR lost."""

from __future__ import annotations

from extract.model import BBox, Line, Page, Project, Word


def _inside(word: Word, box: BBox) -> bool:
    x, y = (word.bbox.x0 + word.bbox.x1) / 2, (word.bbox.y0 + word.bbox.y1) / 2
    return box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1


def _runs(line: Line) -> list[list[Word]]:
    """A line's words by table column (a table's cells are apart by design), or all of them."""
    if not line.columns:
        return [list(line.words)]
    cells: dict[int, list[Word]] = {}
    for word, column in zip(line.words, line.columns):
        cells.setdefault(column, []).append(word)
    return list(cells.values())


def _letter_width(words: list[Word]) -> float:
    """The median width of a letter of the words (page widths); 0 without words."""
    letters = sorted((w.bbox.x1 - w.bbox.x0) / len(w.text) for w in words)
    return letters[len(letters) // 2] if letters else 0.0


def widest_gap(page: Page, box: BBox, name: str | None = None) -> float:
    """The widest gap between neighbouring words of one line (one cell of a table's line) inside
    `box` (of the `name`'s own words, see runs_in), in letter widths."""
    widest = 0.0
    for words in runs_in(page, box, name):
        if len(words) < 2:
            continue
        letter = _letter_width(words)
        if letter > 0:
            widest = max(widest, *((b.bbox.x0 - a.bbox.x1) / letter for a, b in zip(words, words[1:])))
    return widest


def runs_in(page: Page, box: BBox, name: str | None = None) -> list[list[Word]]:
    """The words inside `box` of each line (each cell of a table's line), left to right; with a
    `name`, only runs of neighbouring words whose letters and digits, read on, are a piece of the name's."""
    runs = [sorted((w for w in run if _inside(w, box) and w.text), key=lambda w: w.bbox.x0)
            for line in page.lines for run in _runs(line)]
    return runs if name is None else [own for run in runs for own in _own_runs(run, _compact(name))]


def _compact(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _own_runs(words: list[Word], name: str) -> list[list[Word]]:
    """The longest runs of neighbouring `words`, from the left, whose compact text is in `name`
    (compact: letters and digits, lower case); a word of no letter or digit (a speck) goes with its run."""
    out: list[list[Word]] = []
    start = 0
    while start < len(words):
        end = start
        while end < len(words) and _compact("".join(w.text for w in words[start:end + 1])) in name:
            end += 1
        if end > start:
            out.append(words[start:end])
        start = max(end, start + 1)
    return [run for run in out if any(_compact(w.text) for w in run)]


def ocr_box(project: Project, pages: tuple[Page, ...]) -> tuple[Page, BBox] | None:
    """The page and box of an OCRed name; None for a name of a text layer or without a box."""
    prov = project.provenance
    if prov.source != "ocr" or prov.page is None or prov.bbox is None or not 1 <= prov.page <= len(pages):
        return None
    return pages[prov.page - 1], prov.bbox


def gapped(project: Project, pages: tuple[Page, ...], limit: float) -> bool:
    """Whether the OCRed name's words stand further apart on a line than `limit` letter widths."""
    where = ocr_box(project, pages)
    return where is not None and widest_gap(*where, project.project_name) > limit


def glued_hyphen(project: Project, pages: tuple[Page, ...], narrowest: float) -> bool:
    """Whether the OCRed name holds a word ending in a hyphen followed on its line by a capitalised word
    closer than `narrowest` letter widths (a compound's parts touch; a dash's space is wider)."""
    where = ocr_box(project, pages)
    if where is None:
        return False
    for words in runs_in(*where, project.project_name):
        letter = _letter_width(words)
        if any(len(a.text) > 1 and a.text.endswith("-") and (a.text[-2].isalnum() or a.text[-2] == ")") and b.text[0].isupper()
               and b.bbox.x0 - a.bbox.x1 < narrowest * letter for a, b in zip(words, words[1:])):
            return True
    return False
