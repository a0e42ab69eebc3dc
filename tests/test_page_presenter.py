"""Presenter mode (pages/presenter.py) as Streamlit runs it on the demo warehouse, with decks saved to a temporary
folder (TVET_DECKS): the default deck, moving between slides, adding a view from another page, editing, saving,
opening by link and switching language."""

import json
from pathlib import Path

import pytest

from tvet.deck import default
from tvet.i18n import t
from tvet.warehouse import connect

PAGE = "pages/presenter.py"


@pytest.fixture
def decks(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "decks"
    monkeypatch.setenv("TVET_DECKS", str(folder))
    return folder


def slide_title(at) -> str:
    """The title drawn on the slide shown: the one header of the page (the page's own title is hidden)."""
    headers = [h.value for h in at.header]
    assert len(headers) == 1
    return headers[0].replace("\\", "")  # md_escape's backslashes


def expected_titles(warehouse, lang) -> list[str]:
    with connect(Path(warehouse)) as con:
        return [s.title for s in default.build(con, "KZ-33", lang).slides]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_default_deck_opens_on_its_first_slide(app, demo_warehouse, decks, lang):
    at = app(demo_warehouse, page=PAGE, lang=lang).run()
    assert not at.exception
    titles = expected_titles(demo_warehouse, lang)
    assert slide_title(at) == titles[0]
    assert f"**1 / {len(titles)}**" in [m.value for m in at.markdown]
    assert at.button(key="prev").disabled


def test_next_and_previous_move_between_slides(app, demo_warehouse, decks):
    at = app(demo_warehouse, page=PAGE, lang="en").run()
    titles = expected_titles(demo_warehouse, "en")
    at.button(key="next").click().run()
    assert at.query_params["slide"] == "2"
    assert slide_title(at) == titles[1]
    # The clicker's Page Down and space buttons move forward too; Page Up back.
    at.button(key="next_space").click().run()
    assert slide_title(at) == titles[2]
    at.button(key="prev_pageup").click().run()
    assert slide_title(at) == titles[1]


def test_a_link_opens_a_slide_and_a_bad_slide_number_is_clamped(app, demo_warehouse, decks):
    titles = expected_titles(demo_warehouse, "ru")
    at = app(demo_warehouse, page=PAGE, lang="ru", slide="3").run()
    assert slide_title(at) == titles[2]
    at = app(demo_warehouse, page=PAGE, lang="ru", slide="99").run()
    assert not at.exception
    assert slide_title(at) == titles[-1]


def test_a_view_added_on_another_page_becomes_a_slide(app, demo_warehouse, decks):
    at = app(demo_warehouse, page="pages/state_order.py", lang="en", year="2024").run()
    add = [b for b in at.button if b.key and b.key.startswith("deck_")][0]
    add.click().run()
    assert not at.exception
    added = at.session_state["deck_added"]
    assert len(added) == 1 and added[0]["series"]
    at.switch_page(PAGE).run()
    assert not at.exception
    n = len(expected_titles(demo_warehouse, "en")) + 1
    assert f"**1 / {n}**" in [m.value for m in at.markdown]
    at.query_params["slide"] = str(n)
    at.run()
    assert slide_title(at) == added[0]["title"]


def test_edit_save_and_open_a_deck_by_link_in_another_language(app, demo_warehouse, decks):
    at = app(demo_warehouse, page=PAGE, lang="en").run()
    at.text_input[0].input("Forum deck")
    [b for b in at.button if b.label == t("presenter.saved.save", "en")][0].click().run()
    assert not at.exception
    data = json.loads((decks / "forum-deck.json").read_text(encoding="utf-8"))
    assert [s["key"] for s in data["slides"]] == list(default.SLIDES)
    # Re-order by hand in the file (as the editor would) and re-title one slide; open it in Kazakh by its link.
    data["slides"] = [{"key": "capacity", "title": "Қай колледждерде орын жетпейді"}, {"key": "overview"}]
    (decks / "forum-deck.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    at = app(demo_warehouse, page=PAGE, lang="kk", deck="forum-deck").run()
    assert not at.exception
    assert "**1 / 2**" in [m.value for m in at.markdown]
    assert slide_title(at) == "Қай колледждерде орын жетпейді"
    at.button(key="next").click().run()
    assert slide_title(at) == expected_titles(demo_warehouse, "kk")[0]


def test_an_unknown_deck_in_the_url_is_refused_politely(app, demo_warehouse, decks):
    at = app(demo_warehouse, page=PAGE, lang="en", deck="../secret").run()
    assert not at.exception
    assert any("There is no saved deck" in w.value for w in at.warning)
    assert slide_title(at) == expected_titles(demo_warehouse, "en")[0]


def test_published_only_shows_published_figures_with_their_sources_and_no_demo(app, demo_warehouse, decks):
    from tvet.deck import published

    at = app(demo_warehouse, page=PAGE, lang="ru", published="1").run()
    assert not at.exception
    with connect(Path(demo_warehouse)) as con:
        expected = published.build(con, "KZ-33", "ru")
    assert len(expected.slides) >= 3
    assert slide_title(at) == expected.slides[0].title
    assert at.toggle(key="published_toggle").value is True
    shown = " ".join(m.value for m in at.markdown) + " ".join(x.value for x in at.text)
    assert "более 13" in shown and "Источник:" in " ".join(x.value for x in at.text)
    assert t("deck.watermark", "ru") not in shown
    # The demo deck's own first-slide numbers appear nowhere.
    with connect(Path(demo_warehouse)) as con:
        demo = default.build(con, "KZ-33", "ru")
    assert all(f.value not in shown for f in demo.slides[0].figures if f.value not in ("27", "4\u202f250"))
    # Switching the toggle off returns to the default deck.
    at.toggle(key="published_toggle").set_value(False).run()
    assert "published" not in at.query_params
    assert slide_title(at) == expected_titles(demo_warehouse, "ru")[0]
