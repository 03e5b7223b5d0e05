"""Random but reproducible choices for one generated agreement (content and look)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from .districts import District, DistrictForm, title_names
from .fmt import AMOUNT_STYLES, DATE_STYLES, date_text
from .style import Look, choose_look
from .truth import AgreementTruth, ProjectTruth
from .vocab import (
    FIRST_NAMES_F, FIRST_NAMES_M, FUNCTIONS_LANDKREIS, FUNCTIONS_STADT, HEADINGS, HMAIJS, HMSI, HSM,
    MEASURE_ORDER, MINISTERS, PROJECTS, SHORT_PLACES, SURNAMES, Ministry,
)


# The real odd phrasing of seed 001 and the plain one the brief asks for.
FIXED_TITLES = {"Hochtaunuskreis": "Landkreis Hochtaunuskreis", "Main-Kinzig-Kreis": "Main-Kinzig-Kreis"}


class Cycler:
    """Cycles each feature through a per-feature shuffled order, so N >= len(options) documents use all options."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.orders: dict[str, list[int]] = {}
        self.counts: dict[str, int] = {}
        self.index = 0

    def pick(self, feature: str, options: list):
        if feature not in self.orders:
            order = list(range(len(options)))
            self.rng.shuffle(order)
            self.orders[feature] = order
        order = self.orders[feature]
        return options[order[self.index % len(order)]]

    def next(self, feature: str, options: list):
        """Like pick, but counts calls of this feature instead of documents (for rare situations)."""
        if feature not in self.counts:
            self.counts[feature] = self.rng.randrange(len(options))
        self.counts[feature] += 1
        return options[(self.counts[feature] - 1) % len(options)]


@dataclass
class Group:
    code: str
    heading: str
    projects: list[str]  # empty: listed as "keine"


@dataclass
class Signature:
    role: str  # ministry | district
    place: str
    date: dt.date | None
    date_text: str | None
    name: str | None
    function: str
    institution: str  # "Hessisches Ministerium für ..." / "des Landkreises Gießen"


@dataclass
class AgreementSpec:
    year: int
    form: DistrictForm
    ministry: Ministry
    era: str  # hsm | early | mid | late
    amount: Decimal
    amount_style: str
    amount_place: str  # own_line | inline | split
    share: Decimal | None  # earmarked part mentioned next to the total
    groups: list[Group]
    list_style: str  # bullets | dashes | numbered | lettered | table
    heading_colon: bool
    signatures: list[Signature]
    look: Look
    variant: int = 0  # > 0 when the same district and year occur again (only with --count > 26)

    @property
    def district(self) -> District:
        return self.form.district

    @property
    def key(self) -> str:
        return f"{self.year}_{self.district.ags}" + (f"_{self.variant}" if self.variant else "")

    def truth(self) -> AgreementTruth:
        projects = [ProjectTruth(g.code, g.heading, name) for g in self.groups for name in g.projects]
        m, d = self.signatures
        return AgreementTruth(
            self.year, self.district, self.form.raw, self.ministry.nominative, self.amount,
            m.place, m.date, d.place, d.date, projects,
        )


def _ministry(year: int, cycler: Cycler) -> Ministry:
    if year <= 2013 or (year == 2014 and cycler.next("hsm_2014", [True, False])):
        return HSM
    return HMSI if year <= 2023 else HMAIJS


def _era(year: int, ministry: Ministry) -> str:
    if ministry is HSM:
        return "hsm"
    return "early" if year <= 2016 else "mid" if year <= 2019 else "late"


def _amount(district: District, style: str, rng: random.Random) -> Decimal:
    if district.name == "Frankfurt am Main":
        low, high = 3_200_000, 5_400_000
    elif district.is_city:
        low, high = 1_100_000, 2_600_000
    else:
        low, high = 420_000, 2_300_000
    whole = rng.randrange(low, high) // 50 * 50
    cents = AMOUNT_STYLES[style]
    if cents or (cents is None and rng.random() < 0.3):
        return Decimal(whole + rng.randrange(1, 9999)) + Decimal(rng.randrange(1, 99)) / 100
    return Decimal(whole)


def _heading(code: str, year: int, rng: random.Random) -> str:
    variants = HEADINGS[code]
    drift = (year - 2013) / 13 + rng.gauss(0, 0.3)
    return variants[min(len(variants) - 1, max(0, int(drift * len(variants))))]


def _groups(year: int, empty: str, rng: random.Random) -> list[Group]:
    chance = {"ausbildungsvorbereitung": 0.9, "ausbildung": 0.75, "qualifizierung": 0.85,
              "weiterbildung_personal": 0.5, "sonstige": 0.3}
    limits = {"ausbildungsvorbereitung": 4, "ausbildung": 3, "qualifizierung": 4,
              "weiterbildung_personal": 2, "sonstige": 2}
    used = [c for c in MEASURE_ORDER if rng.random() < chance[c]]
    while len(used) < 2:
        used = sorted(set(used) | {rng.choice(MEASURE_ORDER[:3])}, key=MEASURE_ORDER.index)
    groups = []
    for code in MEASURE_ORDER:
        if code in used:
            names = rng.sample(PROJECTS[code], rng.randint(1, limits[code]))
            groups.append(Group(code, _heading(code, year, rng), [n.format(year=year) for n in names]))
        elif empty == "keine" and code != "sonstige":
            groups.append(Group(code, _heading(code, year, rng), []))
    return groups


def _sign_dates(year: int, ministry: Ministry, rng: random.Random) -> tuple[dt.date, dt.date]:
    spread = 50
    if ministry is HSM and year == 2014:  # signed before the ministry was renamed on 18 January 2014
        first, spread = dt.date(2013, 12, 2) + dt.timedelta(days=rng.randrange(0, 35)), 10
    elif rng.random() < 0.1:
        first = dt.date(year - 1, 12, 1) + dt.timedelta(days=rng.randrange(0, 20))
    else:
        first = dt.date(year, 2, 15) + dt.timedelta(days=rng.randrange(0, 250))
    second = first + dt.timedelta(days=rng.randrange(0, spread))
    return (first, second) if rng.random() < 0.5 else (second, first)


def _minister(year: int) -> tuple[str, str]:
    return next((name, func) for lo, hi, name, func in MINISTERS if lo <= year <= hi)


def _district_signer(district: District, rng: random.Random) -> tuple[str, str]:
    gender = rng.choice("fm")
    first = rng.choice(FIRST_NAMES_F if gender == "f" else FIRST_NAMES_M)
    functions = FUNCTIONS_STADT if district.is_city else FUNCTIONS_LANDKREIS
    title = "Dr. " if rng.random() < 0.2 else ""
    return f"{title}{first} {rng.choice(SURNAMES)}", rng.choice(functions[gender])


def _signatures(spec_year: int, form: DistrictForm, ministry: Ministry, blank: str,
                rng: random.Random, pick) -> list[Signature]:
    m_date, d_date = _sign_dates(spec_year, ministry, rng)
    style = pick("date_style", list(DATE_STYLES[:3]) * 3 + ["dd.mm.yy"])
    seat = form.district.seat
    place = SHORT_PLACES.get(seat, seat) if rng.random() < 0.6 else seat
    m_name, m_func = _minister(spec_year)
    d_name, d_func = _district_signer(form.district, rng)
    sigs = []
    for role, date, where, name, func, inst in (
        ("ministry", m_date, "Wiesbaden", m_name, m_func, ministry.nominative),
        ("district", d_date, place, d_name, d_func, form.genitive),
    ):
        if blank in ("both", role):
            date = None
        text = date_text(date, style) if date else None
        shown = name if rng.random() < 0.8 else None
        sigs.append(Signature(role, where, date, text, shown, func, inst))
    return sigs


def plan_agreement(district: District, year: int, rng: random.Random, cycler: Cycler) -> AgreementSpec:
    pick = cycler.pick
    names = title_names(district)
    raw = names[0] if len(names) == 1 or rng.random() < 0.7 else rng.choice(names[1:])
    raw = FIXED_TITLES.get(district.name, raw)
    form = DistrictForm(district, raw)
    ministry = _ministry(year, cycler)
    amount_style = pick("amount_style", list(AMOUNT_STYLES) + ["euro", "eur_prefix", "dash_euro", "comma_sign"])
    amount = _amount(district, amount_style, rng)
    share = None
    if rng.random() < 0.3:
        share = Decimal(rng.randrange(40_000, 180_000) // 100 * 100)
    blank = pick("blank", ["none"] * 9 + ["ministry", "district", "both"])
    look = choose_look(rng, pick)
    list_style = pick("list_style", ["bullets", "dashes", "numbered", "lettered", "table", "bullets"])
    spec = AgreementSpec(
        year=year,
        form=form,
        ministry=ministry,
        era=_era(year, ministry),
        amount=amount,
        amount_style=amount_style,
        amount_place=pick("amount_place", ["own_line", "inline", "split", "own_line"]),
        share=share,
        groups=_groups(year, pick("empty", ["omit", "omit", "keine"]), rng),
        list_style=list_style,
        heading_colon=rng.random() < 0.2,
        signatures=_signatures(year, form, ministry, blank, rng, pick),
        look=look,
    )
    cycler.index += 1
    return spec
