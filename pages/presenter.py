"""Presenter mode: the region's story as slides, one per screen, large type, for a projector; arrow keys,
Page Up/Down and space move between slides (clickers send these). Decks can be edited (pick, order, re-title,
views added from other pages), saved by name, shared by link, and exported as PPTX, PDF, PNG and XLSX.
"Published figures only" (?published=1) shows the deck of published figures with their sources, which has no demo
row; the one-page speech brief of those figures downloads as PDF or DOCX.

A slide on screen is text that wraps plus, on a chart slide, a plotly chart of the page's width: its type scales
with the screen (CSS clamp() and container units), so it fits every screen from 1366×768 to 1920×1080
(tests/test_browser_presenter.py). PNG and PDF exports draw the same slide as one 1920×1080 figure (render.figure)."""

import html
from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pages.common.data import deck_for, published_deck_for, run_query
from pages.common.filters import require_region
from pages.common.frame import LANGUAGE_NAMES, md_escape, page_frame, url_choice, year_label
from tvet import settings
from tvet.deck import render, saved
from tvet.i18n import LANGUAGES, t

PLOTLY_CONFIG = {"displayModeBar": False, "responsive": True}
CHART_HEIGHT = 430  # fits under the title and takeaway on a 1366×768 screen

lang = page_frame("presenter.title", sidebar="collapsed")
region = require_region(lang, t("presenter.title", lang))
folder = settings.decks_dir()

# A projector shows the slide and nothing else: no toolbar, little padding; the clicker buttons stay in the page
# (their keyboard shortcuts work) but are not drawn.
st.markdown("""<style>
.block-container {padding-top: 1.2rem; padding-bottom: 0.5rem;}
.st-key-presenter_keys {display: none;}
.st-key-presenter_heading {position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden;}
.st-key-slide {position: relative; gap: clamp(0.3rem, 1.4vh, 1rem); overflow: hidden; padding: 0.5rem 0 0.3rem;}
.st-key-slide p, .st-key-slide h2 {overflow-wrap: break-word; margin: 0;}
.st-key-slide [data-testid="stMarkdownContainer"], .st-key-slide .stMarkdown {margin: 0 !important;}
.st-key-slide_title h2 {font-size: clamp(1.5rem, 2.9vw, 3.4rem); line-height: 1.15; padding: 0; color: #111;}
.st-key-slide_takeaway p {font-size: clamp(1rem, 1.65vw, 1.9rem); line-height: 1.3; color: #0072B2;}
.st-key-slide_figures {display: grid !important; gap: clamp(0.8rem, 2vw, 2.5rem) clamp(0.8rem, 2.5vw, 3rem);
  grid-template-columns: repeat(auto-fit, minmax(min(100%, 16rem), 1fr)); align-content: center;
  min-height: 46vh;}
.st-key-slide_figures > div {width: auto !important; min-width: 0;}
[class*="st-key-slide_figure_"] {container-type: inline-size; gap: 0.35rem; min-width: 0;}
[class*="st-key-slide_figure_"] p {text-align: center;}
[class*="st-key-slide_value_"] p {font-size: clamp(1.6rem, 17cqi, 5.5rem); font-weight: 700; line-height: 1.25;
  color: #0072B2;}
[class*="st-key-slide_label_"] p {font-size: clamp(0.95rem, 7cqi, 1.6rem); line-height: 1.25; color: #222;}
[class*="st-key-slide_change_"] p {font-size: clamp(0.85rem, 6cqi, 1.3rem); line-height: 1.25; color: #555;}
.st-key-slide_footer p, .st-key-slide_footer [data-testid="stText"], .st-key-slide_page p {
  font-size: clamp(0.72rem, 0.85vw, 0.95rem); color: #555; font-family: inherit; white-space: normal;
  overflow-wrap: anywhere;}
.st-key-slide_page p {text-align: right; white-space: nowrap;}
.st-key-slide_watermark {position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  pointer-events: none; z-index: 5;}
.st-key-slide_watermark svg {width: 80%; height: auto; overflow: visible; transform: rotate(-18deg);}
.st-key-slide_watermark text {font-weight: 700; fill: rgba(213, 94, 0, 0.13);}
</style>""", unsafe_allow_html=True)

# --- which deck: published figures only (?published=1), a saved one (?deck=<id>) or the default ------------------
published_only = st.query_params.get("published") == "1"
deck_id = "" if published_only else st.query_params.get("deck", "")
saved_deck = None
if deck_id:
    try:
        saved_deck = saved.load(folder, deck_id)
    except saved.DeckError as e:
        st.query_params.pop("deck", None)
        st.warning(md_escape(t(e.key, lang, **e.params)), icon=":material/warning:")  # it repeats the id from the URL: never a link
        deck_id = ""
if st.session_state.get("presenter_deck_id") != deck_id or "presenter_items" not in st.session_state:
    st.session_state["presenter_deck_id"] = deck_id
    st.session_state["presenter_items"] = list(saved_deck["slides"]) if saved_deck else saved.default_items()
added = st.session_state.get("deck_added", [])
items = list(st.session_state["presenter_items"])
known = {item["snapshot"].get("view") for item in items if "snapshot" in item}
items += [{"snapshot": snap} for snap in added if snap.get("view") not in known]

year_param = st.query_params.get("year")
year = int(year_param) if year_param and year_param.isascii() and year_param.isdigit() else (saved_deck or {}).get("year")
try:
    base = published_deck_for(region, lang) if published_only else deck_for(region, lang, year)
except LookupError:
    st.title(t("presenter.title", lang))
    st.info(t("app.no_colleges", lang))
    st.stop()
# The published deck is shown as it is: views added from other pages and saved decks may hold demo rows.
deck = base if published_only else saved.arrange(base, items)
if saved_deck and saved_deck.get("name"):
    deck = replace(deck, name=str(saved_deck["name"]))
n = len(deck.slides)
if n == 0:
    st.info(t("presenter.empty", lang))
    st.stop()

# --- the slide and the clicker ----------------------------------------------------------------------------------
slide_param = st.query_params.get("slide", "1")
index = min(max(int(slide_param) - 1 if slide_param.isascii() and slide_param.isdigit() else 0, 0), n - 1)


def go(to: int) -> None:
    st.query_params["slide"] = str(min(max(to, 0), n - 1) + 1)


with st.container(key="presenter_keys"):
    for shortcut in ("pagedown", "space"):
        st.button("›", key=f"next_{shortcut}", shortcut=shortcut, on_click=go, args=(index + 1,))
    st.button("‹", key="prev_pageup", shortcut="pageup", on_click=go, args=(index - 1,))

slide = deck.slides[index]
with st.container(key="presenter_heading"):  # the page's heading for screen readers; the slide shows its own
    st.title(f"{t('presenter.title', lang)}: {slide.title}")
with st.container(key="slide"):
    with st.container(key="slide_title"):
        st.header(md_escape(slide.title), anchor=False)
    if slide.takeaway:
        with st.container(key="slide_takeaway"):
            st.markdown(md_escape(slide.takeaway))
    if slide.kind == "figures":
        with st.container(key="slide_figures"):
            for i, f in enumerate(slide.figures):
                with st.container(key=f"slide_figure_{i}"):
                    for part, text in (("value", f.value), ("label", f.label), ("change", f.change)):
                        if text:
                            with st.container(key=f"slide_{part}_{i}"):
                                st.markdown(md_escape(text))
    elif slide.series:
        st.plotly_chart(render.chart(slide, lang, CHART_HEIGHT), key=f"slide_{index}", config=PLOTLY_CONFIG,
                        width="stretch", theme=None)
    with st.container(key="slide_foot", horizontal=True, vertical_alignment="bottom"):
        with st.container(key="slide_footer"):
            st.text(slide.footer())  # plain text: a source's link is shown as it is, never made a Markdown link
        with st.container(key="slide_page", width="content"):
            st.markdown(md_escape(f"{deck.region_name} · {index + 1} / {n}"))
    if slide.is_demo and deck.watermark:
        with st.container(key="slide_watermark"):
            # SVG text, hidden from screen readers: faint on purpose, it would fail the contrast check (axe-core) as
            # page text; the slide's footer says in readable text that it shows demo data.
            st.markdown('<svg aria-hidden="true" viewBox="0 0 1000 160" xmlns="http://www.w3.org/2000/svg">'
                        '<text x="500" y="125" text-anchor="middle" font-size="140" textLength="980" '
                        f'lengthAdjust="spacingAndGlyphs">{html.escape(deck.watermark)}</text></svg>',
                        unsafe_allow_html=True)

nav = st.columns([1.2, 1.2, 0.6, 2.2, 3, 2.8], vertical_alignment="center")
nav[0].button(t("presenter.previous", lang), icon=":material/chevron_left:", shortcut="left", on_click=go,
              args=(index - 1,), disabled=index == 0, key="prev", width="stretch")
nav[1].button(t("presenter.next", lang), icon=":material/chevron_right:", shortcut="right", on_click=go,
              args=(index + 1,), disabled=index == n - 1, key="next", width="stretch")
nav[2].markdown(t("presenter.position", lang, n=index + 1, total=n))


def switch_language(code: str) -> None:
    st.query_params["lang"] = code
    st.session_state["url_lang"] = code  # the sidebar's language switch follows


with nav[3].container(horizontal=True):
    # The deck in another language, on the same slide: default slides are rebuilt in that language.
    for code in LANGUAGES:
        if code != lang:
            st.button(LANGUAGE_NAMES[code], key=f"lang_{code}", icon=":material/translate:", type="tertiary",
                      on_click=switch_language, args=(code,))


def switch_published() -> None:
    if st.session_state["published_toggle"]:
        st.query_params["published"] = "1"
    else:
        st.query_params.pop("published", None)
    st.query_params["slide"] = "1"


nav[4].toggle(t("presenter.published.toggle", lang), value=published_only, key="published_toggle",
              on_change=switch_published, help=t("presenter.published.help", lang))
nav[5].caption(t("presenter.keys", lang))

# --- deck: year, exports, editing, saving, sharing ----------------------------------------------------------------
with st.expander(t("presenter.tools", lang), expanded=False):
    c1, c2 = st.columns([1, 2])
    if not published_only:  # published figures keep their own years
        with c1:
            totals = run_query("region_year_totals", region=region)
            years = sorted(int(y) for y in totals.loc[totals["students"].notna(), "academic_year"])
            url_choice(st.selectbox, t("filter.year", lang), years, "year", deck.year, year_label)
    with c2:
        st.markdown(t("presenter.deck_line", lang, name=md_escape(deck.name), region=md_escape(deck.region_name),
                      year=year_label(deck.year), build=deck.build_id))

    st.subheader(t("presenter.export.title", lang))
    e1, e2, e3, e4 = st.columns(4)
    stem = f"deck-{'published' if published_only else deck_id or 'default'}-{lang}"

    def export(module: str, function: str, *args):
        """The file, built only when someone clicks (PDF and PNG start Chromium, which takes seconds)."""
        def build():
            from importlib import import_module

            try:
                return getattr(import_module(f"tvet.deck.{module}"), function)(*args)
            except Exception as err:  # noqa: BLE001 — a failed export must say so, not break the page
                st.error(t("presenter.export.failed", lang, reason=type(err).__name__), icon=":material/error:")
                return b""
        return build

    e1.download_button(t("presenter.export.pptx", lang), export("pptx", "to_pptx", deck),
                       file_name=f"{stem}.pptx", key="deck_pptx", width="stretch",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    e2.download_button(t("presenter.export.pdf", lang), export("images", "to_pdf", deck),
                       file_name=f"{stem}.pdf", mime="application/pdf", key="deck_pdf", width="stretch")
    e3.download_button(t("presenter.export.png", lang), export("images", "to_png", slide, deck),
                       file_name=f"{stem}-{index + 1}.png", mime="image/png", key="deck_png", width="stretch")
    e4.download_button(t("presenter.export.xlsx", lang), export("xlsx", "to_xlsx", deck),
                       file_name=f"{stem}.xlsx", key="deck_xlsx", width="stretch",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st.caption(t("presenter.export.note", lang))
    try:  # the speech brief: the published figures with their sources, on one page
        story = published_deck_for(region, lang)
    except LookupError:
        story = None
    if story is not None:
        b1, b2, _ = st.columns([1, 1, 2])
        b1.download_button(t("presenter.published.brief_pdf", lang), export("brief", "to_pdf", story),
                           file_name=f"brief-{lang}.pdf", mime="application/pdf", key="brief_pdf", width="stretch",
                           icon=":material/description:")
        b2.download_button(t("presenter.published.brief_docx", lang), export("brief", "to_docx", story),
                           file_name=f"brief-{lang}.docx", key="brief_docx", width="stretch",
                           icon=":material/description:",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    if published_only:
        st.caption(t("presenter.published.note", lang))
        st.stop()  # editing and saving work on the normal deck, whose views may hold demo rows

    st.subheader(t("presenter.edit.title", lang))
    st.caption(t("presenter.edit.caption", lang))
    table = pd.DataFrame({
        "show": [True] * len(items),
        "order": list(range(1, len(items) + 1)),
        "origin": [t("presenter.edit.view", lang) if "snapshot" in it else t("presenter.edit.default", lang)
                   for it in items],
        "title": [it.get("title") or "" for it in items],
        "shown_as": [next((s.title for s in saved.arrange(base, [it]).slides), "") for it in items],
    })
    edited = st.data_editor(
        table, key=f"deck_editor_{deck_id}_{len(items)}", hide_index=True, width="stretch",
        disabled=["origin", "shown_as"], column_order=["show", "order", "origin", "shown_as", "title"],
        column_config={
            "show": st.column_config.CheckboxColumn(t("presenter.edit.show", lang)),
            "order": st.column_config.NumberColumn(t("presenter.edit.order", lang), min_value=1, step=1),
            "origin": st.column_config.TextColumn(t("presenter.edit.origin", lang)),
            "shown_as": st.column_config.TextColumn(t("presenter.edit.current", lang), width="large"),
            "title": st.column_config.TextColumn(t("presenter.edit.new_title", lang), max_chars=160),
        })
    if st.button(t("presenter.edit.apply", lang), icon=":material/check:", key="deck_apply"):
        chosen = []
        for row, item in zip(edited.itertuples(index=False), items):
            if row.show:
                new = dict(item)
                if isinstance(row.title, str) and row.title.strip():
                    new["title"] = row.title.strip()
                else:
                    new.pop("title", None)
                chosen.append((row.order, len(chosen), new))
        st.session_state["presenter_items"] = [it for _, _, it in sorted(chosen, key=lambda x: (x[0], x[1]))]
        st.session_state["deck_added"] = []
        st.query_params["slide"] = "1"
        st.rerun()
    if added:
        st.caption(t("presenter.edit.added", lang, n=len(added)))

    st.subheader(t("presenter.saved.title", lang))
    s1, s2 = st.columns(2)
    with s1:
        with st.form("deck_save", border=True):
            name = st.text_input(t("presenter.saved.name", lang), value=(saved_deck or {}).get("name", ""),
                                 max_chars=120)
            if st.form_submit_button(t("presenter.saved.save", lang), icon=":material/save:"):
                try:
                    did = saved.save(folder, name, items, deck.build_id, region, deck.year)
                except saved.DeckError as e:
                    st.error(t(e.key, lang, **e.params), icon=":material/error:")
                else:
                    st.session_state["presenter_deck_id"] = did
                    st.session_state["presenter_items"] = items
                    st.session_state["deck_added"] = []
                    st.query_params["deck"] = did
                    deck_id = did
                    st.success(t("presenter.saved.done", lang, name=md_escape(name.strip())))
        if deck_id:
            here = (st.context.url or "presenter").split("?")[0]
            st.markdown(t("presenter.saved.share", lang))
            st.code(f"{here}?{urlencode({'deck': deck_id, 'lang': lang})}", language=None)
    with s2:
        decks = saved.saved(folder)
        if decks:
            names = dict(decks)
            pick = st.selectbox(t("presenter.saved.choose", lang), list(names), format_func=names.__getitem__,
                                key="deck_choose")
            o1, o2 = st.columns(2)
            if o1.button(t("presenter.saved.open", lang), icon=":material/folder_open:", key="deck_open",
                         width="stretch"):
                st.query_params["deck"] = pick
                st.query_params["slide"] = "1"
                st.rerun()
            if o2.button(t("presenter.saved.delete", lang), icon=":material/delete:", key="deck_delete",
                         width="stretch"):
                saved.delete(folder, pick)
                if pick == deck_id:
                    st.query_params.pop("deck", None)
                st.rerun()
        else:
            st.caption(t("presenter.saved.none", lang))
