"""The connector: input checks, output files, the schemas and both command-line forms."""

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "main", "python"))
MODULE_DIR = os.path.normpath(os.path.join(PYTHON_DIR, "..", "..", ".."))
sys.path.insert(0, PYTHON_DIR)
sys.path.insert(0, HERE)
CONNECTOR = os.path.join(PYTHON_DIR, "connector.py")
EXAMPLE_REQUEST = os.path.join(MODULE_DIR, "..", "examples", "energy-request.json")

import connector  # noqa: E402
from invariants import violations  # noqa: E402

with open(EXAMPLE_REQUEST, encoding="utf-8") as _f:
    EXAMPLE = json.load(_f)["configuration"]
INPUT_SCHEMA = connector.load_schema("input.schema.json")
OUTPUT_SCHEMA = connector.load_schema("output.schema.json")


def run_cli(input_data, env_extra=None):
    """connector.py --input/--output-dir/--log-dir in a temp dir: (proc, output files, connector.log)."""
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "in.json")
        with open(inp, "w", encoding="utf-8") as f:
            f.write(input_data if isinstance(input_data, str) else json.dumps(input_data))
        out, logs = os.path.join(tmp, "out"), os.path.join(tmp, "log")
        env = dict(os.environ, **(env_extra or {}))
        proc = subprocess.run([sys.executable, CONNECTOR, "--input", inp, "--output-dir", out, "--log-dir", logs],
                              capture_output=True, text=True, env=env, check=False)
        return proc, _files(out), _read(os.path.join(logs, "connector.log"))


def _files(d):
    files = {}
    for root, _, names in os.walk(d):
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                files[os.path.relpath(os.path.join(root, name), d)] = f.read()
    return files


def _read(path):
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8") as f:
        return f.read()


def with_change(change):
    data = copy.deepcopy(EXAMPLE)
    change(data)
    return data


class TheExample(unittest.TestCase):
    def test_the_example_runs_and_its_output_keeps_the_invariants_and_the_output_schema(self):
        proc, files, log = run_cli(EXAMPLE)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(sorted(files), ["data.json", "dispatch.csv", "manifest.json"])
        out = json.loads(files["data.json"])
        self.assertEqual(connector.schema_errors(out, OUTPUT_SCHEMA), [])
        hours = connector.check_input(EXAMPLE, INPUT_SCHEMA)
        self.assertEqual(violations(connector.to_case(EXAMPLE, hours), out), [])
        self.assertEqual(out["horizonHours"], 24)
        self.assertEqual(out["meritOrder"], ["wind", "solar", "nuclear", "coal", "gas-ccgt", "gas-peaker"])
        self.assertGreater(out["totals"]["unserved"], 0)  # the evening peak: the example shows VoLL pricing
        self.assertEqual(json.loads(files["manifest.json"]), {"files": [
            {"path": "data.json", "mediaType": "application/json"},
            {"path": "dispatch.csv", "mediaType": "text/csv"}]})
        rows = files["dispatch.csv"].decode().splitlines()
        self.assertEqual(len(rows), 25)
        self.assertEqual(rows[0].split(",")[:3], ["hour", "demand", "wind"])
        self.assertIn("dispatched 24 hours", log)

    def test_two_runs_write_byte_identical_files(self):
        first, second = run_cli(EXAMPLE)[1], run_cli(EXAMPLE)[1]
        self.assertEqual(first, second)

    def test_a_profile_shorter_than_the_horizon_repeats(self):
        week = with_change(lambda d: d.update(horizonHours=168))
        proc, files, _ = run_cli(week)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        out = json.loads(files["data.json"])
        self.assertEqual(len(out["hours"]), 168)
        day = lambda k: [{**h, "hour": h["hour"] - 24 * k} for h in out["hours"][24 * k:24 * (k + 1)]]  # noqa: E731
        self.assertEqual(day(0), day(6))
        self.assertEqual(violations(connector.to_case(week, 168), out), [])

    def test_base_path_from_the_orchestrator_is_accepted_and_ignored(self):
        # MultiModelling/Model-Orchestrator dags/modules/handlers/rest_handler.py merges
        # {"base_path": ...} into every initialize body it sends to an adapter.
        proc, files, _ = run_cli(with_change(lambda d: d.update(base_path="user=1/run=2/")))
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertEqual(files["data.json"], run_cli(EXAMPLE)[1]["data.json"])


class InvalidInput(unittest.TestCase):
    CASES = [
        ("an unknown property", lambda d: d.update(region="NL"), "/region: is not allowed"),
        ("no demand", lambda d: d.pop("demand"), "/demand: is required"),
        ("a negative capacity", lambda d: d["generators"][0].update(capacity=-1), "/generators/0/capacity"),
        ("availability above 1", lambda d: d["generators"][1]["availability"].__setitem__(3, 1.5),
         "/generators/1/availability/3"),
        ("a string for a number", lambda d: d.update(valueOfLostLoad="3000"), "/valueOfLostLoad: expected number"),
        ("a zero value of lost load", lambda d: d.update(valueOfLostLoad=0), "/valueOfLostLoad"),
        ("a fractional horizon", lambda d: d.update(horizonHours=2.5), "/horizonHours: expected integer"),
        ("an unknown generator key", lambda d: d["generators"][2].update(fuel="gas"), "/generators/2/fuel"),
        ("a duplicate name", lambda d: d["generators"][1].update(name="gas-peaker"), "/generators/1/name"),
        ("a cost above the value of lost load", lambda d: d["generators"][0].update(marginalCost=3500),
         "/generators/0/marginalCost"),
        ("a series that does not fit the horizon", lambda d: d["generators"][1]["availability"].pop(),
         "/generators/1/availability: 23 values"),
        ("a horizon the demand does not divide", lambda d: d.update(horizonHours=36), "/demand: 24 values"),
        ("no generators", lambda d: d.update(generators=[]), "/generators: expected at least 1"),
        ("a name with a slash", lambda d: d["generators"][0].update(name="a/b"), "/generators/0/name"),
    ]

    def test_each_invalid_input_exits_2_naming_the_field_in_the_log(self):
        for what, change, expected in self.CASES:
            with self.subTest(what):
                proc, files, log = run_cli(with_change(change))
                self.assertEqual(proc.returncode, 2, proc.stdout)
                self.assertIn("error: invalid input: " + expected, log)
                self.assertNotIn("data.json", files)

    def test_not_json_and_a_missing_file_exit_2(self):
        proc, _, log = run_cli("{not json")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("is not JSON", log)
        proc = subprocess.run([sys.executable, CONNECTOR, "--input", "/nonexistent/in.json", "--output-dir",
                               tempfile.gettempdir()], capture_output=True, text=True, check=False)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("cannot read the input /nonexistent/in.json", proc.stdout)

    def test_nan_is_not_a_number(self):
        proc, _, log = run_cli(json.dumps(EXAMPLE).replace("610", "NaN", 1))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("/demand/0: expected number", log)


class Schemas(unittest.TestCase):
    def test_the_subset_validator_reports_each_keyword_it_implements(self):
        out = run_and_load(EXAMPLE)
        for change, expected in [
            (lambda o: o.pop("totals"), "/totals: is required"),
            (lambda o: o.update(extra=1), "/extra: is not allowed"),
            (lambda o: o["hours"][0]["dispatch"].update(wind=-1.0), "/hours/0/dispatch/wind: -1.0 is below"),
            (lambda o: o["hours"][3].update(marginalUnit=7), "/hours/3/marginalUnit: expected string or null"),
            (lambda o: o.update(meritOrder=[]), "/meritOrder: expected at least 1 items"),
            (lambda o: o["totals"]["generators"]["coal"].pop("cost"), "/totals/generators/coal/cost: is required"),
        ]:
            broken = copy.deepcopy(out)
            change(broken)
            self.assertTrue(any(e.startswith(expected) for e in connector.schema_errors(broken, OUTPUT_SCHEMA)),
                            (expected, connector.schema_errors(broken, OUTPUT_SCHEMA)))

    def test_the_schemas_are_draft_07_and_the_input_is_closed(self):
        for schema in (INPUT_SCHEMA, OUTPUT_SCHEMA):
            self.assertEqual(schema["$schema"], "http://json-schema.org/draft-07/schema#")
        self.assertIs(INPUT_SCHEMA["additionalProperties"], False)
        self.assertIs(INPUT_SCHEMA["definitions"]["generator"]["additionalProperties"], False)

    def test_the_schemas_are_found_through_ENERGY_SCHEMA_DIR_beside_a_copied_connector(self):
        with tempfile.TemporaryDirectory() as tmp:
            for name in ("connector.py", "dispatch.py"):
                shutil.copy(os.path.join(PYTHON_DIR, name), tmp)
            inp = os.path.join(tmp, "in.json")
            with open(inp, "w", encoding="utf-8") as f:
                json.dump(EXAMPLE, f)
            args = [sys.executable, os.path.join(tmp, "connector.py"), "--input", inp, "--output-dir",
                    os.path.join(tmp, "out")]
            missing = subprocess.run(args, capture_output=True, text=True, check=False,
                                     env={k: v for k, v in os.environ.items() if k != "ENERGY_SCHEMA_DIR"})
            self.assertEqual(missing.returncode, 3)
            self.assertIn("input.schema.json not found", missing.stdout)
            found = subprocess.run(args, capture_output=True, text=True, check=False,
                                   env=dict(os.environ, ENERGY_SCHEMA_DIR=os.path.join(MODULE_DIR, "schemas")))
            self.assertEqual(found.returncode, 0, found.stdout)


def run_and_load(data):
    proc, files, _ = run_cli(data)
    assert proc.returncode == 0, proc.stdout
    return json.loads(files["data.json"])


class CommandLine(unittest.TestCase):
    def test_container_mode_reads_and_writes_the_contract_folders_from_the_environment(self):
        with tempfile.TemporaryDirectory() as tmp:
            dirs = {k: os.path.join(tmp, k) for k in ("input", "output", "log")}
            for d in dirs.values():
                os.mkdir(d)
            with open(os.path.join(dirs["input"], "inputFile.json"), "w", encoding="utf-8") as f:
                json.dump(EXAMPLE, f)
            os.chmod(dirs["input"], 0o555)
            env = dict(os.environ, MODEL_INPUT_DIR=dirs["input"], MODEL_OUTPUT_DIR=dirs["output"],
                       MODEL_LOG_DIR=dirs["log"])
            proc = subprocess.run([sys.executable, CONNECTOR], capture_output=True, text=True, env=env,
                                  cwd=tmp, check=False)
            self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertEqual(sorted(os.listdir(dirs["output"])), ["data.json", "dispatch.csv", "manifest.json"])
            self.assertIn("wrote data.json", _read(os.path.join(dirs["log"], "connector.log")))
            self.assertEqual(sorted(os.listdir(dirs["input"])), ["inputFile.json"])

    def test_an_output_dir_that_cannot_be_created_exits_4(self):
        with tempfile.NamedTemporaryFile() as not_a_dir:
            with tempfile.TemporaryDirectory() as tmp:
                inp = os.path.join(tmp, "in.json")
                with open(inp, "w", encoding="utf-8") as f:
                    json.dump(EXAMPLE, f)
                proc = subprocess.run([sys.executable, CONNECTOR, "--input", inp, "--output-dir",
                                       os.path.join(not_a_dir.name, "out")], capture_output=True, text=True,
                                      check=False)
        self.assertEqual(proc.returncode, 4)
        self.assertIn("cannot write to the output dir", proc.stdout)


if __name__ == "__main__":
    unittest.main()
