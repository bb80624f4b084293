"""Every defect of the reliability report (its table "All defects, in order of severity", plus
C5 from its text) has a regression test that names it: `test_<id>_...` (lower case; `#32` is
written `defect32`) or a parameter id starting `<ID>-`.

Rows with nothing to regress: #34 (info: the --ca-cert stage keeps an empty placeholder, no
content), #35 (info: zizmor's pedantic notes; test_generated_repo runs zizmor on the workflows),
#36 (ok: what already held). S4 (a release may add a pre-commit hook) is inherent to updating
from a template; the report names no fix, and there is no U5.
"""

from __future__ import annotations

import re

from helpers import REPO

DEFECTS = [
    *("U1", "U2", "U3", "U4", "U6", "S1", "S2", "S3", "S5", "S6", "N1", "N2", "N3", "N4"),
    *("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "G1", "G2", "A1"),
    *("K1", "O1", "O2", "#31", "#32", "#33"),
]


def _named(defect: str, text: str) -> bool:
    slug = defect.lower().replace("#", "defect")
    in_name = re.search(rf"def test_(?:\w+_)?{slug}_", text)
    in_param = re.search(rf"""\bid=f?["']{re.escape(defect)}-""", text) or re.search(
        rf"""\(f?["']{re.escape(defect)}-""", text
    )
    return bool(in_name or in_param)


def test_every_defect_has_a_test_that_names_it():
    sources = [p.read_text(encoding="utf-8") for p in (REPO / "tests").rglob("test_*.py")]
    sources = [s for s in sources if "DEFECTS = [" not in s]  # this file proves nothing
    missing = [d for d in DEFECTS if not any(_named(d, s) for s in sources)]
    assert missing == []


def test_the_guard_sees_a_missing_id():
    assert not _named("C12", "def test_c1_x():\n    pytest.param(1, id='C1-y')\n")
    assert _named("C1", "def test_c1_x():\n")
    assert _named("#31", 'pytest.param(1, id="#31-y")')
    assert _named("G1", '    ("G1-infinity", b"{}", None, "x"),')
