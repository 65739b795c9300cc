"""Scripts/build-dataset.py accepts the shipped national rules and rejects malformed ones,
so a rule added as data either works in the engine or fails the build with a clear message."""
import importlib.util
import json
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("build_dataset", ROOT / "Scripts" / "build-dataset.py")
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)

GOOD = {"id": "XX", "name": "A rule", "kind": "structural_balance_floor", "limit_pct_gdp": -0.5,
        "exemptions": [{"measure": "defence_pct_gdp", "above_pct_gdp": 2}], "source": "DE_DEBTBRAKE"}


class NationalRulesTests(unittest.TestCase):
    def rules(self, data):
        with tempfile.TemporaryDirectory() as directory:
            (Path(directory) / "national-rules.json").write_text(json.dumps(data), encoding="utf-8")
            original = build.ADD
            build.ADD = Path(directory)
            try:
                return build.build_rules({"DE_DEBTBRAKE": {}})
            finally:
                build.ADD = original

    def test_shipped_rules(self):
        sources = {"DE_DEBTBRAKE": {}}
        rules = build.build_rules(sources)
        self.assertEqual([r["id"] for r in rules["DE"]], ["DE_DEBT_BRAKE"])
        self.assertEqual(float(rules["DE"][0]["limit_pct_gdp"]), -0.35)

    def test_a_second_country_needs_only_data(self):
        rules = self.rules({"PL": [GOOD]})
        self.assertEqual(rules["PL"][0]["exemptions"][0]["measure"], "defence_pct_gdp")

    def test_malformed_rules_fail_the_build(self):
        cases = {
            "kind": ({"PL": [dict(GOOD, kind="expenditure_ceiling")]}, "is not one milex evaluates"),
            "measure": ({"PL": [dict(GOOD, exemptions=[{"measure": "gdp", "above_pct_gdp": 1}])]}, "needs a measure"),
            "source": ({"PL": [dict(GOOD, source="NOWHERE")]}, "is not in the sources"),
            "country": ({"XX": [GOOD]}, "is not a dataset country"),
            "key": ({"PL": [dict(GOOD, limt=1)]}, "keys"),
            "cyclical": ({"PL": [dict(GOOD, cyclical_adjustment=True)]}, "not supported"),
        }
        for name, (data, fragment) in cases.items():
            with self.subTest(name):
                with self.assertRaises(build.BuildError) as caught:
                    self.rules(data)
                self.assertIn(fragment, str(caught.exception))


if __name__ == "__main__":
    unittest.main()
