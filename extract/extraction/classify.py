"""Classify stage: is this document an AQB Zielvereinbarung? Decided from evidence that does not
depend on segmentation and tolerates OCR errors: the title 'Zielvereinbarung' at the top of a page,
the programme (Ausbildungs- und Qualifizierungsbudget, AQB), the two parties (the ministry, a
district), and, as support, the agreement's structure (§ sections, the section titles these
agreements share). Only a document that is positively something else — a letter, a press release,
a Bescheid, an invoice, minutes (models/ `classify.other.*`), or a Zielvereinbarung about another
programme — or that lacks the title and the programme is rejected, with the evidence that decided it.
An agreement whose title or sections could not be read is still an agreement, flagged for review."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from extract.extraction.context import Context
from extract.extraction.segment import anchor_of
from extract.extraction.text import alnum_key, strip_punct
from extract.model import Flag, ReviewReason


@dataclass(frozen=True)
class Evidence:
    kind: str  # title, programme, ministry, district, between, sections, section_titles, or other:<genre>
    text: str  # what was read, shortened


@dataclass(frozen=True)
class Verdict:
    is_agreement: bool
    reason: str  # why not, for errors.csv ('' for an agreement)
    evidence: tuple[Evidence, ...]
    flags: tuple[Flag, ...] = ()

    def kinds(self) -> set[str]:
        return {e.kind for e in self.evidence}


def _short(text: str, size: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _words(line: str) -> list[str]:
    """The words of a line; a letter-spaced title ('Z i e l v e r e i n b a r u n g') is joined."""
    tokens = line.split()
    if len(tokens) >= 6 and sum(len(t) == 1 for t in tokens) >= 0.7 * len(tokens):
        return ["".join(tokens)]
    return tokens


def _is(word: str, target: str, least: float) -> bool:
    core = alnum_key(word)
    if len(core) < len(target) - 3:
        return False
    return fuzz.ratio(core[: len(target) + 2], target) >= least or fuzz.ratio(core, target) >= least


def _top_lines(ctx: Context, count: int) -> list[str]:
    """The first `count` non-empty lines of every page."""
    out: list[str] = []
    for page in ctx.text.value.split("\f"):
        out += [line.strip() for line in page.split("\n") if line.strip()][:count]
    return out


def find_title(ctx: Context) -> Evidence | None:
    """'Zielvereinbarung' as the first or second word of a short line near the top of a page."""
    rules = ctx.rules
    least = float(rules.threshold("classify.title_similarity"))
    exact = rules.regex("classify.title")
    titles = rules.words("classify.title_words")
    for line in _top_lines(ctx, int(rules.threshold("classify.head_lines"))):
        words = _words(line)
        if len(words) > 14:
            continue
        if any(exact.fullmatch(strip_punct(w)) or any(_is(w, t, least) for t in titles) for w in words[:2]):
            return Evidence("title", _short(line))
    return None


def find_programme(ctx: Context) -> list[Evidence]:
    """Every mention of the AQB programme, exact or as a fuzzy 'Qualifizierungsbudget'."""
    rules = ctx.rules
    least = float(rules.threshold("classify.programme_similarity"))
    found = [Evidence("programme", _short(m.group(0))) for m in rules.regex("classify.budget").finditer(ctx.flat)]
    if not found:
        names = rules.words("classify.programme_words")
        found = [Evidence("programme", w) for w in ctx.flat.split() if any(_is(w, name, least) for name in names)]
    return found


def _head_text(ctx: Context) -> str:
    return "\n".join(_top_lines(ctx, int(ctx.rules.threshold("classify.head_lines")))[:40])


def gather(ctx: Context) -> list[Evidence]:
    rules = ctx.rules
    evidence: list[Evidence] = []
    title = find_title(ctx)
    if title:
        evidence.append(title)
    programme = find_programme(ctx)
    head = _head_text(ctx)
    in_head = bool(rules.regex("classify.budget").search(" ".join(head.split())))
    if in_head or len(programme) >= 2:
        evidence.append(programme[0] if programme else Evidence("programme", "title block"))
    ministry = next((e.text for e in ctx.doc.ents if e.label_ == "MINISTRY"), None)
    other_ministry = rules.regex("classify.ministry").search(ctx.flat)
    if ministry or other_ministry:
        evidence.append(Evidence("ministry", _short(ministry or other_ministry.group(0))))  # type: ignore[union-attr]
    district = next((e.text for e in ctx.doc.ents if e.label_ == "DISTRICT"), None)
    if district:
        evidence.append(Evidence("district", _short(district)))
    if rules.regex("classify.between").search(head):
        evidence.append(Evidence("between", "zwischen"))
    numbered = [s for s in ctx.sections if s.key[:1].isdigit()]
    if len(numbered) >= 3:
        evidence.append(Evidence("sections", f"{len(numbered)} § sections"))
    roles = {anchor_of(s.title, rules)[0] for s in numbered if s.title} - {""}
    if len(roles) >= 2:
        evidence.append(Evidence("section_titles", ", ".join(sorted(roles))))
    for rule_id, pattern in rules.regexes.items():
        if rule_id.startswith("classify.other."):
            match = pattern.search(ctx.text.value)
            if match:
                evidence.append(Evidence(f"other:{rule_id.removeprefix('classify.other.')}", _short(match.group(0))))
    return evidence


def classify(ctx: Context) -> Verdict:
    """Whether the document is an AQB Zielvereinbarung, with the evidence and the flags it leaves."""
    if not any(c.isalpha() for c in ctx.flat):
        return Verdict(False, "no text found on any page (blank or unreadable)", ())
    evidence = tuple(gather(ctx))
    kinds = {e.kind for e in evidence}
    others = [e for e in evidence if e.kind.startswith("other:")]
    parties = bool(kinds & {"ministry", "district", "between"})
    structure = bool(kinds & {"sections", "section_titles"})
    found = ", ".join(sorted(k for k in kinds if not k.startswith("other:"))) or "nothing"
    if others and not structure:
        what = "; ".join(f"{e.kind.removeprefix('other:')} ({e.text!r})" for e in others)
        return Verdict(False, f"not a Zielvereinbarung: {what}; no agreement sections (found: {found})", evidence)
    if "title" in kinds and "programme" not in kinds and structure and parties:
        return Verdict(False, f"not a Zielvereinbarung about the AQB: another programme, the Ausbildungs- und "
                              f"Qualifizierungsbudget is not named (found: {found})", evidence)
    flags: list[Flag] = []
    if "title" in kinds and "programme" in kinds and parties:
        pass
    elif "title" not in kinds and "programme" in kinds and parties and structure:
        flags.append(Flag(ReviewReason.TITLE_NOT_FOUND))
    else:
        missing = [k for k in ("title", "programme", "parties") if k not in kinds and not (k == "parties" and parties)]
        return Verdict(False, f"not a Zielvereinbarung (missing: {', '.join(missing)}; found: {found})", evidence)
    if "sections" not in kinds:
        flags.append(Flag(ReviewReason.SECTIONS_NOT_FOUND))
    return Verdict(True, "", evidence, tuple(flags))


def is_agreement(ctx: Context) -> tuple[bool, str]:
    """Whether the text is a Zielvereinbarung about the AQB; with the reason when it is not."""
    verdict = classify(ctx)
    return verdict.is_agreement, verdict.reason
