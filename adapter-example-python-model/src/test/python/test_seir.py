"""Invariants of the SEIR-H model itself (seir.py), through its native formats."""

import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

PYTHON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "main", "python")
sys.path.insert(0, os.path.abspath(PYTHON_DIR))

import seir  # noqa: E402

COMPARTMENTS = ["susceptible", "exposed", "mild", "ili", "sari", "critical", "crit_recov", "recovered", "dead"]
CUMULATIVE = ["cum_mild", "cum_ili", "cum_sari", "cum_critical", "cum_crit_recov", "dead"]


def params(**overrides):
    raw = {
        "population": 1_000_000,
        "start_date": "2020-04-01",
        "r0": 2.5,
        "seed_infections": 500.0,
        "seed_recovered": 1000.0,
        "seed_deaths": 10.0,
        "contact_reductions": [{"day": 20, "fraction": 0.4}, {"day": 60, "fraction": 0.1}],
    }
    raw.update(overrides)
    return seir.load_params(raw)


def total_deaths(p):
    return seir.simulate(p)[-1]["dead"]


class ModelInvariants(unittest.TestCase):
    SCENARIOS = {
        "default": {},
        "no interventions": {"contact_reductions": []},
        "r0 null": {"r0": None},
        "high r0": {"r0": 6.0, "substeps": 4},
        "lockdown from before start": {"contact_reductions": [{"day": -10, "fraction": 0.9}]},
        "tiny region": {"population": 1000, "seed_infections": 10.0, "seed_recovered": 0.0, "seed_deaths": 0.0},
        "long horizon": {"horizon_days": 730},
    }

    def test_compartments_non_negative_and_sum_to_population(self):
        for name, overrides in self.SCENARIOS.items():
            with self.subTest(name):
                p = params(**overrides)
                for row in seir.simulate(p):
                    for c in COMPARTMENTS + ["new_deaths"]:
                        self.assertGreaterEqual(row[c], 0.0, (row["day"], c))
                    total = sum(row[c] for c in COMPARTMENTS)
                    self.assertAlmostEqual(total, p["population"], delta=1e-6 * p["population"])

    def test_cumulative_series_never_decrease(self):
        for name, overrides in self.SCENARIOS.items():
            with self.subTest(name):
                rows = seir.simulate(params(**overrides))
                for c in CUMULATIVE:
                    for a, b in zip(rows, rows[1:]):
                        self.assertGreaterEqual(b[c], a[c], (c, b["day"]))

    def test_daily_deaths_add_up_to_the_death_toll(self):
        rows = seir.simulate(params())
        self.assertAlmostEqual(rows[0]["dead"] + sum(r["new_deaths"] for r in rows), rows[-1]["dead"], places=6)

    def test_stronger_contact_reduction_never_increases_deaths(self):
        shapes = [
            lambda f: [{"day": 0, "fraction": f}],
            lambda f: [{"day": 15, "fraction": f}],
            lambda f: [{"day": 10, "fraction": f}, {"day": 90, "fraction": f / 2}],
        ]
        for i, shape in enumerate(shapes):
            with self.subTest(shape=i):
                deaths = [total_deaths(params(contact_reductions=shape(k / 10))) for k in range(11)]
                for weaker, stronger in zip(deaths, deaths[1:]):
                    self.assertLessEqual(stronger, weaker + 1e-9, deaths)
        self.assertLess(deaths[-1], deaths[0])

    def test_higher_r0_gives_more_deaths(self):
        self.assertLess(total_deaths(params(r0=1.5)), total_deaths(params(r0=3.0)))

    def test_r0_null_means_the_default(self):
        self.assertEqual(seir.simulate(params(r0=None)), seir.simulate(params(r0=seir.DEFAULT_R0)))

    def test_no_infection_no_epidemic(self):
        rows = seir.simulate(params(seed_infections=0.0))
        self.assertEqual(rows[-1]["cum_mild"], rows[0]["cum_mild"])
        self.assertEqual(sum(r["new_deaths"] for r in rows), 0.0)

    def test_days_and_dates(self):
        rows = seir.simulate(params(horizon_days=31))
        self.assertEqual([r["day"] for r in rows], list(range(32)))
        self.assertEqual(rows[0]["date"], "2020-04-01")
        self.assertEqual(rows[-1]["date"], "2020-05-02")
        self.assertEqual(len(seir.simulate(seir.load_params({
            "population": 100, "start_date": "2020-01-01", "seed_infections": 1}))), 201)

    def test_contact_factor(self):
        reductions = [{"day": -5, "fraction": 0.2}, {"day": 10, "fraction": 0.6}]
        self.assertEqual(seir.contact_factor([], 3), 1.0)
        self.assertEqual(seir.contact_factor(reductions, -6), 1.0)
        self.assertEqual(seir.contact_factor(reductions, 0), 0.8)
        self.assertAlmostEqual(seir.contact_factor(reductions, 10), 0.4)

    def test_invalid_parameters_are_rejected(self):
        bad = [
            {"population": -1},
            {"population": "many"},
            {"start_date": "yesterday"},
            {"horizon_days": 0},
            {"horizon_days": 10.5},
            {"r0": -1},
            {"seed_infections": 2_000_000},
            {"contact_reductions": [{"day": 1, "fraction": 1.5}]},
            {"contact_reductions": [{"day": 1}]},
            {"disease": {"f_mild": 0.9}},
            {"unknown": 1},
        ]
        for overrides in bad:
            with self.subTest(overrides):
                with self.assertRaises(seir.ParameterError):
                    params(**overrides)


class NativeFormat(unittest.TestCase):
    def test_csv_round_trip_and_columns(self):
        rows = seir.simulate(params(horizon_days=20))
        buf = io.StringIO()
        seir.write_csv(rows, buf)
        lines = buf.getvalue().splitlines()
        self.assertEqual(lines[0].split(","), seir.COLUMNS)
        self.assertEqual(len(lines), 22)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "out.csv")
            with open(path, "w", newline="") as f:
                f.write(buf.getvalue())
            back = seir.read_csv(path)
        for a, b in zip(rows, back):
            self.assertEqual(a["day"], b["day"])
            self.assertAlmostEqual(a["mild"], b["mild"], places=5)

    def test_cli_is_deterministic(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = os.path.join(tmp, "params.json")
            with open(p, "w") as f:
                json.dump({"population": 5_000_000, "start_date": "2020-03-01", "r0": None,
                           "seed_infections": 100, "contact_reductions": [{"day": 30, "fraction": 0.5}]}, f)
            outputs = []
            for i in range(2):
                out = os.path.join(tmp, f"out{i}.csv")
                proc = subprocess.run([sys.executable, os.path.join(PYTHON_DIR, "seir.py"), p, out],
                                      capture_output=True, text=True)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                with open(out, "rb") as f:
                    outputs.append(f.read())
            self.assertEqual(outputs[0], outputs[1])
            self.assertNotIn(b"-0.000000", outputs[0])

    def test_cli_rejects_a_bad_parameter_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            p = os.path.join(tmp, "params.json")
            with open(p, "w") as f:
                json.dump({"population": 0, "start_date": "2020-03-01", "seed_infections": 1}, f)
            proc = subprocess.run([sys.executable, os.path.join(PYTHON_DIR, "seir.py"), p, os.path.join(tmp, "o.csv")],
                                  capture_output=True, text=True)
            self.assertEqual(proc.returncode, 2)
            self.assertIn("population", proc.stderr)


if __name__ == "__main__":
    unittest.main()
