"""Hand-checked cases for milex_reference.py. Run from this folder: python3 -m unittest"""

import copy
import json
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


if __name__ == "__main__":
    unittest.main()
