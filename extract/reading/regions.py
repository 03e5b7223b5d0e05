"""Text inside the regions Tesseract's page layout analysis calls pictures.

With page segmentation (psm 3) Tesseract first splits the page into text and non-text regions. A
seal, a signature or a stamp close to a line of text makes a picture region, and when two of them
(the ministry's seal above a signing line and the district's signature below it) grow into one, the
text line between them ends up inside the picture and is dropped: it never reaches the recogniser.
In Tesseract's data such a region is a block whose only "words" are blank.

These regions are read again as one block of text (psm 6: no layout analysis), over the whole
width of the page's text (a line reaching into a picture is dropped whole, also the part outside
it); all strips of a page in one call, on one sheet, with the words already read whited out (a
call costs Tesseract's start-up, half a second). Of what that reading finds, only runs of words read
with the confidence of print that the page reading has not already got are kept."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from extract.model import BBox, Word


def has_alnum_run(text: str, length: int) -> bool:
    """Whether `text` holds `length` letters or digits in a row."""
    run = 0
    for char in text:
        run = run + 1 if char.isalnum() else 0
        if run >= length:
            return True
    return False

@dataclass(frozen=True)
class Region:
    """A box in pixels of the page image: left, top, right, bottom."""

    left: int
    top: int
    right: int
    bottom: int

    @property
    def area(self) -> int:
        return max(self.right - self.left, 0) * max(self.bottom - self.top, 0)


def picture_regions(data: dict[str, list]) -> list[Region]:
    """The blocks of Tesseract's data holding nothing but blank words (picture regions), in pixels."""
    blocks: dict[int, list[int]] = {}
    texts: dict[int, bool] = {}
    for i, text in enumerate(data["text"]):
        if float(data["conf"][i]) < 0:
            continue  # block, paragraph and line rows (and words not recognised)
        block = int(data["block_num"][i])
        blocks.setdefault(block, []).append(i)
        texts[block] = texts.get(block, False) or bool(text and text.strip())
    regions = []
    for block, rows in blocks.items():
        if texts[block]:
            continue
        left = min(int(data["left"][i]) for i in rows)
        top = min(int(data["top"][i]) for i in rows)
        right = max(int(data["left"][i]) + int(data["width"][i]) for i in rows)
        bottom = max(int(data["top"][i]) + int(data["height"][i]) for i in rows)
        regions.append(Region(left, top, right, bottom))
    return regions


def bands(regions: list[Region], words: list[Word], width: int, height: int, margin: int) -> list[Region]:
    """The strips to read again: each picture region widened to the page's text columns (a line
    reaching into the picture is dropped whole) and by `margin` pixels up and down; overlapping
    strips merged."""
    if not regions:
        return []
    if words:
        text_left = min(w.bbox.x0 for w in words) * width
        text_right = max(w.bbox.x1 for w in words) * width
    else:
        text_left, text_right = 0.0, float(width)
    strips = [
        Region(max(0, int(min(r.left, text_left)) - margin), max(0, r.top - margin),
               min(width, int(max(r.right, text_right)) + margin), min(height, r.bottom + margin))
        for r in regions
    ]
    strips.sort(key=lambda r: r.top)
    merged: list[Region] = [strips[0]]
    for strip in strips[1:]:
        last = merged[-1]
        if strip.top <= last.bottom:
            merged[-1] = Region(min(last.left, strip.left), last.top, max(last.right, strip.right), max(last.bottom, strip.bottom))
        else:
            merged.append(strip)
    return merged


@dataclass(frozen=True)
class Sheet:
    """The strips of one page pasted one below the other (words already read whited out), to be
    read in one call; `tops` is where each strip starts on the sheet."""

    image: Image.Image
    strips: tuple[Region, ...]
    tops: tuple[int, ...]

    def to_page(self, left: int, top: int) -> tuple[int, int] | None:
        """A sheet point in the page image's pixels; None in the gap between strips."""
        for strip, start in zip(self.strips, self.tops):
            if start <= top < start + strip.bottom - strip.top:
                return strip.left + left, strip.top + top - start
        return None


def sheet(image: Image.Image, strips: list[Region], known: list[Word], gap: int) -> Sheet:
    """One white sheet with every strip of the page, `gap` pixels apart, the words already read
    whited out (they are kept from the page reading, and reading them again would only cost time)."""
    clean = image.copy()
    draw = ImageDraw.Draw(clean)
    for w in known:
        draw.rectangle((w.bbox.x0 * image.width - 2, w.bbox.y0 * image.height - 2,
                        w.bbox.x1 * image.width + 2, w.bbox.y1 * image.height + 2), fill=255)
    height = sum(s.bottom - s.top for s in strips) + gap * (len(strips) + 1)
    canvas = Image.new(image.mode, (max(s.right - s.left for s in strips) + 2 * gap, height), 255)
    tops = []
    y = gap
    for strip in strips:
        canvas.paste(clean.crop((strip.left, strip.top, strip.right, strip.bottom)), (gap, y))
        tops.append(y)
        y += strip.bottom - strip.top + gap
    return Sheet(canvas, tuple(Region(s.left - gap, s.top, s.right, s.bottom) for s in strips), tuple(tops))


def _covered(box: BBox, words: list[Word]) -> bool:
    """Whether the centre of `box` lies inside a word already read."""
    cx, cy = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return any(w.bbox.x0 <= cx <= w.bbox.x1 and w.bbox.y0 <= cy <= w.bbox.y1 for w in words)


def _runs(line: list[Word], min_conf: float) -> list[list[Word]]:
    """The runs of consecutive words of a line read with at least `min_conf` (strokes and seal
    letters beside a printed line are read as low-confidence junk that splits it)."""
    runs: list[list[Word]] = [[]]
    for word in line:
        if (word.conf or 0.0) >= min_conf:
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def recovered_lines(data: dict[str, list], page: Sheet, width: int, height: int, known: list[Word],
                    min_conf: float, min_run: int) -> list[list[Word]]:
    """Text of the sheet's reading (`data`, in the sheet's pixels) that is new and reads like print:
    runs of words each read with at least `min_conf`, holding `min_run` letters or digits in a row, none
    lying on a word already read. Boxes in page fractions of the page image (`width` x `height`)."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for i, text in enumerate(data["text"]):
        conf = float(data["conf"][i])
        if conf < 0 or not text or not text.strip():
            continue
        w, h = int(data["width"][i]), int(data["height"][i])
        origin = page.to_page(int(data["left"][i]), int(data["top"][i]) + h // 2)
        if origin is None:
            continue
        left, top = origin[0], origin[1] - h // 2
        box = BBox(left / width, top / height, (left + w) / width, (top + h) / height)
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append(Word(text.strip(), box, conf))
    kept = []
    for line in lines.values():
        for run in _runs(line, min_conf):
            if any(has_alnum_run(w.text, min_run) for w in run) and not any(_covered(w.bbox, known) for w in run):
                kept.append(run)
    return kept
