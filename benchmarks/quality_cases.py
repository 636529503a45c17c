"""The corpora on which term quality is read, built from the shared corpora (never committed).

Three cases are whole corpora mined against the built-in reference: law, it and legal_consult. The others
are cut from the general text that the built-in reference is made of, and are mined against the same
recipe of sources with their own lines taken out (`reference_text`), so that no case is mined against a
reference that holds it:

- health, finance, sports, education, environment: every other line of those of reference/reference.txt
  that match a pattern (news of one field). The other half stays in the reference, which so holds the
  field's news at about half the rate of general news. Cutting every matching line, as the readings
  before issue 16 did, leaves the field's own words (医院, 学生: the pattern's) unseen in a news-only
  reference whatever their use in general text, which flatters a reference of news alone;
- wuxia and hotel, SET ASIDE (read by no one while the ranking was designed, issue 16): the novels of
  金庸 in general/fiction.txt (its books in fiction_books.tsv, in file order), and the hotel reviews of
  general/reviews.txt.

The recipe of the reference (which sources, which share of each) is the one of the checkout under test,
tools/reference_recipe.json; a checkout without it (before issue 16) was built from reference.txt alone.
"""
import hashlib
import json
import re
from pathlib import Path

from common import SHARED

NEWS = "reference/reference.txt"
PATTERNS = {
    "health": "患者|医院|医疗|疫苗|病毒|治疗|药品|医生|疾病|临床|病例|感染|癌",
    "finance": "股票|基金|证券|银行|金融|投资者|股市|债券|保险|贷款|利率",
    "sports": "比赛|冠军|球队|运动员|奥运|联赛|决赛|教练|金牌|赛季",
    "education": "学校|学生|教育|教师|课程|高校|校园|招生|毕业|课堂",
    "environment": "生态|环境保护|污染|排放|碳达峰|碳中和|环保|空气质量|水土|湿地",
}
HOTEL = "酒店|宾馆|客房|前台|入住"
WHOLE = ("law", "it", "legal_consult")
CUT = tuple(PATTERNS) + ("wuxia", "hotel")
SET_ASIDE = ("wuxia", "hotel")
CASES = WHOLE + CUT


def recipe(checkout):
    """[(source path under the shared corpora, keep every k-th line)] of a checkout's built-in reference."""
    path = Path(checkout) / "tools" / "reference_recipe.json"
    if not path.exists():
        return [(NEWS, 1)]
    return [(s["path"], int(s.get("every", 1))) for s in json.loads(path.read_text(encoding="utf-8"))["sources"]]


def _lines(relative):
    with open(SHARED / relative, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def case_lines(case):
    """(source of the case's lines, the indices of its lines in that source)."""
    if case in PATTERNS:
        pattern = re.compile(PATTERNS[case])
        return NEWS, [i for i, line in enumerate(_lines(NEWS)) if pattern.search(line)][::2]
    if case == "hotel":
        pattern = re.compile(HOTEL)
        return "general/reviews.txt", [i for i, line in enumerate(_lines("general/reviews.txt"))
                                       if pattern.search(line)]
    if case == "wuxia":
        books = (SHARED / "general/fiction_books.tsv").read_text(encoding="utf-8").splitlines()[1:]
        at, picked = 0, []
        for row in books:
            author, _, _, lines, _ = row.split("\t")
            if author == "金庸":
                picked.extend(range(at, at + int(lines)))
            at += int(lines)
        return "general/fiction.txt", picked
    raise KeyError(case)


def build(case, checkout, folder):
    """(domain text path, reference text path or None for the built-in one), written under `folder` once
    (the reference text's name holds a digest of the recipe and of the lines left out)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if case in WHOLE:
        return SHARED / case / "domain.txt", None
    source, picked = case_lines(case)
    domain = folder / f"{case}.{len(picked)}.txt"
    if not domain.exists():
        lines = _lines(source)
        domain.write_text("".join(lines[i] + "\n" for i in picked), encoding="utf-8")
    sources = recipe(checkout)
    digest = hashlib.sha1(json.dumps([sources, source, picked]).encode()).hexdigest()[:8]   # what it holds
    reference = folder / f"{case}.reference-{digest}.txt"
    if not reference.exists():
        left_out = set(picked)
        with open(reference, "w", encoding="utf-8") as out:
            for path, every in sources:
                for i, line in enumerate(_lines(path)):
                    if i % every == 0 and not (path == source and i in left_out):
                        out.write(line + "\n")
    return domain, reference
