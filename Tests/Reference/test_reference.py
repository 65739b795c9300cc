"""Hand-checked cases for milex_reference.py. Run from this folder: python3 -m unittest"""

import copy
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

import milex_reference as ref
import random_scenarios

HERE = os.path.dirname(os.path.abspath(__file__))


def country(**changes):
    c = {"name": "Test", "currency": "EUR", "gdp_bn": 1000.0, "nominal_growth_pct": 3.0,
         "debt_pct_gdp": 80.0, "primary_balance_pct_gdp": 0.0, "implicit_rate_pct": 3.0,
         "market_rate_pct": 3.0, "average_maturity_years": 7, "defence_pct_gdp": 1.5,
         "defence_2021_pct_gdp": 1.2, "related_pct_gdp": 0.3}
    c.update(changes)
    return c


def scenario(variants=(), base=2024, end=2040, **country_changes):
    return {"name": "test", "base_year": base, "end_year": end, "countries": ["XA"],
            "custom_countries": {"XA": country(**country_changes)}, "variants": list(variants)}


def years_of(out, variant, code="XA"):
    for p in out["projections"]:
        if p["variant"] == variant and p["country"] == code:
            return p["years"]
    raise KeyError(variant)


def close(a, b, rel=1e-12, abs_=1e-9):
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


LINEAR = {"target_pct_gdp": 3.5, "by": 2030, "start": 2025, "shape": "linear"}


class ReferenceTests(unittest.TestCase):

    def test_r_equals_g_keeps_debt_ratio_constant(self):
        for maturity in (1, 5, 12):
            out = ref.run_scenario(scenario(end=2060, average_maturity_years=maturity))
            for y in years_of(out, "baseline"):
                self.assertTrue(close(y["debt_pct_gdp"], 80.0), y)
                self.assertTrue(close(y["implicit_rate_pct"], 3.0), y)

    def test_offset_one_reproduces_baseline_debt(self):
        v = {"label": "funded", "defence": dict(LINEAR, shape="front"),
             "related": {"target_pct_gdp": 1.5, "by": 2035, "shape": "back"},
             "financing": {"offset_share": 1.0}}
        out = ref.run_scenario(scenario([v], nominal_growth_pct=2.5, market_rate_pct={"2025": 3.2, "2030": 4.0},
                                        primary_balance_pct_gdp=-1.0))
        base, funded = years_of(out, "baseline"), years_of(out, "funded")
        self.assertGreater(funded[-1]["defence_pct_gdp"], base[-1]["defence_pct_gdp"])
        for a, b in zip(base, funded):
            self.assertEqual(a["debt_pct_gdp"], b["debt_pct_gdp"])
            self.assertEqual(a["implicit_rate_pct"], b["implicit_rate_pct"])

    def test_linear_path_reaches_target_in_by_year_and_holds(self):
        out = ref.run_scenario(scenario([{"label": "lin", "defence": LINEAR}]))
        s = {y["year"]: y["defence_pct_gdp"] for y in years_of(out, "lin")}
        self.assertEqual(s[2024], 1.5)
        # x_t = (t - 2025 + 1) / 6: 1/6 of the gap in 2025, ..., all of it in 2030
        for t in range(2025, 2030):
            self.assertAlmostEqual(s[t], 1.5 + 2.0 * (t - 2024) / 6, places=12)
            self.assertLess(s[t], 3.5)
        for t in range(2030, 2041):
            self.assertEqual(s[t], 3.5)

    def test_keep_and_converge(self):
        down = {"target_pct_gdp": 1.0, "by": 2028, "shape": "linear"}
        out = ref.run_scenario(scenario([{"label": "keep", "defence": down},
                                         {"label": "conv", "defence": dict(down, above_target="converge")}]))
        self.assertTrue(all(y["defence_pct_gdp"] == 1.5 for y in years_of(out, "keep")))
        conv = {y["year"]: y["defence_pct_gdp"] for y in years_of(out, "conv")}
        self.assertAlmostEqual(conv[2026], 1.25, places=12)
        self.assertEqual(conv[2028], 1.0)

    def test_debt_change_equals_financing_need(self):
        v = {"label": "v", "defence": dict(LINEAR, shape="back"),
             "financing": {"safe": True, "safe_rate_pct": 2.1, "offset_share": 0.3}}
        sfa = {"2026": 5.0, "2031": -8.0}
        out = ref.run_scenario(scenario([v], end=2080, primary_balance_pct_gdp=-2.0, safe_allocation_eur_bn=20,
                                        stock_flow_adjustment_bn=sfa, market_rate_pct={"2025": 2.0, "2040": 4.5}))
        for name in ("baseline", "v"):
            ys = years_of(out, name)
            for prev, y in zip(ys, ys[1:]):
                self.assertNotIn("debt_floor", y["flags"])
                # F_t = INT_t - pb_t Y_t/100 + SFA_t, with INT_t read back from interest % GDP
                F = (y["interest_pct_gdp"] - y["primary_balance_pct_gdp"]) * y["gdp_bn"] / 100 \
                    + ref.value_at(sfa, y["year"])
                self.assertTrue(close(y["debt_bn"] - prev["debt_bn"], F, rel=1e-9), y["year"])
                self.assertTrue(close(y["debt_pct_gdp"], 100 * y["debt_bn"] / y["gdp_bn"]))

    def test_safe_at_market_rate_with_maturity_one_changes_nothing(self):
        rate = 3.7
        common = {"defence": LINEAR, "financing": {"safe_rate_pct": rate}}
        no_safe = dict(copy.deepcopy(common), label="no safe")
        with_safe = dict(copy.deepcopy(common), label="safe")
        with_safe["financing"]["safe"] = True
        out = ref.run_scenario(scenario([no_safe, with_safe], end=2080, market_rate_pct=rate,
                                        implicit_rate_pct=rate, average_maturity_years=1,
                                        nominal_growth_pct=2.0, primary_balance_pct_gdp=-1.5,
                                        safe_allocation_eur_bn=40))
        a, b = years_of(out, "no safe"), years_of(out, "safe")
        self.assertGreater(max(y["safe_debt_bn"] for y in b), 0)
        for x, y in zip(a, b):
            self.assertTrue(close(x["debt_pct_gdp"], y["debt_pct_gdp"]), x["year"])
            self.assertTrue(close(x["interest_pct_gdp"], y["interest_pct_gdp"]), x["year"])

    def test_safe_draws_and_repayments(self):
        inputs = country(currency="PLN", per_eur=4.25, safe_allocation_eur_bn=12.0)
        fin = {"safe": True, "safe_take_up": 0.8}
        draw = 0.8 * 12.0 * 4.25
        disb, rep = ref.safe_flows(fin, inputs, 2024, 2080)
        self.assertAlmostEqual(sum(disb.values()), draw, places=12)
        self.assertAlmostEqual(disb[2026], 0.32 * draw, places=12)
        self.assertEqual([t for t in disb if disb[t]], [2026, 2027, 2028, 2029, 2030])
        self.assertAlmostEqual(sum(rep.values()), draw, places=10)
        self.assertEqual(min(t for t in rep if rep[t]), 2037)      # 2026 + 11
        self.assertEqual(max(t for t in rep if rep[t]), 2075)      # 2030 + 45
        self.assertAlmostEqual(rep[2037], 0.32 * draw / 35, places=12)
        # the same through the projection: peak debt in 2030, all repaid by 2075
        sc = scenario([{"label": "s", "financing": fin}], end=2080)
        sc["custom_countries"]["XA"] = inputs
        L = {y["year"]: y["safe_debt_bn"] for y in years_of(ref.run_scenario(sc), "s")}
        self.assertAlmostEqual(L[2030], draw, places=10)
        self.assertAlmostEqual(L[2036], draw, places=10)
        self.assertAlmostEqual(L[2080], 0.0, places=9)
        # base year 2026: the 2026 tranche lies before the window (I10) and is left out
        disb26, _ = ref.safe_flows(fin, inputs, 2026, 2080)
        self.assertAlmostEqual(sum(disb26.values()), 0.68 * draw, places=12)

    def test_debt_floor(self):
        out = ref.run_scenario(scenario(debt_pct_gdp=30.0, primary_balance_pct_gdp=20.0, average_maturity_years=4,
                                        market_rate_pct=2.0))
        ys = years_of(out, "baseline")
        self.assertNotIn("debt_floor", ys[1]["flags"])          # 2025: 300 + 9 - 206 = 103 bn left
        self.assertAlmostEqual(ys[1]["debt_bn"], 103.0, places=9)
        self.assertIn("debt_floor", ys[2]["flags"])
        self.assertEqual(ys[2]["debt_bn"], 0.0)
        self.assertEqual(ys[3]["implicit_rate_pct"], 2.0)       # i_{t+1} = rm_t after the floor

    def test_base_year_row(self):
        out = ref.run_scenario(scenario(escape_clause_years=[2024, 2025]))
        y = years_of(out, "baseline")[0]
        self.assertEqual(y["year"], 2024)
        self.assertAlmostEqual(y["interest_pct_gdp"], 3.0 * 80.0 / 100)      # I3
        self.assertAlmostEqual(y["balance_pct_gdp"], -2.4)
        self.assertAlmostEqual(y["escape_flexibility_pct_gdp"], 0.3)         # 1.5 - 1.2
        self.assertEqual(y["flags"], ["debt_above_60"])
        out = ref.run_scenario(scenario(balance_pct_gdp=-3.5))
        y = years_of(out, "baseline")[0]
        self.assertAlmostEqual(y["interest_pct_gdp"], 3.5)                   # pb_B - b_B (E1)
        self.assertEqual(y["flags"], ["debt_above_60", "deficit_above_3"])
        self.assertAlmostEqual(y["deficit_beyond_flexibility_pct_gdp"], 0.5)

    def test_two_years_by_hand(self):
        # 2025: Y = 1030, INT = 3 % of 800 = 24, F = 24, R = 800/2 = 400, N = 424, Dm = 824,
        #       i_2026 = (400*3 + 424*5) / 824; 2026: Y = 1060.9, INT = i_2026 % of 824
        out = ref.run_scenario(scenario(end=2026, average_maturity_years=2, market_rate_pct=5.0,
                                        related_pct_gdp=0.0))
        y25, y26 = years_of(out, "baseline")[1:]
        self.assertAlmostEqual(y25["debt_bn"], 824.0, places=9)
        self.assertAlmostEqual(y25["interest_pct_gdp"], 2400 / 1030, places=12)
        self.assertAlmostEqual(y25["implicit_rate_pct"], 3.0, places=12)
        i26 = (400 * 3 + 424 * 5) / 824
        self.assertAlmostEqual(y26["implicit_rate_pct"], i26, places=12)
        self.assertAlmostEqual(y26["debt_bn"], 824 + i26 / 100 * 824, places=9)
        self.assertAlmostEqual(y26["debt_pct_gdp"], 100 * (824 + i26 / 100 * 824) / 1060.9, places=9)

    def test_interpolation(self):
        m = {"2026": 2.0, "2030": 4.0}
        self.assertEqual([ref.value_at(m, t) for t in (2024, 2026, 2027, 2030, 2040)], [2.0, 2.0, 2.5, 4.0, 4.0])

    def test_random_scenarios_run_and_are_reproducible(self):
        with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2:
            for d in (d1, d2):
                subprocess.run([sys.executable, os.path.join(HERE, "random_scenarios.py"), "7", "20", d], check=True)
            for name in sorted(os.listdir(d1)):
                with open(os.path.join(d1, name)) as f1, open(os.path.join(d2, name)) as f2:
                    self.assertEqual(f1.read(), f2.read())
                res = subprocess.run([sys.executable, os.path.join(HERE, "milex_reference.py"),
                                      os.path.join(d1, name)], check=True, capture_output=True, text=True)
                out = json.loads(res.stdout)
                sc = random_scenarios.random_scenario("7", int(name[-9:-5]))
                self.assertEqual(len(out["projections"]), (1 + len(sc["variants"])) * len(sc["countries"]))
                self.assertEqual(out["projections"][0]["variant"], "baseline")


# ---------------------------------------------------------------------------
# Sections 10-14 (README.md "Sections 10-14")
# ---------------------------------------------------------------------------

def strip(rows, keys=("gdp_effect_pct", "gdp_no_feedback_bn")):
    return [{k: v for k, v in r.items() if k not in keys} for r in rows]


def gammas(out, variant, code="XA"):
    return {y["year"]: y["gdp_effect_pct"] for y in years_of(out, variant, code)}


STEP_2026 = {"target_pct_gdp": 3.5, "by": 2026, "start": 2026, "shape": "step"}


class GdpFeedbackTests(unittest.TestCase):

    def rich(self, **macro_variant):
        v1 = {"label": "v1", "defence": dict(LINEAR, shape="front"),
              "related": {"target_pct_gdp": 1.5, "by": 2035, "shape": "back"},
              "financing": {"safe": True, "offset_share": 0.3}}
        v2 = {"label": "v2", "defence": {"shape": "growth", "growth_pct": 6.0},
              "financing": {"escape_clause": False}}
        v2.update(macro_variant)
        sc = scenario([v1, v2], end=2060, safe_allocation_eur_bn=30, escape_clause_years=[2025, 2026, 2027],
                      stock_flow_adjustment_bn={"2026": 5.0}, market_rate_pct={"2025": 3.2, "2030": 4.0},
                      revenue_pct_gdp=44.0, net_expenditure_ceilings_pct={"2025": 3.0, "2028": 2.5})
        return sc

    def test_multiplier_zero_is_bit_identical_to_no_block(self):
        plain = ref.run_scenario(self.rich())
        for macro in ({"multiplier": 0, "persistence_years": 2, "import_share": 0.3, "budget_elasticity": 0.7},
                      {}, {"by_country": {"XA": {"import_share": 0.1}}}):
            sc = self.rich()
            sc["macro"] = macro
            out = ref.run_scenario(sc)
            sc2 = self.rich(macro={"multiplier": 0.0, "import_share": 0.9})
            out2 = ref.run_scenario(sc2)
            for o in (out, out2):
                self.assertEqual(len(o["projections"]), len(plain["projections"]))
                for a, b in zip(plain["projections"], o["projections"]):
                    self.assertEqual(json.dumps(a["years"]), json.dumps(strip(b["years"])))
                    for y in b["years"]:
                        self.assertEqual(y["gdp_effect_pct"], 0.0)
                        self.assertEqual(y["gdp_no_feedback_bn"], y["gdp_bn"])
        # without any macro block the new fields are absent (the old output, unchanged)
        self.assertNotIn("gdp_effect_pct", years_of(plain, "v1")[3])

    def test_import_share_plus_offset_one_gives_no_effect(self):
        for m, o in ((0.25, 0.75), (0.4, 0.6), (1.0, 0.0), (0.0, 1.0)):
            v = {"label": "v", "defence": dict(LINEAR, shape="back"),
                 "related": {"target_pct_gdp": 1.0, "by": 2033}, "financing": {"offset_share": o}}
            sc = scenario([v])
            sc["macro"] = {"multiplier": 1.3, "persistence_years": 4, "import_share": m}
            out = ref.run_scenario(sc)
            for y in years_of(out, "v"):
                self.assertLess(abs(y["gdp_effect_pct"]), 1e-15, (m, o, y["year"]))
                self.assertTrue(close(y["gdp_bn"], y["gdp_no_feedback_bn"], rel=1e-15))

    def test_one_year_step_with_persistence_one(self):
        mu, m, o, eps = 0.9, 0.3, 0.2, 0.6
        v = {"label": "v", "defence": STEP_2026, "financing": {"offset_share": o}}
        sc = scenario([v], end=2032)
        sc["macro"] = {"multiplier": mu, "persistence_years": 1, "import_share": m, "budget_elasticity": eps}
        out = ref.run_scenario(sc)
        rows = {y["year"]: y for y in years_of(out, "v")}
        delta = 2.0                                                  # 3.5 - 1.5 from 2026 on
        for t, y in rows.items():
            expected = mu * (1 - m - o) * delta if t == 2026 else 0.0
            self.assertAlmostEqual(y["gdp_effect_pct"], expected, places=14)
        y = rows[2026]
        self.assertAlmostEqual(y["gdp_effect_pct"], 0.9, places=14)
        self.assertTrue(close(y["gdp_bn"], 1000 * 1.03 ** 2 * 1.009, rel=1e-14))
        self.assertAlmostEqual(y["primary_balance_pct_gdp"], 0.0 - 0.8 * 2.0 + eps * 0.9, places=13)
        self.assertAlmostEqual(rows[2027]["primary_balance_pct_gdp"], -1.6, places=13)

    def test_effect_decays_to_zero_P_years_after_the_last_change(self):
        mu, m, o, P = 1.1, 0.35, 0.1, 3
        v = {"label": "v", "defence": LINEAR, "financing": {"offset_share": o}}   # last change: 2030
        sc = scenario([v], end=2040)
        sc["macro"] = {"multiplier": mu, "persistence_years": P, "import_share": m}
        g = gammas(ref.run_scenario(sc), "v")
        delta = {t: (1.5 + 2.0 * min(1.0, (t - 2024) / 6) - 1.5 if t > 2024 else 0.0) for t in range(2024, 2041)}
        imp = {t: (1 - m - o) * (delta[t] - delta[t - 1]) for t in range(2025, 2041)}
        for t in range(2025, 2041):
            expected = mu * sum((1 - k / P) * imp[t - k] for k in range(P) if t - k >= 2025)
            self.assertAlmostEqual(g[t], expected, places=13, msg=t)
        self.assertGreater(g[2032], 0.0)                            # 2030 + P - 1: still a trace
        for t in range(2033, 2041):                                 # 2030 + P on: gone
            self.assertLess(abs(g[t]), 1e-14, t)
        self.assertEqual(g[2024], 0.0)

    def test_debt_change_equals_financing_need_with_feedback(self):
        sc = self.rich()
        sc["macro"] = {"multiplier": 1.2, "persistence_years": 4, "import_share": 0.2, "budget_elasticity": 0.5}
        out = ref.run_scenario(sc)
        for name in ("baseline", "v1", "v2"):
            ys = years_of(out, name)
            if name != "baseline":
                self.assertGreater(max(abs(y["gdp_effect_pct"]) for y in ys), 0.1)
            for prev, y in zip(ys, ys[1:]):
                self.assertNotIn("debt_floor", y["flags"])
                F = (y["interest_pct_gdp"] - y["primary_balance_pct_gdp"]) * y["gdp_bn"] / 100 \
                    + ref.value_at({"2026": 5.0}, y["year"])
                self.assertTrue(close(y["debt_bn"] - prev["debt_bn"], F, rel=1e-9), (name, y["year"]))
                self.assertTrue(close(y["debt_pct_gdp"], 100 * y["debt_bn"] / y["gdp_bn"]))
                self.assertTrue(close(y["gdp_bn"], y["gdp_no_feedback_bn"] * (1 + y["gdp_effect_pct"] / 100)))

    def test_growth_path_share_uses_gdp_without_feedback(self):
        v = {"label": "g", "defence": {"shape": "growth", "growth_pct": 7.5}}
        sc = scenario([v], end=2030)
        plain = {y["year"]: y["defence_pct_gdp"] for y in years_of(ref.run_scenario(sc), "g")}
        sc["macro"] = {"multiplier": 1.0}
        out = ref.run_scenario(sc)
        self.assertGreater(gammas(out, "g")[2026], 0)
        for y in years_of(out, "g"):
            self.assertEqual(y["defence_pct_gdp"], plain[y["year"]])

    def test_safe_lowers_the_import_share(self):
        # Y = 1000 flat, step of 2 pp in 2026: extra spending 20 bn a year. SAFE 25 bn:
        # 8 bn in 2026 (sigma 0.4), 4.25 bn in 2027-2030 (sigma 0.2125), none after.
        # m_t = 0.6 - 0.25 sigma_t: 0.5, 0.546875, ..., 0.6 from 2031.
        v = {"label": "v", "defence": STEP_2026, "financing": {"safe": True}}
        sc = scenario([v], end=2033, nominal_growth_pct=0.0, related_pct_gdp=0.0, safe_allocation_eur_bn=25)
        sc["macro"] = {"multiplier": 1.0, "persistence_years": 1, "import_share": 0.6}
        g = gammas(ref.run_scenario(sc), "v")
        expected = {2025: 0.0, 2026: 0.5 * 2, 2027: (1 - 0.546875) * 2 - 0.5 * 2, 2028: 0.0, 2029: 0.0,
                    2030: 0.0, 2031: 0.4 * 2 - (1 - 0.546875) * 2, 2032: 0.0}
        for t, e in expected.items():
            self.assertAlmostEqual(g[t], e, places=13, msg=t)

    def test_precedence_of_macro_keys(self):
        scen = {"import_share": 0.2, "multiplier": 0.5, "by_country": {"XA": {"import_share": 0.3}}}
        var = {"import_share": 0.9, "persistence_years": 2, "by_country": {"XA": {"multiplier": 2.0}}}
        inputs = country(import_share=0.7, budget_semi_elasticity=0.8)
        self.assertEqual(ref.macro_params(scen, var, "XA", inputs), (2.0, 2, 0.3, 0.8))
        self.assertEqual(ref.macro_params(scen, var, "XB", inputs), (0.5, 2, 0.9, 0.8))
        self.assertEqual(ref.macro_params(scen, None, "XB", inputs), (0.5, 3, 0.2, 0.8))
        self.assertEqual(ref.macro_params({"multiplier": 1}, None, "XB", inputs), (1.0, 3, 0.7, 0.8))
        self.assertEqual(ref.macro_params({}, None, "XB", country()), (0.0, 3, 0.5, 0.5))
        with self.assertRaises(ValueError):
            ref.macro_params({"persistence_years": 0}, None, "XA", country())


def ne_scenario(variants, **changes):
    base = dict(nominal_growth_pct=0.0, related_pct_gdp=0.0, defence_2021_pct_gdp=1.0, revenue_pct_gdp=40.0,
                net_expenditure_ceilings_pct={"2025": 1.0}, escape_clause_years=[2025, 2026, 2027, 2028],
                debt_pct_gdp=50.0)
    base.update(changes)
    return scenario(variants, end=2028, **base)


class NetExpenditureTests(unittest.TestCase):

    def test_four_years_by_hand_with_the_clause_on_and_off(self):
        """Y = 1000 flat, rho = 40, pb = -Delta, ceiling 1 %, A = B = 2024, s_2021 = 1.0.

        s = 2.0, 3.0, 4.0, 4.0 (Delta 0.5, 1.5, 2.5, 2.5): NE = 400, 405, 415, 425, 425;
        NP = 400, 404, 408.04, 412.1204, 416.241604; CA = 0, 0.1, 0.696, 1.28796, 0.8758396.
        Clause off: dev = CA; steps 0.1, 0.596, 0.59196, -0.4121204: deviation in 2026 and 2027,
        breach (> 0.6) in 2026-2028. Clause on: h = 0 (2024 not active), 1.0, 1.5, 1.5, 1.5; dev = 0,
        -0.9, -0.804, -0.21204, -0.6241604; the 2027 step 0.59196 is a deviation, no breach.
        """
        path = {"shape": "custom", "points": {"2025": 2.0, "2026": 3.0, "2027": 4.0, "2028": 4.0}}
        out = ref.run_scenario(ne_scenario([{"label": "on", "defence": path},
                                            {"label": "off", "defence": path,
                                             "financing": {"escape_clause": False}}]))
        NE = [400, 405, 415, 425, 425]
        CA = [0.0, 0.1, 0.696, 1.28796, 0.8758396]
        for name, h, dev_flags, breach in (
                ("off", [0, 0, 0, 0, 0], {2026, 2027}, {2026, 2027, 2028}),
                ("on", [0, 1.0, 1.5, 1.5, 1.5], {2027}, set())):
            ys = years_of(out, name)
            self.assertEqual([y["year"] for y in ys], [2024, 2025, 2026, 2027, 2028])
            for k, y in enumerate(ys):
                self.assertAlmostEqual(y["net_expenditure_bn"], NE[k], places=10)
                self.assertAlmostEqual(y["control_account_pct_gdp"], CA[k], places=12)
                self.assertAlmostEqual(y["net_expenditure_allowance_pct_gdp"], h[k], places=12)
                self.assertAlmostEqual(y["headroom_pct_gdp"], max(0.0, h[k] - CA[k]), places=12)
                self.assertEqual(y["net_expenditure_ceiling_pct"], 1.0)
                self.assertEqual("net_expenditure_deviation" in y["flags"], y["year"] in dev_flags, (name, y))
                self.assertEqual("control_account_breach" in y["flags"], y["year"] in breach, (name, y))
                self.assertEqual(y["flags"], sorted(y["flags"]))
            self.assertIsNone(ys[0]["net_expenditure_growth_pct"])
            self.assertAlmostEqual(ys[2]["net_expenditure_growth_pct"], 100 * (415 / 405 - 1), places=12)

    def test_at_the_ceiling_no_flag_and_031_above_a_flag(self):
        # nominal growth = ceiling = 3 %: the baseline's net expenditure grows exactly at the ceiling
        sc = ne_scenario([{"label": "up", "defence": {"target_pct_gdp": 1.81, "by": 2026, "start": 2026,
                                                      "shape": "step"},
                           "financing": {"escape_clause": False}}],
                         nominal_growth_pct=3.0, net_expenditure_ceilings_pct={"2020": 3.0}, defence_pct_gdp=1.5)
        out = ref.run_scenario(sc)
        for y in years_of(out, "baseline"):
            self.assertLess(abs(y["control_account_pct_gdp"]), 1e-12)
            self.assertNotIn("net_expenditure_deviation", y["flags"])
            self.assertNotIn("control_account_breach", y["flags"])
        up = {y["year"]: y for y in years_of(out, "up")}
        self.assertAlmostEqual(up[2026]["control_account_pct_gdp"], 0.31, places=12)
        self.assertIn("net_expenditure_deviation", up[2026]["flags"])
        self.assertNotIn("control_account_breach", up[2026]["flags"])
        self.assertNotIn("net_expenditure_deviation", up[2027]["flags"])   # no further step
        self.assertAlmostEqual(up[2027]["control_account_pct_gdp"], 0.31, places=12)
        self.assertEqual(up[2026]["headroom_pct_gdp"], 0.0)

    def test_allowance_capped_and_ends_after_the_active_years(self):
        v = {"label": "v", "defence": {"target_pct_gdp": 3.5, "by": 2028, "start": 2025}}
        out = ref.run_scenario(ne_scenario([v], escape_clause_years=[2025, 2026, 2027]))
        ys = {y["year"]: y for y in years_of(out, "v")}
        s = {t: 1.5 + 2.0 * (t - 2024) / 4 for t in range(2025, 2029)}       # 2.0, 2.5, 3.0, 3.5
        self.assertAlmostEqual(ys[2025]["net_expenditure_allowance_pct_gdp"], s[2025] - 1.0, places=12)
        self.assertEqual(ys[2026]["net_expenditure_allowance_pct_gdp"], 1.5)    # capped
        self.assertEqual(ys[2027]["net_expenditure_allowance_pct_gdp"], 1.5)
        self.assertEqual(ys[2028]["net_expenditure_allowance_pct_gdp"], 0.0)    # clause over
        self.assertEqual(ys[2024]["net_expenditure_allowance_pct_gdp"], 0.0)    # 2024 not active

    def test_base_year_before_and_after_B(self):
        # A = 2022 < B: NP_2024 = 380 * 1.02 * 1.03 = 399.228; NE_2024 = 400 -> CA = 0.0772
        out = ref.run_scenario(ne_scenario([], net_expenditure_base_year=2022, net_expenditure_base_bn=380.0,
                                           net_expenditure_ceilings_pct={"2023": 2.0, "2024": 3.0}))
        ys = years_of(out, "baseline")
        self.assertAlmostEqual(ys[0]["control_account_pct_gdp"], 0.0772, places=12)
        self.assertAlmostEqual(ys[1]["control_account_pct_gdp"], 100 * (400 - 399.228 * 1.03) / 1000, places=12)
        self.assertIsNone(ys[0]["net_expenditure_growth_pct"])
        self.assertEqual(ys[1]["net_expenditure_ceiling_pct"], 3.0)
        # A = 2026 > B: nothing before 2026, the path starts there
        out = ref.run_scenario(ne_scenario([], net_expenditure_base_year=2026))
        ys = years_of(out, "baseline")
        for y in ys[:2]:
            self.assertTrue(all(y[k] is None for k in ref.NE_KEYS))
        self.assertEqual(ys[2]["control_account_pct_gdp"], 0.0)
        self.assertIsNone(ys[2]["net_expenditure_growth_pct"])
        self.assertAlmostEqual(ys[3]["net_expenditure_growth_pct"], 0.0, places=12)

    def test_countries_without_ceilings_have_no_fields(self):
        out = ref.run_scenario(scenario([{"label": "v", "defence": LINEAR}], revenue_pct_gdp=40.0))
        self.assertNotIn("control_account_pct_gdp", years_of(out, "v")[2])


class SolverTests(unittest.TestCase):
    """Closed form for the solver.

    With r = g (implicit rate = market rate = nominal growth = 3 %) and maturity M = 1, every
    year's market debt matures and is re-issued at rm = r, so i_t = r in all years and
        D_t = (1 + r/100) D_{t-1} - pb_t Y_t/100,  Y_t = (1 + g/100) Y_{t-1}
    give, dividing by Y_t, d_t = d_{t-1} - pb_t. With zero baseline primary balance and no
    SAFE, pb_t = -(1 - o) Delta_t, so d_t = d_{t-1} + (1 - o) Delta_t. A linear path from
    S = B+1 reaching T in year Y has Delta_t = (T - s_B) min(1, (t - B)/(Y - B)), and
        sum_{t=B+1}^{E} Delta_t = (T - s_B) [ (Y - B + 1)/2 + (E - Y) ] = (T - s_B) K(Y),
        K(Y) = E - (Y + B - 1)/2,
        d_E = d_B + (1 - o)(T - s_B) K(Y),
    linear in T (and in o, and falling in Y). The constraint d_E <= X then gives
        T* = s_B + (X - d_B) / ((1 - o) K(Y)),
        o* = 1 - (X - d_B) / ((T - s_B) K(Y)),
        Y* = ceil(2E - B + 1 - 2 (X - d_B) / ((1 - o)(T - s_B)))   (the earliest integer year).
    """

    B, E, s_B, d_B = 2024, 2035, 1.5, 60.0

    def sc(self, T=3.5, by=2030, o=0.2):
        v = {"label": "v", "defence": {"target_pct_gdp": T, "by": by, "shape": "linear"},
             "financing": {"offset_share": o}}
        return scenario([v], end=self.E, nominal_growth_pct=3.0, implicit_rate_pct=3.0, market_rate_pct=3.0,
                        average_maturity_years=1, primary_balance_pct_gdp=0.0, debt_pct_gdp=self.d_B,
                        defence_pct_gdp=self.s_B, related_pct_gdp=0.0)

    def K(self, Y):
        return self.E - (Y + self.B - 1) / 2

    def solve(self, unknown, constraints, **kw):
        res = ref.solve_scenario({"unknown": unknown, "constraints": constraints}, self.sc(**kw))
        self.assertEqual(len(res["solutions"]), 1)
        return res["solutions"][0]

    def test_closed_form_debt_path(self):
        out = ref.run_scenario(self.sc())
        d_E = years_of(out, "v")[-1]["debt_pct_gdp"]
        self.assertAlmostEqual(d_E, self.d_B + 0.8 * 2.0 * self.K(2030), places=9)

    def test_target(self):
        X, o, Y = 70.0, 0.2, 2030
        s = self.solve("target", ["debt<=70", "deficit<=10"], o=o, by=Y)
        self.assertEqual(s["status"], "solved")
        self.assertEqual(s["binding"], "debt<=70")
        T_star = self.s_B + (X - self.d_B) / ((1 - o) * self.K(Y))
        self.assertAlmostEqual(s["value"], T_star, delta=2e-6)
        self.assertLessEqual(s["value"], T_star + 1e-9)
        # with @YEAR and the other statuses
        s = self.solve("target", [f"debt<=66@2030"], o=o, by=Y)
        # d_2030 = d_B + (1 - o)(T - s_B)(Y - B + 1)/2 = 60 + 0.8 (T - 1.5) 3.5
        self.assertAlmostEqual(s["value"], self.s_B + 6.0 / (0.8 * 3.5), delta=2e-6)
        self.assertEqual(self.solve("target", ["debt<=59"])["status"], "infeasible")
        s = self.solve("target", ["debt<=200"])
        self.assertEqual((s["status"], s["value"], s["binding"]), ("unconstrained", 10.0, None))

    def test_offset(self):
        X, T, Y = 70.0, 3.5, 2030
        s = self.solve("offset", ["debt<=70", "debt-stable"], T=T, by=Y)
        # debt-stable (d_E <= d_B) needs o = 1; so with both constraints the answer is 1
        self.assertAlmostEqual(s["value"], 1.0, delta=2e-7)
        self.assertEqual(s["binding"], "debt-stable")
        s = self.solve("offset", ["debt<=70"], T=T, by=Y)
        o_star = 1 - (X - self.d_B) / ((T - self.s_B) * self.K(Y))
        self.assertEqual(s["status"], "solved")
        self.assertAlmostEqual(s["value"], o_star, delta=2e-7)
        self.assertGreaterEqual(s["value"], o_star - 1e-12)
        self.assertEqual(self.solve("offset", ["debt<=59"])["status"], "infeasible")
        self.assertEqual(self.solve("offset", ["debt<=90"])["status"], "unconstrained")

    def test_year(self):
        X, T, o = 71.0, 3.5, 0.2
        s = self.solve("year", ["debt<=71"], T=T, o=o)
        Y_star = math.ceil(2 * self.E - self.B + 1 - 2 * (X - self.d_B) / ((1 - o) * (T - self.s_B)))
        self.assertEqual(Y_star, 2034)
        self.assertEqual((s["status"], s["value"], s["binding"]), ("solved", Y_star, "debt<=71"))
        s = self.solve("year", ["debt<=90"], T=T, o=o)
        self.assertEqual((s["status"], s["value"]), ("unconstrained", self.B + 1))
        self.assertEqual(self.solve("year", ["debt<=62"], T=T, o=o)["status"], "infeasible")

    def test_deficit_and_safeguard_constraints(self):
        # deficit: -b_t = 3 % of 60 ... interest = 3 % of debt; pb = -(1-o) Delta
        s = self.solve("target", ["deficit<=4", "safeguard"], o=0.0)
        self.assertEqual(s["status"], "solved")
        out = ref.run_scenario(self.sc(T=s["value"], o=0.0))
        worst = max(-y["balance_pct_gdp"] for y in years_of(out, "v")[1:])
        self.assertAlmostEqual(worst, 4.0, delta=1e-5)
        self.assertEqual(s["binding"], "deficit<=4")                 # d_B = 60: no safeguard pace
        # base debt 95 %: the pace is 1 pp a year; with zero balance debt stays at 95: infeasible
        sc = self.sc()
        sc["custom_countries"]["XA"]["debt_pct_gdp"] = 95.0
        res = ref.solve_scenario({"unknown": "target", "constraints": ["safeguard"]}, sc)
        self.assertEqual(res["solutions"][0]["status"], "infeasible")

    def test_cli(self):
        with tempfile.TemporaryDirectory() as d:
            spec, scen = os.path.join(d, "spec.json"), os.path.join(d, "scenario.json")
            with open(spec, "w") as fh:
                json.dump({"unknown": "target", "constraints": ["debt<=70"]}, fh)
            with open(scen, "w") as fh:
                json.dump(self.sc(), fh)
            res = subprocess.run([sys.executable, os.path.join(HERE, "milex_reference.py"), "--solve", spec, scen],
                                 check=True, capture_output=True, text=True)
            sol = json.loads(res.stdout)["solutions"][0]
            self.assertEqual(set(sol), {"variant", "country", "unknown", "value", "binding", "status"})
            self.assertEqual(sol["status"], "solved")


class ForecastAndPublishedTests(unittest.TestCase):

    def forecast_scenario(self, variants=(), **changes):
        c = dict(stock_flow_adjustment_bn=7.0, average_maturity_years=1, related_pct_gdp=0.0,
                 primary_balance_pct_gdp=-1.0,
                 forecast={"nominal_growth_pct": {"2025": 4.0, "2026": 3.5},
                           "primary_balance_pct_gdp": {"2025": -2.0, "2026": -1.5},
                           "stock_flow_adjustment_pct_gdp": {"2025": 0.5, "2026": 0.2}},
                 potential_growth_pct=1.0, output_gap_pct=-1.5, budget_semi_elasticity=0.6,
                 ageing_cost_pct_gdp={"2026": 0.0, "2036": 1.0}, gdp_deflator_pct=3.0, forward_rate_pct=4.0)
        c.update(changes)
        sc = scenario(list(variants), **c)
        sc["baseline"] = "forecast"
        return sc

    def test_forecast_paths_by_hand(self):
        out = ref.run_scenario(self.forecast_scenario())
        ys = {y["year"]: y for y in years_of(out, "baseline")}
        self.assertAlmostEqual(ys[2025]["gdp_bn"], 1040.0, places=10)
        self.assertAlmostEqual(ys[2026]["gdp_bn"], 1040.0 * 1.035, places=10)
        self.assertEqual(ys[2025]["primary_balance_pct_gdp"], -2.0)
        self.assertEqual(ys[2026]["primary_balance_pct_gdp"], -1.5)
        # after F = 2026: gap -1.5 -> -1.0 (2027) -> -0.5 -> 0 (2029 on); deflator 3 -> 2 by 2034
        real27 = 1.01 * (1 - 0.01) / (1 - 0.015)
        g27 = 100 * (real27 * (1 + 2.875 / 100) - 1)
        self.assertTrue(close(ys[2027]["gdp_bn"], ys[2026]["gdp_bn"] * (1 + g27 / 100), rel=1e-14))
        g30 = 100 * (1.01 * (1 + (3 - 4 / 8) / 100) - 1)
        self.assertTrue(close(ys[2030]["gdp_bn"], ys[2029]["gdp_bn"] * (1 + g30 / 100), rel=1e-14))
        self.assertTrue(close(ys[2036]["gdp_bn"], ys[2035]["gdp_bn"] * 1.01 * 1.02, rel=1e-14))
        # pbBL = (pb_F - eps gap_F) - (ageing_t - ageing_F) + eps gap_t
        self.assertAlmostEqual(ys[2027]["primary_balance_pct_gdp"], (-1.5 + 0.9) - 0.1 - 0.6, places=13)
        self.assertAlmostEqual(ys[2029]["primary_balance_pct_gdp"], -0.6 - 0.3, places=13)
        self.assertAlmostEqual(ys[2040]["primary_balance_pct_gdp"], -0.6 - 1.0, places=13)
        # market rate: 3 -> 4 linearly by 2034; with M = 1 the implicit rate of t+1 is rm_t
        self.assertAlmostEqual(ys[2026]["implicit_rate_pct"], 3.1, places=13)
        self.assertAlmostEqual(ys[2030]["implicit_rate_pct"], 3.5, places=13)
        self.assertAlmostEqual(ys[2040]["implicit_rate_pct"], 4.0, places=13)
        # SFA: 0.5 % and 0.2 % of GDP in the forecast years, 0 after (the bn input is not used)
        for t, sfa in ((2025, 0.5 * 1040 / 100), (2026, 0.2 * ys[2026]["gdp_bn"] / 100), (2027, 0.0), (2031, 0.0)):
            y, prev = ys[t], ys[t - 1]
            F = (y["interest_pct_gdp"] - y["primary_balance_pct_gdp"]) * y["gdp_bn"] / 100 + sfa
            self.assertTrue(close(y["debt_bn"] - prev["debt_bn"], F, rel=1e-12), t)
        # frozen (the default) ignores all of it
        sc = self.forecast_scenario()
        del sc["baseline"]
        frozen = years_of(ref.run_scenario(sc), "baseline")
        plain = scenario(primary_balance_pct_gdp=-1.0, stock_flow_adjustment_bn=7.0, average_maturity_years=1,
                         related_pct_gdp=0.0)
        self.assertEqual(json.dumps(frozen), json.dumps(years_of(ref.run_scenario(plain), "baseline")))

    def test_missing_inputs_fall_back_to_frozen(self):
        sc = self.forecast_scenario()
        c = sc["custom_countries"]["XA"]
        for key in ("potential_growth_pct", "output_gap_pct", "ageing_cost_pct_gdp", "forward_rate_pct"):
            del c[key]
        del c["forecast"]["primary_balance_pct_gdp"]
        ys = {y["year"]: y for y in years_of(ref.run_scenario(sc), "baseline")}
        self.assertTrue(close(ys[2028]["gdp_bn"], ys[2027]["gdp_bn"] * 1.03, rel=1e-15))   # frozen growth
        self.assertEqual(ys[2025]["primary_balance_pct_gdp"], -1.0)                         # frozen pb
        self.assertEqual(ys[2030]["primary_balance_pct_gdp"], -1.0)                         # pb_F held
        self.assertEqual(ys[2030]["implicit_rate_pct"], 3.0)                                # frozen rm

    def test_published_plans(self):
        v = {"label": "v", "defence": {"target_pct_gdp": 3.5, "by": 2030, "shape": "linear"}}
        keep = {"label": "keep", "defence": {"target_pct_gdp": 2.0, "by": 2030}}
        sc = scenario([v, keep], published_defence_pct_gdp={"2024": 9.0, "2025": 1.7, "2027": 2.1})
        out = ref.run_scenario(sc)
        bl = {y["year"]: y["defence_pct_gdp"] for y in years_of(out, "baseline")}
        self.assertEqual(bl[2024], 1.5)                                    # B is observed
        self.assertEqual((bl[2025], bl[2027], bl[2035]), (1.7, 2.1, 2.1))
        self.assertAlmostEqual(bl[2026], 1.9, places=14)
        self.assertTrue(all(y["extra_pct_gdp"] == 0 for y in years_of(out, "baseline")))
        vs = {y["year"]: y for y in years_of(out, "v")}
        for t in (2025, 2026, 2027):
            self.assertEqual(vs[t]["defence_pct_gdp"], bl[t])
            self.assertEqual(vs[t]["extra_pct_gdp"], 0.0)
        self.assertAlmostEqual(vs[2028]["defence_pct_gdp"], 2.1 + 1.4 / 3, places=13)   # S = P + 1 = 2028
        self.assertAlmostEqual(vs[2029]["extra_pct_gdp"], 2.8 / 3, places=13)
        self.assertEqual(vs[2030]["defence_pct_gdp"], 3.5)
        self.assertAlmostEqual(vs[2035]["extra_pct_gdp"], 1.4, places=13)
        # keep compares with s_P = 2.1 >= 2.0: the published path, no extra effort
        self.assertEqual([y["defence_pct_gdp"] for y in years_of(out, "keep")], list(bl.values()))
        # published_plans false reproduces section 3
        sc["published_plans"] = False
        plain = scenario([v, keep])
        self.assertEqual(json.dumps(ref.run_scenario(sc)["projections"]),
                         json.dumps(ref.run_scenario(plain)["projections"]))
        # the solver's target range starts at s_P
        s = ref.solve_scenario({"unknown": "target", "constraints": ["debt<=1000"]},
                               dict(scenario([v], published_defence_pct_gdp={"2027": 2.1})))
        self.assertEqual(s["solutions"][0]["status"], "unconstrained")


class FeatureGeneratorTests(unittest.TestCase):

    def test_plain_generator_unchanged_and_features_run(self):
        for k in range(3):
            self.assertEqual(random_scenarios.scenario_for("7", k), random_scenarios.random_scenario("7", k))
        with tempfile.TemporaryDirectory() as d1, tempfile.TemporaryDirectory() as d2:
            for d in (d1, d2):
                subprocess.run([sys.executable, os.path.join(HERE, "random_scenarios.py"), "3", "12", d,
                                "--features", "macro,net,forecast", "--specs"], check=True)
            seen = set()
            for name in sorted(os.listdir(d1)):
                with open(os.path.join(d1, name)) as f1, open(os.path.join(d2, name)) as f2:
                    self.assertEqual(f1.read(), f2.read())
                if name.endswith(".spec.json"):
                    continue
                with open(os.path.join(d1, name)) as fh:
                    sc = json.load(fh)
                out = ref.run_scenario(sc)
                for p in out["projections"]:
                    for y in p["years"]:
                        self.assertIn("gdp_effect_pct", y)
                        self.assertGreater(y["gdp_bn"], 0)
                        seen.update(k for k in y if y[k] is not None)
                with open(os.path.join(d1, name.replace(".json", ".spec.json"))) as fh:
                    spec = json.load(fh)
                sol = ref.solve_scenario(spec, sc)
                self.assertEqual(len(sol["solutions"]), len(sc["variants"]) * len(sc["countries"]))
            self.assertIn("control_account_pct_gdp", seen)

    def test_random_feature_scenarios_with_multiplier_zero_equal_no_block(self):
        for k in range(15):
            sc = random_scenarios.scenario_for("4", k, random_scenarios.FEATURES)
            zero, none = copy.deepcopy(sc), copy.deepcopy(sc)
            for block in [zero.get("macro")] + [v.get("macro") for v in zero["variants"]]:
                if block is not None:
                    block["multiplier"] = 0
                    for entry in (block.get("by_country") or {}).values():
                        entry["multiplier"] = 0
            none.pop("macro", None)
            for v in none["variants"]:
                v.pop("macro", None)
            for a, b in zip(ref.run_scenario(zero)["projections"], ref.run_scenario(none)["projections"]):
                self.assertEqual(json.dumps(strip(a["years"])), json.dumps(b["years"]), k)


if __name__ == "__main__":
    unittest.main()
