"""Review report: a static HTML site over a dataset, for people checking what was read.

index.html gives the overview (documents, fields needing review, budget by district and year,
projects per measure type); one page per document shows every field beside an image crop of
where it was found, its OCR confidence colour-coded, the review reasons and a link to the PDF."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from jinja2 import Environment, FileSystemLoader, select_autoescape  # noqa: E402
from PIL import Image  # noqa: E402

from extract.dataset.corrections import settles  # noqa: E402
from extract.dataset.provenance import PROJECT  # noqa: E402
from extract.dataset.schema import AgreementRow, column_meta, column_names  # noqa: E402
from extract.errors import UsageError  # noqa: E402
from extract.ingest.store import STATE_FILE, Store  # noqa: E402
from extract.reading.prepare import as_read  # noqa: E402
from extract.review.queue import correct_command, queue_entries  # noqa: E402
from extract.rules import get_rules  # noqa: E402
from extract.settings import Settings  # noqa: E402

log = logging.getLogger(__name__)

# (label, column in agreements, key in provenance): the reviewed columns of the schema
FIELDS = tuple((column_meta(AgreementRow, name)["label"], name, column_meta(AgreementRow, name)["field"])
               for name in column_names(AgreementRow, "label"))
CROP_DPI = 110
CROP_MARGIN_X, CROP_MARGIN_Y = 0.05, 0.02  # context around a value's box, as fractions of the page width and height
REVIEW_BELOW = 70  # a project whose lowest word confidence is below this is listed for review (as fields are)


@dataclass(frozen=True)
class FieldView:
    label: str
    value: str
    page: int | None
    source: str
    confidence: float | None
    level: str  # css class: good, fair, poor, layer, corrected, missing
    crop: str | None
    review: bool
    expected: bool = False  # the crop shows where the field belongs, not where it was found
    key: str = ""  # the provenance field
    corrected: dict[str, Any] | None = None  # previous value, author, date, note of a correction
    command: str = ""  # `aqb correct` for this value


def euros(value: Any) -> str:
    """An amount with thousands separators (465,650.00); empty when there is none."""
    try:
        return f"{Decimal(str(value)):,.2f}" if value is not None and str(value) not in ("", "nan") else ""
    except InvalidOperation:
        return str(value)


def correction(prov: dict[str, Any]) -> dict[str, Any] | None:
    """What the report shows of a correction: the value before, who, when and why."""
    if prov.get("source") != "corrected":
        return None
    return {"previous": prov.get("previous_value"), "author": prov.get("corrected_by"), "date": prov.get("corrected_on"),
            "note": prov.get("note")}


def confidence_level(source: str, confidence: float | None, found: bool) -> str:
    if not found:
        return "missing"
    if source == "corrected":
        return "corrected"
    if confidence is None:
        return "layer"
    return "good" if confidence >= 90 else "fair" if confidence >= 70 else "poor"


def reason_fields(reasons: str) -> set[str]:
    """Provenance keys a document's review reasons speak of (the reasons a correction would settle)."""
    keys: set[str] = set()
    for reason in filter(None, reasons.split(";")):
        keys.update(key for _, _, key in FIELDS if settles(key, reason))
        for party in ("ministry", "district"):
            if reason == f"{party}_signature_missing":
                keys.update({f"{party}_signed_place", f"{party}_signed_date"})
    return keys


def expected_area(key: str, sections: pd.DataFrame, page_count: int, budget_titles: tuple[str, ...]) -> tuple[int, list[float]]:
    """Where a field that was not found belongs: the title block, the budget section (its title holds a
    word of the rules' amount.section_titles, as the amount rule reads it), the signatures."""
    if key in ("year", "district", "ministry"):
        return 1, [0.0, 0.0, 1.0, 0.45]
    if key == "amount_eur":
        titles = sections["title"].fillna("").str.lower()
        budget = sections[titles.map(lambda title: any(stem in title for stem in budget_titles))]
        return (int(budget.iloc[0]["page_start"]) if not budget.empty else 1), [0.0, 0.0, 1.0, 1.0]
    return page_count, [0.0, 0.5, 1.0, 1.0]


class PageImages:
    """The pages of one PDF rendered for crops, each once, turned as they were for OCR."""

    def __init__(self, pdf_path: Path, rotation: dict[int, tuple[int, float]]) -> None:
        self.pdf_path, self.rotation = pdf_path, rotation  # page: (rotation, deskew) as in pages.csv
        self.images: dict[int, Image.Image] = {}

    def get(self, page: int) -> Image.Image | None:
        if page not in self.images:
            try:
                pdf = pdfium.PdfDocument(str(self.pdf_path))
            except (pdfium.PdfiumError, OSError) as e:
                log.warning("no crop from %s: %s", self.pdf_path, e)
                return None
            try:
                image = pdf[page - 1].render(scale=CROP_DPI / 72).to_pil()
            finally:
                pdf.close()
            angle, deskew = self.rotation.get(page, (0, 0.0))
            self.images[page] = as_read(image, deskew, angle)
        return self.images[page]


def crop_to_png(images: PageImages, page: int, bbox: list[float], target: Path) -> bool:
    """Save the surroundings of a box on a page."""
    image = images.get(page)
    if image is None:
        return False
    x0, y0, x1, y1 = bbox
    box = (max(0.0, x0 - CROP_MARGIN_X), max(0.0, y0 - CROP_MARGIN_Y), min(1.0, x1 + CROP_MARGIN_X), min(1.0, y1 + CROP_MARGIN_Y))
    image.crop((int(box[0] * image.width), int(box[1] * image.height), int(box[2] * image.width), int(box[3] * image.height))).save(target)
    return True


def _charts(agreements: pd.DataFrame, projects: pd.DataFrame, dest: Path) -> list[str]:
    names = []
    if not agreements.empty and agreements["amount_eur"].notna().any():
        # one agreement counted once: a duplicate (same district and year, e.g. a file and its scan) is left out
        amounts = agreements.assign(amount_eur=pd.to_numeric(agreements["amount_eur"])).drop_duplicates(["district_name", "year"])
        table = amounts.pivot_table(index="district_name", columns="year", values="amount_eur", aggfunc="sum") / 1e6
        fig, ax = plt.subplots(figsize=(max(6, 0.7 * len(table.columns) + 4), 0.32 * len(table) + 1.5))
        image = ax.imshow(table.to_numpy(dtype=float), aspect="auto", cmap="Blues")
        ax.set_xticks(range(len(table.columns)), [str(int(y)) for y in table.columns])
        ax.set_yticks(range(len(table)), table.index)
        top = float(pd.DataFrame(table.to_numpy()).stack().max())
        for (row, col), value in pd.DataFrame(table.to_numpy()).stack().dropna().items():  # an empty cell stays blank
            ax.text(col, row, f"{value:.2f}", ha="center", va="center", fontsize=7, color="white" if value > 0.6 * top else "black")
        fig.colorbar(image, label="million EUR")
        ax.set_title("Budget by district and year (million EUR)")
        fig.tight_layout()
        fig.savefig(dest / "budget.svg")
        plt.close(fig)
        names.append("budget.svg")
    if not projects.empty:
        counts = projects["measure_type"].value_counts().sort_values()
        fig, ax = plt.subplots(figsize=(7, 0.45 * len(counts) + 1.2))
        ax.barh(counts.index, counts.to_numpy())
        ax.set_title("Projects per measure type")
        fig.tight_layout()
        fig.savefig(dest / "projects.svg")
        plt.close(fig)
        names.append("projects.svg")
    return names


def write_report(out: Path, dest: Path | None = None) -> Path:
    """Write the report for the dataset in `out` into `dest` (default OUT/report); return index.html."""
    if not (out / "agreements.csv").is_file() or not (out / STATE_FILE).is_file():
        raise UsageError(f"no aqb dataset in {out} (run 'aqb run ... --out {out}' first)")
    dest = dest or out / "report"
    (dest / "doc").mkdir(parents=True, exist_ok=True)
    (dest / "crops").mkdir(exist_ok=True)
    read = {"dtype": {"district_ags": str, "agreement_id": str}, "keep_default_na": False, "na_values": [""]}
    agreements = pd.read_csv(out / "agreements.csv", dtype={"district_ags": str, "agreement_id": str, "amount_eur": str},
                             keep_default_na=False, na_values=[""])
    projects = pd.read_csv(out / "projects.csv", **read)
    pages = pd.read_csv(out / "pages.csv", **read)
    sections = pd.read_csv(out / "sections.csv", **read)
    errors = pd.read_csv(out / "errors.csv", **read)
    provenance = pd.read_csv(out / "provenance.csv", **read)
    store = Store(out, read_only=True)
    try:
        paths = {name: Path(state.path) for name, state in store.files().items() if state.path}
    finally:
        store.close()
    budget_titles = get_rules(Settings().models_dir).words("amount.section_titles")
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape())
    env.filters["eur"] = euros
    documents = []
    for _, row in agreements.sort_values("source_file").iterrows():
        mine = provenance["agreement_id"] == row["agreement_id"]
        documents.append(_document_page(row, projects, pages, sections[sections["agreement_id"] == row["agreement_id"]],
                                        provenance[mine], paths.get(row["source_file"]), dest, env, budget_titles, str(out)))
    charts = _charts(agreements, projects, dest)
    review_fields = sum(sum(f.review for f in d["fields"]) for d in documents)
    queue = [entry for d in documents if d["needs_review"] or any(p.review for p in d["projects"]) for entry in queue_entries(d)]
    index = dest / "index.html"
    index.write_text(env.get_template("index.html").render(
        documents=documents, charts=charts, errors=errors.to_dict("records"), review_fields=review_fields, queue=queue), encoding="utf-8")
    return index


@dataclass(frozen=True)
class ProjectView:
    position: int
    measure_type: str
    measure_type_raw: str
    project_name: str
    page: int | None
    source: str
    confidence: float | None
    level: str
    crop: str | None
    review: bool
    command: str


def _project_view(project: dict[str, Any], prov: dict[str, Any], images: PageImages | None, agreement_id: str,
                  dest: Path, command: str) -> ProjectView:
    confidence = project["confidence"] if isinstance(project["confidence"], float) and not pd.isna(project["confidence"]) else None
    page = None if pd.isna(project["page"]) else int(project["page"])
    crop = None
    if images is not None and page and prov.get("bbox"):
        name = f"{agreement_id}-project-{project['position']}.png"
        if crop_to_png(images, page, prov["bbox"], dest / "crops" / name):
            crop = f"../crops/{name}"
    source = str(project["source"])
    level = confidence_level(source, confidence, True)
    return ProjectView(int(project["position"]), str(project["measure_type"]), str(project["measure_type_raw"]),
                       str(project["project_name"]), page, source, confidence, level, crop,
                       source == "ocr" and (confidence is None or confidence < REVIEW_BELOW), command)


def _located(provenance: pd.DataFrame) -> tuple[dict[str, dict[str, Any]], dict[int, dict[str, Any]]]:
    """One agreement's provenance rows: by field, and the projects' by position (bbox as [x0, y0, x1, y1])."""
    fields: dict[str, dict[str, Any]] = {}
    projects: dict[int, dict[str, Any]] = {}
    for record in provenance.to_dict("records"):
        item: dict[str, Any] = {str(k): (None if isinstance(v, float) and pd.isna(v) else v) for k, v in record.items()}
        box = [item["x0"], item["y0"], item["x1"], item["y1"]]
        item["bbox"] = None if any(v is None for v in box) else [float(v) for v in box]
        item["page"] = None if item["page"] is None else int(item["page"])
        if item["field"] == PROJECT:
            projects[int(item["position"])] = item
        else:
            fields[str(item["field"])] = item
    return fields, projects


def _document_page(row: pd.Series, projects: pd.DataFrame, pages: pd.DataFrame, sections: pd.DataFrame, provenance: pd.DataFrame,
                   pdf: Path | None, dest: Path, env: Environment, budget_titles: tuple[str, ...], out: str) -> dict[str, Any]:
    agreement_id = row["agreement_id"]
    located, located_projects = _located(provenance)
    rotation = {int(p["page"]): (int(p["rotation"]), float(p["deskew"]) if pd.notna(p.get("deskew")) else 0.0)
                for _, p in pages[pages["agreement_id"] == agreement_id].iterrows()}
    flagged = reason_fields(row["review_reasons"] if isinstance(row["review_reasons"], str) else "")
    views = []
    images = PageImages(pdf, rotation) if pdf is not None and pdf.is_file() else None
    for label, column, key in FIELDS:
        value = row[column]
        prov = located.get(key) or {}
        page, bbox, expected = prov.get("page"), prov.get("bbox"), False
        if not (page and bbox) and key in flagged:
            (page, bbox), expected = expected_area(key, sections, int(row["page_count"]), budget_titles), True
        crop = None
        if images is not None and page and bbox:
            name = f"{agreement_id}-{key}{'-expected' if expected else ''}.png"
            if crop_to_png(images, page, bbox, dest / "crops" / name):
                crop = f"../crops/{name}"
        found = not (isinstance(value, float) and pd.isna(value))
        source = prov.get("source") or ""
        views.append(FieldView(label, str(value) if found else "", prov.get("page") or (page if expected else None), source,
                               prov.get("confidence"), confidence_level(source, prov.get("confidence"), found), crop,
                               key in flagged, expected, key, correction(prov),
                               correct_command(out, row["source_file"], column, str(value) if found else "")))
    project_views = [_project_view(p, located_projects.get(int(p["position"]), {}), images, agreement_id, dest,
                                   correct_command(out, row["source_file"], "project_name", str(p["project_name"]), int(p["position"])))
                     for p in projects[projects["agreement_id"] == agreement_id].sort_values("position").to_dict("records")]
    doc = {
        "agreement_id": agreement_id, "source_file": row["source_file"], "year": row["year"], "district": row["district_name"],
        "amount": row["amount_eur"], "needs_review": str(row["needs_review"]) == "True",
        "reasons": [r for r in str(row["review_reasons"]).split(";") if r and r != "nan"], "fields": views,
        "projects": project_views,
        "pdf": os.path.relpath(pdf, dest / "doc") if pdf is not None else None,
    }
    (dest / "doc" / f"{agreement_id}.html").write_text(env.get_template("document.html").render(doc=doc), encoding="utf-8")
    return doc
