"""One region of the demo dataset: its colleges, what they teach, who is admitted and how cohorts move on.

The order of work (each step draws from the one `numpy.random.Generator` it is given, always in the same order):

1. Offerings (college x specialty, with the year intake starts and the year it stops): a starting offer drawn from
   the college's profile, the region's new specialties of 2024 and the planned ones of 2025 placed at colleges
   whose profile suits them, a few more openings in the years before, and a few closures.
2. Streams: each offering is split by funding (state/paid), language, entry base (9/11) and study form; a stream
   has a programme length D and its own promotion, repetition and graduation rates.
3. Calibration of the intake (see the generator's docstring): the yearly state-order totals and paid intake are
   scaled so that the expected number of students in 2024 equals the target, then drawn.
4. Cohort flow from a warm-up year (five years before the first output year) to 2025, with binomial draws; the
   paid intake of 2024 is set last so that the 2024 student total is exactly the target.
5. What the facts need besides: the split of places by budget, costs, graduates' outcomes, capacity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import catalog
from .catalog import CollegePlan, PartnershipPlan
from .cohort import MAX_COURSES, advance_one_year, allocate, survival

CALIBRATION_YEAR = 2024   # the year of the forum report's student and state-order figures
LAST_YEAR = 2025          # the planned year of the report (admission plan, planned specialties)
WARM_UP_YEARS = 5         # simulated before the first output year so that every course is filled
NEVER = 9999              # close year of an offering that is never closed
MIN_SPECIALTIES, MAX_SPECIALTIES = 5, 14
NEW_OFFERING_MIN_PLACES = 15   # a newly opened specialty starts with at least one small state-funded group
ENGLISH_MIN_PLACES = 10        # an English-language group is small, but a group

FUNDING = ("paid", "state")            # codes 0, 1: alphabetical, so sorting codes sorts the text
LANGUAGES = ("en", "kk", "ru")
STUDY_FORMS = ("full_time", "part_time")
PAID, STATE = 0, 1
EN, KK, RU = 0, 1, 2


@dataclass(frozen=True)
class RegionPlan:
    """What to generate for one region, and the totals it must meet."""
    region_code: str
    kato: str
    names: tuple[str, str, str]                # region names kk, ru, en (for demo college names outside Zhetysu)
    colleges: tuple[CollegePlan, ...]
    towns: dict                                # district_code -> (kk, ru, en, lat, lon); empty outside Zhetysu
    students_2024: int                         # exact target: students in the calibration year
    state_places_2024: int                     # exact target: state-order places in the calibration year
    admission_plan_2025: int                   # exact target: planned admissions (state + paid) in 2025
    paid_plan_share_2025: float                # share of the 2025 plan that is paid places
    tech_share_2024: float                     # share of technical fields in the 2024 state order
    state_growth: float                        # yearly growth of the state order up to 2024
    paid_intake_2024: float                    # expected paid admissions in 2024 (the exact value is the residual)
    paid_decline: float                        # yearly decline of paid admissions up to 2024
    russian: float                             # how common Russian-language groups are (0..1)
    opened_2024: tuple[str, ...]
    planned_2025: tuple[str, ...]
    preferred: tuple[tuple[str, int], ...] = ()        # (specialty, college number) for named new specialties
    openings_per_year: tuple[int, int] = (3, 8)        # opened specialties a year before 2024 (inclusive range)
    closures_per_year: tuple[int, int] = (0, 2)
    over_capacity: tuple[int, int] = (3, 5)            # colleges above 100 % utilisation in 2024 (range)
    under_capacity: tuple[int, int] = (3, 5)           # colleges below 70 % utilisation in 2024 (range)
    partnerships: tuple[PartnershipPlan, ...] = ()
    dual_agreements: int = 0                           # generated dual-training agreements (outside Zhetysu)
    cost_factor: float = 1.0                           # regional level of the cost per student
    retention: float = 0.0                             # added to the promotion and graduation rates drawn
    longer: float = 0.0                                # added to the chance that a programme takes its longer length


class Offerings:
    """College x specialty pairs with the years of their intake, and a running count of specialties per college
    and year (so that the 5-14 rule is checked in constant time)."""

    def __init__(self, n_colleges: int, warm: int):
        self.warm = warm
        self.college: list[int] = []     # index into plan.colleges
        self.code: list[str] = []        # specialty code (8-digit text)
        self.open: list[int] = []        # first year of intake
        self.close: list[int] = []       # first year without intake (NEVER if it goes on)
        self.forced: list[bool] = []     # needed by a partnership: never closed
        self.weight: np.ndarray | None = None   # relative size (set once all offerings are known)
        self._counts = np.zeros((n_colleges, LAST_YEAR + 1 - warm), np.int64)
        self._codes: list[set] = [set() for _ in range(n_colleges)]   # membership tests only

    def add(self, college: int, code: str, open_year: int, forced: bool = False) -> None:
        self.college.append(college)
        self.code.append(code)
        self.open.append(open_year)
        self.close.append(NEVER)
        self.forced.append(forced)
        self._counts[college, open_year - self.warm:] += 1
        self._codes[college].add(code)

    def close_at(self, i: int, year: int) -> None:
        self.close[i] = year
        self._counts[self.college[i], year - self.warm:] -= 1

    def count(self, college: int, year: int) -> int:
        """Specialties with intake at a college in a year."""
        return int(self._counts[college, year - self.warm])

    def most_from(self, college: int, year: int) -> int:
        return int(self._counts[college, year - self.warm:].max())

    def fewest_from(self, college: int, year: int) -> int:
        return int(self._counts[college, year - self.warm:].min())

    def ever_taught(self, college: int, code: str) -> bool:
        return code in self._codes[college]


@dataclass
class Streams:
    """One entry per college x specialty x funding x language x entry base x study form."""
    offering: np.ndarray
    funding: np.ndarray
    language: np.ndarray
    base: np.ndarray          # 9 or 11
    form: np.ndarray
    length: np.ndarray        # programme length D in years
    promote: np.ndarray       # [n, 4] promotion rate from course k (unused at k >= D - 1)
    repeat: np.ndarray        # [n, 4]
    graduate: np.ndarray      # graduation rate of the final course
    share: np.ndarray         # weight of the stream within its offering and funding
    fill: np.ndarray          # state: admitted / places; paid: admitted / planned
    republican: np.ndarray    # True where a state stream's places are paid from the republican budget

    def __len__(self) -> int:
        return len(self.offering)


@dataclass
class RegionData:
    plan: RegionPlan
    first_year: int
    years: np.ndarray                 # simulated years, warm-up included
    offerings: Offerings
    streams: Streams
    places: np.ndarray                # [n, T] state-order places
    republican_places: np.ndarray     # [n, T] of which on the republican budget
    paid_plan: np.ndarray             # [n, T] planned paid places
    admitted: np.ndarray              # [n, T] admitted (course-1 intake)
    students: np.ndarray              # [n, T, 4] students by course
    graduates: np.ndarray             # [n, T] graduates at the end of the year
    employed_rate: np.ndarray         # per offering
    continued_rate: np.ndarray        # per offering
    capacity: np.ndarray              # [n_colleges, T] design capacity (0 before the college exists)
    dormitory: np.ndarray             # [n_colleges]
    cost: dict                        # (broad field, budget, year) -> tenge
    partnerships: list                # (college index or None, enterprise, sector, kind, signed_on, year, note)
    intake_scale: float               # the calibration factor of the pre-2024 intake (reported)

    def year_index(self, year: int) -> int:
        return int(year - self.years[0])


# ---------------------------------------------------------------------------------------------------------------
# 1. Offerings
# ---------------------------------------------------------------------------------------------------------------
def _accepts(profile: str, code: str) -> bool:
    return code.startswith(catalog.PROFILE_ACCEPTS[profile])


def _has_room(off: Offerings, college: int, year: int) -> bool:
    """One more specialty from `year` on keeps the college at or under the maximum in every later year."""
    return off.most_from(college, year) < MAX_SPECIALTIES


def _started(plan: RegionPlan, college: int, year: int, warm: int) -> bool:
    return (plan.colleges[college].first_year or warm) <= year


def _starting_offer(plan: RegionPlan, warm: int, rng: np.random.Generator) -> Offerings:
    off = Offerings(len(plan.colleges), warm)
    niche = set(catalog.NICHE_CODES)
    for ci, college in enumerate(plan.colleges):
        pool = [c for c in catalog.PROFILE_POOLS[college.profile] if c not in niche]
        # Bigger colleges teach more specialties: 5 for the smallest, 12 for the largest.
        n = int(np.clip(round(4 + 4 * college.size), MIN_SPECIALTIES, min(12, len(pool))))
        free = [c for c in pool if c not in college.forced]
        picked = list(college.forced) + list(rng.choice(free, size=n - len(college.forced), replace=False))
        for code in picked:
            off.add(ci, str(code), college.first_year or warm, forced=code in college.forced)
    return off


def _place_new_specialties(plan: RegionPlan, off: Offerings, warm: int, rng: np.random.Generator) -> None:
    """Open each of the region's new specialties (2024) and planned ones (2025) at one college: the preferred
    college where the plan names one (placed first, while it has room), else a college whose profile suits the
    field (larger colleges more likely)."""
    preferred = dict(plan.preferred)
    numbers = [c.number for c in plan.colleges]
    sizes = np.array([c.size for c in plan.colleges])
    batches = ((CALIBRATION_YEAR, plan.opened_2024), (LAST_YEAR, plan.planned_2025))
    for year, codes in batches:
        for code in codes:
            if code in preferred:
                ci = numbers.index(preferred[code])
                if not _has_room(off, ci, year):
                    raise AssertionError(f"preferred college C{preferred[code]:03d} has no room for {code}")
                off.add(ci, code, year)
    for year, codes in batches:
        for code in codes:
            if code in preferred:
                continue
            ok = [ci for ci, c in enumerate(plan.colleges)
                  if _started(plan, ci, year, warm) and _accepts(c.profile, code) and _has_room(off, ci, year)]
            if not ok:  # no college of a suitable profile has room: any college with room
                ok = [ci for ci in range(len(plan.colleges))
                      if _started(plan, ci, year, warm) and _has_room(off, ci, year)]
            ci = int(rng.choice(ok, p=sizes[ok] / sizes[ok].sum()))
            off.add(ci, code, year)


def _open_more_specialties(plan: RegionPlan, off: Offerings, first_year: int, warm: int,
                           rng: np.random.Generator) -> None:
    """A few openings a year before 2024, each a specialty of the college's profile it never taught."""
    lo, hi = plan.openings_per_year
    sizes = np.array([c.size for c in plan.colleges])
    for year in range(first_year + 1, CALIBRATION_YEAR):
        wanted = int(rng.integers(lo, hi + 1)) - sum(1 for o in off.open if o == year)
        for _ in range(max(0, wanted)):
            ok = []
            for ci, c in enumerate(plan.colleges):
                if (c.first_year or warm) < year and _has_room(off, ci, year):
                    left = [s for s in catalog.PROFILE_POOLS[c.profile]
                            if s not in catalog.NICHE_CODES and not off.ever_taught(ci, s)]
                    if left:
                        ok.append((ci, left))
            if not ok:
                break
            weights = sizes[[ci for ci, _ in ok]]
            ci, left = ok[int(rng.choice(len(ok), p=weights / weights.sum()))]
            off.add(ci, str(rng.choice(left)), year)


def _close_some_specialties(plan: RegionPlan, off: Offerings, first_year: int, warm: int,
                            rng: np.random.Generator) -> None:
    """A few closures: intake stops, students already admitted finish."""
    lo, hi = plan.closures_per_year
    for year in range(first_year + 1, CALIBRATION_YEAR + 1):
        for _ in range(int(rng.integers(lo, hi + 1))):
            ok = [i for i in range(len(off.code))
                  if off.open[i] == warm and off.close[i] == NEVER and not off.forced[i]
                  and off.fewest_from(off.college[i], year) > MIN_SPECIALTIES]
            if not ok:
                break
            off.close_at(int(rng.choice(ok)), year)


def build_offerings(plan: RegionPlan, first_year: int, warm: int, rng: np.random.Generator) -> Offerings:
    off = _starting_offer(plan, warm, rng)
    # The region's new specialties first, so that the preferred colleges still have room for them.
    _place_new_specialties(plan, off, warm, rng)
    _open_more_specialties(plan, off, first_year, warm, rng)
    _close_some_specialties(plan, off, first_year, warm, rng)
    # Size: the college's size times a specialty's popularity; a new specialty starts smaller.
    sizes = np.array([plan.colleges[c].size for c in off.college])
    off.weight = sizes * rng.lognormal(0.0, 0.35, len(off.code)) * np.where(np.array(off.open) > warm, 0.7, 1.0)
    return off


def expected_intake_2024(plan: RegionPlan, off: Offerings) -> np.ndarray:
    """Rough admissions per offering in a year (its share of the 2024 total), to decide how finely it splits."""
    active = (np.array(off.open) <= CALIBRATION_YEAR) & (CALIBRATION_YEAR < np.array(off.close))
    return (plan.state_places_2024 + plan.paid_intake_2024) * off.weight / off.weight[active].sum()


# ---------------------------------------------------------------------------------------------------------------
# 2. Streams
# ---------------------------------------------------------------------------------------------------------------
def _languages(plan: RegionPlan, college: CollegePlan, code: str, size: float, new: bool,
               rng) -> list[tuple[int, float]]:
    """Languages of instruction of an offering with their shares. Only an offering big enough for two groups
    (about 36 a year) teaches in both Kazakh and Russian; a small one picks one language."""
    russian = plan.russian
    if college.district_code in ("KZ-33-TAL", "KZ-33-TEK"):
        russian = min(1.0, russian + 0.15)   # the two cities have more Russian-language groups
    if not new and size >= 36 and rng.random() < russian:
        kk = rng.uniform(0.55, 0.8)
        langs = [(KK, kk), (RU, 1.0 - kk)]
    else:
        langs = [(RU, 1.0)] if rng.random() < russian * 0.5 else [(KK, 1.0)]
    if college.english and code.startswith("06") and not new:
        # One small English-language group next to the others.
        langs = [(lang, share * 0.9) for lang, share in langs] + [(EN, 0.1)]
    return langs


def _bases(college: CollegePlan, size: float, new: bool, rng) -> list[tuple[int, float]]:
    """Entry bases (after grade 9 or 11) with their shares; both only where there are enough students."""
    medical = college.profile == "medical"
    u = rng.random()
    if new or size < 24:
        return [(9, 1.0)] if u < (0.55 if medical else 0.75) else [(11, 1.0)]
    only9, both = (0.2, 0.6) if medical else (0.45, 0.45)
    if u < only9:
        return [(9, 1.0)]
    if u < only9 + both:
        s9 = rng.uniform(0.6, 0.8)
        return [(9, s9), (11, 1.0 - s9)]
    return [(11, 1.0)]


def _length(code: str, base: int, longer: float, rng) -> int:
    """Programme length: after grade 9, 3-4 years (technical mostly 4); after grade 11, 2-3 years. `longer` shifts
    the chances toward the longer length."""
    tech = catalog.is_technical(code)
    if base == 9:
        return (4 if rng.random() < 0.75 + longer else 3) if tech else (3 if rng.random() < 0.75 - longer else 4)
    return (3 if rng.random() < 0.6 + longer else 2) if tech else (2 if rng.random() < 0.65 - longer else 3)


def build_streams(plan: RegionPlan, off: Offerings, warm: int, rng: np.random.Generator) -> Streams:
    rows: dict[str, list] = {k: [] for k in ("offering", "funding", "language", "base", "form", "length",
                                             "share", "p0")}
    sizes = expected_intake_2024(plan, off)
    for oi, (ci, code) in enumerate(zip(off.college, off.code)):
        college = plan.colleges[ci]
        new = off.open[oi] > warm
        private = college.ownership == "private"
        langs = _languages(plan, college, code, sizes[oi], new, rng)
        bases = _bases(college, sizes[oi] / len(langs), new, rng)
        p0 = rng.uniform(0.885, 0.945) + plan.retention
        start = len(rows["offering"])
        for base, base_share in bases:
            length = _length(code, base, plan.longer, rng)
            # Part-time study exists only after grade 11, and mostly as paid study.
            forms = [(0, 1.0)]
            if base == 11 and not new and rng.random() < 0.35:
                forms = [(0, 0.7), (1, 0.3)]
            for lang, lang_share in langs:
                for form, form_share in forms:
                    if new:
                        fundings = [STATE] + ([PAID] if rng.random() < (0.9 if private else 0.3) else [])
                    elif form == 1:
                        fundings = ([STATE] if rng.random() < 0.1 else []) + [PAID]
                    else:
                        state = (not private) or rng.random() < 0.5
                        paid = rng.random() < (0.95 if private else 0.3)
                        fundings = ([STATE] if state else []) + ([PAID] if paid or not state else [])
                    for funding in fundings:
                        rows["offering"].append(oi)
                        rows["funding"].append(funding)
                        rows["language"].append(lang)
                        rows["base"].append(base)
                        rows["form"].append(form)
                        rows["length"].append(length)
                        rows["share"].append(base_share * lang_share * form_share)
                        rows["p0"].append(p0)
        if len(rows["offering"]) == start:
            raise AssertionError(f"offering {code} at college {ci} has no stream")

    n = len(rows["offering"])
    funding = np.array(rows["funding"], np.int64)
    form = np.array(rows["form"], np.int64)
    paid = (funding == PAID).astype(float)
    part = (form == 1).astype(float)
    p0 = np.array(rows["p0"])
    # Paid and part-time students drop out a little more often.
    top = min(0.97 + plan.retention, 0.985)
    promote = np.clip(p0[:, None] + rng.normal(0.0, 0.012, (n, MAX_COURSES)) - 0.015 * paid[:, None]
                      - 0.03 * part[:, None], 0.86, top)
    repeat = rng.uniform(0.0, 0.02, (n, MAX_COURSES))
    graduate = np.clip(rng.uniform(0.90, 0.97, n) + plan.retention - 0.02 * part, 0.86, top)
    # State places are nearly always filled: 90-100 %, most colleges above 95 %.
    college_fill = rng.uniform(0.92, 0.99, len(plan.colleges))
    state_fill = np.clip(college_fill[np.array(off.college)[rows["offering"]]] + rng.normal(0, 0.01, n), 0.9, 1.0)
    paid_fill = rng.uniform(0.82, 1.03, n)
    fill = np.where(funding == STATE, state_fill, paid_fill)
    # About one state stream in eight is paid from the republican budget, the rest from the local one: ~15 % of
    # places, like East Kazakhstan's 1,451 of 5,156 (28 %) but for a smaller, more local region.
    republican = rng.random(n) < 0.13
    return Streams(offering=np.array(rows["offering"], np.int64), funding=funding,
                   language=np.array(rows["language"], np.int64), base=np.array(rows["base"], np.int64),
                   form=form, length=np.array(rows["length"], np.int64), promote=promote, repeat=repeat,
                   graduate=graduate, share=np.array(rows["share"]), fill=fill, republican=republican)


# ---------------------------------------------------------------------------------------------------------------
# 3. Intake: yearly totals, their split over streams, and the calibration factor
# ---------------------------------------------------------------------------------------------------------------
def _yearly_totals(plan: RegionPlan, years: np.ndarray, first_year: int):
    """State-order places, expected paid admissions and the technical share of places, per simulated year.

    Up to 2024 the state order grows by `state_growth` a year and paid intake falls by `paid_decline` (free
    technical and vocational education for a first profession pushes students from paid to state places);
    before the first output year both are nearly flat. 2025 is the report's plan.
    """
    state = np.zeros(len(years))
    paid = np.zeros(len(years))
    tech = np.zeros(len(years))
    for j, year in enumerate(years):
        year = int(year)
        back = CALIBRATION_YEAR - max(year, first_year)
        s = float(plan.state_places_2024)
        p = plan.paid_intake_2024
        for _ in range(max(0, back)):
            s /= 1.0 + plan.state_growth
            p *= 1.0 + plan.paid_decline
        for _ in range(max(0, first_year - year)):
            s *= 0.99
        state[j], paid[j] = s, p
        # The technical share of the state order rises by 1.2 points a year (policy target: 65 %, then 70 %).
        tech[j] = plan.tech_share_2024 + 0.012 * (year - CALIBRATION_YEAR)
    paid_plan_2025 = int(round(plan.admission_plan_2025 * plan.paid_plan_share_2025))
    state[-1] = plan.admission_plan_2025 - paid_plan_2025
    paid[-1] = paid_plan_2025
    return state, paid, tech


def _stream_weights(plan: RegionPlan, off: Offerings, st: Streams, years: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """Relative size of every stream in every year, [n, T]; zero outside the offering's intake years."""
    n_off = len(off.code)
    trend = np.array([catalog.FIELD_TREND[c[:2]] for c in off.code]) + rng.normal(0.0, 0.02, n_off)
    # Growth factor (1 + trend)^(year - 2024) by repeated multiplication: exact IEEE steps on every machine.
    factor = np.ones((n_off, len(years)))
    j24 = int(CALIBRATION_YEAR - years[0])
    for j in range(j24 + 1, len(years)):
        factor[:, j] = factor[:, j - 1] * (1.0 + trend)
    for j in range(j24 - 1, -1, -1):
        factor[:, j] = factor[:, j + 1] / (1.0 + trend)
    opens, closes = np.array(off.open), np.array(off.close)
    active = (opens[:, None] <= years[None, :]) & (years[None, :] < closes[:, None])
    per_offering = off.weight[:, None] * factor * active
    # Private colleges live on paid students; state colleges differ in how many they take.
    paid_factor = np.array([2.5 if c.ownership == "private" else 1.0 for c in plan.colleges])
    paid_factor = paid_factor * rng.uniform(0.5, 1.5, len(plan.colleges))
    college = np.array(off.college)[st.offering]
    factor_s = np.where(st.funding == PAID, paid_factor[college], 1.0)
    return per_offering[st.offering] * (st.share * factor_s)[:, None]


def _expected_intake(st: Streams, tech: np.ndarray, weights: np.ndarray, state: np.ndarray, paid: np.ndarray,
                     tech_share: np.ndarray) -> np.ndarray:
    """Expected admissions per stream and year (floats) for given yearly totals: the calibration's model."""
    groups = (((st.funding == STATE) & tech, state * tech_share),
              ((st.funding == STATE) & ~tech, state * (1.0 - tech_share)),
              (st.funding == PAID, paid))
    out = np.zeros_like(weights)
    for mask, totals in groups:
        w = np.where(mask[:, None], weights, 0.0)
        sums = w.sum(axis=0)
        out += w * np.divide(totals, sums, out=np.zeros_like(sums), where=sums > 0)[None, :]
    return out * np.where(st.funding == STATE, st.fill, 1.0)[:, None]


def intake_scale(plan: RegionPlan, st: Streams, tech: np.ndarray, weights: np.ndarray, years: np.ndarray,
                 state: np.ndarray, paid: np.ndarray, tech_share: np.ndarray) -> float:
    """The factor f applied to the intake of every year before 2024 so that the expected 2024 student total
    equals the target: target = f * (students from earlier intakes) + (students from the 2024 intake)."""
    expected = _expected_intake(st, tech, weights, state, paid, tech_share)
    surv = survival(st.length, st.promote, st.repeat)
    j24 = int(CALIBRATION_YEAR - years[0])
    now = float((expected[:, j24] * surv[:, 0]).sum())
    earlier = float(sum((expected[:, j24 - k] * surv[:, k]).sum() for k in range(1, MAX_COURSES)))
    f = (plan.students_2024 - now) / earlier
    if not 0.7 < f < 1.4:
        raise AssertionError(f"{plan.region_code}: intake scale {f:.3f} is implausible; check the plan's totals")
    return f


def _minimum_places(off: Offerings, st: Streams, year: int, warm: int) -> np.ndarray:
    """Places a state stream gets before the proportional split: a new specialty's first group, and an
    English-language group in every year its specialty admits."""
    opens = np.array(off.open)[st.offering]
    closes = np.array(off.close)[st.offering]
    state = st.funding == STATE
    first = state & (opens == year) & (opens > warm)
    english = state & (st.language == EN) & (opens <= year) & (year < closes)
    return np.where(first, NEW_OFFERING_MIN_PLACES, 0) + np.where(english, ENGLISH_MIN_PLACES, 0)


def state_places(plan: RegionPlan, off: Offerings, st: Streams, tech: np.ndarray, weights: np.ndarray,
                 years: np.ndarray, state: np.ndarray, tech_share: np.ndarray, f: float) -> np.ndarray:
    """Whole state-order places per stream and year: the yearly total split into technical and other fields
    (by the year's technical share), each shared over its streams by largest remainder."""
    places = np.zeros(weights.shape, np.int64)
    for j, year in enumerate(years):
        total = int(round(state[j] * (f if year < CALIBRATION_YEAR else 1.0)))
        n_tech = int(round(total * tech_share[j]))
        minimum = _minimum_places(off, st, int(year), int(years[0]))
        for mask, part in (((st.funding == STATE) & tech, n_tech), ((st.funding == STATE) & ~tech, total - n_tech)):
            idx = np.flatnonzero(mask)
            places[idx, j] = allocate(part, weights[idx, j], minimum[idx])
    return places


# ---------------------------------------------------------------------------------------------------------------
# 4. Cohort flow
# ---------------------------------------------------------------------------------------------------------------
def simulate(plan: RegionPlan, st: Streams, weights: np.ndarray, years: np.ndarray, places: np.ndarray,
             paid: np.ndarray, f: float, rng: np.random.Generator):
    """Students by course, admissions and graduates, year by year from the warm-up year to 2025.

    Each year: last year's students move on (advance_one_year), then the course-1 intake arrives. State streams
    admit Bin(places, fill). Paid streams admit their share of the year's paid total before 2024; in 2024 the paid
    total is whatever brings the student total to the target exactly; in 2025 paid places are planned and
    Bin(plan, fill) are admitted.
    """
    n, T = weights.shape
    is_paid = st.funding == PAID
    paid_idx = np.flatnonzero(is_paid)
    students = np.zeros((n, T, MAX_COURSES), np.int64)
    admitted = np.zeros((n, T), np.int64)
    paid_plan = np.zeros((n, T), np.int64)
    graduates = np.zeros((n, T), np.int64)
    current = np.zeros((n, MAX_COURSES), np.int64)
    for j, year in enumerate(years):
        if j > 0:
            current, graduates[:, j - 1] = advance_one_year(current, st.length, st.promote, st.repeat,
                                                           st.graduate, rng)
        intake = rng.binomial(places[:, j], np.where(is_paid, 0.0, st.fill))
        if year < CALIBRATION_YEAR:
            intake[paid_idx] = allocate(int(round(paid[j] * f)), weights[paid_idx, j])
        elif year == CALIBRATION_YEAR:
            residual = plan.students_2024 - int(current.sum()) - int(intake.sum())
            if not 0.4 * plan.paid_intake_2024 <= residual <= 1.8 * plan.paid_intake_2024:
                raise AssertionError(f"{plan.region_code}: 2024 paid intake {residual} is far from the expected "
                                     f"{plan.paid_intake_2024:.0f}; the calibration did not converge")
            intake[paid_idx] = allocate(residual, weights[paid_idx, j])
        else:
            paid_plan[paid_idx, j] = allocate(int(round(paid[j])), weights[paid_idx, j])
            intake[paid_idx] = rng.binomial(paid_plan[paid_idx, j], np.minimum(st.fill[paid_idx], 1.0))
        if year <= CALIBRATION_YEAR:
            # Planned paid places after the fact: admissions were below or near the plan.
            paid_plan[paid_idx, j] = np.rint(intake[paid_idx] / st.fill[paid_idx]).astype(np.int64)
        current[:, 0] += intake
        admitted[:, j] = intake
        students[:, j] = current
    return students, admitted, paid_plan, graduates


# ---------------------------------------------------------------------------------------------------------------
# 5. Everything else the facts need
# ---------------------------------------------------------------------------------------------------------------
def _capacity(plan: RegionPlan, college_students_2024: np.ndarray, years: np.ndarray, warm: int,
              rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Design capacity per college and year, chosen from 2024 utilisation targets: a few colleges over 100 %,
    a few under 70 %, most between 75 and 97 %. One college's capacity grew (a new building) before 2024."""
    n = len(plan.colleges)
    n_over = int(rng.integers(plan.over_capacity[0], plan.over_capacity[1] + 1))
    n_under = int(rng.integers(plan.under_capacity[0], plan.under_capacity[1] + 1))
    order = rng.permutation(n)
    target = rng.uniform(0.77, 0.97, n)
    target[order[:n_over]] = rng.uniform(1.04, 1.16, n_over)
    target[order[n_over:n_over + n_under]] = rng.uniform(0.52, 0.66, n_under)
    design = np.maximum(10, np.rint(college_students_2024 / target / 10).astype(np.int64) * 10)
    capacity = np.repeat(design[:, None], len(years), axis=1)
    # The college that grew is one of the "most" group that has existed all along.
    grown = next((int(ci) for ci in order[n_over + n_under:] if plan.colleges[ci].first_year is None),
                 int(order[-1]))
    grown_in = int(rng.integers(2021, CALIBRATION_YEAR))
    step = int(round(design[grown] * rng.uniform(0.15, 0.3) / 10)) * 10
    capacity[grown, years < grown_in] -= step
    for ci, college in enumerate(plan.colleges):
        capacity[ci, years < (college.first_year or warm)] = 0
    # Dormitories: none at private colleges and at one more college, else 10-35 % of the capacity.
    dormitory = np.rint(design * rng.uniform(0.10, 0.35, n) / 10).astype(np.int64) * 10
    no_dorm = [ci for ci in range(n) if plan.colleges[ci].ownership == "private"]
    state_colleges = [ci for ci in range(n) if plan.colleges[ci].ownership == "state"]
    no_dorm.append(int(rng.choice(state_colleges)))
    dormitory[no_dorm] = 0
    return capacity, dormitory


def _costs(plan: RegionPlan, years: np.ndarray, rng: np.random.Generator) -> dict:
    """Cost of a student-year by broad field, budget and year: 2024 levels, rising 7-9 % a year."""
    growth = rng.uniform(0.07, 0.09, len(years))
    j24 = int(CALIBRATION_YEAR - years[0])
    level = np.ones(len(years))
    for j in range(j24 + 1, len(years)):
        level[j] = level[j - 1] * (1.0 + growth[j])
    for j in range(j24 - 1, -1, -1):
        level[j] = level[j + 1] / (1.0 + growth[j + 1])
    cost = {}
    for broad, base in catalog.COST_2024_KZT.items():
        for budget, factor in (("local", 1.0), ("republican", catalog.REPUBLICAN_COST_FACTOR)):
            for j, year in enumerate(years):
                cost[(broad, budget, int(year))] = int(round(base * factor * plan.cost_factor * level[j] / 100)) * 100
    return cost


def _signed_on(year: int, rng: np.random.Generator) -> str:
    """A date before or at the start of the academic year (June to October)."""
    return f"{year:04d}-{int(rng.integers(6, 11)):02d}-{int(rng.integers(1, 29)):02d}"


def _partnerships(plan: RegionPlan, first_year: int, rng: np.random.Generator) -> list:
    numbers = [c.number for c in plan.colleges]
    rows = []
    for p in plan.partnerships:
        ci = numbers.index(p.college) if p.college is not None else None
        rows.append((ci, p.enterprise, p.sector, p.kind, _signed_on(p.academic_year, rng) if p.signed else None,
                     p.academic_year, p.note))
    sizes = np.array([c.size for c in plan.colleges])
    generated = []
    for k in range(plan.dual_agreements):
        ci = int(rng.choice(len(sizes), p=sizes / sizes.sum()))
        year = int(rng.integers(first_year + 2, LAST_YEAR + 1))
        label, sector = catalog.DUAL_SECTORS[int(rng.integers(len(catalog.DUAL_SECTORS)))]
        generated.append((year, ci, label, sector))
    generated.sort()
    for k, (year, ci, label, sector) in enumerate(generated, start=1):
        rows.append((ci, f"Демо-предприятие № {k} ({label})", sector, "dual_training", _signed_on(year, rng), year,
                     catalog.DEMO_NOTE))
    return rows


def _check_offer_sizes(plan: RegionPlan, off: Offerings, years: np.ndarray, warm: int) -> None:
    for ci, college in enumerate(plan.colleges):
        for year in years:
            if year >= (college.first_year or warm):
                n = off.count(ci, int(year))
                if not MIN_SPECIALTIES <= n <= MAX_SPECIALTIES:
                    raise AssertionError(f"{plan.region_code} college {college.number} teaches {n} specialties "
                                         f"in {year}")


def generate_region(plan: RegionPlan, first_year: int, rng: np.random.Generator) -> RegionData:
    warm = first_year - WARM_UP_YEARS
    years = np.arange(warm, LAST_YEAR + 1)
    off = build_offerings(plan, first_year, warm, rng)
    _check_offer_sizes(plan, off, years, warm)
    st = build_streams(plan, off, warm, rng)
    tech = np.array([catalog.is_technical(off.code[o]) for o in st.offering])
    weights = _stream_weights(plan, off, st, years, rng)
    state, paid, tech_share = _yearly_totals(plan, years, first_year)
    f = intake_scale(plan, st, tech, weights, years, state, paid, tech_share)
    places = state_places(plan, off, st, tech, weights, years, state, tech_share, f)
    students, admitted, paid_plan, graduates = simulate(plan, st, weights, years, places, paid, f, rng)
    republican = places * st.republican[:, None]
    n_off = len(off.code)
    field_rate = np.array([0.0 if catalog.is_technical(c) or c.startswith("09") else -0.1 for c in off.code])
    # Employment: 66-80 % in technical and health fields, 56-70 % elsewhere; 8-20 % go on studying.
    employed_rate = rng.uniform(0.66, 0.80, n_off) + field_rate
    continued_rate = rng.uniform(0.08, 0.20, n_off)
    college_of_stream = np.array(off.college)[st.offering]
    j24 = int(CALIBRATION_YEAR - warm)
    per_college_2024 = np.bincount(college_of_stream, weights=students[:, j24].sum(axis=1),
                                   minlength=len(plan.colleges)).astype(np.int64)
    capacity, dormitory = _capacity(plan, per_college_2024, years, warm, rng)
    cost = _costs(plan, years, rng)
    partnerships = _partnerships(plan, first_year, rng)
    return RegionData(plan=plan, first_year=first_year, years=years, offerings=off, streams=st, places=places,
                      republican_places=republican, paid_plan=paid_plan, admitted=admitted, students=students,
                      graduates=graduates, employed_rate=employed_rate, continued_rate=continued_rate,
                      capacity=capacity, dormitory=dormitory, cost=cost, partnerships=partnerships,
                      intake_scale=f)
