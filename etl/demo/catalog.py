"""What the demo generator draws from: specialty pools by college profile, the colleges of Zhetysu Region, the
enterprises of the forum report and the size of every region for the national benchmark.

Everything here is static data: the random choices are made in `model.py`. Lists are tuples so that their order
(and with it every random draw) is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------------------------------------------------------
# Specialties. Only the 82 codes observed in public files (data/reference/dim_specialty.csv, code_status observed)
# and four unverified ones (agronomy 08110100, horticulture 08120100, fisheries 08310100, veterinary 08410100) may
# be used. The first two digits are the ISCED-F broad field; 06, 07 and 08 are "technical".
# Left out on purpose: 07140300 and 07140400 (conflicting names in the observed files) and 02210100, 07141000
# (nothing in the region suggests them).
# ---------------------------------------------------------------------------------------------------------------
TECHNICAL_FIELDS = ("06", "07", "08")

# Codes that no college of a region offers before 2024: the 13 "new specialties opened last year" (2024) and the 14
# "planned this year" (2025) of the forum report. Keeping them out of every college's starting offer makes them new
# to the region, not just new to one college.
OPENED_2024 = (
    "06120200",  # information security systems
    "07161100",  # remotely piloted aircraft systems (drones)
    "07140500",  # digital technology
    "07140900",  # radio engineering, electronics and telecommunications
    "07321000",  # lifts and escalators
    "07220700",  # polymer production technology
    "07110400",  # laboratory technology
    "07150700",  # cranes and conveyors
    "07320400",  # real estate management
    "08120100",  # horticulture (unverified code)
    "09160100",  # pharmacy
    "10150100",  # tourism
    "02120100",  # interior design
)
# The report names five of the 14 planned specialties; the other nine are the generator's choice.
PLANNED_2025_NAMED = (
    "07140100",  # automated production systems («Автоматизация и управление технологическими процессами»)
    "07140200",  # mechatronics
    "07310100",  # architectural design («Архитектура»)
    "08210100",  # forestry
    "08310100",  # fisheries / fish farming (unverified code)
)
PLANNED_2025 = PLANNED_2025_NAMED + (
    "07310400",  # design, restoration and reconstruction of civil buildings
    "07210300",  # bakery, pasta and confectionery production
    "07221400",  # furniture production
    "07140800",  # operational technological communications
    "10320200",  # protection in emergencies
    "04130200",  # logistics
    "09140100",  # laboratory diagnostics
    "04140100",  # marketing
    "10410400",  # road traffic management
)
NICHE_CODES = OPENED_2024 + PLANNED_2025

# Starting offer of a college, by profile (none of the niche codes above).
PROFILE_POOLS: dict[str, tuple[str, ...]] = {
    "polytechnic": ("06120100", "06130100", "07130100", "07130200", "07130700", "07150100", "07150500", "07150600",
                    "07151100", "07161300", "07160400", "07320100", "07321100", "07321200", "07320700", "04110100",
                    "10320100"),
    "industrial": ("07130200", "07130700", "07150300", "07150500", "07150600", "07151100", "07320600", "07321200",
                   "07240700", "07240900", "07110100", "07110500", "05320200", "07161300", "04110100"),
    "agrarian": ("08110100", "08410100", "07151100", "07161300", "07210100", "07211300", "07130200", "07150500",
                 "04110100", "10130300", "07230100"),
    "medical": ("09110100", "09110200", "09120100", "09130100", "09130200", "09230100"),
    "pedagogical": ("01120100", "01140100", "01140500", "01140600", "02310100", "02110300", "09230100",
                    "04110100"),
    "services": ("10120100", "10130100", "10130200", "10130300", "07230100", "02120200", "04110100", "04130100",
                 "02110300", "07210100"),
    "business_it": ("04110100", "04120100", "04120200", "04130100", "04210100", "06130100", "06120100",
                    "02110300", "02310100"),
    "transport": ("07161300", "07160400", "07160500", "10410200", "10410300", "07140700", "07320800", "07320700",
                  "07151100", "07150500", "07130100"),
    "multi": ("04110100", "06130100", "07130200", "07150500", "07161300", "07320100", "10130300", "10120100",
              "01140100", "07230100", "02120200", "04130100"),
}

# Which new specialties a profile may take on: prefixes of the specialty code (broad, narrow or detailed field).
PROFILE_ACCEPTS: dict[str, tuple[str, ...]] = {
    "polytechnic": ("06", "071", "0722", "073", "1032"),
    "industrial": ("07", "05"),
    "agrarian": ("08", "0721"),
    "medical": ("09",),
    "pedagogical": ("01", "02"),
    "services": ("10", "02", "0721", "0723"),
    "business_it": ("04", "06", "02"),
    "transport": ("0714", "0716", "0732", "104"),
    "multi": ("04", "06", "07", "10"),
}
# Profiles of generated colleges outside Zhetysu, with their weights.
PROFILE_MIX = (("polytechnic", 0.24), ("industrial", 0.10), ("agrarian", 0.15), ("medical", 0.12),
               ("pedagogical", 0.10), ("services", 0.10), ("business_it", 0.10), ("transport", 0.06),
               ("multi", 0.03))

# Yearly popularity trend of a field (relative change of its share of intake): IT and engineering grow,
# business and services shrink, as the state order shifts toward technical fields.
FIELD_TREND = {"01": 0.0, "02": 0.0, "04": -0.03, "05": 0.0, "06": 0.05, "07": 0.02, "08": 0.01, "09": 0.01,
               "10": -0.02}

# Cost of one student-year on the state order in 2024, tenge, by broad field (local budget; the republican
# budget's standard is a little higher). Earlier and later years follow a 7-9 % yearly rise.
COST_2024_KZT = {"01": 450_000, "02": 480_000, "04": 470_000, "05": 690_000, "06": 720_000, "07": 760_000,
                 "08": 700_000, "09": 700_000, "10": 500_000}
REPUBLICAN_COST_FACTOR = 1.06


def used_codes() -> tuple[str, ...]:
    """Every specialty code the generator may write, sorted."""
    codes = set(NICHE_CODES)
    for pool in PROFILE_POOLS.values():
        codes.update(pool)
    return tuple(sorted(codes))


def is_technical(code: str) -> bool:
    return code[:2] in TECHNICAL_FIELDS


# ---------------------------------------------------------------------------------------------------------------
# Zhetysu Region (KZ-33): 27 colleges. The first four are the colleges the forum report names; the other 23 are
# generated and say so in their names. Districts: data/reference/dim_district.csv.
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CollegePlan:
    number: int                      # C001 ... in the college_id
    district_code: str | None
    profile: str
    size: float                      # relative size: students scale with it
    ownership: str = "state"
    names: tuple[str, str, str] | None = None   # (kk, ru, en) of a real college; None -> a demo name
    forced: tuple[str, ...] = ()     # specialties it must offer (for the partnerships it has)
    first_year: int | None = None    # first intake, if the college opened within the demo years
    english: bool = False            # runs one English-language IT group


# Town of each district, in kk (the ru and en names are in dim_district.csv as centre_ru / centre_en).
TOWN_KK = {"KZ-33-TAL": "Талдықорған", "KZ-33-TEK": "Текелі", "KZ-33-AKS": "Жансүгіров", "KZ-33-ALA": "Үшарал",
           "KZ-33-ESK": "Қарабұлақ", "KZ-33-KRT": "Үштөбе", "KZ-33-KER": "Сарыөзек", "KZ-33-KOK": "Балпық би",
           "KZ-33-PAN": "Жаркент", "KZ-33-SAR": "Сарқан"}

ZHETYSU_COLLEGES = (
    CollegePlan(1, "KZ-33-TAL", "polytechnic", 1.9, names=(
        "Талдықорған жоғары политехникалық колледжі", "Талдыкорганский высший политехнический колледж",
        "Taldykorgan Higher Polytechnic College"), forced=("07130100", "07150100", "06130100"), english=True),
    CollegePlan(2, "KZ-33-TEK", "industrial", 1.2, names=(
        "Текелі кәсіптік колледжі", "Текелийский профессиональный колледж", "Tekeli Professional College"),
        forced=("07130200", "07320600")),
    CollegePlan(3, "KZ-33-SAR", "polytechnic", 1.0, names=(
        "Сарқан политехникалық колледжі", "Сарканский политехнический колледж", "Sarkand Polytechnic College"),
        forced=("07151100",)),
    # Bastobe is a village of Eskeldi district: the district centre's coordinates are used.
    CollegePlan(4, "KZ-33-ESK", "agrarian", 0.9, names=(
        "Бастөбе колледжі", "Бастобинский колледж", "Bastobe College"), forced=("08110100",)),
    CollegePlan(5, "KZ-33-TAL", "medical", 1.5),
    CollegePlan(6, "KZ-33-TAL", "pedagogical", 1.3),
    CollegePlan(7, "KZ-33-TAL", "business_it", 0.8, ownership="private", forced=("06130100",)),
    CollegePlan(8, "KZ-33-TAL", "services", 1.0, forced=("07230100",)),
    CollegePlan(9, "KZ-33-TAL", "transport", 1.1),
    CollegePlan(10, "KZ-33-TAL", "polytechnic", 1.2, forced=("07320100",)),
    CollegePlan(11, "KZ-33-TAL", "medical", 0.6, ownership="private"),
    # A private college that opened in 2022: 26 colleges have students in 2019-2021, 27 from 2022.
    CollegePlan(12, "KZ-33-TAL", "multi", 0.5, ownership="private", first_year=2022),
    CollegePlan(13, "KZ-33-TEK", "services", 0.6),
    CollegePlan(14, "KZ-33-ESK", "agrarian", 0.7),
    CollegePlan(15, "KZ-33-KRT", "transport", 0.9, forced=("10410300",)),
    CollegePlan(16, "KZ-33-KRT", "pedagogical", 0.7),
    CollegePlan(17, "KZ-33-PAN", "agrarian", 1.0, forced=("07211300",)),
    CollegePlan(18, "KZ-33-PAN", "medical", 0.7),
    CollegePlan(19, "KZ-33-PAN", "services", 0.5, ownership="private"),
    CollegePlan(20, "KZ-33-ALA", "agrarian", 0.8),
    CollegePlan(21, "KZ-33-ALA", "multi", 0.6),
    CollegePlan(22, "KZ-33-AKS", "agrarian", 0.8, forced=("07211300",)),
    CollegePlan(23, "KZ-33-AKS", "multi", 0.5),
    CollegePlan(24, "KZ-33-SAR", "pedagogical", 0.6),
    # Not in Kerbulak district: its deputy akim said in 2025 it has no college (24.kz; published_figure__districts.csv).
    CollegePlan(25, "KZ-33-KRT", "industrial", 0.6),
    CollegePlan(26, "KZ-33-KOK", "agrarian", 0.7, forced=("07211300",)),
    CollegePlan(27, "KZ-33-KOK", "multi", 0.5),
)

# Where the named new specialties go: mechatronics to the polytechnic that hosts the Zhetysu Skills centre,
# automation to the industrial college of Tekeli, architecture to the construction-minded polytechnic, forestry to
# the foothills of Koksu, fisheries to Usharal on Lake Alakol. The rest are placed by profile at random.
ZHETYSU_PREFERRED = (("07140200", 1), ("07140100", 2), ("07310100", 10), ("08210100", 26), ("08310100", 20))


# ---------------------------------------------------------------------------------------------------------------
# Partnerships of the forum report (academic year 2024).
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnershipPlan:
    college: int | None      # college number (C###) or None
    enterprise: str
    sector: str | None
    kind: str
    academic_year: int
    note: str
    signed: bool = False     # demo rows get a generated date; the report's rows have none (not published)


NAMED_NOTE = "enterprise named in the report; the college it is paired with is demo"
DEMO_NOTE = "demo enterprise (generated)"
HIRING_NOTE = ("the enterprise decided at the forum to hire graduates of the college; pairing by order of mention "
               "in the report")

ZHETYSU_PARTNERSHIPS = (
    # 10 memoranda signed at the forum: six with enterprises the report names, four standing in for "and others".
    PartnershipPlan(1, "ТОО «Кайнар-АКБ»", "manufacturing: batteries", "memorandum", 2024, NAMED_NOTE),
    PartnershipPlan(22, "ТОО «Ақсу Қант»", "food processing: sugar", "memorandum", 2024, NAMED_NOTE),
    PartnershipPlan(17, "ТОО «Жаркентский крахмалопаточный завод»", "food processing: starch and syrup",
                    "memorandum", 2024, NAMED_NOTE),
    PartnershipPlan(26, "ТОО «JLC Сүт»", "food processing: dairy", "memorandum", 2024, NAMED_NOTE),
    PartnershipPlan(8, "швейная фабрика «Айсұлу»", "manufacturing: garments", "memorandum", 2024, NAMED_NOTE),
    PartnershipPlan(4, "филиал РГП «Казводхоз» по области Жетісу", "water management", "memorandum", 2024,
                    NAMED_NOTE),
    PartnershipPlan(2, "Демо-предприятие № 1 (энергетика)", "energy", "memorandum", 2024, DEMO_NOTE),
    PartnershipPlan(10, "Демо-предприятие № 2 (строительство)", "construction", "memorandum", 2024, DEMO_NOTE),
    PartnershipPlan(7, "Демо-предприятие № 3 (IT)", "information technology", "memorandum", 2024, DEMO_NOTE),
    PartnershipPlan(15, "Демо-предприятие № 4 (логистика)", "transport and logistics", "memorandum", 2024,
                    DEMO_NOTE),
    # Hiring decisions: the report lists three employers that decided on the spot to hire graduates of three
    # colleges; paired by order of mention. (The «golden cards» handed to graduates at the forum are not
    # agreements and their number is not published: tvet/partnerships.py GOLDEN_CARDS.) Sectors not published.
    PartnershipPlan(2, "ТОО «КазНефтеГазПромСтройСервис»", None, "hiring_decision", 2024, HIRING_NOTE),
    PartnershipPlan(3, "ИП «Ли А.Д.»", None, "hiring_decision", 2024, HIRING_NOTE),
    PartnershipPlan(4, "АО «ТАТЭК»", None, "hiring_decision", 2024, HIRING_NOTE),
    # A few dual-training agreements with demo enterprises, 2021-2024 (none in 2025: a year with rows but no
    # memorandum would show the year's memoranda as 0, a fall no source reports).
    PartnershipPlan(1, "Демо-предприятие № 5 (машиностроение)", "manufacturing: machinery", "dual_training", 2021,
                    DEMO_NOTE, signed=True),
    PartnershipPlan(9, "Демо-предприятие № 6 (автосервис)", "motor vehicle repair", "dual_training", 2022,
                    DEMO_NOTE, signed=True),
    PartnershipPlan(17, "Демо-предприятие № 7 (агропромышленность)", "agriculture", "dual_training", 2022,
                    DEMO_NOTE, signed=True),
    PartnershipPlan(2, "Демо-предприятие № 8 (горнодобыча)", "mining", "dual_training", 2023, DEMO_NOTE,
                    signed=True),
    PartnershipPlan(10, "Демо-предприятие № 9 (строительство)", "construction", "dual_training", 2024, DEMO_NOTE,
                    signed=True),
    PartnershipPlan(5, "Демо-предприятие № 10 (здравоохранение)", "health care", "dual_training", 2024, DEMO_NOTE,
                    signed=True),
)

# Sectors of the demo's enterprises: the English text the demo writes in `sector`, and its kk / ru / en names
# (fct_partnership.sector_kk / sector_ru / sector_en), so that each page shows the sector in its language.
SECTOR_NAMES: dict[str, tuple[str, str, str]] = {
    "manufacturing: batteries": ("өндіріс: аккумуляторлар", "производство: аккумуляторы", "manufacturing: batteries"),
    "manufacturing: garments": ("өндіріс: тігін бұйымдары", "производство: швейные изделия", "manufacturing: garments"),
    "manufacturing: machinery": ("өндіріс: машина жасау", "производство: машиностроение", "manufacturing: machinery"),
    "food processing: sugar": ("тамақ өнеркәсібі: қант", "пищевая промышленность: сахар", "food processing: sugar"),
    "food processing: starch and syrup": ("тамақ өнеркәсібі: крахмал және сірне", "пищевая промышленность: крахмал и патока", "food processing: starch and syrup"),
    "food processing: dairy": ("тамақ өнеркәсібі: сүт өнімдері", "пищевая промышленность: молочные продукты", "food processing: dairy"),
    "water management": ("су шаруашылығы", "водное хозяйство", "water management"),
    "energy": ("энергетика", "энергетика", "energy"),
    "construction": ("құрылыс", "строительство", "construction"),
    "information technology": ("ақпараттық технологиялар", "информационные технологии", "information technology"),
    "transport and logistics": ("көлік және логистика", "транспорт и логистика", "transport and logistics"),
    "motor vehicle repair": ("автокөлік жөндеу", "ремонт автотранспорта", "motor vehicle repair"),
    "agriculture": ("ауыл шаруашылығы", "сельское хозяйство", "agriculture"),
    "mining": ("тау-кен өндірісі", "горнодобывающая промышленность", "mining"),
    "health care": ("денсаулық сақтау", "здравоохранение", "health care"),
}

# Dual-training partners of generated regions: (Russian label in the name, sector).
DUAL_SECTORS = (("машиностроение", "manufacturing: machinery"), ("энергетика", "energy"),
                ("строительство", "construction"), ("агропромышленность", "agriculture"),
                ("автосервис", "motor vehicle repair"), ("IT", "information technology"),
                ("горнодобыча", "mining"), ("логистика", "transport and logistics"))


# ---------------------------------------------------------------------------------------------------------------
# The national benchmark: colleges and students (2024) of every region. Sized after the published figures where
# there are some (Turkistan 50 / 47,142, North Kazakhstan 24 / 11,147, East Kazakhstan and Astana roughly) and
# plausibly elsewhere; the total is about 700 colleges and 557,500 students, close to the national 706
# organisations and 557,000 students of 2024/25. Zhetysu comes from ZHETYSU_COLLEGES and the forum report.
# ---------------------------------------------------------------------------------------------------------------
NATIONAL_SIZES = (
    ("KZ-10", 24, 16_500), ("KZ-11", 36, 22_000), ("KZ-15", 38, 30_000), ("KZ-19", 44, 37_000),
    ("KZ-23", 25, 20_500), ("KZ-27", 30, 22_500), ("KZ-31", 40, 32_500), ("KZ-33", 27, 13_947),
    ("KZ-35", 45, 38_000), ("KZ-39", 33, 23_500), ("KZ-43", 32, 26_000), ("KZ-47", 25, 24_000),
    ("KZ-55", 30, 22_000), ("KZ-59", 24, 11_147), ("KZ-61", 50, 47_142), ("KZ-62", 8, 4_800),
    ("KZ-63", 34, 19_000), ("KZ-71", 38, 40_000), ("KZ-75", 72, 62_000), ("KZ-79", 45, 45_000),
)
CITY_REGIONS = ("KZ-71", "KZ-75", "KZ-79")
