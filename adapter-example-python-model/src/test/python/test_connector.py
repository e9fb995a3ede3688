"""The connector: pre-processing, post-processing and both command-line forms."""

import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

PYTHON_DIR = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "main", "python"))
sys.path.insert(0, PYTHON_DIR)
CONNECTOR = os.path.join(PYTHON_DIR, "connector.py")
EXAMPLE_REQUEST = os.path.join(PYTHON_DIR, "..", "..", "..", "..", "examples", "request.json")

import connector  # noqa: E402
import seir  # noqa: E402

INPUT = {
    "region": "US",
    "subregion": "US-NY",
    "parameters": {
        "calibrationDate": "2020-04-18",
        "calibrationCaseCount": 1400,
        "calibrationDeathCount": 200,
        "r0": None,
        "interventionPeriods": [
            {"startDate": "2020-03-23", "reductionPopulationContact": 60, "socialDistancing": "aggressive"},
            {"startDate": "2020-03-16", "reductionPopulationContact": 20},
            {"startDate": "2020-06-01", "reductionPopulationContact": 30, "caseIsolation": "moderate"},
        ],
    },
}


def run_cli(input_data, *extra, env=None):
    """Run connector.py --input/--output-dir in a temp dir; returns (proc, outdir files as bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.json")
        with open(inp, "w") as f:
            f.write(input_data if isinstance(input_data, str) else json.dumps(input_data))
        out = os.path.join(tmp, "out")
        proc = subprocess.run([sys.executable, CONNECTOR, "--input", inp, "--output-dir", out, *extra],
                              capture_output=True, text=True, env=env)
        files = {}
        for root, _, names in os.walk(out):
            for name in names:
                with open(os.path.join(root, name), "rb") as f:
                    files[os.path.relpath(os.path.join(root, name), out)] = f.read()
        return proc, files


class PreProcessing(unittest.TestCase):
    def test_native_parameters(self):
        native = connector.to_native(INPUT)
        self.assertEqual(native["population"], connector.POPULATION["US-NY"])
        self.assertEqual(native["start_date"], "2020-04-18")
        self.assertEqual(native["horizon_days"], 200)
        self.assertIsNone(native["r0"])
        self.assertEqual(native["contact_reductions"], [
            {"day": -33, "fraction": 0.2}, {"day": -26, "fraction": 0.6}, {"day": 44, "fraction": 0.3}])
        self.assertEqual(native["seed_deaths"], 200)
        seir.load_params(native)  # the model accepts it

    def test_population_lookup(self):
        self.assertEqual(connector.population_of({"region": "US"})[0], connector.POPULATION["US"])
        self.assertEqual(connector.population_of({"region": "US", "subregion": "US-WY"})[0], 578_759)
        self.assertEqual(connector.population_of({"region": "gb"})[0], connector.POPULATION["GB"])
        with self.assertLogs("seir-connector", "WARNING"):
            self.assertEqual(connector.population_of({"region": "XX"})[0], connector.DEFAULT_POPULATION)

    def test_calibration(self):
        ifr = seir.infection_fatality_ratio()
        seeds = connector.calibrate(1000, 0, 2.4, 1.0, 1e7)
        total = seeds["seed_infections"] + seeds["seed_recovered"] + seeds["seed_deaths"]
        self.assertAlmostEqual(total, 1000 / connector.ASCERTAINMENT)  # cases dominate
        seeds = connector.calibrate(10, 100, 2.4, 1.0, 1e7)
        total = seeds["seed_infections"] + seeds["seed_recovered"] + seeds["seed_deaths"]
        self.assertAlmostEqual(total, 100 / ifr)  # deaths dominate: consistent with the IFR
        self.assertEqual(seeds["seed_deaths"], 100)
        capped = connector.calibrate(1e9, 0, 2.4, 1.0, 1e6)
        self.assertLessEqual(sum(capped.values()), connector.MAX_ATTACK_SHARE * 1e6 + 1e-6)
        growing = connector.calibrate(1000, 0, 3.0, 1.0, 1e7)["seed_infections"]
        damped = connector.calibrate(1000, 0, 3.0, 0.2, 1e7)["seed_infections"]
        self.assertGreater(growing, damped)

    def test_more_cases_more_deaths(self):
        few = copy.deepcopy(INPUT)
        many = copy.deepcopy(INPUT)
        many["parameters"]["calibrationCaseCount"] = 50_000
        deaths = [seir.simulate(seir.load_params(connector.to_native(x)))[-1]["dead"] for x in (few, many)]
        self.assertLess(deaths[0], deaths[1])

    def test_stronger_reduction_never_increases_deaths(self):
        deaths = []
        for pct in range(0, 101, 10):
            data = copy.deepcopy(INPUT)
            for period in data["parameters"]["interventionPeriods"]:
                period["reductionPopulationContact"] = pct
            deaths.append(seir.simulate(seir.load_params(connector.to_native(data)))[-1]["dead"])
        for weaker, stronger in zip(deaths, deaths[1:]):
            self.assertLessEqual(stronger, weaker + 1e-9, deaths)

    def test_invalid_inputs(self):
        def broken(mutate):
            data = copy.deepcopy(INPUT)
            mutate(data)
            return data
        cases = {
            "not an object": [],
            "no region": broken(lambda d: d.pop("region")),
            "extra property": broken(lambda d: d.update(extra=1)),
            "no parameters": broken(lambda d: d.pop("parameters")),
            "missing r0": broken(lambda d: d["parameters"].pop("r0")),
            "bad date": broken(lambda d: d["parameters"].update(calibrationDate="April")),
            "negative cases": broken(lambda d: d["parameters"].update(calibrationCaseCount=-1)),
            "string deaths": broken(lambda d: d["parameters"].update(calibrationDeathCount="2")),
            "r0 string": broken(lambda d: d["parameters"].update(r0="2")),
            "reduction > 100": broken(lambda d: d["parameters"]["interventionPeriods"][0].update(
                reductionPopulationContact=120)),
            "bad intensity": broken(lambda d: d["parameters"]["interventionPeriods"][0].update(
                schoolClosure="total")),
            "period extra": broken(lambda d: d["parameters"]["interventionPeriods"][0].update(x=1)),
        }
        for name, data in cases.items():
            with self.subTest(name):
                with self.assertRaises(connector.InputError):
                    connector.check_input(data)


class PostProcessing(unittest.TestCase):
    def setUp(self):
        rows = seir.simulate(seir.load_params(connector.to_native(INPUT)))
        self.output = connector.to_standard(INPUT, rows)

    def test_standard_output_is_valid(self):
        self.assertEqual(connector.check_output(self.output), [])
        self.assertEqual(self.output["metadata"], INPUT)
        self.assertEqual(self.output["time"]["t0"], "2020-04-18")

    def test_timestamps_and_extent_agree(self):
        t = self.output["time"]
        self.assertEqual(t["timestamps"], list(range(201)))
        self.assertEqual(t["extent"], [0, 200])
        for name, series in self.output["aggregate"]["metrics"].items():
            self.assertEqual(len(series), len(t["timestamps"]), name)

    def test_standard_cumulative_series_never_decrease(self):
        for name, series in self.output["aggregate"]["metrics"].items():
            if name.startswith("cum"):
                self.assertEqual(series, sorted(series), name)
            self.assertGreaterEqual(min(series), 0, name)

    def test_check_output_finds_problems(self):
        bad = copy.deepcopy(self.output)
        bad["time"]["extent"] = [0, 199]
        del bad["aggregate"]["metrics"]["SARI"]
        bad["aggregate"]["metrics"]["Mild"].append(1)
        problems = connector.check_output(bad)
        self.assertEqual(len(problems), 3, problems)


class CommandLine(unittest.TestCase):
    def test_subprocess_form_writes_data_and_manifest(self):
        proc, files = run_cli(INPUT)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(sorted(files), ["data.json", "manifest.json", "params.json", "seir.csv"])
        manifest = json.loads(files["manifest.json"])
        self.assertEqual(list(manifest), ["files"])
        self.assertEqual(manifest["files"][0], {"path": "data.json", "mediaType": "application/json"})
        for entry in manifest["files"]:
            self.assertEqual(sorted(entry), ["mediaType", "path"])
            self.assertIn(entry["path"], files)
        data = json.loads(files["data.json"])
        self.assertEqual(connector.check_output(data), [])
        self.assertEqual(data["metadata"], INPUT)

    def test_deterministic_bytes(self):
        first = run_cli(INPUT)[1]
        second = run_cli(INPUT)[1]
        self.assertEqual(first["data.json"], second["data.json"])
        self.assertEqual(first["seir.csv"], second["seir.csv"])

    def test_example_request_configuration(self):
        with open(EXAMPLE_REQUEST) as f:
            configuration = json.load(f)["configuration"]
        proc, files = run_cli(configuration)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(connector.check_output(json.loads(files["data.json"])), [])

    def test_bad_input_exits_2_with_a_message(self):
        bad = copy.deepcopy(INPUT)
        bad["parameters"]["calibrationDate"] = "soon"
        for data in (bad, "{not json"):
            with self.subTest(data=str(data)[:20]):
                proc, files = run_cli(data)
                self.assertEqual(proc.returncode, 2)
                self.assertIn("error:", proc.stdout)
                self.assertNotIn("data.json", files)

    def test_missing_input_exits_2(self):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([sys.executable, CONNECTOR, "--input", os.path.join(tmp, "nope.json"),
                                   "--output-dir", tmp], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("cannot read the input", proc.stdout)

    def test_container_form_uses_the_environment(self):
        with tempfile.TemporaryDirectory() as tmp:
            dirs = {name: os.path.join(tmp, name) for name in ("input", "output", "log")}
            for d in dirs.values():
                os.mkdir(d)
            with open(os.path.join(dirs["input"], "inputFile.json"), "w") as f:
                json.dump(INPUT, f)
            env = dict(os.environ, MODEL_INPUT_DIR=dirs["input"], MODEL_OUTPUT_DIR=dirs["output"],
                       MODEL_LOG_DIR=dirs["log"])
            proc = subprocess.run([sys.executable, CONNECTOR], capture_output=True, text=True, env=env)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertTrue(os.path.exists(os.path.join(dirs["output"], "data.json")))
            self.assertTrue(os.path.exists(os.path.join(dirs["output"], "manifest.json")))
            with open(os.path.join(dirs["log"], "connector.log")) as f:
                self.assertIn("post-processing", f.read())
            self.assertIn("post-processing", proc.stdout)


if __name__ == "__main__":
    unittest.main()
