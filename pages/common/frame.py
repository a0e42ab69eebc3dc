"""The frame every page draws first: page settings, the language switch, the translated menu, the demo banner."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from tvet import settings
from tvet.i18n import LANGUAGES, t

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

ROOT = Path(__file__).resolve().parents[2]

# The menu: (page file, message id of its label), in the order an official reads the story.
MENU: tuple[tuple[str, str], ...] = (
    ("app.py", "menu.home"),
    ("pages/capacity.py", "menu.capacity"),
    ("pages/state_order.py", "menu.state_order"),
    ("pages/specialties.py", "menu.specialties"),
    ("pages/students.py", "menu.students"),
    ("pages/college.py", "menu.college"),
    ("pages/planner.py", "menu.planner"),
    ("pages/presenter.py", "menu.presenter"),
    ("pages/partnerships.py", "menu.partnerships"),
    ("pages/methodology.py", "menu.methodology"),
    ("pages/upload.py", "menu.upload"),
)


def current_language() -> str:
    lang = st.query_params.get("lang", "")
    return lang if lang in LANGUAGES else settings.default_language()


def url_choice(widget, label: str, options: list, param: str, default, format_func=str, **kwargs):
    """A single-choice widget whose value lives in the URL as ?<param>=<raw value>.

    Streamlit's own bind="query-params" writes the *formatted* label into the URL when format_func is given
    (?lang=English, ?year=2024/25), so links with raw values would not open the same view; this keeps the
    raw value. A value in the URL that is not an option is ignored (it can never reach a query).
    """
    by_text = {str(o): o for o in options}
    if param in st.query_params and st.query_params[param] not in by_text:
        st.query_params.pop(param)  # a stale or foreign value leaves the URL, so a copied link stays honest
    value = by_text.get(st.query_params.get(param, ""), default)
    key = f"url_{param}"

    def remember() -> None:
        chosen = st.session_state[key]
        if chosen is None or chosen == default:
            st.query_params.pop(param, None)
        else:
            st.query_params[param] = str(chosen)

    if widget is st.select_slider:
        return widget(label, options, value=value, format_func=format_func, key=key, on_change=remember, **kwargs)
    if widget is st.segmented_control:
        kwargs.setdefault("required", True)
        return widget(label, options, default=value, format_func=format_func, key=key, on_change=remember,
                      **kwargs)
    return widget(label, options, index=options.index(value) if value in options else 0, format_func=format_func,
                  key=key, on_change=remember, **kwargs)


# Streamlit cuts a card (st.metric) label at one line with «…»; a label such as «Планируется открыть
# специальностей, 2025/26» then loses its year (the same for «2023/24 жылмен салыстырғанда» beside the change).
# Fixed CSS, no data in it: labels and change descriptions wrap onto a second line instead.
METRIC_LABELS_WRAP = """<style>
[data-testid="stMetricLabel"] { height: auto !important; }
[data-testid="stMetric"] div:has(> [data-testid="stMetricDeltaDescription"]) { flex-wrap: wrap !important; }
[data-testid="stMetricDeltaDescription"] { overflow: visible !important; min-width: 0 !important; }
[data-testid="stMetricLabel"] div, [data-testid="stMetricLabel"] p, [data-testid="stMetricDeltaDescription"] div {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important;
}
</style>"""


def page_frame(title_key: str, sidebar: str = "auto") -> str:
    """Set up the page and return the chosen language. Call first on every page."""
    lang = current_language()
    st.set_page_config(page_title=f"{t(title_key, lang)} · TVET Atlas", page_icon="📊", layout="wide",
                       initial_sidebar_state=sidebar)
    st.html(METRIC_LABELS_WRAP)
    with st.sidebar:
        lang = url_choice(st.segmented_control, t("lang.label", lang), list(LANGUAGES), "lang",
                          settings.default_language(), LANGUAGE_NAMES.__getitem__) or lang
        st.markdown("**TVET Atlas**")
        # The menu carries the language, region and year, so the next page opens on the same view.
        carried = {"lang": lang, **{k: st.query_params[k] for k in ("region", "year") if k in st.query_params}}
        for page, label in MENU:
            if (ROOT / page).exists():
                st.page_link(page, label=t(label, lang), query_params=carried)
    return lang


def demo_banner(lang: str, demo_sources: list[str]) -> None:
    """The banner shown on every view that shows generated rows, naming their sources (source_id)."""
    st.warning(t("demo.banner", lang, sources=", ".join(demo_sources)), icon=":material/warning:")


_MD_SPECIAL = "\\`*_{}[]<>()#+-.!|~$"


def md_escape(text: object) -> str:
    """Text from the data, safe to place in st.markdown: every Markdown sign is escaped, so data cannot
    format, link or inject anything."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in str(text))


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def name_column(lang: str) -> str:
    return {"kk": "name_kk", "ru": "name_ru", "en": "name_en"}[lang]
