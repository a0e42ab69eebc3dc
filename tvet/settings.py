"""Every setting of TVET Atlas in one table: name, default, environment variable and one line of help.

The README's settings table is checked against this one by a test, so a setting cannot go undocumented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("warehouse", "TVET_WAREHOUSE", str(ROOT / "data" / "warehouse.duckdb"),
            "Path of the DuckDB warehouse the ETL publishes and the app reads."),
    Setting("sources", "TVET_SOURCES", os.pathsep.join([str(ROOT / "data" / "reference"), str(ROOT / "data" / "demo")]),
            "Folders the ETL builds from, separated by the OS path separator (':' on Linux)."),
    Setting("language", "TVET_LANG", "ru", "Default language of the app and of ETL messages: kk, ru or en."),
    Setting("region", "TVET_REGION", "KZ-33", "Default region (ISO 3166-2 code) the dashboard opens on."),
    Setting("technical_fields", "TVET_TECHNICAL_FIELDS", "06,07",
            "ISCED-F broad fields counted as technical, comma-separated. Default 06 (ICT) and 07 (engineering, "
            "manufacturing, construction): the fields of the specialties the ministry names as technical "
            "(machine building, transport, energy, IT, construction, metallurgy, geology); 08 (agriculture) is "
            "shown as the alternative on the State order page."),
    Setting("uploads", "TVET_UPLOADS", str(ROOT / "data" / "uploads"),
            "Folder where `python -m etl load` keeps loaded files (register exports only as their aggregates)."),
    Setting("upload_max_mb", "TVET_UPLOAD_MAX_MB", "50",
            "Largest file (MB) the upload page and `python -m etl load` accept."),
    Setting("scenarios", "TVET_SCENARIOS", str(ROOT / "data" / "scenarios"),
            "Folder where the planner saves scenarios (outside the warehouse, so a rebuild keeps them)."),
    Setting("decks", "TVET_DECKS", str(ROOT / "data" / "decks"),
            "Folder where presenter decks are saved (outside the warehouse, so a rebuild keeps them)."),
    Setting("technical_share_targets", "TVET_TECHNICAL_TARGETS", "0.65,0.70",
            "National targets for the technical share of the state order: now, then next."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def default(name: str) -> str:
    """A setting's default, whatever the environment says."""
    return _BY_NAME[name].default


def get(name: str) -> str:
    """The setting's value: its environment variable if set and not empty, else its default."""
    s = _BY_NAME[name]
    value = os.environ.get(s.env, "").strip()
    return value or s.default


def warehouse_path() -> Path:
    return Path(get("warehouse"))


def source_dirs() -> list[Path]:
    return [Path(p) for p in get("sources").split(os.pathsep) if p.strip()]


def uploads_dir() -> Path:
    return Path(get("uploads"))


def scenarios_dir() -> Path:
    return Path(get("scenarios"))


def decks_dir() -> Path:
    return Path(get("decks"))


def technical_fields() -> tuple[str, ...]:
    return tuple(sorted({f.strip().zfill(2) for f in get("technical_fields").split(",") if f.strip()}))


def technical_targets() -> tuple[float, ...]:
    return tuple(float(x) for x in get("technical_share_targets").split(",") if x.strip())


LANGUAGES = ("kk", "ru", "en")


def default_language() -> str:
    lang = get("language")
    return lang if lang in LANGUAGES else "ru"
