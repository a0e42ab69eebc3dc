"""Links to a college's profile page (pages/college.py), the same from every page.

A link carries what the menu carries (language, region, year; see frame.page_frame), so the profile opens on the
same view. Names come from the data: in Markdown they are escaped (md_escape), and the URL's values are
percent-encoded, so a name or an id can neither format nor break out of the link.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pages.common.frame import md_escape
from tvet.i18n import t

PROFILE_PATH = "/college"
CARRIED = ("region", "year")  # besides the language, which is always carried


def college_href(college_id: str, lang: str) -> str:
    """/college?college=ID&lang=…&region=…&year=… (region and year only when the current URL has them)."""
    params = {"college": str(college_id), "lang": lang,
              **{k: st.query_params[k] for k in CARRIED if k in st.query_params}}
    return f"{PROFILE_PATH}?{urlencode(params)}"


def college_link(name: str, college_id: str, lang: str) -> str:
    """The college's name as a Markdown link to its profile."""
    return f"[{md_escape(name)}]({college_href(college_id, lang)})"


def profile_links(lang: str, ids, names) -> None:
    """One line of links to the profiles of these colleges (ids and names side by side; empty or missing ids,
    such as orders placed at region level, are left out), in name order: drawn under a chart or table whose
    college names cannot themselves be links."""
    pairs = sorted({(str(n), str(i)) for i, n in zip(ids, names)
                    if i is not None and not pd.isna(i) and str(i) and n is not None and not pd.isna(n)})
    if pairs:
        st.markdown(t("links.profiles", lang) + " " + " · ".join(college_link(n, i, lang) for n, i in pairs))
