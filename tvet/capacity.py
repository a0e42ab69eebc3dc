"""Capacity use: utilisation bands, district sums and the positions of colleges on the offline map.

Pure pandas over the frame of the named query `capacity_colleges` (one row per college and academic year).
Utilisation = students attending / seats, where attending = students (all courses, all funding, start of year)
less part-time students (who are not in the classrooms every day; shown apart), and seats = design capacity ×
shifts (the college's number of shifts, 1 where not stated). A college teaching in two shifts at 150% of its
design capacity is at 75% of its seats.
"""

from __future__ import annotations

import math

import pandas as pd

# Bands of capacity use: under 70% (idle places), 70–100% (normal), over 100% (over-full).
BANDS = ("under", "normal", "over")
LOW, HIGH = 0.70, 1.00


def band(utilisation: float | None) -> str | None:
    """The band of one utilisation value; None when it is unknown (no capacity recorded)."""
    if utilisation is None or pd.isna(utilisation):
        return None
    if utilisation > HIGH:
        return "over"
    if utilisation < LOW:
        return "under"
    return "normal"


def utilisation(students: pd.Series, capacity: pd.Series) -> pd.Series:
    """students / capacity as floats; NaN where the capacity is missing or zero."""
    cap = pd.to_numeric(capacity, errors="coerce").astype("float64")
    cap = cap.where(cap > 0)
    return pd.to_numeric(students, errors="coerce").astype("float64") / cap


def with_bands(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with `utilisation` and `band` columns added (a copy)."""
    out = df.copy()
    out["utilisation"] = utilisation(out["attending"], out["seats"])
    out["band"] = out["utilisation"].map(band).astype(object)
    return out


def years_with_capacity(df: pd.DataFrame) -> list[int]:
    """Academic years in which at least one college has a design capacity."""
    return sorted({int(y) for y in df.loc[df["design_capacity"].notna(), "academic_year"]})


def band_counts(df: pd.DataFrame, year: int | None) -> dict[str, int] | None:
    """Colleges per band in one year (colleges with a capacity only); None when the year has no capacity."""
    if year is None:
        return None
    rows = with_bands(df[(df["academic_year"] == year) & df["design_capacity"].notna()])
    if rows.empty:
        return None
    counts = rows["band"].value_counts()
    return {b: int(counts.get(b, 0)) for b in BANDS}


def totals(df: pd.DataFrame, year: int | None) -> dict[str, float | None] | None:
    """Students (part-time apart), design capacity, seats, utilisation and dormitory places of one year; None
    without capacity data. Utilisation counts only the attending students of colleges whose capacity is known."""
    if year is None:
        return None
    rows = df[df["academic_year"] == year]
    known = rows[rows["design_capacity"].notna()]
    if known.empty:
        return None
    capacity = float(known["design_capacity"].sum())
    seats = float(known["seats"].sum())
    attending_known = float(known["attending"].sum())
    dorm = rows["dormitory_places"]
    return {
        "students": float(rows["students"].sum()),
        "part_time": float(rows["part_time"].sum()),
        "capacity": capacity,
        "seats": seats,
        "utilisation": attending_known / seats if seats > 0 else None,
        "dormitory_places": float(dorm.sum()) if dorm.notna().any() else None,
        "colleges": len(rows),
    }


def change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return now - before


def district_summary(df: pd.DataFrame) -> pd.DataFrame:
    """One row per district of the frame's colleges (one year): colleges, students, capacity, utilisation, band,
    dormitory places; sorted by utilisation, highest first. Utilisation uses colleges with a known capacity."""
    if df.empty:
        return pd.DataFrame(columns=["district_code", "district_kk", "district_ru", "district_en", "colleges",
                                     "students", "design_capacity", "dormitory_places", "utilisation", "band"])
    work = df.copy()
    work["students_known"] = work["attending"].where(work["design_capacity"].notna(), 0)
    grouped = work.groupby(["district_code", "district_kk", "district_ru", "district_en"], dropna=False, sort=False)
    out = grouped.agg(colleges=("college_id", "nunique"), students=("students", "sum"),
                      students_known=("students_known", "sum"),
                      design_capacity=("design_capacity", lambda s: s.sum(min_count=1)),
                      seats=("seats", lambda s: s.sum(min_count=1)),
                      dormitory_places=("dormitory_places", lambda s: s.sum(min_count=1))).reset_index()
    out["utilisation"] = utilisation(out["students_known"], out["seats"])
    out["band"] = out["utilisation"].map(band).astype(object)
    out = out.drop(columns=["students_known", "seats"])
    return out.sort_values(["utilisation", "district_code"], ascending=[False, True], na_position="last",
                           ignore_index=True)


def aspect_ratio(latitudes: pd.Series | list[float]) -> float:
    """plotly's yaxis.scaleratio for a longitude/latitude plot: a degree of latitude is 1/cos(latitude)
    times as long on the ground as a degree of longitude."""
    values = [float(v) for v in latitudes if v is not None and not pd.isna(v)]
    mean = sum(values) / len(values) if values else 45.0
    return 1.0 / math.cos(math.radians(mean))


def spread(df: pd.DataFrame, step: float = 0.03) -> pd.DataFrame:
    """Map positions for colleges: colleges sharing a place (the same coordinates, often their town's centre)
    are spread on a small circle around it, in college_id order, so every point can be seen. Deterministic.
    Adds `map_lat`, `map_lon`; rows without coordinates keep NaN. The circle's radius grows with the number
    of colleges (degrees of latitude; longitudes are stretched by 1/cos(latitude) so it stays round)."""
    out = df.copy()
    out["map_lat"] = out["lat"].astype("float64")
    out["map_lon"] = out["lon"].astype("float64")
    located = out[out["lat"].notna() & out["lon"].notna()]
    for _, group in located.groupby([located["lat"].round(4), located["lon"].round(4)], sort=False):
        n = len(group)
        if n < 2:
            continue
        radius = step * math.sqrt(n)
        for i, idx in enumerate(group.sort_values("college_id").index):
            angle = math.pi / 2 - 2 * math.pi * i / n
            lat = float(out.at[idx, "lat"])
            out.at[idx, "map_lat"] = lat + radius * math.sin(angle)
            out.at[idx, "map_lon"] = float(out.at[idx, "lon"]) + radius * math.cos(angle) / math.cos(
                math.radians(lat))
    return out


# Places a town's label may take, in order of preference: (textposition, vertical side, horizontal side).
# "inside" is just below the town's cross, inside the circle of its colleges when that circle is wide enough.
LABEL_CANDIDATES = (
    ("inside", -1, 0), ("bottom center", -1, 0), ("top center", 1, 0), ("bottom left", -1, -1),
    ("bottom right", -1, 1), ("top left", 1, -1), ("top right", 1, 1), ("middle left", 0, -1),
    ("middle right", 0, 1),
)


def label_places(towns: pd.DataFrame, radius: dict[str, float], points: pd.DataFrame, *, px_per_deg: float,
                 aspect: float, font_px: float = 13.0, gap_px: float = 4.0) -> pd.DataFrame:
    """Where each town's label goes so that it covers neither another label nor a college's point: for each
    town in turn (most colleges first), the first of LABEL_CANDIDATES around the circle of its colleges that
    overlaps nothing placed so far, else the one that overlaps least. Deterministic.

    `towns`: district_code, lat, lon, label; `radius`: the radius (degrees of latitude) of the circle of
    colleges around each town; `points`: district_code, map_lat, map_lon, size (marker diameter in px);
    `px_per_deg`: screen pixels per degree of latitude; `aspect`: the map's yaxis.scaleratio. Text widths are
    estimated from the number of letters. Adds label_lat, label_lon, label_position (a plotly textposition)
    and the label's estimated box in degrees: label_west, label_east, label_south, label_north."""
    out = towns.copy()
    y_px = px_per_deg
    x_px = px_per_deg / aspect

    def box(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
        return (x - w / 2, y - h / 2, x + w / 2, y + h / 2)

    def overlap(a, b) -> float:
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        return w * h if w > 0 and h > 0 else 0.0

    taken = [box(float(lon) * x_px, float(lat) * y_px, float(size), float(size))
             for lat, lon, size in zip(points["map_lat"], points["map_lon"], points["size"])]
    taken += [box(float(lon) * x_px, float(lat) * y_px, 10.0, 10.0) for lat, lon in zip(out["lat"], out["lon"])]
    max_size = float(points["size"].max()) if len(points) else 10.0
    count = points.groupby("district_code").size() if "district_code" in points else pd.Series(dtype=int)
    order = sorted(out.index, key=lambda i: (-int(count.get(out.at[i, "district_code"], 0)),
                                             str(out.at[i, "district_code"])))
    placed: dict[object, tuple] = {}
    for i in order:
        town = out.loc[i]
        cx, cy = float(town["lon"]) * x_px, float(town["lat"]) * y_px
        ring = float(radius.get(town["district_code"], 0.0)) * y_px
        w, h = 0.62 * font_px * len(str(town["label"])), 1.3 * font_px
        best = None
        for position, vertical, horizontal in LABEL_CANDIDATES:
            if position == "inside":
                if ring < w / 2 + 12:
                    continue
                ax, ay, position = cx, cy - 7, "bottom center"
            else:
                r = ring + (max_size / 2 if ring else 5) + gap_px
                ax = cx + horizontal * (r if vertical == 0 else 0)
                ay = cy + vertical * r
            candidate = box(ax + horizontal * w / 2, ay + vertical * h / 2, w, h)
            cost = sum(overlap(candidate, other) for other in taken)
            if best is None or cost < best[0]:
                best = (cost, candidate, position, ax / x_px, ay / y_px)
            if cost == 0:
                break
        cost, candidate, position, lon, lat = best
        taken.append(candidate)
        placed[i] = (position, lat, lon, candidate[0] / x_px, candidate[2] / x_px, candidate[1] / y_px,
                     candidate[3] / y_px)
    for k, name in enumerate(("label_position", "label_lat", "label_lon", "label_west", "label_east",
                              "label_south", "label_north")):
        out[name] = [placed[i][k] for i in out.index]
    return out


def no_college_districts(statements: pd.DataFrame) -> pd.DataFrame:
    """Districts a published source says have no college (indicator colleges_in_district, value 0): the latest
    such statement of each district, from the frame of the named query `district_statements`. A later published
    figure above 0 for the same district withdraws it."""
    rows = statements[statements["indicator"] == "colleges_in_district"].sort_values(["district_code",
                                                                                       "academic_year"])
    latest = rows.drop_duplicates("district_code", keep="last")
    return latest[pd.to_numeric(latest["value"], errors="coerce") == 0].reset_index(drop=True)
