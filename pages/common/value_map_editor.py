"""The upload page's editable value map: each value the build did not recognise, with a choice of the values the
contract allows; saving writes a value map file (etl/values.py) that is checked again with the files and, when
published, kept with them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from etl.problems import Problem
from etl.values import unknown_values
from tvet.i18n import fmt_int, t


def draw(problems: list[Problem], lang: str) -> list[tuple[str, str, str]] | None:
    """The editor for the report's unknown values; the chosen (column, written, maps_to) rows when the steward saved
    them, else None."""
    unknown = unknown_values(problems)
    if not unknown:
        return None
    st.subheader(t("upload.map.heading", lang))
    st.caption(t("upload.map.caption", lang))
    chosen: list[tuple[str, str, str]] = []
    with st.form("value_map"):
        for column in dict.fromkeys(u["column"] for u in unknown):
            items = [u for u in unknown if u["column"] == column]
            frame = pd.DataFrame({
                "written": [u["value"] for u in items],
                "rows": [fmt_int(u["rows"], lang) for u in items],
                "where": [f"{u['file']}, {t('etl.report.row', lang, row=u['row'])}" for u in items],
                "maps_to": pd.Series([None] * len(items), dtype="object"),
            })
            edited = st.data_editor(frame, key=f"value_map_{column}", hide_index=True, width="stretch",
                                    disabled=["written", "rows", "where"], column_config={
                                        "written": st.column_config.TextColumn(t("upload.map.written", lang, column=column)),
                                        "rows": st.column_config.TextColumn(t("upload.map.rows", lang)),
                                        "where": st.column_config.TextColumn(t("upload.map.where", lang)),
                                        "maps_to": st.column_config.SelectboxColumn(
                                            t("upload.map.maps_to", lang), options=items[0]["allowed"])})
            chosen += [(column, w, m) for w, m in zip(edited["written"], edited["maps_to"]) if isinstance(m, str) and m]
        saved = st.form_submit_button(t("upload.map.save", lang), type="primary")
    if saved and not chosen:
        st.warning(t("upload.map.none", lang))
    return chosen if saved and chosen else None
