"""The HTML report: its contexts, its labels, its data, the commands that write it, and the page itself in
headless Chromium (tests/browser.py), offline."""
import base64
import io
import json
import re
import sys

import pytest
from browser import DEEP_QUERY, install_chromium, start_chromium
from conftest import SAMPLE
from subprocesses import one_line_error, run

import termmine
from termmine.report import LABELS, _label_positions, find_contexts
from termmine.report import read_report_data as page_data


def test_contexts_are_lines_of_the_text_each_once_in_text_order():
    pieces = ["变压器的油温过高。变压器好\n变压器的油温正常。\n", "主变压器跳闸\n"]
    found = find_contexts(pieces, ["变压器", "油温", "没有"], per_string=2, width=3)
    # the first line gives one context only; the second line's is the first's again, so the third line
    # gives the second
    assert found["变压器"] == [("", "变压器", "的油温"), ("主", "变压器", "跳闸")]
    assert found["油温"] == [("压器的", "油温", "过高。"), ("压器的", "油温", "正常。")]
    assert found["没有"] == []


def test_contexts_match_as_counting_does_and_show_the_text():
    # NFKC and lower case to match, the text's own case to show
    found = find_contexts(["Use ＣＮＮ here\n"], ["cnn"], per_string=1, width=4)
    assert found["cnn"] == [("Use ", "CNN", " her")]
    assert find_contexts(["Use CNN here\n"], ["cnn"], per_string=1, keep_case=True)["cnn"] == []


def test_contexts_stop_reading_once_every_string_has_its_lines():
    def pieces():
        yield "变压器跳闸\n"
        raise AssertionError("read on after every string had its lines")
    assert find_contexts(pieces(), ["变压器"], per_string=1)["变压器"] == [("", "变压器", "跳闸")]


def test_no_contexts_asked_reads_nothing():
    def pieces():
        raise AssertionError("read")
        yield ""
    assert find_contexts(pieces(), ["变压器"], per_string=0) == {"变压器": []}


def test_labels_never_overlap():
    # many terms at one point: one label; terms far apart: as many as allowed
    at_one = _label_positions([100.0] * 50, [10.0] * 50, ["变压器"] * 50, [1, 1e4], [1, 1e3])
    assert at_one == [0]
    n = 3 * LABELS
    xs = [10 ** (i * 4 / n) for i in range(n)]
    ys = [10 ** (3 * ((i * 7) % n) / n) for i in range(n)]
    spread = _label_positions(xs, ys, ["a"] * n, [0.5, 2e4], [0.5, 2e3])
    assert len(spread) == LABELS and spread == sorted(spread)


@pytest.fixture(scope="module")
def small_report(tmp_path_factory, small):
    """mine() of the small corpus, and the same with a report written."""
    folder = tmp_path_factory.mktemp("report")
    plain = termmine.mine(small)
    with_report = termmine.mine(small, report=folder / "small.html", report_terms=50, report_contexts=3,
                                explain=True)
    return plain, with_report, folder / "small.html"


def test_a_report_changes_nothing_of_the_terms(small_report):
    plain, (terms, _), _ = small_report
    assert terms.equals(plain)


def test_the_report_holds_the_run(small_report):
    _, (terms, explanation), path = small_report
    data = page_data(path)
    assert data["terms"]["term"] == terms["term"].tolist()
    assert data["table_terms"] == min(50, len(terms))
    dropped = explanation[explanation["kept"] == "no"]
    assert data["dropped"]["term"] == dropped["term"].tolist()
    assert sum(rule["dropped"] for rule in data["rules"]) == len(dropped)
    for rule in data["rules"]:
        assert len(rule["examples"]) == min(rule["dropped"], 6)
    for term in data["terms"]["term"][:data["table_terms"]]:
        lines = data["contexts"].get(term, [])
        assert 1 <= len(lines) <= 3, term
        assert all(match.lower() == term.lower() for _, match, _ in lines)
    settings = dict(data["settings"])
    assert settings["reference"] == "the built-in table of general Chinese"
    assert settings["corpus"].endswith("small.txt")
    assert [name for name, _ in data["timings"]][-1] == "total"
    assert data["domain_tokens"] == explanation.attrs["domain_tokens"] > 0


def test_a_report_of_no_terms(tmp_path):
    terms = termmine.mine(texts=["短句。"], report=tmp_path / "none.html")
    data = page_data(tmp_path / "none.html")
    assert len(terms) == 0 and data["terms"]["term"] == [] and data["table_terms"] == 0


def test_the_page_loads_nothing_from_elsewhere(small_report):
    page = small_report[2].read_text(encoding="utf-8")
    markup = re.sub(r"(<script\b[^>]*>).*?</script>", r"\1", page, flags=re.S)   # the tags, not the code
    assert markup.count("<script") >= 3
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", markup)
    assert "Bokeh" in page and len(page) < 5e6


def test_report_command_writes_the_page_and_nothing_on_stdout(tmp_path, small):
    proc = run("report", small, "-o", tmp_path / "r.html", "--report-terms", 20, "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == b""
    assert page_data(tmp_path / "r.html")["table_terms"] == 20


def test_mine_with_a_report_writes_the_same_terms(tmp_path, small):
    plain = run("mine", small, "--top", 30, "-q")
    with_report = run("mine", small, "--top", 30, "-q", "--report", tmp_path / "m.html", "--report-contexts", 1)
    assert with_report.returncode == 0, with_report.stderr.decode()
    assert with_report.stdout == plain.stdout
    data = page_data(tmp_path / "m.html")
    assert len(data["terms"]["term"]) > 30         # the report has every term, --top or not
    assert max(len(lines) for lines in data["contexts"].values()) == 1


def test_a_report_that_cannot_be_written_fails_before_the_work(tmp_path, small):
    missing = tmp_path / "none" / "r.html"
    one_line_error(run("mine", small, "--report", missing), "does not exist", "--report")
    one_line_error(run("report", small, "-o", tmp_path), "is a folder", "-o")
    with pytest.raises(termmine.TermmineError, match="`report`"):
        termmine.mine(small, report=missing)


def test_without_bokeh_the_report_says_what_to_install(tmp_path, small):
    # bokeh hidden from the import system, as where it is not installed
    code = ("import sys; sys.modules['bokeh'] = None; sys.argv = ['termmine'] + sys.argv[1:]; "
            "from termmine.cli import run; run()")
    import subprocess
    proc = subprocess.run([sys.executable, "-c", code, "report", str(small), "-o", str(tmp_path / "r.html")],
                          capture_output=True)
    one_line_error(proc, "pip install 'termmine[report]'")


# --- the page in a real browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    install_chromium()
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory, browser):
    """The report of the bundled sample, opened in the browser, once its data are in."""
    path = tmp_path_factory.mktemp("page") / "law_sample.html"
    proc = run("report", SAMPLE, "-o", path, "-q")
    assert proc.returncode == 0, proc.stderr.decode()
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(path.as_uri())
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(browser, 60).until(lambda b: b.execute_script("return document.body.dataset.ready") == "yes",
                                     "the page never filled its data")
    return path, page_data(path)


def test_the_page_renders_its_scatter_and_table(browser, sample_page):
    _, data = sample_page
    assert browser.execute_script(DEEP_QUERY, "canvas"), "no canvas: the scatter was not drawn"
    rows = browser.execute_script(DEEP_QUERY, ".slick-row")
    assert rows and data["terms"]["term"][0] in rows[0].text
    shown = browser.execute_script("return Bokeh.documents[0].get_model_by_name('terms').data.term.length")
    assert shown == len(data["terms"]["term"])
    png = base64.b64decode(browser.get_screenshot_as_base64())
    from PIL import Image
    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is None or len(colours) > 100, "the screenshot is nearly blank"


def test_the_console_has_no_errors_and_nothing_went_to_the_network(browser, sample_page):
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    asked = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            asked.add(message["params"]["request"]["url"].split(":", 1)[0])
    assert asked <= {"file", "data", "blob"}, asked


def test_typing_a_term_filters_the_table_to_it(browser, sample_page):
    from selenium.webdriver.common.by import By
    _, data = sample_page
    terms = data["terms"]["term"]
    term = max(terms[:data["table_terms"]], key=len)       # a long term, held by few others
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(term)
    rows = browser.execute_script(DEEP_QUERY, ".slick-row")
    holding = [t for t in terms[:data["table_terms"]] if term.lower() in t.lower()]
    assert [row.text.split("\n")[0] for row in rows] == holding
    assert "kept, rank" in browser.find_element(By.ID, "search-info").text
    assert term in browser.find_element(By.ID, "contexts").text
    box.clear()
    dropped = data["dropped"]["term"][0]
    box.send_keys(dropped)
    first_rule = data["rules"][data["dropped"]["rules"][0][0]]["name"]
    assert f"dropped by {first_rule}" in browser.find_element(By.ID, "search-info").text
    box.clear()


def test_picking_a_point_shows_its_term_in_the_table(browser, sample_page):
    from selenium.webdriver.common.by import By
    _, data = sample_page
    browser.execute_script("Bokeh.documents[0].get_model_by_name('terms').selected.indices = [2]")
    assert browser.find_element(By.ID, "search").get_attribute("value") == data["terms"]["term"][2]
    rows = browser.execute_script(DEEP_QUERY, ".slick-row")
    assert rows and rows[0].text.startswith(data["terms"]["term"][2])


def test_picking_a_row_shows_its_lines_and_leaves_the_table_as_it_is(browser, sample_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    _, data = sample_page
    box = browser.find_element(By.ID, "search")
    box.clear()
    browser.execute_script("termmine.search('')")
    browser.execute_script("Bokeh.documents[0].get_model_by_name('table_rows').selected.indices = [1]")
    term = data["terms"]["term"][1]
    WebDriverWait(browser, 10).until(lambda b: term in b.find_element(By.ID, "contexts").text)
    assert box.get_attribute("value") == ""
    assert browser.execute_script("return Bokeh.documents[0].get_model_by_name('terms').selected.indices") == [1]
    filtered = browser.execute_script("return Bokeh.documents[0].get_model_by_name('table_filter').indices.length")
    assert filtered == data["table_terms"]
