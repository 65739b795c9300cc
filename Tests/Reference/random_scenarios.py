#!/usr/bin/env python3
"""Random but valid milex scenario files for cross-checking engine and reference.

    python3 random_scenarios.py SEED COUNT OUTDIR
    python3 random_scenarios.py SEED COUNT OUTDIR --features macro,net,forecast [--specs]

Writes OUTDIR/random_<SEED>_<NNNN>.json. Scenario k depends only on (SEED, k) (and the
feature list), so a failing file can be regenerated alone. Every file uses custom
countries only and exercises the features listed in README.md; over a few dozen files
every feature (shapes, above_target modes, SAFE schedules and repayments, debt floor,
escape clause, E1-E3 extensions, overrides, map inputs) occurs many times.

Without --features the files are exactly those of the original generator. --features
adds, on top of the same scenario, the keys of MODEL.md section 12 (macro: GDP
feedback), section 13 (net: net-expenditure ceilings) and sections 10-11 (forecast:
forecast baseline and published plans), drawn from a separate random stream. --specs
also writes OUTDIR/random_<SEED>_<NNNN>.spec.json, a section 14 solver spec for
`milex_reference.py --solve SPEC SCENARIO`.
"""

import json
import os
import random
import sys

import milex_reference as ref

FEATURES = ("macro", "net", "forecast")

CURRENCIES = [("EUR", 1.0), ("PLN", 4.25), ("SEK", 11.3), ("DKK", 7.46), ("CZK", 25.1),
              ("HUF", 395.0), ("RON", 4.97), ("USD", 1.08), ("GBP", 0.85), ("NOK", 11.6)]
SHAPES = ["linear", "front", "back", "step", "custom", "growth"]


def r3(x):
    """Round to 3 decimals: readable files, values still irregular."""
    return round(x, 3)


def number_or_map(rng, B, E, lo, hi, centre_lo, centre_hi):
    """A number (60 %) or a {"year": value} map of 1-4 points, some before B or after E."""
    if rng.random() < 0.6:
        return r3(rng.uniform(centre_lo, centre_hi))
    years = sorted(rng.sample(range(B - 2, min(E + 6, 2100) + 1), rng.randint(1, 4)))
    return {str(y): r3(rng.uniform(lo, hi)) for y in years}


def random_country(rng, B, E, huge_surplus):
    currency, per_eur = rng.choice(CURRENCIES) if rng.random() < 0.5 else CURRENCIES[0]
    gdp_eur = rng.uniform(10, 4500)
    c = {"name": f"Random {currency}", "currency": currency}
    if currency != "EUR" or rng.random() < 0.5:
        c["per_eur"] = per_eur
    c["gdp_bn"] = r3(gdp_eur * per_eur)
    c["nominal_growth_pct"] = number_or_map(rng, B, E, -5, 12, 0.5, 6)
    c["debt_pct_gdp"] = 0 if rng.random() < 0.05 else r3(rng.uniform(5, 190))
    if huge_surplus:
        # big enough to pay the whole debt off within the horizon: the debt floor bites
        c["primary_balance_pct_gdp"] = r3(rng.uniform(15, 40))
    else:
        c["primary_balance_pct_gdp"] = number_or_map(rng, B, E, -6, 4, -4, 3)
    c["implicit_rate_pct"] = r3(rng.uniform(-1, 15) if rng.random() < 0.1 else rng.uniform(0.3, 5))
    c["market_rate_pct"] = number_or_map(rng, B, E, -1, 15, 0.5, 6)
    # integer maturities mostly; a non-integer one now and then (MODEL.md: "years (>= 1)")
    c["average_maturity_years"] = rng.randint(1, 15) if rng.random() < 0.9 else r3(rng.uniform(1, 15))
    s_B = r3(rng.uniform(0.4, 4.5))
    c["defence_pct_gdp"] = s_B
    if rng.random() < 0.7:
        c["defence_2021_pct_gdp"] = r3(max(0.0, s_B - rng.uniform(-0.5, 2.2)))
    if rng.random() < 0.6:
        c["related_pct_gdp"] = r3(rng.uniform(0, 1.6))
    if rng.random() < 0.7:
        c["safe_allocation_eur_bn"] = r3(rng.uniform(0, 45)) if rng.random() < 0.9 else 0
    if rng.random() < 0.7:
        first = rng.randint(B - 1, B + 3)
        c["escape_clause_years"] = list(range(first, first + rng.randint(1, 5)))
    if rng.random() < 0.5:
        # E1: observed headline balance in B
        c["balance_pct_gdp"] = r3(rng.uniform(-7, 2))
    if rng.random() < 0.3:
        # E2: stock-flow adjustment, about +-1 % of GDP
        scale = c["gdp_bn"] / 100
        if rng.random() < 0.5:
            c["stock_flow_adjustment_bn"] = r3(rng.uniform(-1, 1) * scale)
        else:
            years = sorted(rng.sample(range(B + 1, E + 1), min(E - B, rng.randint(1, 3))))
            c["stock_flow_adjustment_bn"] = {str(y): r3(rng.uniform(-1, 1) * scale) for y in years}
    return c


def random_path(rng, B, E, s_B_guess, related):
    """A variant's "defence" or "related" object covering every shape and option."""
    shape = rng.choice(SHAPES)
    p = {}
    if shape != "linear" or rng.random() < 0.5:
        p["shape"] = shape                      # linear is the default
    start = rng.randint(B + 1, min(E, B + 6))
    if rng.random() < 0.6:
        p["start"] = start
    else:
        start = B + 1
    if rng.random() < 0.15:
        p["by"] = rng.randint(start, min(2100, E + 5))       # sometimes after the horizon
    else:
        p["by"] = rng.randint(start, max(start, min(E, start + 12)))
    hi = 1.8 if related else 5.5
    if rng.random() < 0.3:
        target = r3(max(0.0, s_B_guess - rng.uniform(0.05, 1.5)))    # below s_B
    else:
        target = r3(rng.uniform(0, hi))
    if rng.random() < 0.02:
        target = 100                            # upper end of the valid range
    p["target_pct_gdp"] = target
    mode = rng.choice(["keep", "converge", None])
    if mode is not None:
        p["above_target"] = mode
    if shape == "custom":
        years = sorted(rng.sample(range(B + 1, min(E + 5, 2100) + 1), rng.randint(1, 4)))
        p["points"] = {str(y): r3(rng.uniform(0, hi)) for y in years}
    if shape == "growth":
        p["growth_pct"] = r3(rng.uniform(-3, 10))
    return p


def random_financing(rng, B, E):
    f = {}
    if rng.random() < 0.8:
        f["offset_share"] = rng.choice([0, 1, r3(rng.random()), r3(rng.random())])
    f["safe"] = rng.random() < 0.6
    if rng.random() < 0.5:
        f["safe_rate_pct"] = r3(rng.uniform(-1, 15) if rng.random() < 0.1 else rng.uniform(1.5, 4.5))
    if rng.random() < 0.5:
        f["safe_take_up"] = rng.choice([0, 1, r3(rng.random())])
    if rng.random() < 0.3:
        f["escape_clause"] = rng.random() < 0.5
    if rng.random() < 0.3:
        # E3: shares summing to 1, years possibly before B (left out, I10) or after E
        years = sorted(rng.sample(range(B - 1, B + 9), rng.randint(1, 5)))
        weights = [rng.uniform(0.05, 1) for _ in years]
        total = sum(weights)
        shares = [w / total for w in weights]
        f["safe_schedule"] = {str(y): s for y, s in zip(years, shares)}
    return f


def random_scenario(seed, k):
    rng = random.Random(f"milex-{seed}-{k}")
    B = rng.randint(2023, 2026)
    E = rng.randint(B + 1, 2042) if rng.random() < 0.45 else rng.randint(2043, 2080)
    n = rng.randint(1, 4)
    codes = rng.sample(["XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH"], n)
    custom = {}
    for code in codes:
        custom[code] = random_country(rng, B, E, huge_surplus=rng.random() < 0.08)
    scenario = {"name": f"random {seed}/{k}", "base_year": B, "end_year": E,
                "countries": codes, "custom_countries": custom}
    if rng.random() < 0.4:
        overrides = {}
        for code in rng.sample(codes, rng.randint(1, n)):
            o = {}
            if rng.random() < 0.6:
                o["market_rate_pct"] = number_or_map(rng, B, E, -1, 15, 0.5, 6)
            if rng.random() < 0.4:
                o["nominal_growth_pct"] = r3(rng.uniform(-5, 12))
            if rng.random() < 0.4:
                o["debt_pct_gdp"] = r3(rng.uniform(0, 150))
            if rng.random() < 0.3:
                o["defence_pct_gdp"] = r3(rng.uniform(0.5, 4))
            if rng.random() < 0.2:
                o["average_maturity_years"] = rng.randint(1, 15)
            overrides[code] = o or {"primary_balance_pct_gdp": r3(rng.uniform(-3, 2))}
        scenario["overrides"] = overrides
    variants = []
    s_guess = sum(custom[c]["defence_pct_gdp"] for c in codes) / n
    for v in range(rng.randint(0, 4)):
        variant = {"label": f"variant {v + 1}"}
        if rng.random() < 0.9:
            variant["defence"] = random_path(rng, B, E, s_guess, related=False)
        if rng.random() < 0.5:
            variant["related"] = random_path(rng, B, E, 0.5, related=True)
        if rng.random() < 0.9:
            variant["financing"] = random_financing(rng, B, E)
        variants.append(variant)
    scenario["variants"] = variants
    return scenario


# ---------------------------------------------------------------------------
# Optional features (MODEL.md sections 10-14); a separate random stream, so the
# scenario underneath is the one the plain generator writes for (SEED, k).
# ---------------------------------------------------------------------------

def _defence_paths(scenario):
    for v in scenario["variants"]:
        for key in ("defence", "related"):
            if key in v:
                yield key, v[key]


def sanitize_paths(scenario):
    """Keeps spending shares in a sane range, so the GDP feedback stays moderate."""
    for _, p in _defence_paths(scenario):
        if p.get("target_pct_gdp", 0) > 10:
            p["target_pct_gdp"] = 5.5
        if p.get("shape") == "growth":
            p["growth_pct"] = max(-2.0, min(5.0, p["growth_pct"]))


def random_macro_block(rng, codes, top):
    block = {}
    if rng.random() < (0.9 if top else 0.6):
        block["multiplier"] = 0 if rng.random() < 0.15 else r3(rng.uniform(0.1, 1.5))
    if rng.random() < 0.7:
        block["persistence_years"] = rng.randint(1, 6)
    if rng.random() < 0.5:
        block["import_share"] = rng.choice([0, 1, r3(rng.random()), r3(rng.random())])
    if rng.random() < 0.5:
        block["budget_elasticity"] = r3(rng.uniform(0, 1))
    if rng.random() < 0.3:
        by_country = {}
        for code in rng.sample(codes, rng.randint(1, len(codes))):
            entry = {}
            for key, draw in (("multiplier", lambda: r3(rng.uniform(0, 1.5))),
                              ("persistence_years", lambda: rng.randint(1, 6)),
                              ("import_share", lambda: r3(rng.random())),
                              ("budget_elasticity", lambda: r3(rng.uniform(0, 1)))):
                if rng.random() < 0.5:
                    entry[key] = draw()
            by_country[code] = entry
        block["by_country"] = by_country
    return block


def add_macro(rng, scenario):
    codes = scenario["countries"]
    if rng.random() < 0.85:
        scenario["macro"] = random_macro_block(rng, codes, top=True)
    for code in codes:
        c = scenario["custom_countries"][code]
        if rng.random() < 0.4:
            c["import_share"] = r3(rng.uniform(0.1, 0.9))
        if rng.random() < 0.4:
            c["budget_semi_elasticity"] = r3(rng.uniform(0.3, 0.8))
    for v in scenario["variants"]:
        if rng.random() < 0.3:
            v["macro"] = random_macro_block(rng, codes, top=False)
    if "macro" not in scenario and not any("macro" in v for v in scenario["variants"]):
        scenario["macro"] = {"multiplier": r3(rng.uniform(0.1, 1.5))}


def limit_feedback(scenario, limit=25.0):
    """Halves every multiplier until |gdp_effect_pct| <= limit everywhere (GDP stays positive)."""
    blocks = [scenario.get("macro")] + [v.get("macro") for v in scenario["variants"]]
    blocks = [b for b in blocks if b]
    for _ in range(12):
        out = ref.run_scenario(scenario)
        worst = max((abs(y.get("gdp_effect_pct", 0.0)) for p in out["projections"] for y in p["years"]),
                    default=0.0)
        if worst <= limit:
            return
        for b in blocks:
            if "multiplier" in b:
                b["multiplier"] = r3(b["multiplier"] / 2)
            for entry in (b.get("by_country") or {}).values():
                if "multiplier" in entry:
                    entry["multiplier"] = r3(entry["multiplier"] / 2)
    for b in blocks:
        b["multiplier"] = 0
        for entry in (b.get("by_country") or {}).values():
            entry.pop("multiplier", None)


def add_net(rng, scenario):
    B, E = scenario["base_year"], scenario["end_year"]
    for code in scenario["countries"]:
        if rng.random() < 0.35:
            continue
        c = scenario["custom_countries"][code]
        rho = r3(rng.uniform(30, 55))
        c["revenue_pct_gdp"] = rho
        first = rng.randint(B - 1, B + 2)
        last = first + rng.randint(0, 6)
        # ceilings near the country's nominal growth, so both flags and headroom occur
        level = ref.value_at(c["nominal_growth_pct"], B + 1) + rng.uniform(-1.5, 1.0)
        c["net_expenditure_ceilings_pct"] = {str(y): r3(max(-1.0, level + rng.uniform(-1, 1)))
                                             for y in range(first, last + 1)}
        u = rng.random()
        if u < 0.3:
            pass                                            # A = B by default
        elif u < 0.55:
            c["net_expenditure_base_year"] = B
        elif u < 0.85:
            A = B - rng.randint(1, 2)
            c["net_expenditure_base_year"] = A
            pb_B = ref.value_at(c["primary_balance_pct_gdp"], B)
            ne_B = (rho - pb_B) * c["gdp_bn"] / 100
            c["net_expenditure_base_bn"] = r3(ne_B / (1 + level / 100) ** (B - A) * (1 + rng.uniform(-0.03, 0.03)))
        else:
            c["net_expenditure_base_year"] = min(E, B + rng.randint(1, 2))
        if "escape_clause_years" not in c and rng.random() < 0.5:
            start = rng.randint(B, B + 2)
            c["escape_clause_years"] = list(range(start, start + rng.randint(1, 4)))


def add_forecast(rng, scenario):
    B, E = scenario["base_year"], scenario["end_year"]
    u = rng.random()
    if u < 0.8:
        scenario["baseline"] = "forecast"
    elif u < 0.9:
        scenario["baseline"] = "frozen"
    u = rng.random()
    if u < 0.25:
        scenario["published_plans"] = False
    elif u < 0.45:
        scenario["published_plans"] = True
    max_P = None
    for code in scenario["countries"]:
        c = scenario["custom_countries"][code]
        if rng.random() < 0.8:
            F = B if rng.random() < 0.1 else rng.randint(B + 1, min(E, B + 3))
            fc = {"nominal_growth_pct": {str(y): r3(rng.uniform(1, 7)) for y in range(B + 1, F + 1)}
                  or {str(B): r3(rng.uniform(1, 7))}}
            if rng.random() < 0.8:
                fc["primary_balance_pct_gdp"] = {str(y): r3(rng.uniform(-4, 2)) for y in range(B + 1, F + 1)} \
                    or {str(B): r3(rng.uniform(-4, 2))}
            if rng.random() < 0.5:
                fc["stock_flow_adjustment_pct_gdp"] = {str(y): r3(rng.uniform(-1, 1)) for y in range(B + 1, F + 1)} \
                    or {str(B): r3(rng.uniform(-1, 1))}
            c["forecast"] = fc
        if rng.random() < 0.8:
            c["potential_growth_pct"] = number_or_map(rng, B, E, 0.0, 3.0, 0.3, 2.5)
        if rng.random() < 0.7:
            c["output_gap_pct"] = r3(rng.uniform(-3, 3))
        if rng.random() < 0.6:
            c["budget_semi_elasticity"] = r3(rng.uniform(0.4, 0.7))
        if rng.random() < 0.6:
            c["ageing_cost_pct_gdp"] = number_or_map(rng, B, E, -1.0, 3.0, 0.0, 2.0)
        if rng.random() < 0.8:
            c["gdp_deflator_pct"] = r3(rng.uniform(0.5, 5))
        if rng.random() < 0.7:
            c["forward_rate_pct"] = r3(rng.uniform(1, 5))
        if rng.random() < 0.4:
            P = min(E, B + rng.randint(1, 4))
            years = sorted(set([P] + rng.sample(range(B - 1, P + 1), rng.randint(0, P - B + 1))))
            share, plan = c["defence_pct_gdp"], {}
            for y in years:
                share += rng.uniform(0, 0.6)
                plan[str(y)] = r3(share)
            c["published_defence_pct_gdp"] = plan
            max_P = P if max_P is None else max(max_P, P)
    if max_P is not None and scenario.get("published_plans", True):
        # Keep every variant's core path starting after the published years (README, section 11).
        for v in scenario["variants"]:
            p = v.get("defence")
            if not p:
                continue
            if "start" in p and p["start"] <= max_P:
                if max_P + 1 <= E:
                    p["start"] = max_P + 1
                else:
                    del p["start"]
            p["by"] = max(p["by"], p.get("start", max_P + 1))


def add_features(scenario, seed, k, features):
    rng = random.Random(f"milex-{seed}-{k}-" + ",".join(sorted(features)))
    sanitize_paths(scenario)
    if "forecast" in features:
        add_forecast(rng, scenario)
    if "net" in features:
        add_net(rng, scenario)
    if "macro" in features:
        add_macro(rng, scenario)
        limit_feedback(scenario)
    return scenario


def random_solve_spec(seed, k, scenario):
    """A section 14 spec: one unknown, 1-3 deterministic constraints.

    Thresholds sit a little above the first country's baseline figures, so that solved,
    infeasible and unconstrained lanes all occur."""
    rng = random.Random(f"milex-spec-{seed}-{k}")
    B, E = scenario["base_year"], scenario["end_year"]
    out = ref.run_scenario(dict(scenario, variants=[]))
    rows = out["projections"][0]["years"]
    Y = rng.randint(B + 1, E)
    d_E, d_Y = rows[-1]["debt_pct_gdp"], rows[Y - B]["debt_pct_gdp"]
    worst = max(-r["balance_pct_gdp"] for r in rows[1:])
    pool = [f"debt<={r3(max(0.0, d_E + rng.uniform(-2, 25)))}",
            f"debt<={r3(max(0.0, d_Y + rng.uniform(-2, 15)))}@{Y}",
            "debt-stable",
            f"deficit<={r3(max(0.5, worst + rng.uniform(-0.5, 3)))}",
            f"deficit<={r3(max(0.5, worst + rng.uniform(-1, 2)))}+flex",
            "safeguard"]
    weights = [4, 2, 1, 3, 2, 1]
    chosen = []
    for _ in range(rng.randint(1, 3)):
        c = rng.choices(pool, weights)[0]
        if c not in chosen:
            chosen.append(c)
    return {"unknown": rng.choice(["target", "target", "offset", "year"]), "constraints": chosen}


def scenario_for(seed, k, features=()):
    scenario = random_scenario(seed, k)
    if features:
        add_features(scenario, seed, k, features)
    return scenario


def main(argv):
    args = list(argv[1:])
    features, specs = (), False
    if "--specs" in args:
        args.remove("--specs")
        specs = True
    if "--features" in args:
        at = args.index("--features")
        if at + 1 >= len(args):
            args = []
        else:
            features = tuple(f for f in args[at + 1].split(",") if f)
            del args[at:at + 2]
            if features == ("all",):
                features = FEATURES
            unknown = [f for f in features if f not in FEATURES]
            if unknown:
                print(f"unknown feature(s) {unknown}; choose from {','.join(FEATURES)}", file=sys.stderr)
                return 2
    if len(args) != 3:
        print("usage: random_scenarios.py SEED COUNT OUTDIR [--features macro,net,forecast] [--specs]",
              file=sys.stderr)
        return 2
    seed, count, outdir = args[0], int(args[1]), args[2]
    os.makedirs(outdir, exist_ok=True)
    for k in range(count):
        scenario = scenario_for(seed, k, features)
        path = os.path.join(outdir, f"random_{seed}_{k:04d}.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(scenario, fh, indent=1)
            fh.write("\n")
        if specs:
            with open(os.path.join(outdir, f"random_{seed}_{k:04d}.spec.json"), "w", encoding="utf-8") as fh:
                json.dump(random_solve_spec(seed, k, scenario), fh, indent=1)
                fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
