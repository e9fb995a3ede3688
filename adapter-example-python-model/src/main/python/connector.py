#!/usr/bin/env python3
"""The model-runner connector for the SEIR-H model (``seir.py``).

It wraps a model that knows nothing about model-runner:

1. reads the *standard model input* (``inputFile.json``) and checks it;
2. **pre-processing**: converts it to the model's own parameter file (``params.json``),
   calibrating the initial state from the case and death counts (see :func:`calibrate`);
3. runs the model as a subprocess, with a deadline, exactly as a user would
   (``python3 seir.py params.json seir.csv``);
4. **post-processing**: converts the model's own CSV into the *standard model output*
   (``data.json``) and checks it;
5. writes ``manifest.json`` listing the output files.

Command line (both forms take the same options)::

    connector.py                              # container mode: the connector contract
    connector.py --input FILE --output-dir DIR [--log-dir DIR] [--timeout SECONDS]

Without options the directories come from the environment (``MODEL_INPUT_DIR``,
``MODEL_OUTPUT_DIR``, ``MODEL_LOG_DIR``), defaulting to ``/data/input``,
``/data/output`` and ``/data/log``; the input is ``inputFile.json`` in the input dir.
With ``--input``/``--output-dir`` (the subprocess form for an adapter), the log dir is
``--log-dir``, else ``MODEL_LOG_DIR``, else none (log to stdout only).

Exit codes: 0 success; 2 invalid input (a one-line ``error:`` message says why);
3 the model failed or timed out; 4 the output could not be written or is invalid.
"""

import argparse
import datetime
import json
import logging
import math
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import seir  # noqa: E402  (the model: used for its defaults and CSV reader only)

CONNECTOR_VERSION = "1.0.0"
EXIT_OK, EXIT_BAD_INPUT, EXIT_MODEL_FAILED, EXIT_OUTPUT_FAILED = 0, 2, 3, 4

#: Population by region / subregion code (2019-2020 estimates, rounded).
POPULATION = {
    "US": 328_239_523,
    "US-CA": 39_512_223,
    "US-FL": 21_477_737,
    "US-IL": 12_671_821,
    "US-NY": 19_453_561,
    "US-TX": 28_995_881,
    "US-WA": 7_614_893,
    "US-WY": 578_759,
    "GB": 66_796_807,
    "GB-ENG": 56_286_961,
    "GB-SCT": 5_463_300,
    "DE": 83_166_711,
    "FR": 67_064_000,
    "IT": 60_317_000,
    "ES": 47_329_000,
    "BR": 211_049_527,
    "IN": 1_366_417_754,
}
#: Used for a region that is not in the table (a warning is logged).
DEFAULT_POPULATION = 10_000_000

#: Share of all infections that were confirmed as cases.
ASCERTAINMENT = 0.15
#: Bounds of the share of cumulative infections that are still infected at day 0.
MIN_ACTIVE_SHARE, MAX_ACTIVE_SHARE = 0.2, 0.9
#: Calibration never assumes more than this share of the population infected.
MAX_ATTACK_SHARE = 0.5

INTENSITIES = ("mild", "moderate", "aggressive")
INTERVENTIONS = ("socialDistancing", "schoolClosure", "caseIsolation", "voluntaryHomeQuarantine")
METRICS = [  # standard metric name <- native CSV column
    ("Mild", "mild"),
    ("ILI", "ili"),
    ("SARI", "sari"),
    ("Critical", "critical"),
    ("CritRecov", "crit_recov"),
    ("incDeath", "new_deaths"),
    ("cumMild", "cum_mild"),
    ("cumILI", "cum_ili"),
    ("cumSARI", "cum_sari"),
    ("cumCritical", "cum_critical"),
    ("cumCritRecov", "cum_crit_recov"),
]

log = logging.getLogger("seir-connector")


class InputError(ValueError):
    """The standard model input is invalid; the message says where and why."""


# --------------------------------------------------------------------------- input


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _only(obj, allowed, where):
    extra = sorted(set(obj) - set(allowed))
    if extra:
        raise InputError(f"{where}: unknown properties {', '.join(extra)}")


def parse_date(value, where):
    """An ISO-8601 date (a date-time is accepted and cut to its date)."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise InputError(f"{where}: expected an ISO-8601 date, got {value!r}")


def check_input(data):
    """Check the standard model input (the input schema, plus what this model needs)."""
    if not isinstance(data, dict):
        raise InputError("/: expected an object")
    _only(data, ("region", "subregion", "parameters"), "/")
    if not isinstance(data.get("region"), str):
        raise InputError("/region: required string")
    if "subregion" in data and not isinstance(data["subregion"], str):
        raise InputError("/subregion: expected a string")
    p = data.get("parameters")
    if not isinstance(p, dict):
        raise InputError("/parameters: required object")
    keys = ("calibrationDate", "calibrationCaseCount", "calibrationDeathCount", "r0", "interventionPeriods")
    _only(p, keys, "/parameters")
    for key in keys:
        if key not in p:
            raise InputError(f"/parameters/{key}: required")
    parse_date(p["calibrationDate"], "/parameters/calibrationDate")
    for key in ("calibrationCaseCount", "calibrationDeathCount"):
        if not _is_number(p[key]) or p[key] < 0:
            raise InputError(f"/parameters/{key}: expected a number >= 0, got {p[key]!r}")
    if p["r0"] is not None and (not _is_number(p["r0"]) or not 0 <= p["r0"] <= 20):
        raise InputError(f"/parameters/r0: expected null or a number in 0..20, got {p['r0']!r}")
    if not isinstance(p["interventionPeriods"], list):
        raise InputError("/parameters/interventionPeriods: expected an array")
    for i, period in enumerate(p["interventionPeriods"]):
        where = f"/parameters/interventionPeriods/{i}"
        if not isinstance(period, dict):
            raise InputError(f"{where}: expected an object")
        _only(period, ("startDate", "reductionPopulationContact") + INTERVENTIONS, where)
        for key in ("startDate", "reductionPopulationContact"):
            if key not in period:
                raise InputError(f"{where}/{key}: required")
        parse_date(period["startDate"], f"{where}/startDate")
        r = period["reductionPopulationContact"]
        if not _is_number(r) or not 0 <= r <= 100:
            raise InputError(f"{where}/reductionPopulationContact: expected a percentage in 0..100, got {r!r}")
        for key in INTERVENTIONS:
            if key in period and period[key] not in INTENSITIES:
                raise InputError(f"{where}/{key}: expected one of {', '.join(INTENSITIES)}")
    return data


# ------------------------------------------------------------------ pre-processing


def population_of(data):
    for code in (data.get("subregion"), data["region"]):
        if code is not None and code.upper() in POPULATION:
            return POPULATION[code.upper()], code.upper()
    log.warning("no population known for %s; using the default %d",
                data.get("subregion") or data["region"], DEFAULT_POPULATION)
    return DEFAULT_POPULATION, None


def calibrate(case_count, death_count, r0, factor_at_start, population, d=None):
    """Initial state at the calibration date from the observed case and death counts.

    Method (deliberately simple, first-order):

    - Cumulative infections are estimated twice: from cases, ``cases / ASCERTAINMENT``
      (only a share of infections is ever confirmed), and from deaths,
      ``deaths / IFR`` with the model's own infection fatality ratio. Deaths lag
      infections by about three weeks, so the death-based figure is a lower bound
      on infections by the calibration date; the larger of the two is used, capped
      at ``MAX_ATTACK_SHARE`` of the population.
    - The share of those still infected (exposed or infectious) at the calibration
      date follows from the growth rate ``r = (R_eff - 1) / Tg`` with
      ``R_eff = r0 * contact factor at the calibration date`` and ``Tg`` the mean
      generation time: in an epidemic growing at rate ``r`` the infections of the
      last ``T`` days (``T`` = time from infection to end of infectiousness) are a
      share ``1 - exp(-r T)`` of all infections; it is clamped to
      [``MIN_ACTIVE_SHARE``, ``MAX_ACTIVE_SHARE``] so a flat or declining epidemic
      still has active infections.
    - Deaths are the observed deaths; everyone else ever infected has recovered.

    Returns the native ``seed_infections``, ``seed_recovered`` and ``seed_deaths``.
    """
    d = d or seir.DISEASE
    ifr = seir.infection_fatality_ratio(d)
    from_cases = case_count / ASCERTAINMENT
    from_deaths = death_count / ifr if ifr > 0 else 0.0
    cumulative = min(max(from_cases, from_deaths, death_count), MAX_ATTACK_SHARE * population)
    t_infectious = d["f_mild"] * d["d_mild"] + d["f_ili"] * d["d_ili"] + d["f_sari"] * d["d_sari"]
    window = d["d_latent"] + t_infectious
    generation = d["d_latent"] + t_infectious / 2.0
    growth = (r0 * factor_at_start - 1.0) / generation
    share = 1.0 - math.exp(-max(growth, 0.0) * window)
    share = min(max(share, MIN_ACTIVE_SHARE), MAX_ACTIVE_SHARE)
    deaths = min(float(death_count), cumulative)
    infections = (cumulative - deaths) * share
    recovered = cumulative - deaths - infections
    return {"seed_infections": infections, "seed_recovered": recovered, "seed_deaths": deaths}


def to_native(data, horizon_days=200):
    """Pre-processing: standard model input -> the model's own parameter file (a dict)."""
    p = data["parameters"]
    start = parse_date(p["calibrationDate"], "/parameters/calibrationDate")
    population, _ = population_of(data)
    periods = sorted(
        ((parse_date(x["startDate"], "startDate"), x["reductionPopulationContact"]) for x in p["interventionPeriods"]),
        key=lambda x: x[0],
    )
    reductions = [{"day": (day - start).days, "fraction": round(pct / 100.0, 6)} for day, pct in periods]
    r0 = seir.DEFAULT_R0 if p["r0"] is None else float(p["r0"])
    seeds = calibrate(p["calibrationCaseCount"], p["calibrationDeathCount"], r0,
                      seir.contact_factor(reductions, 0), population)
    native = {
        "model": seir.MODEL_NAME,
        "population": population,
        "start_date": start.isoformat(),
        "horizon_days": horizon_days,
        "r0": p["r0"],
        "contact_reductions": reductions,
        "substeps": 10,
    }
    native.update({k: round(v, 6) for k, v in seeds.items()})
    return native


# ----------------------------------------------------------------- post-processing


def to_standard(data, rows):
    """Post-processing: the model's CSV rows -> the standard model output."""
    timestamps = [row["day"] for row in rows]
    return {
        "metadata": data,
        "time": {
            "t0": rows[0]["date"],
            "timestamps": timestamps,
            "extent": [min(timestamps), max(timestamps)],
        },
        "aggregate": {"metrics": {name: [row[col] for row in rows] for name, col in METRICS}},
    }


def check_output(out):
    """A structural check of the standard model output (the output schema's shape,
    plus: one value per timestamp in every series, and extent = [min, max])."""
    problems = []
    if not isinstance(out, dict) or set(out) != {"metadata", "time", "aggregate"}:
        return ["/: expected exactly metadata, time and aggregate"]
    try:
        check_input(out["metadata"])
    except InputError as e:
        problems.append(f"/metadata{e}")
    t = out["time"]
    if not isinstance(t, dict) or set(t) != {"t0", "timestamps", "extent"}:
        return problems + ["/time: expected exactly t0, timestamps and extent"]
    if not isinstance(t["t0"], str):
        problems.append("/time/t0: expected a string")
    ts = t["timestamps"]
    if not isinstance(ts, list) or not ts or not all(_is_number(x) for x in ts):
        return problems + ["/time/timestamps: expected a non-empty array of numbers"]
    if t["extent"] != [min(ts), max(ts)]:
        problems.append("/time/extent: not [min, max] of the timestamps")
    a = out["aggregate"]
    if not isinstance(a, dict) or set(a) != {"metrics"} or not isinstance(a["metrics"], dict):
        return problems + ["/aggregate: expected exactly metrics"]
    names = [name for name, _ in METRICS]
    if set(a["metrics"]) != set(names):
        problems.append(f"/aggregate/metrics: expected exactly {', '.join(names)}")
    for name, series in a["metrics"].items():
        if not isinstance(series, list) or not all(_is_number(x) for x in series):
            problems.append(f"/aggregate/metrics/{name}: expected an array of numbers")
        elif len(series) != len(ts):
            problems.append(f"/aggregate/metrics/{name}: {len(series)} values for {len(ts)} timestamps")
    return problems


# ------------------------------------------------------------------------ the run


def _write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    os.replace(tmp, path)


def run(input_path, output_dir, timeout=600.0):
    """The whole connector run. Returns an exit code."""
    started = time.monotonic()
    log.info("seir-connector %s (model %s %s): input %s, output %s",
             CONNECTOR_VERSION, seir.MODEL_NAME, seir.MODEL_VERSION, input_path, output_dir)
    try:
        with open(input_path, encoding="utf-8") as f:
            data = json.load(f)
        check_input(data)
        native = to_native(data)
        seir.load_params(dict(native))  # the model's own checks, before starting it
    except OSError as e:
        return _fail(EXIT_BAD_INPUT, f"cannot read the input {input_path}: {e.strerror or e}")
    except json.JSONDecodeError as e:
        return _fail(EXIT_BAD_INPUT, f"the input {input_path} is not JSON: {e}")
    except (InputError, seir.ParameterError) as e:
        return _fail(EXIT_BAD_INPUT, f"invalid input: {e}")
    log.info("pre-processing: population %s, start %s, r0 %s, %d contact reductions, seed %.1f infected",
             native["population"], native["start_date"], native["r0"],
             len(native["contact_reductions"]), native["seed_infections"])

    # The native files sit flat in the output dir (no subdirectory): everything the
    # container user creates there stays deletable by whoever owns the workspace.
    params_path = os.path.join(output_dir, "params.json")
    csv_path = os.path.join(output_dir, "seir.csv")
    try:
        os.makedirs(output_dir, exist_ok=True)
        with open(params_path, "w", encoding="utf-8") as f:
            json.dump(native, f, indent=2)
            f.write("\n")
    except OSError as e:
        return _fail(EXIT_OUTPUT_FAILED, f"cannot write to the output dir {output_dir}: {e.strerror or e}")

    command = [sys.executable, os.path.join(HERE, "seir.py"), params_path, csv_path]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return _fail(EXIT_MODEL_FAILED, f"the model did not finish within {timeout:g} s")
    for line in (proc.stdout + proc.stderr).splitlines():
        log.info("model: %s", line)
    if proc.returncode != 0:
        return _fail(EXIT_MODEL_FAILED, f"the model exited with code {proc.returncode}")

    try:
        output = to_standard(data, seir.read_csv(csv_path))
    except (OSError, ValueError) as e:
        return _fail(EXIT_MODEL_FAILED, f"cannot read the model output {csv_path}: {e}")
    problems = check_output(output)
    if problems:
        return _fail(EXIT_OUTPUT_FAILED, "the standard output is invalid: " + "; ".join(problems))
    try:
        _write_json(os.path.join(output_dir, "data.json"), output)
        _write_json(os.path.join(output_dir, "manifest.json"), {"files": [
            {"path": "data.json", "mediaType": "application/json"},
            {"path": "params.json", "mediaType": "application/json"},
            {"path": "seir.csv", "mediaType": "text/csv"},
        ]})
    except OSError as e:
        return _fail(EXIT_OUTPUT_FAILED, f"cannot write to the output dir {output_dir}: {e.strerror or e}")
    log.info("post-processing: %d days from %s; wrote data.json and manifest.json in %.2f s",
             len(output["time"]["timestamps"]), output["time"]["t0"], time.monotonic() - started)
    return EXIT_OK


def _fail(code, message):
    log.error("error: %s", message)
    return code


def setup_logging(log_dir):
    handlers = [logging.StreamHandler(sys.stdout)]
    problem = None
    if log_dir:
        try:
            os.makedirs(log_dir, exist_ok=True)
            handlers.append(logging.FileHandler(os.path.join(log_dir, "connector.log"), encoding="utf-8"))
        except OSError as e:
            problem = f"cannot write the log to {log_dir} ({e.strerror or e}); logging to stdout only"
    logging.basicConfig(level=logging.INFO, handlers=handlers, force=True,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if problem:
        log.warning(problem)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="connector.py",
        description="Run the SEIR-H model on a standard model input and write the standard model output.")
    parser.add_argument("--input", help="the standard model input (default: $MODEL_INPUT_DIR/inputFile.json, "
                                        "MODEL_INPUT_DIR defaulting to /data/input)")
    parser.add_argument("--output-dir", help="where data.json and manifest.json go "
                                             "(default: $MODEL_OUTPUT_DIR or /data/output)")
    parser.add_argument("--log-dir", help="where connector.log goes (default: $MODEL_LOG_DIR, "
                                          "else /data/log without --input/--output-dir, else stdout only)")
    parser.add_argument("--timeout", type=float, default=600.0, help="model deadline in seconds (default 600)")
    args = parser.parse_args(argv)
    env = os.environ
    explicit = args.input is not None or args.output_dir is not None
    input_path = args.input or os.path.join(env.get("MODEL_INPUT_DIR") or "/data/input", "inputFile.json")
    output_dir = args.output_dir or env.get("MODEL_OUTPUT_DIR") or "/data/output"
    log_dir = args.log_dir or env.get("MODEL_LOG_DIR") or (None if explicit else "/data/log")
    setup_logging(log_dir)
    code = run(input_path, output_dir, args.timeout)
    if code != EXIT_OK:
        print(f"error: connector failed with exit code {code} (see the message above)", file=sys.stderr)
    return code


def _stop(signum, _frame):
    """Ends the connector on SIGTERM. As PID 1 in a container a process without a handler ignores
    SIGTERM, and the runner would have to kill it after the grace period (docs/connector-contract.md,
    C-TERM-1); raising here also ends a running model subprocess."""
    print(f"stopped by signal {signum}", file=sys.stderr)
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(main())
