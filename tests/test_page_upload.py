"""The upload page (pages/upload.py) as Streamlit runs it: sign-in from a password hash in the secrets, a preview
of what a load would change, publish on confirmation, the publish log and rollback — on a real warehouse built
by the ETL from data/reference and a copy of the small fixture, with the uploads in a temporary folder."""

import hashlib
import json
import shutil

import pytest
from conftest import REFERENCE, SMALL, build_or_fail, read, table_with, texts

from tvet import stewards
from tvet.i18n import t

PAGE = "pages/upload.py"
HASH = stewards.hash_password("correct horse battery", iterations=1000)
# Real enrolment of college T03 for 2024: the 2024 demo enrolment of KZ-33 (7 rows, 254 students) gives way.
REAL = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,source_id\n"
        "2024,KZ33-T03,01140100,1,state,kk,full_time,9,33,steward_t03\n"
        "2024,KZ33-T03,01140100,2,state,kk,full_time,9,27,steward_t03\n").encode()
SOURCE = ("source_id,title,publisher,url,published_on,kind,licence,note\n"
          "steward_t03,College T03 enrolment 2024,Test steward,,,upload,,\n").encode()
BAD = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,source_id\n"
       "2024,KZ33-T03,01140100,1,state,kk,full_time,9,many,steward_t03\n").encode()


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(tmp_path, monkeypatch):
    src = tmp_path / "small"
    shutil.copytree(SMALL, src)
    warehouse = tmp_path / "warehouse.duckdb"
    build_or_fail([REFERENCE, src], warehouse)
    monkeypatch.setenv("TVET_SOURCES", f"{REFERENCE}:{src}")
    monkeypatch.setenv("TVET_UPLOADS", str(tmp_path / "uploads"))
    return warehouse


def signed_in(app, live, lang="en"):
    at = app(live, page=PAGE, lang=lang)
    at.secrets["stewards"] = {"aigerim": HASH}
    at.run()
    at.text_input[0].input("aigerim")
    at.text_input[1].input("correct horse battery")
    at.button[0].click().run()
    assert not at.exception
    return at


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_without_sign_in_the_page_says_how_to_get_access_and_nothing_else(app, live, lang):
    at = app(live, page=PAGE, lang=lang).run()
    assert not at.exception
    assert t("upload.access.how", lang) in texts(at)
    assert len(at.get("file_uploader")) == 0 and len(at.dataframe) == 0


def test_a_wrong_password_shows_nothing_but_the_sign_in(app, live):
    at = app(live, page=PAGE, lang="ru")
    at.secrets["stewards"] = {"aigerim": HASH}
    at.run()
    at.text_input[0].input("aigerim")
    at.text_input[1].input("wrong password")
    at.button[0].click().run()
    assert t("upload.access.wrong", "ru") in texts(at)
    assert len(at.get("file_uploader")) == 0


def test_preview_then_publish_then_roll_back(app, live):
    before = sha(live)
    at = signed_in(app, live)
    uploader = at.get("file_uploader")[0]
    uploader.set_value([("t03_2024.csv", REAL, "text/csv"), ("source_t03.csv", SOURCE, "text/csv")])
    next(b for b in at.button if b.label == t("upload.files.check", "en")).click().run()
    assert not at.exception, at.exception
    # The preview: 2024's enrolment had 7 demo rows; T03's two courses keep their key with new values (changed)
    # and the other 5 demo rows give way (removed); students 254 -> 60.
    changes = table_with(at, t("upload.col.added", "en"))
    row = changes[(changes[t("upload.col.table", "en")] == "students (fct_enrollment)")].iloc[0]
    assert (row[t("upload.col.year", "en")], row[t("upload.col.added", "en")], row[t("upload.col.changed", "en")],
            row[t("upload.col.removed", "en")]) == ("2024/25", 0, 2, 5)
    figures = table_with(at, t("upload.col.after", "en"))
    moved = figures[figures[t("upload.col.indicator", "en")] == t("methodology.indicator.students", "en")].iloc[0]
    assert (moved[t("upload.col.before", "en")], moved[t("upload.col.after", "en")]) == ("254", "60")
    assert sha(live) == before  # a preview publishes nothing
    next(b for b in at.button if b.label == t("upload.preview.publish", "en")).click().run()
    assert not at.exception, at.exception
    assert read(live, "select sum(students)::bigint from fct_enrollment where academic_year = 2024") == [(60,)]
    log = table_with(at, t("upload.col.who", "en"))
    assert log.iloc[0][t("upload.col.who", "en")] == "aigerim"
    assert log.iloc[0][t("upload.col.action", "en")] == t("upload.result.published", "en")
    assert hashlib.sha256(REAL).hexdigest()[:12] in log.iloc[0][t("upload.col.files", "en")]
    # Roll back: the warehouse is byte for byte the one before, the uploads folder holds no loaded file.
    next(c for c in at.checkbox if c.label == t("upload.rollback.sure", "en")).check().run()
    next(b for b in at.button if b.label == t("upload.rollback.button", "en")).click().run()
    assert not at.exception, at.exception
    assert sha(live) == before
    uploads = live.parent / "uploads"
    assert sorted(f.name for f in uploads.iterdir() if f.is_file()) == ["publish_log.jsonl"]
    results = [json.loads(line)["result"] for line in (uploads / "publish_log.jsonl").read_text().splitlines()]
    assert results == ["published", "rolled_back"]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_bad_file_is_refused_with_its_report_and_nothing_changes(app, live, lang):
    before = sha(live)
    at = signed_in(app, live, lang)
    at.get("file_uploader")[0].set_value([("t03_2024.csv", BAD, "text/csv"), ("source_t03.csv", SOURCE, "text/csv")])
    next(b for b in at.button if b.label == t("upload.files.check", lang)).click().run()
    assert not at.exception, at.exception
    report = table_with(at, t("upload.col.fix", lang))
    first = report.iloc[0]
    assert first[t("upload.col.file", lang)] == "t03_2024.csv"  # named as the steward gave it
    assert (first[t("upload.col.row", lang)], first[t("upload.col.column", lang)], first[t("upload.col.value", lang)]) \
        == ("2", "students", "many")
    assert any(b.label == t("upload.report_download", lang) for b in at.get("download_button"))
    assert not any(b.label == t("upload.preview.publish", lang) for b in at.button)
    assert sha(live) == before
    assert [f.name for f in (live.parent / "uploads").iterdir() if f.is_file()] == ["publish_log.jsonl"]


SPONSOR = ("academic_year,college_id,specialty_code,course,funding,language,study_form,entry_base,students,source_id\n"
           "2024,KZ33-T03,01140100,1,Спонсорская помощь,kk,full_time,9,33,steward_t03\n"
           "2024,KZ33-T03,01140100,2,Государственный образовательный заказ (местный бюджет),kk,очная,"
           "основную школу,27,steward_t03\n").encode()


def test_an_unknown_value_gets_an_editable_map_that_checks_the_files_again(app, live):
    """«Спонсорская помощь» means nothing the contract knows: the report lists it once with the line that fixes it,
    the page offers a choice of what it means, and a saved choice checks the same files again with a value map,
    which is published with them. (The other row's official wording is recognised by meaning.)"""
    at = signed_in(app, live)
    at.get("file_uploader")[0].set_value([("t03_2024.csv", SPONSOR, "text/csv"), ("source_t03.csv", SOURCE, "text/csv")])
    next(b for b in at.button if b.label == t("upload.files.check", "en")).click().run()
    assert not at.exception, at.exception
    report = table_with(at, t("upload.col.fix", "en"))
    assert list(report[t("upload.col.value", "en")]) == ["Спонсорская помощь"]
    assert "funding,Спонсорская помощь,state | paid" in report.iloc[0][t("upload.col.fix", "en")]
    assert t("upload.map.heading", "en") in texts(at)
    assert any(b.label == t("upload.map.save", "en") for b in at.button)
    # What the editor's save hands on: the chosen meaning, then the same files are checked again with the map.
    at.session_state["value_map"] = [("funding", "Спонсорская помощь", "paid")]
    at.session_state["recheck"] = True
    at.run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == t("upload.preview.publish", "en")).click().run()
    assert not at.exception, at.exception
    assert read(live, "select funding, entry_base, sum(students)::bigint from fct_enrollment "
                      "where academic_year = 2024 group by all order by all") == [("paid", "9", 33), ("state", "9", 27)]
    kept = [f.name for f in (live.parent / "uploads").iterdir() if f.name.startswith("value_map_")]
    assert len(kept) == 1
