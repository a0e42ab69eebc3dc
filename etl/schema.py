"""The warehouse's table contract: every table, its columns, their types and the headers accepted for them.

This module is the single allow-list of identifiers. SQL that names a table or a column takes the name from
here, never from a file or a user. Loadable tables are the ones a data steward may bring as a template file
(one CSV/XLSX per table); the ETL also writes `etl_run`, `etl_input` and `etl_check`, which are not loadable.

Column kinds (how a raw text value is cleaned and checked, see etl/sql/macros.sql):
  text      free text, trimmed
  id        an identifier kept as written (source id), trimmed
  code      a code (college, region, district, qualification, agreement): upper case, no spaces, Cyrillic
            look-alike letters folded to Latin ("5АВ06130101" -> "5AB06130101")
  year      an academic year, stored as the calendar year in which it starts ("2024/25" -> 2024)
  count     a whole number >= 0 (students, places); "-", "…", "x", "к" mean missing, never 0
  money     a whole number of tenge >= 0
  decimal   a decimal number (coordinates); decimal comma accepted
  date      an ISO date (YYYY-MM-DD) or DD.MM.YYYY
  specialty an 8-digit specialty code of the 2018 classifier ("06130100 Программное обеспечение" accepted)
  isced     an ISCED-F 2013 code (2-4 digits)
  enum      one of a fixed set of values; accepted spellings in kk/ru/en are listed in ENUMS
  bool      true/false (да/нет, иә/жоқ, 1/0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True  # the column must be present in a loaded file
    nullable: bool = False  # a present column may hold an empty / missing value
    enum: str | None = None
    labels: tuple[str, ...] = ()  # other headers accepted for this column (kk, ru, en)
    help: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    grain: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the grain as columns: must be unique
    loadable: bool = True
    help: str = ""
    derived: tuple[tuple[str, str], ...] = field(default=())  # (name, sql type) added by the mart
    # Measures that two real sources may give for the same key, each giving some (an admission plan from the
    # akimat, the admitted count from a college's register): their rows are one row of the mart, and only a measure
    # given twice is a repeated key.
    complements: tuple[str, ...] = ()
    check_key: bool = True  # rows repeating the key are an error (value maps may repeat a spelling: the last wins)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name}.{name}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


# Accepted spellings of enumerated values. Matching ignores case, spaces and Latin/Cyrillic look-alikes.
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "funding": {
        "state": ("state", "state order", "budget", "государственный заказ", "госзаказ", "бюджет",
                  "за счет бюджета", "за счет средств бюджета", "государственный образовательный заказ",
                  "мемлекеттік тапсырыс", "бюджет есебінен", "грант"),
        "paid": ("paid", "fee", "fee-paying", "платно", "платное", "на платной основе", "по договору",
                 "договор", "за счет собственных средств", "ақылы", "ақылы негізде", "шарт бойынша"),
    },
    "language": {
        "kk": ("kk", "kaz", "kazakh", "казахский", "каз", "қазақ", "қазақша", "қазақ тілі", "казахский язык",
               "на казахском", "на казахском языке", "қазақ тілінде"),
        "ru": ("ru", "rus", "russian", "русский", "рус", "орыс", "орыс тілі", "русский язык", "на русском",
               "на русском языке", "орыс тілінде"),
        "en": ("en", "eng", "english", "английский", "ағылшын", "ағылшын тілі", "английский язык", "на английском",
               "на английском языке", "ағылшын тілінде"),
    },
    "study_form": {
        "full_time": ("full_time", "full-time", "full time", "очная", "очное", "күндізгі", "күндізгі оқу"),
        "part_time": ("part_time", "part-time", "part time", "extramural", "заочная", "заочное", "сырттай",
                      "сырттай оқу"),
        "evening": ("evening", "вечерняя", "вечернее", "кешкі", "кешкі оқу"),
    },
    "entry_base": {
        "9": ("9", "grade 9", "after grade 9", "на базе 9 классов", "на базе основного среднего образования",
              "основное среднее", "9 сынып", "9 сынып негізінде", "негізгі орта білім"),
        "11": ("11", "grade 11", "after grade 11", "на базе 11 классов", "на базе общего среднего образования",
               "общее среднее", "11 сынып", "11 сынып негізінде", "жалпы орта білім"),
        "tvet": ("tvet", "after tvet", "after college", "типо", "тжкб", "после колледжа", "на базе типо",
                 "техническое и профессиональное", "техникалық және кәсіптік"),
    },
    "budget": {
        "local": ("local", "regional", "местный", "местный бюджет", "областной бюджет", "жергілікті",
                  "жергілікті бюджет", "облыстық бюджет"),
        "republican": ("republican", "national", "республиканский", "республиканский бюджет", "республикалық",
                       "республикалық бюджет"),
    },
    "ownership": {
        "state": ("state", "public", "государственная", "государственный", "мемлекеттік"),
        "private": ("private", "частная", "частный", "жеке", "жекеменшік"),
    },
    "change": {
        "opened": ("opened", "open", "открыта", "открытие", "открыт", "ашылды", "ашылған"),
        "closed": ("closed", "close", "закрыта", "закрытие", "закрыт", "жабылды", "жабылған"),
        "planned": ("planned", "plan", "планируется", "планируемая", "запланирована", "жоспарланған",
                    "жоспарлануда"),
    },
    "partnership_kind": {
        "memorandum": ("memorandum", "memorandum of cooperation", "меморандум", "меморандум о сотрудничестве",
                       "ынтымақтастық туралы меморандум"),
        "dual_training": ("dual_training", "dual training", "дуальное обучение", "дуалды оқыту"),
        # An enterprise's decision to hire the college's graduates (at the 2024 forum, beside the «golden cards»
        # handed to graduates; a golden card is given to a graduate, not agreed with a college, so it is no kind
        # here). golden_card_hire: the name this kind had before (issue 14).
        "hiring_decision": ("hiring_decision", "hiring decision", "golden_card_hire", "решение о трудоустройстве",
                            "решение о приеме на работу", "жұмысқа алу туралы шешім"),
        "practice_base": ("practice_base", "work placement", "база практики", "практика базасы"),
        "other": ("other", "другое", "басқа"),
    },
    "region_kind": {
        "country": ("country", "страна", "республика", "ел"),
        "region": ("region", "область", "облыс"),
        "city": ("city", "город", "қала", "город республиканского значения", "республикалық маңызы бар қала"),
    },
    "district_kind": {
        "district": ("district", "район", "аудан"),
        "city": ("city", "город", "қала"),
    },
    "isced_level": {
        "broad": ("broad",),
        "narrow": ("narrow",),
        "detailed": ("detailed",),
    },
    "code_status": {
        "official": ("official",),
        "observed": ("observed",),
        "unverified": ("unverified",),
    },
    "qualifier": {
        "exact": ("exact", "точно", "нақты"),
        "about": ("about", "около", "примерно", "шамамен"),
        "more_than": ("more_than", "more than", "более", "свыше", "астам"),
    },
    "coverage": {
        "region": ("region", "регион", "область", "өңір", "облыс"),
        "college": ("college", "колледж"),
    },
    "source_kind": {
        "official": ("official",),
        "press": ("press",),
        "reference": ("reference",),
        "demo": ("demo",),
        "upload": ("upload",),
    },
}


def C(name, kind, *labels, required=True, nullable=False, enum=None, help=""):
    return Column(name, kind, required, nullable, enum or (name if kind == "enum" else None), labels, help)


_YEAR = C("academic_year", "year", "Academic year", "Year", "Учебный год", "Год", "Оқу жылы", "Жыл",
          help="calendar year in which the academic year starts: 2024 means 2024/25")
_COLLEGE = C("college_id", "code", "College", "College ID", "Колледж", "ID колледжа", "Код колледжа", "БИН",
             "Колледж коды")
_SPECIALTY = C("specialty_code", "specialty", "Specialty", "Specialty code", "Специальность", "Код специальности",
               "Мамандық", "Мамандық коды", help="8-digit code of the 2018 classifier")
_FUNDING = C("funding", "enum", "Funding", "Источник финансирования", "Обучение за счет средств",
             "Қаржыландыру көзі", help="state (state order) or paid")
_LANGUAGE = C("language", "enum", "Language", "Language of instruction", "Язык обучения", "Оқыту тілі")
_FORM = C("study_form", "enum", "Study form", "Форма обучения", "Оқу нысаны")
_BASE = C("entry_base", "enum", "Entry base", "База", "На базе", "Базалық білім", "Негізінде",
          help="9 (after grade 9), 11 (after grade 11) or tvet (after a previous TVET programme)")
# Breakdowns that a student-level or aggregated source may not state: the column may be missing from a file (its
# rows load as "not stated", NULL, with a warning) or a cell may be blank. Pages show "not stated" as a category.
_NOT_STATED = dict(required=False, nullable=True)
_FUNDING_NS = C("funding", "enum", *_FUNDING.labels, **_NOT_STATED, help=_FUNDING.help + "; empty: not stated")
_LANGUAGE_NS = C("language", "enum", *_LANGUAGE.labels, **_NOT_STATED, help="kk, ru or en; empty: not stated")
_FORM_NS = C("study_form", "enum", *_FORM.labels, **_NOT_STATED, help="full_time, part_time or evening; empty: not stated")
_BASE_NS = C("entry_base", "enum", *_BASE.labels, **_NOT_STATED, help=_BASE.help + "; empty: not stated")
_SOURCE = C("source_id", "id", "Source", "Источник", "Дереккөз", help="a source_id of the source table")
_NAMES = (
    C("name_kk", "text", "Name (kk)", "Наименование (каз)", "Атауы (қаз)", required=False, nullable=True),
    C("name_ru", "text", "Name (ru)", "Наименование", "Наименование (рус)", "Атауы (орыс)"),
    C("name_en", "text", "Name (en)", "Name", "Наименование (англ)", "Атауы (ағыл)", required=False, nullable=True),
)

TABLES: tuple[Table, ...] = (
    Table("source", "one row per source of figures or rows", (
        C("source_id", "id", "Source ID"),
        C("title", "text", "Title", "Название", "Атауы"),
        C("publisher", "text", "Publisher", "Издатель", "Жариялаушы", nullable=True),
        C("url", "text", "URL", "Ссылка", "Сілтеме", required=False, nullable=True),
        C("published_on", "text", "Published on", "Дата публикации", required=False, nullable=True),
        C("kind", "enum", "Kind", "Вид", "Түрі", enum="source_kind"),
        C("coverage", "enum", "Coverage", "Охват", "Қамту", required=False, nullable=True,
          help="what the source's rows cover: region (a whole region's year, the default) or college (one college's "
               "year, e.g. a student-register export): real rows replace demo rows of exactly that scope"),
        C("licence", "text", "Licence", "Лицензия", required=False, nullable=True),
        C("note", "text", "Note", "Примечание", "Ескерту", required=False, nullable=True),
        # The title and publisher in each page language (pages fall back to `title` / `publisher`, as published).
        C("title_kk", "text", "Title (kk)", "Название (каз)", "Атауы (қаз)", required=False, nullable=True),
        C("title_ru", "text", "Title (ru)", "Название (рус)", "Атауы (орыс)", required=False, nullable=True),
        C("title_en", "text", "Title (en)", "Название (англ)", "Атауы (ағыл)", required=False, nullable=True),
        C("publisher_kk", "text", "Publisher (kk)", "Издатель (каз)", "Жариялаушы (қаз)", required=False, nullable=True),
        C("publisher_ru", "text", "Publisher (ru)", "Издатель (рус)", "Жариялаушы (орыс)", required=False,
          nullable=True),
        C("publisher_en", "text", "Publisher (en)", "Издатель (англ)", "Жариялаушы (ағыл)", required=False,
          nullable=True),
    ), key=("source_id",)),
    Table("dim_region", "one row per region or city of republican significance", (
        C("region_code", "code", "Region code", "Код региона", "Өңір коды", help="ISO 3166-2, e.g. KZ-33"),
        C("kato_prefix", "text", "KATO", "КАТО", nullable=True),
        C("kind", "enum", "Kind", "Вид", "Түрі", enum="region_kind", required=False, nullable=True),
        *_NAMES,
        C("since_year", "year", "Since", "С года", required=False, nullable=True),
        C("note", "text", "Note", "Примечание", "Ескерту", required=False, nullable=True),
    ), key=("region_code",)),
    Table("dim_district", "one row per district or city of a region", (
        C("district_code", "code", "District code", "Код района", "Аудан коды"),
        C("region_code", "code", "Region code", "Код региона", "Өңір коды"),
        C("kind", "enum", "Kind", "Вид", "Түрі", enum="district_kind"),
        *_NAMES,
        C("centre_ru", "text", "Centre", "Центр", "Орталығы", required=False, nullable=True),
        C("centre_en", "text", "Centre (en)", required=False, nullable=True),
        C("lat", "decimal", "Latitude", "Широта", "Ендік", nullable=True),
        C("lon", "decimal", "Longitude", "Долгота", "Бойлық", nullable=True),
        C("coord_source", "text", required=False, nullable=True, help="geonames or approximate"),
    ), key=("district_code",)),
    Table("dim_isced_field", "one row per ISCED-F 2013 field (broad, narrow or detailed)", (
        C("code", "isced", "Code", "Код", "Коды"),
        C("level", "enum", "Level", "Уровень", "Деңгей", enum="isced_level"),
        C("parent_code", "isced", "Parent", required=False, nullable=True),
        C("broad_code", "isced", "Broad field"),
        *_NAMES,
        C("name_kk_ru_status", "text", required=False, nullable=True,
          help="project_translation where the kk/ru names are the project's own translation"),
    ), key=("code",)),
    Table("dim_specialty", "one row per specialty of the TVET classifier", (
        _SPECIALTY,
        *_NAMES,
        C("isced_detailed", "isced", "ISCED-F", "МСКО", required=False, nullable=True,
          help="defaults to the first four digits of the code"),
        C("code_status", "enum", "Code status", required=False, nullable=True,
          help="official, observed (seen in public files) or unverified"),
        C("names_status", "text", required=False, nullable=True),
        C("note", "text", "Note", "Примечание", "Ескерту", required=False, nullable=True),
    ), key=("specialty_code",), derived=(("isced_narrow", "varchar"), ("isced_broad", "varchar"),
                                        ("is_technical", "boolean"))),
    Table("dim_qualification", "one row per qualification of the TVET classifier", (
        C("qualification_code", "code", "Qualification code", "Код квалификации", "Біліктілік коды"),
        _SPECIALTY,
        *_NAMES,
        C("code_status", "enum", "Code status", required=False, nullable=True),
        C("note", "text", "Note", "Примечание", required=False, nullable=True),
    ), key=("qualification_code",)),
    Table("dim_college", "one row per college", (
        _COLLEGE,
        C("region_code", "code", "Region code", "Код региона", "Өңір коды"),
        C("district_code", "code", "District code", "Код района", "Аудан коды", nullable=True),
        *_NAMES,
        C("ownership", "enum", "Ownership", "Форма собственности", "Меншік нысаны"),
        C("lat", "decimal", "Latitude", "Широта", "Ендік", required=False, nullable=True),
        C("lon", "decimal", "Longitude", "Долгота", "Бойлық", required=False, nullable=True),
        C("location_note", "text", required=False, nullable=True,
          help="how the coordinates were found (e.g. the town centre of the district)"),
        _SOURCE,
    ), key=("college_id",), derived=(("is_demo", "boolean"),)),
    Table("fct_enrollment", "one row per academic year, college, specialty, course, funding, language, "
          "study form and entry base", (
        _YEAR, _COLLEGE, _SPECIALTY,
        C("course", "count", "Course", "Курс", "Курс обучения", "Оқу курсы"),
        _FUNDING_NS, _LANGUAGE_NS, _FORM_NS, _BASE_NS,
        C("students", "count", "Students", "Студенты", "Контингент", "Численность", "Студенттер", "Саны",
          help="students studying (those on academic leave are counted apart, in on_leave)"),
        C("on_leave", "count", "On academic leave", "В академическом отпуске", "Академиялық демалыста",
          required=False, nullable=True, help="students on academic leave, not in students"),
        C("graduating", "count", "Expected graduates", "Ожидаемый выпуск", "Күтілетін түлектер", required=False,
          nullable=True, help="of the students, those whose end of study falls inside the academic year"),
        _SOURCE,
    ), key=("academic_year", "college_id", "specialty_code", "course", "funding", "language", "study_form",
            "entry_base"), derived=(("is_demo", "boolean"),)),
    Table("fct_admission", "one row per academic year, college, specialty, funding, language and entry base", (
        _YEAR, _COLLEGE, _SPECIALTY, _FUNDING_NS, _LANGUAGE_NS, _BASE_NS,
        C("planned", "count", "Planned", "План приема", "План", "Қабылдау жоспары", nullable=True),
        C("admitted", "count", "Admitted", "Принято", "Қабылданды", nullable=True),
        C("applicants", "count", "Applicants", "Подано заявлений", "Өтініштер", required=False, nullable=True),
        _SOURCE,
    ), key=("academic_year", "college_id", "specialty_code", "funding", "language", "entry_base"),
        derived=(("is_demo", "boolean"), ("planned_source_id", "varchar")),
        complements=("planned", "admitted", "applicants")),
    Table("fct_graduation", "one row per academic year of graduation, college, specialty and funding", (
        C("academic_year", "year", "Academic year", "Year", "Учебный год", "Год выпуска", "Оқу жылы",
          help="the academic year at whose end the students graduated: 2023 means June 2024"),
        _COLLEGE, _SPECIALTY, _FUNDING_NS,
        C("graduates", "count", "Graduates", "Выпуск", "Выпускники", "Түлектер"),
        C("employed", "count", "Employed", "Трудоустроено", "Жұмысқа орналасты", required=False, nullable=True),
        C("continued_study", "count", "Continued study", "Продолжили обучение", "Оқуын жалғастырды",
          required=False, nullable=True),
        _SOURCE,
    ), key=("academic_year", "college_id", "specialty_code", "funding"), derived=(("is_demo", "boolean"),)),
    Table("fct_state_order", "one row per academic year, college (or region), specialty, qualification, "
          "language, study form, entry base and budget", (
        _YEAR,
        C("region_code", "code", "Region code", "Код региона", "Өңір коды"),
        C("college_id", "code", "College", "Колледж", "Колледж коды", nullable=True,
          help="empty where the order is placed at region level"),
        _SPECIALTY,
        C("qualification_code", "code", "Qualification", "Квалификация", "Біліктілік", required=False,
          nullable=True),
        C("language", "enum", *_LANGUAGE.labels, nullable=True,
          help="empty where the resolution does not state the language of instruction"),
        _FORM, _BASE,
        C("budget", "enum", "Budget", "Бюджет", "Бюджет түрі", help="local or republican"),
        C("places", "count", "Places", "Количество мест", "Места", "Орын саны"),
        C("cost_per_student_kzt", "money", "Cost per student", "Средние расходы на обучение одного специалиста",
          "Стоимость обучения", "Бір маманды оқытуға жұмсалатын шығыс", nullable=True,
          help="average cost of one student-year in tenge"),
        _SOURCE,
    ), key=("academic_year", "region_code", "college_id", "specialty_code", "qualification_code", "language",
            "study_form", "entry_base", "budget"), derived=(("is_demo", "boolean"),)),
    Table("fct_capacity", "one row per academic year and college", (
        _YEAR, _COLLEGE,
        C("design_capacity", "count", "Design capacity", "Проектная мощность", "Жобалық қуаты", nullable=True),
        C("dormitory_places", "count", "Dormitory places", "Места в общежитии", "Жатақханадағы орындар",
          nullable=True),
        C("contingent_stated", "count", "Contingent stated", "Контингент (по оценке)", "Контингент (бағалау)",
          required=False, nullable=True,
          help="students as the source states them (the assessment workbook); reconciled against fct_enrollment"),
        C("shifts", "count", "Shifts", "Number of shifts", "Сменность", "Количество смен", "Ауысым саны",
          "Ауысымдылық", required=False, nullable=True,
          help="how many shifts the college teaches in (empty: 1); capacity use = students attending / "
               "(design capacity × shifts)"),
        _SOURCE,
    ), key=("academic_year", "college_id"), derived=(("is_demo", "boolean"),)),
    Table("fct_assessment", "one row per academic year, college and specialty (specialty empty: the college as a "
          "whole) of the annual college assessment", (
        _YEAR, _COLLEGE,
        C("specialty_code", "specialty", *_SPECIALTY.labels, nullable=True,
          help="empty on the college's own row"),
        C("score", "decimal", "Score", "Балл", "Итоговый балл", "Қорытынды балл", nullable=True,
          help="the assessment's total score of the college (college row) or specialty"),
        C("teachers", "count", "Teachers", "Педагоги", "Педагогов всего", "Педагогтер", required=False, nullable=True,
          help="teachers in total (college row)"),
        C("dual_training_students", "count", "Dual training students", "Обучающиеся по дуальной системе",
          "Дуалды оқытудағы студенттер", required=False, nullable=True),
        C("employer_request_students", "count", "Students on employers' requests",
          "Обучающиеся по заявкам работодателей", "Жұмыс берушілердің өтінімдері бойынша оқитындар",
          required=False, nullable=True),
        C("zhas_maman_students", "count", "Zhas maman students", "Контингент «Жас маман»",
          "«Жас маман» студенттері", required=False, nullable=True),
        C("zhas_maman_admitted", "count", "Zhas maman admitted", "Прием «Жас маман»", "«Жас маман» қабылдау",
          required=False, nullable=True),
        C("zhas_maman_graduates", "count", "Zhas maman graduates", "Выпуск «Жас маман»", "«Жас маман» түлектері",
          required=False, nullable=True),
        C("zhas_maman_employed", "count", "Zhas maman employed", "Трудоустроено «Жас маман»",
          "«Жас маман» жұмысқа орналасқандар", required=False, nullable=True),
        C("demo_exam_passed", "count", "Passed the demonstration exam", "Сдали демоэкзамен",
          "Демоэкзамен тапсырғандар", required=False, nullable=True),
        _SOURCE,
    ), key=("academic_year", "college_id", "specialty_code"), derived=(("is_demo", "boolean"),)),
    Table("fct_specialty_change", "one row per academic year, college, specialty and change", (
        _YEAR, _COLLEGE, _SPECIALTY,
        C("change", "enum", "Change", "Изменение", "Өзгеріс", help="opened, closed or planned"),
        _SOURCE,
    ), key=("academic_year", "college_id", "specialty_code", "change"), derived=(("is_demo", "boolean"),)),
    Table("fct_partnership", "one row per agreement between a college and an enterprise", (
        C("agreement_id", "code", "Agreement", "Соглашение", "Келісім"),
        C("college_id", "code", "College", "Колледж", nullable=True),
        C("enterprise", "text", "Enterprise", "Предприятие", "Кәсіпорын"),
        C("sector", "text", "Sector", "Отрасль", "Сала", nullable=True,
          help="as the source writes it; sector_kk / sector_ru / sector_en: the sector in each page language (pages "
               "show the one of their language, else another one given, else this)"),
        C("sector_kk", "text", "Sector (kk)", "Отрасль (каз)", "Сала (қаз)", required=False, nullable=True),
        C("sector_ru", "text", "Sector (ru)", "Отрасль (рус)", "Сала (орыс)", required=False, nullable=True),
        C("sector_en", "text", "Sector (en)", "Отрасль (англ)", "Сала (ағыл)", required=False, nullable=True),
        C("kind", "enum", "Kind", "Вид", "Түрі", enum="partnership_kind"),
        C("signed_on", "date", "Signed on", "Дата подписания", "Қол қойылған күні", nullable=True),
        _YEAR,
        C("note", "text", "Note", "Примечание", "Ескерту", required=False, nullable=True),
        _SOURCE,
    ), key=("agreement_id",), derived=(("is_demo", "boolean"),)),
    Table("value_map", "one row per spelling of an enumerated value as files write it, and the contract value it "
          "means (data/reference/value_map.csv ships the known ones; a steward's map loads beside any upload)", (
        C("column_name", "text", "Column", "Колонка", "Столбец", "Баған",
          help="a column of the contract with enumerated values (funding, entry_base, language, study_form, budget, "
               "ownership, change, kind …)"),
        C("written", "text", "Written", "Как написано", "Значение в файле", "Файлдағы мәні",
          help="the value as the file writes it (matched ignoring case, spaces and look-alike letters)"),
        C("maps_to", "text", "Maps to", "Значение", "Соответствует", "Сәйкес мәні",
          help="the contract value it means (see etl/schema.py ENUMS)"),
        C("note", "text", "Note", "Примечание", "Ескерту", required=False, nullable=True),
    ), key=("column_name", "written", "maps_to"), derived=(("map_file", "varchar"),), check_key=False),
    Table("published_figure", "one row per figure as published (region, year, indicator)", (
        C("region_code", "code", "Region code", "Код региона"),
        C("district_code", "code", "District code", "Код района", "Аудан коды", required=False, nullable=True,
          help="a figure of one district (e.g. colleges_in_district); empty for the whole region"),
        _YEAR,
        C("indicator", "text", "Indicator", "Показатель", "Көрсеткіш"),
        C("value", "decimal", "Value", "Значение", "Мәні"),
        C("qualifier", "enum", "Qualifier", required=False, nullable=True),
        C("unit", "text", "Unit", "Единица", "Бірлік", required=False, nullable=True),
        _SOURCE,
        C("note", "text", "Note", "Примечание", "Ескерту", required=False, nullable=True,
          help="as first written (pages show note_kk / note_ru / note_en in their language, else this)"),
        C("quote", "text", "Quote", "Цитата", "Дәйексөз", required=False, nullable=True,
          help="the source's own words for the figure, in the language of the source"),
        C("note_kk", "text", "Note (kk)", "Примечание (каз)", "Ескерту (қаз)", required=False, nullable=True),
        C("note_ru", "text", "Note (ru)", "Примечание (рус)", "Ескерту (орыс)", required=False, nullable=True),
        C("note_en", "text", "Note (en)", "Примечание (англ)", "Ескерту (ағыл)", required=False, nullable=True),
    ), key=("region_code", "academic_year", "indicator", "source_id")),
)

TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
LOADABLE = tuple(t.name for t in TABLES if t.loadable)
FACT_TABLES = tuple(t.name for t in TABLES if t.name.startswith("fct_"))

# Written by the ETL itself (etl/sql/build_tables.sql, etl/sql/scope.sql); not loadable from files.
BUILD_TABLES = ("etl_run", "etl_input", "etl_check", "etl_scope", "etl_coverage")

SQL_TYPES = {
    "text": "varchar", "id": "varchar", "code": "varchar", "year": "integer", "count": "integer", "money": "bigint",
    "decimal": "double", "date": "date", "specialty": "varchar", "isced": "varchar", "enum": "varchar",
    "bool": "boolean",
}


def table(name: str) -> Table:
    """The table of that name; raises KeyError for any name outside the contract (the allow-list)."""
    return TABLE_BY_NAME[name]


def ident(name: str) -> str:
    """Quote an identifier that the contract knows. Anything else is refused."""
    known = set(TABLE_BY_NAME) | set(BUILD_TABLES) | {c.name for t in TABLES for c in t.columns} | {
        d for t in TABLES for d, _ in t.derived}
    if name not in known and not name.startswith(("raw_", "stg_")):
        raise KeyError(f"identifier not in the contract: {name!r}")
    if name.startswith(("raw_", "stg_")) and name[4:] not in TABLE_BY_NAME:
        raise KeyError(f"identifier not in the contract: {name!r}")
    return '"' + name + '"'


# Which column values must exist in which table: (table, column). Checked for every loadable table that has
# the column (a table is not checked against itself). Severity "warning" records the rows without blocking.
REFERENCES: dict[str, tuple[str, str, str]] = {
    "source_id": ("source", "source_id", "error"),
    "region_code": ("dim_region", "region_code", "error"),
    "district_code": ("dim_district", "district_code", "error"),
    "college_id": ("dim_college", "college_id", "error"),
    "specialty_code": ("dim_specialty", "specialty_code", "error"),
    "isced_detailed": ("dim_isced_field", "code", "error"),
    "broad_code": ("dim_isced_field", "code", "error"),
    "parent_code": ("dim_isced_field", "code", "error"),
    "qualification_code": ("dim_qualification", "qualification_code", "warning"),
}
