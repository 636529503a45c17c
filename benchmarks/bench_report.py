"""Size and cost of the HTML report, and its screenshots.

    python benchmarks/bench_report.py [--cases law,it] [--rounds 3] [--screenshots DIR]

For each corpus, alternating `termmine mine` and `termmine report` (the same run plus the report) for
--rounds rounds, prints the corpus size, the medians of wall seconds and peak RSS (/usr/bin/time) of each,
and the report's size, its terms and its rows. With --screenshots, opens each report in headless Chromium
(Debian's chromium and chromium-driver, driven by Selenium, offline), types the third term into the search
box and saves a PNG of the page as DIR/report_<case>.png.
"""
import argparse
import sys
import tempfile
import time
from pathlib import Path

from common import corpus, median, print_table, timed

from termmine.report import read_report_data

PY = sys.executable


def screenshot(page, png):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from browser import install_chromium, start_chromium
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    install_chromium()
    driver = start_chromium()
    try:
        driver.set_window_size(1400, 1100)
        driver.get(page.as_uri())
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.ready") == "yes")
        third = driver.execute_script("return Bokeh.documents[0].get_model_by_name('terms').data.term[2]")
        driver.find_element(By.ID, "search").send_keys(third)
        time.sleep(0.5)
        driver.save_screenshot(str(png))
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default="law,it")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--screenshots", type=Path, default=None)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases.split(","):
            text = corpus(case)
            page = Path(tmp) / f"{case}.html"
            runs = {"mine": [], "report": []}
            for _ in range(args.rounds):
                runs["mine"].append(timed([PY, "-m", "termmine", "mine", text, "-q", "-o", Path(tmp) / "t.tsv"])[:2])
                runs["report"].append(timed([PY, "-m", "termmine", "report", text, "-q", "-o", page])[:2])
            data = read_report_data(page)
            mine_wall, report_wall = (median([w for w, _ in runs[k]]) for k in ("mine", "report"))
            rows.append([case, f"{text.stat().st_size / 1e6:.1f}", f"{mine_wall:.1f}", f"{report_wall:.1f}",
                         f"{median([r for _, r in runs['mine']]):.0f}", f"{median([r for _, r in runs['report']]):.0f}",
                         f"{page.stat().st_size / 1e6:.2f}", len(data["terms"]["term"]), data["table_terms"],
                         sum(len(v) for v in data["contexts"].values())])
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
                screenshot(page, args.screenshots / f"report_{case}.png")
    print_table(["corpus", "MB", "mine s", "report s", "mine MiB", "report MiB", "report MB", "terms", "table rows",
                 "context lines"], rows)


if __name__ == "__main__":
    main()
