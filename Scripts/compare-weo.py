#!/usr/bin/env python3
"""milex's forecast baseline beside the IMF WEO's own debt projection, for the built-in
countries outside the EU whose baseline takes WEO paths.

For each such country: milex's baseline gross debt in the WEO's last projection year (base year
2025, "baseline": "forecast", no published defence plans so that only the WEO's paths drive it)
and the WEO's debt_pct_gdp for that year from the dataset, side by side, with the difference.
Usage: Scripts/compare-weo.py [MILEX]   (default .build/debug/milex)
"""
import json, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
milex = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/milex")
countries = json.loads(subprocess.run([milex, "countries", "-f", "json"], capture_output=True, text=True, check=True).stdout)
candidates = []
for country in countries["countries"]:
    if country["memberships"].get("eu", {}).get("member"):
        continue
    weo = {f["year"]: f for f in country["figures"] if f["key"] == "debt_pct_gdp" and f["default"] and f["source"].startswith("NONEU_IMF")}
    if weo:
        candidates.append((country["code"], weo))
scenario = {"name": "WEO check", "base_year": 2025, "end_year": 2031, "baseline": "forecast", "published_plans": False,
            "countries": [code for code, _ in candidates]}
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump(scenario, f)
    path = f.name
try:
    run = subprocess.run([milex, "run", path, "-f", "json"], capture_output=True, text=True)
finally:
    os.unlink(path)
if run.returncode:
    sys.exit(run.stderr)
document = json.loads(run.stdout)
mode = {}
for note in document["notes"]:
    if note.startswith("Baseline: forecast mode"):
        for code, _ in candidates:
            if f" {code} (to " in note:
                mode[code] = note.split(f" {code} (to ")[1].split(")")[0]
print(f"{'':4}{'WEO year':>9}{'milex':>9}{'WEO':>9}{'diff':>8}  baseline")
for projection in document["projections"]:
    if projection["variant"] != "baseline":
        continue
    code = projection["country"]
    weo = dict(candidates)[code]
    last = max(weo)
    mine = next((y["debt_pct_gdp"] for y in projection["years"] if y["year"] == last), None)
    how = f"forecast to {mode[code]}" if code in mode else "frozen (no WEO path in the data)"
    print(f"{code:4}{last:9d}{mine:9.2f}{weo[last]['value']:9.2f}{mine - weo[last]['value']:+8.2f}  {how}")
