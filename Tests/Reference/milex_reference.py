#!/usr/bin/env python3
"""Independent reference implementation of the milex deterministic debt model.

Derived only from docs/MODEL.md (sections 1-6 and 9-14) and docs/model-notes.md
(interpretations I1-I17, extensions E1-E3), for custom countries. Standard library only.

    python3 milex_reference.py SCENARIO.json                > output.json
    python3 milex_reference.py --solve SPEC.json SCENARIO.json > solutions.json

Prints the JSON output contract of MODEL.md section 9, plus the fields
`deficit_beyond_flexibility_pct_gdp` and `debt_bn` in every year row; with the new
keys also the section 12 (GDP feedback) and section 13 (net expenditure) fields.
Section 10 (forecast baseline) and 11 (published plans) change the inputs only.
`--solve` is the brute-force section 14 solver (deterministic constraints).
See README.md in this folder for the readings taken where the documents are open.
"""

import copy
import json
import math
import re
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


# ---------------------------------------------------------------------------
# Scenario-level options for the new sections (10-13)
# ---------------------------------------------------------------------------

class Options:
    """What a scenario switches on beyond sections 1-9 (all off: the old behaviour exactly)."""

    def __init__(self, macro=None, report_macro=False, forecast=False, published=True):
        self.macro = macro                  # the scenario's "macro" object (section 12) or None
        self.report_macro = report_macro    # print gdp_effect_pct / gdp_no_feedback_bn
        self.forecast = forecast            # "baseline": "forecast" (section 10)
        self.published = published          # "published_plans" (section 11)


DEFAULT_OPTIONS = Options()


def scenario_options(scenario):
    mode = scenario.get("baseline", "frozen")
    if mode not in ("frozen", "forecast"):
        raise ValueError(f"baseline must be 'frozen' or 'forecast', not {mode!r}")
    report_macro = "macro" in scenario or any("macro" in v for v in scenario.get("variants", []))
    return Options(macro=scenario.get("macro"), report_macro=report_macro,
                   forecast=(mode == "forecast"),
                   published=bool(scenario.get("published_plans", True)))


# ---------------------------------------------------------------------------
# Section 10: year-by-year baseline inputs g_t, pbBL_t, SFA_t, rm_t
# ---------------------------------------------------------------------------

class BaselineInputs:
    """g[t], pbBL[t], rm[t] for t = B+1..E and sfa(t, Y_t) in bn.

    Frozen (the default): section 2 as written, exactly the expressions of the original
    reference. Forecast: section 10 as read in README.md ("Section 10").
    """

    def __init__(self, inputs, B, E, forecast_mode):
        years = range(B + 1, E + 1)
        pb_in = inputs["primary_balance_pct_gdp"]
        sfa_in = inputs.get("stock_flow_adjustment_bn", 0.0)
        self.g = {t: value_at(inputs["nominal_growth_pct"], t) for t in years}
        self.pbBL = {t: value_at(pb_in, t) for t in years}
        self.rm = {t: value_at(inputs["market_rate_pct"], t) for t in years}
        self.sfa_bn = {t: value_at(sfa_in, t) for t in years}
        self.sfa_pct = {}                   # years whose SFA is a share of GDP (forecast years)
        self.F = None
        if not forecast_mode:
            return

        # Market rate: linear from rm_B to the 10y-in-10y forward rate by B+10.
        if "forward_rate_pct" in inputs:
            fwd = float(inputs["forward_rate_pct"])
            rm_B = value_at(inputs["market_rate_pct"], B)
            for t in years:
                self.rm[t] = rm_B + (fwd - rm_B) * min(1.0, (t - B) / 10)

        fc = inputs.get("forecast") or {}
        gmap = fc.get("nominal_growth_pct")
        if not isinstance(gmap, dict) or not gmap:
            return                          # no forecast horizon: everything else frozen
        F = max(int(k) for k in gmap)
        self.F = F
        pb_source = fc.get("primary_balance_pct_gdp", pb_in)   # missing: the frozen input
        pb_F = value_at(pb_source, F)
        eps = float(inputs.get("budget_semi_elasticity", 0.5))
        gap_F = float(inputs.get("output_gap_pct", 0.0))
        ageing = inputs.get("ageing_cost_pct_gdp", 0.0)
        age_F = value_at(ageing, F)
        have_growth = "potential_growth_pct" in inputs and "gdp_deflator_pct" in inputs
        pi_F = float(inputs.get("gdp_deflator_pct", 0.0))

        def gap(t):
            return gap_F * max(0.0, 1 - (t - F) / 3)

        for t in years:
            if t <= F:
                self.g[t] = value_at(gmap, t)
                self.pbBL[t] = value_at(pb_source, t)
                if "stock_flow_adjustment_pct_gdp" in fc:
                    self.sfa_pct[t] = value_at(fc["stock_flow_adjustment_pct_gdp"], t)
                # else: the frozen stock_flow_adjustment_bn (E2) stays
                continue
            if have_growth:
                pot = value_at(inputs["potential_growth_pct"], t)
                real = (1 + pot / 100) * (1 + gap(t) / 100) / (1 + gap(t - 1) / 100)
                if B + 10 - F > 0:
                    pi = pi_F + (2 - pi_F) * min(1.0, (t - F) / (B + 10 - F))
                else:
                    pi = 2.0
                self.g[t] = 100 * (real * (1 + pi / 100) - 1)
            # else: nominal growth after F stays frozen
            self.pbBL[t] = (pb_F - eps * gap_F) - (value_at(ageing, t) - age_F) + eps * gap(t)
            self.sfa_bn[t] = 0.0

    def sfa(self, t, Y_t):
        if t in self.sfa_pct:
            return self.sfa_pct[t] * Y_t / 100
        return self.sfa_bn[t]


def gdp_from_growth(inputs, growth, B, E):
    """Y~_t = Y~_{t-1}(1 + g_t/100) with g_t from BaselineInputs (section 4 step 1)."""
    gdp = {B: float(inputs["gdp_bn"])}
    for t in range(B + 1, E + 1):
        gdp[t] = gdp[t - 1] * (1 + growth[t] / 100)
    return gdp


# ---------------------------------------------------------------------------
# Section 11: published defence plans
# ---------------------------------------------------------------------------

def baseline_core_path(inputs, s_B, B, E, published_on):
    """The baseline's core share per year and the last published year P (P = B: none)."""
    plans = inputs.get("published_defence_pct_gdp")
    points = [(y, v) for y, v in map_points(plans)] if (published_on and plans) else []
    points = [(y, v) for y, v in points if y > B]          # B is observed: later years only
    if not points:
        return {t: s_B for t in range(B, E + 1)}, B
    points = [(B, s_B)] + points
    path = {B: s_B}
    for t in range(B + 1, E + 1):
        path[t] = interpolate(points, t)
    return path, points[-1][0]


def published_spending_path(spec, bl, P, B, E, gdp):
    """Section 3 with s_P for s_B and S = P+1 by default (section 11; README "Section 11").

    Years up to P follow the published path bl in every variant; the share at the anchor is
    s_P = bl[P] (bl holds after P, so bl[min(P, E)] is the same number)."""
    path = dict(bl)
    if not spec:
        return path
    s_P = bl[min(P, E)]
    shape = spec.get("shape", "linear")
    S = int(spec.get("start", P + 1))
    later = [t for t in range(B + 1, E + 1) if t > P]

    if shape == "custom":
        points = [(y, v) for y, v in map_points(spec["points"]) if y > P]
        points = sorted([(P, s_P)] + points)
        for t in later:
            path[t] = interpolate(points, t)
        return path

    if shape == "growth":
        gamma = float(spec["growth_pct"])
        S = max(S, P + 1)
        money = None
        for t in later:
            if t < S:
                continue
            if money is None:
                money = bl[t - 1] * gdp[t - 1] / 100
            money = money * (1 + gamma / 100)
            path[t] = 100 * money / gdp[t]
        return path

    T = float(spec["target_pct_gdp"])
    Y = max(int(spec["by"]), S)
    if spec.get("above_target", "keep") == "keep" and s_P >= T:
        return path
    for t in later:
        f = shape_factor(shape, t, S, Y)
        if f == 1.0:
            path[t] = T
        else:
            path[t] = s_P + (T - s_P) * f
    return path


# ---------------------------------------------------------------------------
# Section 12: GDP feedback
# ---------------------------------------------------------------------------

MACRO_KEYS = ("multiplier", "persistence_years", "import_share", "budget_elasticity")


def merged_macro(scenario_macro, variant_macro):
    """Variant keys replace the scenario's key by key; by_country merges per country and key."""
    merged = {k: v for k, v in (scenario_macro or {}).items() if k != "by_country"}
    merged.update({k: v for k, v in (variant_macro or {}).items() if k != "by_country"})
    by_country = {}
    for block in (scenario_macro or {}, variant_macro or {}):
        for code, entry in (block.get("by_country") or {}).items():
            by_country.setdefault(code, {}).update(entry)
    merged["by_country"] = by_country
    return merged


def macro_params(scenario_macro, variant_macro, code, inputs):
    """(mu, P, m, eps): by_country[code] > macro key > country input > default."""
    macro = merged_macro(scenario_macro, variant_macro)
    own = macro["by_country"].get(code, {})

    def pick(key, country_key, default):
        if key in own:
            return own[key]
        if key in macro:
            return macro[key]
        if country_key is not None and country_key in inputs:
            return inputs[country_key]
        return default

    mu = float(pick("multiplier", None, 0.0))
    P = pick("persistence_years", None, 3)
    m = float(pick("import_share", "import_share", 0.5))
    eps = float(pick("budget_elasticity", "budget_semi_elasticity", 0.5))
    if mu < 0 or eps < 0 or not 0 <= m <= 1:
        raise ValueError("macro: multiplier and budget_elasticity must be >= 0, import_share in [0, 1]")
    if isinstance(P, bool) or int(P) != P or P < 1:
        raise ValueError("macro: persistence_years must be an integer >= 1")
    return mu, int(P), m, eps


SAFE_EXTERNAL_CAP = 0.35    # MODEL.md section 5: at most 35 % of component cost from outside


def gdp_effects(delta, disb, gdp_nf, o, mu, P, m, B, E):
    """gamma_t (% of Y~_t) for t = B..E; gamma_B = 0 (section 12 and the SAFE condition)."""
    gamma = {t: 0.0 for t in range(B, E + 1)}
    if mu == 0:
        return gamma
    m_eff = {B: m}
    sigma = {B: 0.0}
    for t in range(B + 1, E + 1):
        if delta[t] > 0 and disb[t] > 0:
            sigma[t] = min(1.0, disb[t] / (delta[t] * gdp_nf[t] / 100))
        else:
            sigma[t] = 0.0
        m_eff[t] = (1 - sigma[t]) * m + sigma[t] * min(m, SAFE_EXTERNAL_CAP)
    imp = {}
    for t in range(B + 1, E + 1):
        d_prev = delta[t - 1] if t - 1 > B else 0.0          # Delta_B = 0
        if sigma[t] == 0 and sigma[t - 1] == 0:
            imp[t] = (1 - m - o) * (delta[t] - d_prev)       # step 1
        else:
            imp[t] = (1 - m_eff[t] - o) * delta[t] - (1 - m_eff[t - 1] - o) * d_prev
    for t in range(B + 1, E + 1):
        acc = 0.0
        for k in range(P):
            if t - k >= B + 1:
                acc += (1 - k / P) * imp[t - k]
        gamma[t] = mu * acc + 0.0                            # + 0.0: no negative zero
    return gamma


# ---------------------------------------------------------------------------
# Section 13: net expenditure and the control account
# ---------------------------------------------------------------------------

NE_DEVIATION_STEP = 0.3
NE_BREACH_LEVEL = 0.6
NE_KEYS = ("net_expenditure_bn", "net_expenditure_growth_pct", "net_expenditure_ceiling_pct",
           "control_account_pct_gdp", "net_expenditure_allowance_pct_gdp", "headroom_pct_gdp")


def add_net_expenditure(rows, inputs, B, gamma, eps):
    """Adds the section 13 fields and flags to the rows of a country with ceilings."""
    ceilings = map_points(inputs["net_expenditure_ceilings_pct"])
    if not ceilings:
        raise ValueError("net_expenditure_ceilings_pct must give at least one year")
    rho = float(inputs["revenue_pct_gdp"])
    A = int(inputs.get("net_expenditure_base_year", B))
    first = max(A, B)

    def ceiling(t):
        return interpolate(ceilings, t)      # I1: held flat before the first / after the last

    def net_exp(row):
        g = gamma.get(row["year"], 0.0)
        pb_adj = row["primary_balance_pct_gdp"] - eps * g if g != 0 else row["primary_balance_pct_gdp"]
        return (rho - pb_adj) * row["gdp_bn"] / 100

    NP = None
    if A < B:
        NP = float(inputs["net_expenditure_base_bn"])       # NP_A = NE_A (given)
        for t in range(A + 1, B):
            NP = NP * (1 + ceiling(t) / 100)                 # NP_{B-1}; B's step in the loop
    dev_prev = 0.0
    NE_prev = None
    for row in rows:
        t = row["year"]
        if t < first:
            for key in NE_KEYS:
                row[key] = None
            continue
        NE = net_exp(row)
        c = ceiling(t)
        if t == A:
            NP = NE                                          # NP_A = NE_A (A >= B)
        else:
            NP = NP * (1 + c / 100)
        Y = row["gdp_bn"]
        CA = 100 * (NE - NP) / Y
        h = row["escape_flexibility_pct_gdp"]
        dev = CA - h
        flags = list(row["flags"])
        if dev - dev_prev > NE_DEVIATION_STEP:
            flags.append("net_expenditure_deviation")
        if dev > NE_BREACH_LEVEL:
            flags.append("control_account_breach")
        row["flags"] = sorted(flags)
        row["net_expenditure_bn"] = NE
        row["net_expenditure_growth_pct"] = None if NE_prev is None else 100 * (NE / NE_prev - 1)
        row["net_expenditure_ceiling_pct"] = c
        row["control_account_pct_gdp"] = CA
        row["net_expenditure_allowance_pct_gdp"] = h
        row["headroom_pct_gdp"] = max(0.0, -dev)
        dev_prev, NE_prev = dev, NE


# ---------------------------------------------------------------------------
# One lane: a country under a variant
# ---------------------------------------------------------------------------

def project(inputs, variant, B, E, options=None, code=None):
    """Year rows B..E for one country under one variant."""
    opts = options or DEFAULT_OPTIONS
    financing = variant.get("financing", {}) or {}
    is_baseline = variant is BASELINE_VARIANT
    offset = 0.0 if is_baseline else float(financing.get("offset_share", 0.0))
    clause_on = True if is_baseline else bool(financing.get("escape_clause", True))
    rEU = float(financing.get("safe_rate_pct", DEFAULT_SAFE_RATE))
    M = float(inputs["average_maturity_years"])

    s_B = float(inputs["defence_pct_gdp"])
    q_B = float(inputs.get("related_pct_gdp", 0.0))
    s_2021 = float(inputs.get("defence_2021_pct_gdp", s_B))

    base = BaselineInputs(inputs, B, E, opts.forecast)                       # section 10
    gdp_nf = gdp_from_growth(inputs, base.g, B, E)                           # step 1: Y~
    bl_core, P_pub = baseline_core_path(inputs, s_B, B, E, opts.published)   # section 11
    if P_pub == B:
        s_path = spending_path(variant.get("defence"), s_B, B, E, gdp_nf)    # section 3
    else:
        s_path = published_spending_path(variant.get("defence"), bl_core, P_pub, B, E, gdp_nf)
    q_path = spending_path(variant.get("related"), q_B, B, E, gdp_nf)
    if is_baseline:
        disb, rep = safe_flows({}, inputs, B, E)                            # I15: no SAFE
    else:
        disb, rep = safe_flows(financing, inputs, B, E)

    delta = {B: 0.0}
    for t in range(B + 1, E + 1):
        delta[t] = (s_path[t] - bl_core[t]) + (q_path[t] - q_B)             # section 3

    # section 12: the GDP effect gamma_t and the GDP used for every figure
    eps = float(inputs.get("budget_semi_elasticity", 0.5))
    gamma = {t: 0.0 for t in range(B, E + 1)}
    if opts.report_macro:
        mu, P, m, eps = macro_params(opts.macro, None if is_baseline else variant.get("macro"),
                                     code, inputs)
        gamma = gdp_effects(delta, disb, gdp_nf, offset, mu, P, m, B, E)
    gdp = {t: (gdp_nf[t] if gamma[t] == 0 else gdp_nf[t] * (1 + gamma[t] / 100))
           for t in range(B, E + 1)}

    rows = [base_year_row(inputs, B, gdp, s_B, q_B, s_2021, clause_on)]

    d_prev = float(inputs["debt_pct_gdp"])
    Dm = d_prev * gdp[B] / 100          # Start: D_B = d_B*Y_B/100, Dm_B = D_B, L_B = 0
    L = 0.0
    i_t = float(inputs["implicit_rate_pct"])  # i_{B+1} = i_B
    for t in range(B + 1, E + 1):
        Y_t = gdp[t]
        s_t, q_t = s_path[t], q_path[t]
        pb_t = base.pbBL[t] - (1 - offset) * delta[t]                       # step 2
        if gamma[t] != 0:
            pb_t = pb_t + eps * gamma[t]                                    # section 12 step 4
        sfa_t = base.sfa(t, Y_t)                                            # E2 / section 10
        rm_t = base.rm[t]
        st = debt_step(Dm, L, i_t, M, pb_t, Y_t, rEU, sfa_t, disb[t], rep[t], rm_t)
        d_t = 100 * st["D"] / Y_t                                           # step 10
        h_t = escape_flexibility(t, s_t, s_2021, inputs, clause_on)         # section 6
        rows.append({
            "year": t,
            "gdp_bn": Y_t,
            "defence_pct_gdp": s_t,
            "related_pct_gdp": q_t,
            "extra_pct_gdp": delta[t],
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

    if opts.report_macro:
        for row in rows:
            row["gdp_effect_pct"] = gamma[row["year"]]
            row["gdp_no_feedback_bn"] = gdp_nf[row["year"]]
    if "net_expenditure_ceilings_pct" in inputs:
        add_net_expenditure(rows, inputs, B, gamma, eps)
    return rows


def path_start_share(inputs, B, E, options):
    """The share a variant's core path starts from: s_B, or s_P under published plans."""
    s_B = float(inputs["defence_pct_gdp"])
    bl, P = baseline_core_path(inputs, s_B, B, E, (options or DEFAULT_OPTIONS).published)
    return bl[min(P, E)], P


# ---------------------------------------------------------------------------
# Scenario -> output (MODEL.md section 9)
# ---------------------------------------------------------------------------

def run_scenario(scenario):
    B = int(scenario["base_year"])
    E = int(scenario["end_year"])
    options = scenario_options(scenario)
    variants = [BASELINE_VARIANT] + list(scenario.get("variants", []))
    projections = []
    for variant in variants:
        for code in scenario["countries"]:
            inputs = country_inputs(scenario, code)
            projections.append({
                "variant": variant["label"],
                "country": code,
                "currency": inputs.get("currency", "EUR"),
                "years": project(inputs, variant, B, E, options, code),
            })
    return {"scenario": scenario.get("name", ""), "base_year": B, "end_year": E,
            "projections": projections}


# ---------------------------------------------------------------------------
# Section 14: brute-force solver (deterministic constraints)
# ---------------------------------------------------------------------------

SAFEGUARD_PACE_ABOVE_90 = 1.0     # I17 / docs/instruments.md: pp a year on average since B
SAFEGUARD_PACE_ABOVE_60 = 0.5
TARGET_GRID_STEP = 0.1
OFFSET_GRID_STEP = 0.05
TARGET_TOLERANCE = 1e-6
OFFSET_TOLERANCE = 1e-7
TARGET_MAX = 10.0

_NUMBER = r"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)"


def parse_constraint(text, B, E):
    """A constraint string as a function rows -> slack (the constraint holds iff slack >= 0)."""
    s = text.replace(" ", "")
    m = re.fullmatch(r"debt<=" + _NUMBER + r"(?:@(\d{4}))?", s)
    if m:
        X = float(m.group(1))
        Y = int(m.group(2)) if m.group(2) else E
        if not B <= Y <= E:
            raise ValueError(f"{text}: year {Y} outside {B}..{E}")

        def debt_at(rows):
            return X - rows[Y - B]["debt_pct_gdp"]
        return debt_at
    if s == "debt-stable":
        return lambda rows: rows[0]["debt_pct_gdp"] - rows[-1]["debt_pct_gdp"]
    m = re.fullmatch(r"deficit<=" + _NUMBER + r"(\+flex)?", s)
    if m:
        X = float(m.group(1))
        flex = m.group(2) is not None

        def deficit(rows):
            slack = math.inf
            for r in rows[1:]:
                h = r["escape_flexibility_pct_gdp"] if flex else 0.0
                slack = min(slack, X + h + r["balance_pct_gdp"])     # -b_t <= X (+ h_t)
            return slack
        return deficit
    if s == "safeguard":
        def safeguard(rows):
            d_B = rows[0]["debt_pct_gdp"]
            if d_B > 90:
                pace = SAFEGUARD_PACE_ABOVE_90
            elif d_B > 60:
                pace = SAFEGUARD_PACE_ABOVE_60
            else:
                return math.inf                  # no pace at or below 60 % (I17)
            slack = math.inf
            for r in rows[1:]:
                t = r["year"]
                slack = min(slack, (d_B - r["debt_pct_gdp"]) / (t - B) - pace)
            return slack
        return safeguard
    raise ValueError(f"unsupported constraint {text!r} (the reference solves deterministic ones only)")


def _with_defence(variant, **changes):
    v = copy.deepcopy(variant)
    v["defence"] = dict(v["defence"], **changes)
    return v


def _with_offset(variant, o):
    v = copy.deepcopy(variant)
    v["financing"] = dict(v.get("financing") or {}, offset_share=o)
    return v


def _bisect(good, bad, passes, tolerance):
    """Bisects between a passing and a failing value (either order) to `tolerance`; returns the
    passing end."""
    while abs(bad - good) > tolerance:
        mid = 0.5 * (good + bad)
        if passes(mid):
            good = mid
        else:
            bad = mid
    return good


def solve_lane(inputs, variant, code, B, E, options, unknown, constraints):
    """One solution entry of section 14 for one (variant, country)."""
    names = [name for name, _ in constraints]

    def evaluate(v):
        rows = project(inputs, v, B, E, options, code)
        return [fn(rows) for _, fn in constraints]

    def feasible(slacks):
        return all(x >= 0 for x in slacks)

    def entry(value, status, slacks=None):
        binding = None
        if status == "solved":
            k = min(range(len(names)), key=lambda j: slacks[j])
            binding = names[k]
        return {"variant": variant["label"], "country": code, "unknown": unknown,
                "value": value, "binding": binding, "status": status}

    defence = variant.get("defence")
    shape = (defence or {}).get("shape", "linear")
    if unknown in ("target", "year") and (not defence or shape in ("custom", "growth")):
        return entry(None, "not_applicable")

    if unknown == "target":
        lo, _ = path_start_share(inputs, B, E, options)
        hi = TARGET_MAX

        def run(x):
            return evaluate(_with_defence(variant, target_pct_gdp=x))
        if not feasible(run(lo)):
            return entry(None, "infeasible")
        if lo >= hi or feasible(run(hi)):
            return entry(hi if lo < hi else lo, "unconstrained")
        n = max(1, math.ceil((hi - lo) / TARGET_GRID_STEP))
        grid = [lo + (hi - lo) * k / n for k in range(n)] + [hi]
        ok = [feasible(run(x)) for x in grid]
        a = max(k for k in range(len(grid)) if ok[k])          # highest passing grid point
        good = _bisect(grid[a], grid[a + 1], lambda x: feasible(run(x)), TARGET_TOLERANCE)
        return entry(good, "solved", run(good))

    if unknown == "offset":
        def run(x):
            return evaluate(_with_offset(variant, x))
        if not feasible(run(1.0)):
            return entry(None, "infeasible")
        if feasible(run(0.0)):
            return entry(0.0, "unconstrained")
        n = max(1, math.ceil(1.0 / OFFSET_GRID_STEP))
        grid = [k / n for k in range(n + 1)]
        ok = [feasible(run(x)) for x in grid]
        b = min(k for k in range(len(grid)) if ok[k])          # lowest passing grid point
        good = _bisect(grid[b], grid[b - 1], lambda x: feasible(run(x)), OFFSET_TOLERANCE)
        return entry(good, "solved", run(good))

    if unknown == "year":
        _, P = path_start_share(inputs, B, E, options)
        S = int(defence.get("start", P + 1))
        years = list(range(max(B + 1, S), E + 1))
        if not years:
            return entry(None, "not_applicable")

        def run(y):
            return evaluate(_with_defence(variant, by=y))
        if not feasible(run(years[-1])):
            return entry(None, "infeasible")
        results = {y: run(y) for y in years}
        if feasible(results[years[0]]):
            return entry(years[0], "unconstrained")
        y = min(y for y in years if feasible(results[y]))       # earliest passing year
        return entry(y, "solved", results[y])

    raise ValueError(f"unknown must be 'target', 'offset' or 'year', not {unknown!r}")


def solve_scenario(spec, scenario):
    B = int(scenario["base_year"])
    E = int(scenario["end_year"])
    options = scenario_options(scenario)
    unknown = spec.get("unknown", "target")
    texts = spec.get("constraints") or []
    if not texts:
        raise ValueError("at least one constraint is needed")
    constraints = [(text, parse_constraint(text, B, E)) for text in texts]
    solutions = []
    for variant in scenario.get("variants", []):
        for code in scenario["countries"]:
            inputs = country_inputs(scenario, code)
            solutions.append(solve_lane(inputs, variant, code, B, E, options, unknown, constraints))
    return {"solutions": solutions}


USAGE = ("usage: milex_reference.py SCENARIO.json\n"
         "       milex_reference.py --solve SPEC.json SCENARIO.json")


def main(argv):
    if len(argv) == 2 and not argv[1].startswith("--"):
        with open(argv[1], encoding="utf-8") as fh:
            scenario = json.load(fh)
        result = run_scenario(scenario)
    elif len(argv) == 4 and argv[1] == "--solve":
        with open(argv[2], encoding="utf-8") as fh:
            spec = json.load(fh)
        with open(argv[3], encoding="utf-8") as fh:
            scenario = json.load(fh)
        result = solve_scenario(spec, scenario)
    else:
        print(USAGE, file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
