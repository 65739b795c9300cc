#!/usr/bin/env python3
"""Independent reference implementation of the milex deterministic debt model.

Derived only from docs/MODEL.md (sections 1-6 and 9) and docs/model-notes.md
(interpretations I1-I16, extensions E1-E3). Standard library only.

    python3 milex_reference.py SCENARIO.json   > output.json

Prints the JSON output contract of MODEL.md section 9, plus the fields
`deficit_beyond_flexibility_pct_gdp` and `debt_bn` in every year row.
See README.md in this folder for the readings taken where the documents are open.
"""

import json
import sys

# MODEL.md section 5 / model-notes I8: default SAFE disbursement shares of the draw u*A*e.
# 2026 carries the 15 % pre-financing plus its own 17 %.
DEFAULT_SAFE_SCHEDULE = {2026: 0.32, 2027: 0.17, 2028: 0.17, 2029: 0.17, 2030: 0.17}
SAFE_GRACE_YEARS = 10         # MODEL.md section 5, model-notes I9
SAFE_REPAYMENT_YEARS = 35     # 35 equal instalments in tau+11 ... tau+45
ESCAPE_CAP = 1.5              # MODEL.md section 6: flexibility capped at 1.5 % of GDP
DEFAULT_SAFE_RATE = 3.0       # MODEL.md section 5: rEU default
BASELINE_VARIANT = {"label": "baseline"}   # model-notes I15


# ---------------------------------------------------------------------------
# Number-or-map inputs (MODEL.md section 2, model-notes I1)
# ---------------------------------------------------------------------------

def interpolate(points, year):
    """Linear interpolation in a sorted list of (year, value); flat outside (I1)."""
    if year <= points[0][0]:
        return points[0][1]
    if year >= points[-1][0]:
        return points[-1][1]
    for (y0, v0), (y1, v1) in zip(points, points[1:]):
        if y0 <= year < y1:
            return v0 + (v1 - v0) * (year - y0) / (y1 - y0)
    raise AssertionError("unreachable")


def map_points(mapping):
    """A {"year": value} JSON object as a sorted list of (int year, float value)."""
    return sorted((int(k), float(v)) for k, v in mapping.items())


def value_at(value, year):
    """A number holds for every year; a map is interpolated (I1)."""
    if isinstance(value, dict):
        return interpolate(map_points(value), year)
    return float(value)


# ---------------------------------------------------------------------------
# Country inputs (MODEL.md section 2 and section 9; E1, E2)
# ---------------------------------------------------------------------------

def country_inputs(scenario, code):
    """The custom country's inputs with the scenario-level overrides applied key by key."""
    inputs = dict(scenario["custom_countries"][code])
    inputs.update(scenario.get("overrides", {}).get(code, {}))
    return inputs


def per_eur(inputs):
    """e: national currency per EUR; default 1 for a EUR country (section 2)."""
    if "per_eur" in inputs:
        return float(inputs["per_eur"])
    if inputs.get("currency", "EUR") == "EUR":
        return 1.0
    raise KeyError("per_eur is required for a non-EUR country that draws SAFE loans")


# ---------------------------------------------------------------------------
# Step 1: GDP path (MODEL.md section 4 step 1)
# ---------------------------------------------------------------------------

def gdp_path(inputs, B, E):
    """Y_t = Y_{t-1} * (1 + g_t/100), Y_B = gdp_bn."""
    gdp = {B: float(inputs["gdp_bn"])}
    for t in range(B + 1, E + 1):
        g = value_at(inputs["nominal_growth_pct"], t)
        gdp[t] = gdp[t - 1] * (1 + g / 100)
    return gdp


# ---------------------------------------------------------------------------
# Spending paths (MODEL.md section 3; model-notes I4-I7)
# ---------------------------------------------------------------------------

def shape_factor(shape, t, S, Y):
    """f(x_t) for the target shapes; x_t = clamp((t - S + 1)/(Y - S + 1), 0, 1)."""
    if shape == "step":                      # I5: 1 from S on, 0 before
        return 1.0 if t >= S else 0.0
    x = (t - S + 1) / (Y - S + 1)
    x = min(1.0, max(0.0, x))
    if shape == "linear":
        return x
    if shape == "front":
        return 1 - (1 - x) ** 2
    if shape == "back":
        return x ** 2
    raise ValueError(f"unknown shape {shape!r}")


def spending_path(spec, base_share, B, E, gdp):
    """Share of GDP per year B..E for one spending category (core or related).

    spec is the variant's "defence" or "related" object, or None (no change: the
    baseline path holds base_share, section 3 / I15).
    """
    path = {t: base_share for t in range(B, E + 1)}
    if not spec:
        return path
    shape = spec.get("shape", "linear")
    S = int(spec.get("start", B + 1))

    if shape == "custom":
        # I6: points extended with (B, base_share), interpolated as in I1.
        points = map_points(spec["points"])
        points = sorted([(B, base_share)] + points)
        for t in range(B + 1, E + 1):
            path[t] = interpolate(points, t)
        return path

    if shape == "growth":
        # Section 3 / I7: money spending grows gamma % a year from S on,
        # S_{S-1} = base_share * Y_{S-1} / 100; before S the share holds.
        gamma = float(spec["growth_pct"])
        money = None
        for t in range(B + 1, E + 1):
            if t < S:
                continue
            if money is None:
                money = base_share * gdp[t - 1] / 100
            money = money * (1 + gamma / 100)
            path[t] = 100 * money / gdp[t]
        return path

    # linear / front / back / step towards target T by year Y
    T = float(spec["target_pct_gdp"])
    Y = int(spec["by"])
    if spec.get("above_target", "keep") == "keep" and base_share >= T:
        return path                          # I4: the whole path stays at s_B
    for t in range(B + 1, E + 1):
        f = shape_factor(shape, t, S, Y)
        if f == 1.0:
            path[t] = T                      # reached: the share holds at T
        else:
            path[t] = base_share + (T - base_share) * f
    return path


# ---------------------------------------------------------------------------
# SAFE loans (MODEL.md section 5; model-notes I8-I10, E3)
# ---------------------------------------------------------------------------

def safe_flows(financing, inputs, B, E):
    """Disbursements and repayments (bn national currency) per year B+1..E."""
    disb = {t: 0.0 for t in range(B + 1, E + 1)}
    rep = {t: 0.0 for t in range(B + 1, E + 1)}
    if not financing.get("safe", False):
        return disb, rep
    allocation = float(inputs.get("safe_allocation_eur_bn", 0.0))
    if allocation == 0.0:
        return disb, rep
    take_up = float(financing.get("safe_take_up", 1.0))
    draw = take_up * allocation * per_eur(inputs)           # u * A * e
    schedule = financing.get("safe_schedule")
    schedule = map_points(schedule) if schedule is not None else sorted(DEFAULT_SAFE_SCHEDULE.items())
    for tau, share in schedule:
        if tau <= B:
            continue                         # I10: before the projection window, left out
        tranche = share * draw
        if tau <= E:
            disb[tau] += tranche
        instalment = tranche / SAFE_REPAYMENT_YEARS
        first = tau + SAFE_GRACE_YEARS + 1   # I9: grace tau+1..tau+10, repay tau+11..tau+45
        for t in range(first, first + SAFE_REPAYMENT_YEARS):
            if t <= E:
                rep[t] += instalment
    return disb, rep


# ---------------------------------------------------------------------------
# Fiscal rules (MODEL.md section 6; model-notes I13, I14)
# ---------------------------------------------------------------------------

def escape_flexibility(t, s_t, s_2021, inputs, clause_on):
    """h_t = min(1.5, max(0, s_t - s_2021)) in active years with the clause on, else 0."""
    if not clause_on or t not in [int(y) for y in inputs.get("escape_clause_years", [])]:
        return 0.0
    return min(ESCAPE_CAP, max(0.0, s_t - s_2021))


def deficit_beyond_flexibility(b_t, h_t):
    """max(0, -b_t - 3 - h_t) (section 6, I13)."""
    return max(0.0, -b_t - 3 - h_t)


def year_flags(b_t, d_t, d_prev, floor_hit):
    """I14: strict inequalities; d_prev is None in the base-year row."""
    flags = []
    if b_t < -3:
        flags.append("deficit_above_3")
    if d_t > 60:
        flags.append("debt_above_60")
    if floor_hit:
        flags.append("debt_floor")
    if d_prev is not None and d_t > 60 and d_t > d_prev:
        # The safeguard warning is reported under "checks", not "flags" (model-notes I14).
        pass
    return sorted(flags)


# ---------------------------------------------------------------------------
# Base-year row (MODEL.md section 1, model-notes I3, E1)
# ---------------------------------------------------------------------------

def base_year_row(inputs, B, gdp, s_B, q_B, s_2021, clause_on):
    pb_B = value_at(inputs["primary_balance_pct_gdp"], B)       # I2
    d_B = float(inputs["debt_pct_gdp"])
    i_B = float(inputs["implicit_rate_pct"])
    if "balance_pct_gdp" in inputs:                             # E1
        b_B = float(inputs["balance_pct_gdp"])
        interest_B = pb_B - b_B
    else:
        interest_B = i_B * d_B / 100
        b_B = pb_B - interest_B
    h_B = escape_flexibility(B, s_B, s_2021, inputs, clause_on)
    return {
        "year": B,
        "gdp_bn": gdp[B],
        "defence_pct_gdp": s_B,
        "related_pct_gdp": q_B,
        "extra_pct_gdp": 0.0,
        "primary_balance_pct_gdp": pb_B,
        "interest_pct_gdp": interest_B,
        "balance_pct_gdp": b_B,
        "debt_pct_gdp": d_B,
        "implicit_rate_pct": i_B,
        "safe_debt_bn": 0.0,
        "escape_flexibility_pct_gdp": h_B,
        "deficit_beyond_flexibility_pct_gdp": deficit_beyond_flexibility(b_B, h_B),
        "debt_bn": d_B * gdp[B] / 100,
        "flags": year_flags(b_B, d_B, None, False),
    }


# ---------------------------------------------------------------------------
# Steps 2-11: the fiscal identity and debt dynamics (MODEL.md section 4)
# ---------------------------------------------------------------------------

def debt_step(Dm_prev, L_prev, i_t, M, pb_t, Y_t, rEU, sfa_t, disb_t, rep_t, rm_t):
    """One year of MODEL.md section 4 steps 3-11 (and the debt floor, I11)."""
    INT = i_t / 100 * Dm_prev + rEU / 100 * L_prev          # step 3
    b = pb_t - 100 * INT / Y_t                               # step 4
    F = INT - pb_t * Y_t / 100 + sfa_t                       # step 5
    L = L_prev + disb_t - rep_t                              # step 6
    R = Dm_prev / M                                          # step 7
    N = R + F - (disb_t - rep_t)                             # step 8
    Dm = Dm_prev - R + N                                     # step 9
    floor_hit = Dm < 0
    if floor_hit:                                            # debt floor (section 4, I11)
        Dm = 0.0
        i_next = rm_t
    else:                                                    # step 11
        old = Dm_prev - R
        new = max(N, 0.0)
        if old + new == 0:
            i_next = rm_t
        else:
            i_next = (old * i_t + new * rm_t) / (old + new)
    D = Dm + L                                               # step 9
    return {"INT": INT, "b": b, "F": F, "L": L, "R": R, "N": N, "Dm": Dm, "D": D,
            "i_next": i_next, "floor": floor_hit}


def project(inputs, variant, B, E):
    """Year rows B..E for one country under one variant."""
    financing = variant.get("financing", {}) or {}
    is_baseline = variant is BASELINE_VARIANT
    offset = 0.0 if is_baseline else float(financing.get("offset_share", 0.0))
    clause_on = True if is_baseline else bool(financing.get("escape_clause", True))
    rEU = float(financing.get("safe_rate_pct", DEFAULT_SAFE_RATE))
    M = float(inputs["average_maturity_years"])

    s_B = float(inputs["defence_pct_gdp"])
    q_B = float(inputs.get("related_pct_gdp", 0.0))
    s_2021 = float(inputs.get("defence_2021_pct_gdp", s_B))

    gdp = gdp_path(inputs, B, E)                                            # step 1
    s_path = spending_path(variant.get("defence"), s_B, B, E, gdp)          # section 3
    q_path = spending_path(variant.get("related"), q_B, B, E, gdp)
    if is_baseline:
        disb, rep = safe_flows({}, inputs, B, E)                            # I15: no SAFE
    else:
        disb, rep = safe_flows(financing, inputs, B, E)

    rows = [base_year_row(inputs, B, gdp, s_B, q_B, s_2021, clause_on)]

    d_prev = float(inputs["debt_pct_gdp"])
    Dm = d_prev * gdp[B] / 100          # Start: D_B = d_B*Y_B/100, Dm_B = D_B, L_B = 0
    L = 0.0
    i_t = float(inputs["implicit_rate_pct"])  # i_{B+1} = i_B
    for t in range(B + 1, E + 1):
        Y_t = gdp[t]
        s_t, q_t = s_path[t], q_path[t]
        delta = (s_t - s_B) + (q_t - q_B)                                   # section 3
        pb_t = value_at(inputs["primary_balance_pct_gdp"], t) - (1 - offset) * delta   # step 2
        sfa_t = value_at(inputs.get("stock_flow_adjustment_bn", 0.0), t)    # E2
        rm_t = value_at(inputs["market_rate_pct"], t)
        st = debt_step(Dm, L, i_t, M, pb_t, Y_t, rEU, sfa_t, disb[t], rep[t], rm_t)
        d_t = 100 * st["D"] / Y_t                                           # step 10
        h_t = escape_flexibility(t, s_t, s_2021, inputs, clause_on)         # section 6
        rows.append({
            "year": t,
            "gdp_bn": Y_t,
            "defence_pct_gdp": s_t,
            "related_pct_gdp": q_t,
            "extra_pct_gdp": delta,
            "primary_balance_pct_gdp": pb_t,
            "interest_pct_gdp": 100 * st["INT"] / Y_t,
            "balance_pct_gdp": st["b"],
            "debt_pct_gdp": d_t,
            "implicit_rate_pct": i_t,                                       # I12
            "safe_debt_bn": st["L"],
            "escape_flexibility_pct_gdp": h_t,
            "deficit_beyond_flexibility_pct_gdp": deficit_beyond_flexibility(st["b"], h_t),
            "debt_bn": st["D"],
            "flags": year_flags(st["b"], d_t, d_prev, st["floor"]),
        })
        Dm, L, i_t, d_prev = st["Dm"], st["L"], st["i_next"], d_t
    return rows


# ---------------------------------------------------------------------------
# Scenario -> output (MODEL.md section 9)
# ---------------------------------------------------------------------------

def run_scenario(scenario):
    B = int(scenario["base_year"])
    E = int(scenario["end_year"])
    variants = [BASELINE_VARIANT] + list(scenario.get("variants", []))
    projections = []
    for variant in variants:
        for code in scenario["countries"]:
            inputs = country_inputs(scenario, code)
            projections.append({
                "variant": variant["label"],
                "country": code,
                "currency": inputs.get("currency", "EUR"),
                "years": project(inputs, variant, B, E),
            })
    return {"scenario": scenario.get("name", ""), "base_year": B, "end_year": E,
            "projections": projections}


def main(argv):
    if len(argv) != 2:
        print("usage: milex_reference.py SCENARIO.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        scenario = json.load(fh)
    json.dump(run_scenario(scenario), sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
