#!/usr/bin/env python3
"""Random but valid milex scenario files for cross-checking engine and reference.

    python3 random_scenarios.py SEED COUNT OUTDIR

Writes OUTDIR/random_<SEED>_<NNNN>.json. Scenario k depends only on (SEED, k), so a
failing file can be regenerated alone. Every file uses custom countries only and
exercises the features listed in README.md; over a few dozen files every feature
(shapes, above_target modes, SAFE schedules and repayments, debt floor, escape
clause, E1-E3 extensions, overrides, map inputs) occurs many times.
"""

import json
import os
import random
import sys

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


def main(argv):
    if len(argv) != 4:
        print("usage: random_scenarios.py SEED COUNT OUTDIR", file=sys.stderr)
        return 2
    seed, count, outdir = argv[1], int(argv[2]), argv[3]
    os.makedirs(outdir, exist_ok=True)
    for k in range(count):
        path = os.path.join(outdir, f"random_{seed}_{k:04d}.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(random_scenario(seed, k), fh, indent=1)
            fh.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
