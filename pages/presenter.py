"""Presenter mode: the region's story as slides, one per screen, large type, for a projector; arrow keys,
Page Up/Down and space move between slides (clickers send these). Decks can be edited (pick, order, re-title,
views added from other pages), saved by name, shared by link, and exported as PPTX, PDF, PNG and XLSX."""

from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pages.common.data import deck_for, run_query
from pages.common.filters import require_region
from pages.common.frame import LANGUAGE_NAMES, md_escape, page_frame, url_choice, year_label
from tvet import settings
from tvet.deck import render, saved
from tvet.i18n import LANGUAGES, t

PLOTLY_CONFIG = {"displayModeBar": False, "responsive": False}
WIDTH, HEIGHT = 1600, 900

lang = page_frame("presenter.title", sidebar="collapsed")
region = require_region(lang, t("presenter.title", lang))
folder = settings.decks_dir()

# A projector shows the slide and nothing else: no toolbar, little padding; the clicker buttons stay in the page
# (their keyboard shortcuts work) but are not drawn.
st.markdown("""<style>
.block-container {padding-top: 1.2rem; padding-bottom: 0.5rem;}
.st-key-presenter_keys {display: none;}
.st-key-presenter_heading {position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden;}
</style>""", unsafe_allow_html=True)

# --- which deck: a saved one (?deck=<id>) or the default; the session's own edits and added views ----------------
deck_id = st.query_params.get("deck", "")
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
    base = deck_for(region, lang, year)
except LookupError:
    st.title(t("presenter.title", lang))
    st.info(t("app.no_colleges", lang))
    st.stop()
deck = saved.arrange(base, items)
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
st.plotly_chart(render.figure(slide, deck, index, width=WIDTH, height=HEIGHT), key=f"slide_{index}",
                config=PLOTLY_CONFIG, width="content", theme=None)

nav = st.columns([1, 1, 1, 3, 4], vertical_alignment="center")
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
nav[4].caption(t("presenter.keys", lang))

# --- deck: year, exports, editing, saving, sharing ----------------------------------------------------------------
with st.expander(t("presenter.tools", lang), expanded=False):
    c1, c2 = st.columns([1, 2])
    with c1:
        totals = run_query("region_year_totals", region=region)
        years = sorted(int(y) for y in totals.loc[totals["students"].notna(), "academic_year"])
        url_choice(st.selectbox, t("filter.year", lang), years, "year", deck.year, year_label)
    with c2:
        st.markdown(t("presenter.deck_line", lang, name=md_escape(deck.name), region=md_escape(deck.region_name),
                      year=year_label(deck.year), build=deck.build_id))

    st.subheader(t("presenter.export.title", lang))
    e1, e2, e3, e4 = st.columns(4)
    stem = f"deck-{deck_id or 'default'}-{lang}"

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
