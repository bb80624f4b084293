"""The fleet dashboard: one self-contained HTML file (no server, no CDN, works from file://).

fleet.json is embedded as JSON data (every '<' escaped, so no value can close the script) and
drawn by dashboard.js (ours, inlined) with DOM calls only (textContent, never innerHTML of data).
"""

from __future__ import annotations

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def _asset(name: str) -> str:
    """dashboard.css / dashboard.js beside this module (shipped in the wheel with it)."""
    with open(os.path.join(HERE, name), encoding="utf-8") as file:
        return file.read()


BODY = """<h1>mlrepo fleet</h1><p id="generated" class="muted"></p><p id="states"></p>
<div id="main">
<div class="grid"><div class="card"><h2>Maturity levels</h2><div id="levels"></div></div>
<div class="card"><h2>Releases behind the template</h2><div id="lag"></div></div></div>
<h2>Campaigns</h2><div id="campaigns" class="grid"></div>
<h2>Repositories</h2>
<p><input id="filter" type="search" placeholder="filter" aria-label="filter">
<select id="team" aria-label="team"><option value="">all teams</option></select>
<span id="shown" class="muted"></span></p>
<table id="repos"><thead id="repo-head"></thead><tbody id="repo-rows"></tbody></table>
<h2>Findings by family per team</h2><div id="heatmap"></div>
<h2>Drift from the template</h2><div id="drift"></div>
<h2>Waivers expiring within 30 days</h2><div id="waivers"></div>
<h2>Compliance view (rules by framework tag)</h2><div id="compliance"></div>
</div><div id="repo-page" hidden></div>"""


def html(fleet: dict) -> str:
    """The dashboard page of a fleet document."""
    style, script = _asset("dashboard.css"), _asset("dashboard.js")
    data = json.dumps(fleet, separators=(",", ":")).replace("<", "\\u003c")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        f"<title>mlrepo fleet</title><style>{style}</style></head><body>{BODY}"
        f'<script type="application/json" id="fleet-data">{data}</script>'
        f"<script>{script}</script></body></html>\n"
    )
