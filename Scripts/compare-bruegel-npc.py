#!/usr/bin/env python3
"""milex's forecast baseline beside the Bruegel EU-DSA model's no-policy-change (NPC) debt path.

Prints, for each EU country, the debt ratio in 2028 and 2033 of
  - milex, base year 2024, "baseline": "forecast" (MODEL.md §10 as written: the Commission's
    spring 2025 forecast for 2025-2026, then the structural primary balance of 2026 plus the
    change in ageing costs, the output gap closing in three years, the deflator to 2 %, the
    market rate to the 10y10y forward);
  - milex with Bruegel's NPC conventions imposed through scenario keys (the structural primary
    balance of 2024 held from 2025, no ageing costs), which checks that the two programs do the
    same accounting on the same inputs;
  - the Bruegel model's NPC (Data/additional/dsa/npc_reference.csv: a local run of its code on
    its October 2025 input file, documented in Data/additional/dsa/NOTES.md).
Usage: Scripts/compare-bruegel-npc.py [MILEX]   (default .build/debug/milex)
"""
import csv, json, os, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
milex = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build/debug/milex")
countries = ["DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "GR", "PT", "FI", "IE", "SK", "SI", "LT", "LV", "HR", "CZ", "HU", "RO"]
reference = {}
with open(os.path.join(root, "Data/additional/dsa/npc_reference.csv")) as f:
    for row in csv.DictReader(f):
        reference[(row["iso2"], int(row["year"]))] = float(row["debt_pct_gdp"])


def figures(code):
    out = subprocess.run([milex, "show", code, "-f", "json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    table = {}
    for figure in data["figures"]:
        if figure["default"]:
            table[(figure["key"], figure["year"])] = figure["value"]
    return table


def run(scenario):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f)
        path = f.name
    try:
        out = subprocess.run([milex, "run", path, "-f", "json"], capture_output=True, text=True, check=True)
    finally:
        os.unlink(path)
    result = {}
    for projection in json.loads(out.stdout)["projections"]:
        if projection["variant"] == "baseline":
            for year in projection["years"]:
                result[(projection["country"], year["year"])] = year["debt_pct_gdp"]
    return result


base = {"name": "NPC check", "base_year": 2024, "end_year": 2033, "dataset_vintage": "2026.07",
        "baseline": "forecast", "published_plans": False, "countries": countries}
model = run(base)
overrides = {}
for code in countries:
    data = figures(code)
    spb = data.get(("structural_primary_balance_pct_gdp", 2024))
    eps = data.get(("budget_semi_elasticity", 2025), 0.5)
    gaps = {}
    for year in (2025, 2026):
        real, pot = data.get(("real_gdp_nc_bn", year)), data.get(("potential_gdp_nc_bn", year))
        if real and pot:
            gaps[year] = 100 * (real / pot - 1)
    if spb is None or len(gaps) < 2:
        continue
    overrides[code] = {"ageing_cost_pct_gdp": 0,
                       "forecast": {"primary_balance_pct_gdp": {str(y): spb + eps * g for y, g in gaps.items()}}}
imposed = run(dict(base, overrides=overrides))
print(f"{'':4}{'2028 milex':>11}{'Bruegel':>9}{'diff':>7}{'imposed':>9}{'diff':>7}   {'2033 milex':>11}{'Bruegel':>9}{'diff':>7}{'imposed':>9}{'diff':>7}")
for code in countries:
    cells = []
    for year in (2028, 2033):
        m, r, i = model.get((code, year)), reference.get((code, year)), imposed.get((code, year))
        if m is None or r is None:
            cells.append(" " * 43)
            continue
        imp = f"{i:9.2f}{i - r:+7.2f}" if code in overrides else f"{'–':>9}{'':7}"
        cells.append(f"{m:11.2f}{r:9.2f}{m - r:+7.2f}{imp}")
    print(f"{code:4}" + "   ".join(cells))
