"""Upload (data stewards): sign in, upload files, see what would change, publish only on confirmation; the
publish log, and rollback of the last publish. Everything goes through etl/load.py, the same path as
`python -m etl load`, so the page and the command line can never disagree."""

import shutil
import tempfile
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from etl import load
from etl.problems import Problem, report_csv, shown_value
from etl.values import map_csv
from pages.common import value_map_editor
from pages.common.data import WarehouseMissing, run_query
from pages.common.frame import page_frame, year_label
from tvet import stewards
from tvet.i18n import catalogue, fmt_int, t

ACCEPTED_TYPES = ["csv", "tsv", "txt", "xlsx", "xlsm"]
MAX_FAILURES_BEFORE_DELAY = 3

lang = page_frame("upload.title")
st.title(t("upload.heading", lang))


def secrets_section(name: str) -> dict | None:
    """A section of the Streamlit secrets as a plain dict; None when there is no such section or no secrets."""
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file at all: Streamlit raises rather than returning nothing
        return None
    if value is None:
        return None
    return value.to_dict() if hasattr(value, "to_dict") else dict(value)


def how_to_get_access() -> None:
    st.info(t("upload.access.how", lang), icon=":material/lock:")
    st.code("python -m tvet.stewards NAME", language=None)
    st.caption(t("upload.access.oidc", lang))


def sign_in() -> str | None:
    """The signed-in steward's name, or None after drawing the sign-in (and nothing else)."""
    allowed = secrets_section("stewards") or {}
    if secrets_section("auth"):
        if not st.user.is_logged_in:
            how_to_get_access()
            if st.button(t("upload.access.login", lang), type="primary"):
                st.login()
            return None
        email = str(st.user.get("email") or "")
        emails = allowed.get("emails")
        if isinstance(emails, list) and email not in emails:
            st.error(t("upload.access.not_a_steward", lang, who=email))
            if st.button(t("upload.access.logout", lang)):
                st.logout()
            return None
        return email or str(st.user.get("name") or "?")
    if "steward" in st.session_state:
        return st.session_state["steward"]
    if not any(isinstance(v, str) for k, v in allowed.items() if k != "emails"):
        how_to_get_access()
        return None
    st.info(t("upload.access.sign_in", lang), icon=":material/lock:")
    with st.form("sign_in"):
        name = st.text_input(t("upload.access.name", lang))
        password = st.text_input(t("upload.access.password", lang), type="password")
        submitted = st.form_submit_button(t("upload.access.submit", lang), type="primary")
    if submitted:
        failures = st.session_state.get("sign_in_failures", 0)
        if failures >= MAX_FAILURES_BEFORE_DELAY:
            time.sleep(min(failures, 10))  # slows guessing down; the message never says which part was wrong
        if stewards.check(allowed, name.strip(), password):
            st.session_state["steward"] = name.strip()
            st.session_state.pop("sign_in_failures", None)
            st.rerun()
        st.session_state["sign_in_failures"] = failures + 1
        st.error(t("upload.access.wrong", lang))
    st.caption(t("upload.access.ask", lang))
    return None


who = sign_in()
if who is None:
    st.stop()

with st.sidebar:
    st.caption(t("upload.access.signed_in", lang, who=who))
    if "steward" in st.session_state and st.button(t("upload.access.logout", lang)):
        for key in ("steward", "staged"):
            st.session_state.pop(key, None)
        st.rerun()

st.caption(t("upload.caption", lang, mb=fmt_int(load.max_bytes() / 1048576, lang)))


def problems_table(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame({
        t("upload.col.file", lang): [p.file for p in problems],
        t("upload.col.row", lang): [p.row if p.row is not None else "" for p in problems],
        t("upload.col.column", lang): [p.column or "" for p in problems],
        t("upload.col.value", lang): [shown_value(p.value) for p in problems],
        t("upload.col.problem", lang): [p.what(lang) for p in problems],
        t("upload.col.fix", lang): [p.fix(lang) for p in problems],
    }).astype(str)


def show_report(problems: list[Problem], key: str) -> None:
    errors = [p for p in problems if p.severity == "error"]
    st.error(t("upload.refused", lang, n=len(errors)), icon=":material/block:")
    st.dataframe(problems_table(errors), hide_index=True, width="stretch")
    st.download_button(t("upload.report_download", lang), report_csv(problems, lang).encode("utf-8"),
                       file_name="tvet-atlas-report.csv", mime="text/csv", key=key)


def table_label(name: str) -> str:
    key = f"methodology.table.{name}"
    return f"{t(key, lang)} ({name})" if key in catalogue("en") else name


def indicator_label(code: str) -> str:
    published = code.startswith("published:")
    code = code.removeprefix("published:")
    key = f"methodology.indicator.{code}"
    label = t(key, lang) if key in catalogue("en") else code
    return t("upload.figure.published", lang, indicator=label) if published else label


def colleges() -> dict[str, str]:
    try:
        frame = run_query("planner_colleges", region=None)
    except Exception:
        return {}
    name = f"name_{lang}" if f"name_{lang}" in frame else "name_ru"
    return {str(r["college_id"]): f"{r['college_id']} · {r.get(name) or r.get('name_ru') or ''}"
            for _, r in frame.iterrows()}


# --- 1. Files ------------------------------------------------------------------------------------------------
st.header(t("upload.files.heading", lang))
with st.form("files", clear_on_submit=False):
    files = st.file_uploader(t("upload.files.label", lang), type=ACCEPTED_TYPES, accept_multiple_files=True,
                             help=t("upload.files.help", lang))
    known = colleges()
    left, right = st.columns(2)
    college = left.selectbox(t("upload.files.college", lang), [None, *known], format_func=lambda c: (
        t("upload.files.from_file", lang) if c is None else known[c]), help=t("upload.files.college_help", lang))
    year = right.number_input(t("upload.files.year", lang), min_value=1991, max_value=2100, value=None, step=1,
                              help=t("upload.files.year_help", lang))
    add_colleges = st.checkbox(t("upload.files.add_colleges", lang), help=t("upload.files.add_colleges_help", lang))
    check = st.form_submit_button(t("upload.files.check", lang), type="primary")

recheck = st.session_state.pop("recheck", False)  # a value map was saved: check the same files again with it
if check or recheck:
    previous = st.session_state.pop("staged", None)
    if previous:
        load.discard(previous["staged"])
    if not files:
        st.warning(t("upload.files.none", lang))
    else:
        incoming = Path(tempfile.mkdtemp(prefix="tvet-incoming-"))
        try:
            pairs = []
            for i, f in enumerate(files):
                path = incoming / f"{i:03d}{Path(f.name).suffix.lower()[:6]}"
                path.write_bytes(f.getbuffer())
                pairs.append((f.name, path))
            if st.session_state.get("value_map"):
                path = incoming / "value_map.csv"
                path.write_text(map_csv(st.session_state["value_map"]), encoding="utf-8")
                pairs.append((f"value_map_{time.strftime('%Y%m%d_%H%M%S')}.csv", path))
            with st.spinner(t("upload.files.checking", lang)):
                staged = load.stage(pairs, college=college, year=int(year) if year else None, lang=lang,
                                    add_colleges=add_colleges)
                result, changes = load.preview(staged, lang=lang) if staged.ok else (None, None)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
        if not staged.ok or not result.ok:
            if staged.ok:
                staged.problems = result.problems
            load.refuse(staged, who)
            st.session_state["refused"] = staged.problems
        else:
            st.session_state["staged"] = {"staged": staged, "result": result, "changes": changes}
            st.session_state.pop("refused", None)

if "refused" in st.session_state and "staged" not in st.session_state:
    show_report(st.session_state["refused"], "report_refused")
    mapped = value_map_editor.draw(st.session_state["refused"], lang)
    if mapped:
        st.session_state["value_map"] = [*st.session_state.get("value_map", []), *mapped]
        st.session_state["recheck"] = True
        st.rerun()

# --- 2. Preview and publish ----------------------------------------------------------------------------------
pending = st.session_state.get("staged")
if pending:
    staged, result, changes = pending["staged"], pending["result"], pending["changes"]
    st.header(t("upload.preview.heading", lang))
    by_file: dict[str, list[str]] = {}
    for i in result.inputs:
        if i.get("pending") and i["table"]:
            by_file.setdefault(i["file"], []).append(f"{table_label(i['table'])}: {fmt_int(i['rows'], lang)}")
    st.dataframe(pd.DataFrame({
        t("upload.col.file", lang): [s.name for s in staged.files],
        t("upload.col.format", lang): [t(f"upload.format.{s.kind}", lang) for s in staged.files],
        t("upload.col.tables", lang): [", ".join(by_file.get(s.name, [])) or "—" for s in staged.files],
        t("upload.col.sha256", lang): [s.sha256[:12] for s in staged.files],
    }).astype(str), hide_index=True, width="stretch")
    for s in staged.files:
        if s.kind == "register":
            st.caption(t("upload.preview.register", lang, file=s.name, students=fmt_int(s.summary["students"], lang),
                         left=fmt_int(s.summary["left"], lang), college=s.summary["college"],
                         year=year_label(s.summary["year"])))
        elif s.kind == "assessment":
            st.caption(t("upload.preview.assessment", lang, file=s.name, region=s.summary["region"],
                         year=year_label(s.summary["year"]), colleges=s.summary["colleges"],
                         specialties=s.summary["specialties"], added=", ".join(s.summary["added"]) or "—"))
    tables = pd.DataFrame(changes["tables"]) if changes else pd.DataFrame()
    if tables.empty:
        st.info(t("upload.preview.nothing", lang))
    else:
        st.subheader(t("upload.preview.tables", lang))
        st.dataframe(pd.DataFrame({
            t("upload.col.table", lang): [table_label(x) for x in tables["table"]],
            t("upload.col.year", lang): [year_label(int(y)) if pd.notna(y) else "—" for y in tables["academic_year"]],
            t("upload.col.added", lang): tables["added"], t("upload.col.changed", lang): tables["changed"],
            t("upload.col.removed", lang): tables["removed"],
        }), hide_index=True, width="stretch")
    figures = pd.DataFrame(changes["figures"]) if changes else pd.DataFrame()
    if not figures.empty:
        st.subheader(t("upload.preview.figures", lang))
        st.dataframe(pd.DataFrame({
            t("upload.col.region", lang): figures["region_code"],
            t("upload.col.year", lang): [year_label(int(y)) for y in figures["academic_year"]],
            t("upload.col.indicator", lang): [indicator_label(x) for x in figures["indicator"]],
            t("upload.col.before", lang): [fmt_int(v, lang) if pd.notna(v) else "—" for v in figures["before"]],
            t("upload.col.after", lang): [fmt_int(v, lang) if pd.notna(v) else "—" for v in figures["after"]],
        }).astype(str), hide_index=True, width="stretch")
    warnings = [p for p in result.problems if p.severity == "warning"]
    if warnings:
        with st.expander(t("upload.preview.warnings", lang, n=len(warnings))):
            st.dataframe(problems_table(warnings), hide_index=True, width="stretch")
    go, cancel = st.columns(2)
    if go.button(t("upload.preview.publish", lang), type="primary", key="publish"):
        with st.spinner(t("upload.preview.publishing", lang)):
            done = load.publish(staged, who, lang=lang)
        st.session_state.pop("staged", None)
        if done.published:
            st.cache_data.clear()
            st.session_state["published"] = done.build_after
        else:
            st.session_state["refused"] = done.problems
        st.rerun()
    if cancel.button(t("upload.preview.cancel", lang), key="cancel"):
        load.discard(staged)
        st.session_state.pop("staged", None)
        st.rerun()

if "published" in st.session_state:
    st.success(t("upload.published", lang, build=st.session_state["published"]), icon=":material/check_circle:")

# --- 3. Publish log and rollback -----------------------------------------------------------------------------
st.header(t("upload.log.heading", lang))
log = load.read_log()
if not log:
    st.caption(t("upload.log.empty", lang))
else:
    rows = list(reversed(log))[:200]
    st.dataframe(pd.DataFrame({
        t("upload.col.when", lang): [e.get("at", "") for e in rows],
        t("upload.col.who", lang): [e.get("who", "") for e in rows],
        t("upload.col.action", lang): [t(f"upload.result.{e.get('result')}", lang) for e in rows],
        t("upload.col.files", lang): ["; ".join(f"{f['name']} ({(f.get('sha256') or '—')[:12]})"
                                               for f in e.get("files", [])) or "—" for e in rows],
        t("upload.col.builds", lang): [f"{e.get('build_before') or '—'} → {e.get('build_after') or '—'}"
                                       for e in rows],
    }).astype(str), hide_index=True, width="stretch")
last = load.last_publish()
if last:
    st.subheader(t("upload.rollback.heading", lang))
    st.caption(t("upload.rollback.caption", lang, when=last["at"], who=last["who"],
                 build=last.get("build_after") or "—", before=last.get("build_before") or "—"))
    sure = st.checkbox(t("upload.rollback.sure", lang), key="rollback_sure")
    if st.button(t("upload.rollback.button", lang), disabled=not sure, key="rollback"):
        entry = load.rollback(who)
        st.cache_data.clear()
        st.session_state.pop("published", None)
        st.session_state["rolled_back"] = entry["build_after"] if entry else None
        st.rerun()
if st.session_state.get("rolled_back"):
    st.success(t("upload.rollback.done", lang, build=st.session_state["rolled_back"]), icon=":material/undo:")
