#!/usr/bin/env python3
"""The model-runner connector for the merit-order dispatch model (``dispatch.py``).

1. reads the run's configuration (``inputFile.json``: the model's input as the run request's
   ``configuration``, unchanged) and checks it against ``input.schema.json`` and the rules a
   schema cannot express (unique names, series lengths, costs not above the value of lost load);
2. **pre-processing**: expands every hourly series to one value per hour (a shorter series is a
   profile repeated over the horizon);
3. runs the model (:func:`dispatch.solve`);
4. checks the result against ``output.schema.json`` and writes ``data.json``, the hourly table
   ``dispatch.csv`` and ``manifest.json``.

Command line::

    connector.py                              # container mode: the connector contract
    connector.py --input FILE --output-dir DIR [--log-dir DIR]

Without options the directories come from the environment (``MODEL_INPUT_DIR``,
``MODEL_OUTPUT_DIR``, ``MODEL_LOG_DIR``), defaulting to ``/data/input``, ``/data/output`` and
``/data/log``. With ``--input``/``--output-dir`` (the subprocess form for an adapter), the log
dir is ``--log-dir``, else ``MODEL_LOG_DIR``, else none (stdout only).

The schemas are found in ``$ENERGY_SCHEMA_DIR``, else ``schemas/`` beside this file (the image,
the adapter jar), else the module's ``schemas/`` (the source tree).

Exit codes: 0 success; 2 invalid input (a one-line ``error:`` message with a JSON pointer says
why); 3 the model failed; 4 the output could not be written or is invalid.
"""

import argparse
import csv
import io
import json
import logging
import math
import os
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import dispatch  # noqa: E402

CONNECTOR_VERSION = "1.0.0"

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_MODEL_FAILED = 3
EXIT_OUTPUT_FAILED = 4

log = logging.getLogger("energy-connector")


class InputError(ValueError):
    """The input breaks a rule; the message starts with the JSON pointer of the culprit."""


# ------------------------------------------------------------------------ schemas


def schema_dir():
    candidates = [os.environ.get("ENERGY_SCHEMA_DIR"), os.path.join(HERE, "schemas"),
                  os.path.join(HERE, "..", "..", "..", "schemas")]
    for d in candidates:
        if d and os.path.isfile(os.path.join(d, "input.schema.json")):
            return os.path.normpath(d)
    raise OSError("input.schema.json not found in " + ", ".join(c for c in candidates if c))


def load_schema(name):
    with open(os.path.join(schema_dir(), name), encoding="utf-8") as f:
        return json.load(f)


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "integer": lambda v: _is_number(v) and float(v).is_integer(),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _pointer(path):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path) if path else "/"


def schema_errors(value, schema, root=None, path=()):
    """Errors of ``value`` against ``schema``: the draft-07 subset the energy schemas use (type,
    properties, required, additionalProperties, items, minItems, maxItems, minimum, maximum,
    exclusiveMinimum, pattern, local ``$ref``). Each error is ``"<pointer>: <message>"``."""
    root = schema if root is None else root
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return schema_errors(value, target, root, path)
    where = _pointer(path)
    types = schema.get("type")
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not any(_TYPES[t](value) for t in types):
            return [f"{where}: expected {' or '.join(types)}, got {json.dumps(value)[:40]}"]
    errors = []
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{_pointer(path + (key,))}: is required")
        for key, v in value.items():
            if key in props:
                errors += schema_errors(v, props[key], root, path + (key,))
            elif schema.get("additionalProperties") is False:
                errors.append(f"{_pointer(path + (key,))}: is not allowed (unknown property)")
            elif isinstance(schema.get("additionalProperties"), dict):
                errors += schema_errors(v, schema["additionalProperties"], root, path + (key,))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{where}: expected at least {schema['minItems']} items, got {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{where}: expected at most {schema['maxItems']} items, got {len(value)}")
        if isinstance(schema.get("items"), dict):
            for i, v in enumerate(value):
                errors += schema_errors(v, schema["items"], root, path + (i,))
    if _is_number(value):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{where}: {value} is below the minimum {schema['minimum']}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            errors.append(f"{where}: {value} must be above {schema['exclusiveMinimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{where}: {value} is above the maximum {schema['maximum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: {json.dumps(value)} does not match {schema['pattern']}")
    return errors


# ----------------------------------------------------------------- the input


def check_input(data, schema):
    """Checks the configuration; raises :class:`InputError` naming the first problem."""
    errors = schema_errors(data, schema)
    if errors:
        raise InputError("; ".join(errors[:3]) + (f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""))
    hours = int(data.get("horizonHours", len(data["demand"])))
    series = [("/demand", data["demand"])]
    names = set()
    for i, g in enumerate(data["generators"]):
        if g["name"] in names:
            raise InputError(f"/generators/{i}/name: {g['name']!r} is the name of an earlier generator")
        names.add(g["name"])
        if g["marginalCost"] > data["valueOfLostLoad"]:
            raise InputError(f"/generators/{i}/marginalCost: {g['marginalCost']} is above "
                             f"valueOfLostLoad ({data['valueOfLostLoad']}); unserved demand would be cheaper")
        if "availability" in g:
            series.append((f"/generators/{i}/availability", g["availability"]))
    for where, values in series:
        if hours % len(values) != 0:
            raise InputError(f"{where}: {len(values)} values do not fit a horizon of {hours} hours "
                             f"(give {hours} values, or a profile whose length divides {hours})")
    return hours


def to_case(data, hours):
    """Pre-processing: the configuration -> the model's case (every series one value per hour)."""
    def expand(values):
        return [values[t % len(values)] for t in range(hours)]

    return {
        "hours": hours,
        "demand": expand(data["demand"]),
        "valueOfLostLoad": data["valueOfLostLoad"],
        "generators": [{
            "name": g["name"],
            "capacity": g["capacity"],
            "marginalCost": g["marginalCost"],
            "co2Intensity": g.get("co2Intensity", 0.0),
            "availability": expand(g.get("availability", [1.0])),
        } for g in data["generators"]],
    }


# --------------------------------------------------------------- the output


def to_csv(result):
    """The hourly table: hour, demand, one column per generator (merit order), unserved, price, cost."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    names = result["meritOrder"]
    w.writerow(["hour", "demand"] + names + ["unserved", "price", "marginal_unit", "cost", "emissions"])
    for h in result["hours"]:
        w.writerow([h["hour"], repr(h["demand"])] + [repr(h["dispatch"][n]) for n in names]
                   + [repr(h["unserved"]), repr(h["price"]), h["marginalUnit"] or "", repr(h["cost"]),
                      repr(h["emissions"])])
    return buf.getvalue()


def _write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def run(input_path, output_dir):
    """The whole connector run. Returns an exit code."""
    started = time.monotonic()
    log.info("energy-connector %s (model %s %s): input %s, output %s", CONNECTOR_VERSION,
             dispatch.MODEL_NAME, dispatch.MODEL_VERSION, input_path, output_dir)
    try:
        input_schema, output_schema = load_schema("input.schema.json"), load_schema("output.schema.json")
    except (OSError, ValueError) as e:
        return _fail(EXIT_MODEL_FAILED, f"cannot load the schemas: {e}")
    try:
        with open(input_path, encoding="utf-8") as f:
            data = json.load(f)
        hours = check_input(data, input_schema)
    except OSError as e:
        return _fail(EXIT_BAD_INPUT, f"cannot read the input {input_path}: {e.strerror or e}")
    except ValueError as e:  # JSONDecodeError and InputError
        kind = "invalid input" if isinstance(e, InputError) else f"the input {input_path} is not JSON"
        return _fail(EXIT_BAD_INPUT, f"{kind}: {e}")
    log.info("pre-processing: %d hours, %d generators, value of lost load %s EUR/MWh",
             hours, len(data["generators"]), data["valueOfLostLoad"])

    try:
        result = dispatch.solve(to_case(data, hours))
    except (ArithmeticError, ValueError, KeyError, TypeError) as e:
        return _fail(EXIT_MODEL_FAILED, f"the model failed: {type(e).__name__}: {e}")
    problems = schema_errors(result, output_schema)
    if problems:
        return _fail(EXIT_OUTPUT_FAILED, "the output breaks output.schema.json: " + "; ".join(problems[:5]))
    try:
        os.makedirs(output_dir, exist_ok=True)
        _write(os.path.join(output_dir, "data.json"),
               json.dumps(result, separators=(",", ":"), allow_nan=False) + "\n")
        _write(os.path.join(output_dir, "dispatch.csv"), to_csv(result))
        _write(os.path.join(output_dir, "manifest.json"), json.dumps({"files": [
            {"path": "data.json", "mediaType": "application/json"},
            {"path": "dispatch.csv", "mediaType": "text/csv"},
        ]}, separators=(",", ":")) + "\n")
    except OSError as e:
        return _fail(EXIT_OUTPUT_FAILED, f"cannot write to the output dir {output_dir}: {e.strerror or e}")
    t = result["totals"]
    log.info("dispatched %d hours: cost %.2f EUR, unserved %.3f MWh in %d hours, emissions %.3f t; "
             "wrote data.json, dispatch.csv and manifest.json in %.2f s", hours, t["cost"], t["unserved"],
             t["hoursWithUnserved"], t["emissions"], time.monotonic() - started)
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
        description="Run the merit-order dispatch model on its input and write data.json.")
    parser.add_argument("--input", help="the model input (default: $MODEL_INPUT_DIR/inputFile.json, "
                                        "MODEL_INPUT_DIR defaulting to /data/input)")
    parser.add_argument("--output-dir", help="where data.json goes (default: $MODEL_OUTPUT_DIR or /data/output)")
    parser.add_argument("--log-dir", help="where connector.log goes (default: $MODEL_LOG_DIR, "
                                          "else /data/log without --input/--output-dir, else stdout only)")
    args = parser.parse_args(argv)
    env = os.environ
    explicit = args.input is not None or args.output_dir is not None
    input_path = args.input or os.path.join(env.get("MODEL_INPUT_DIR") or "/data/input", "inputFile.json")
    output_dir = args.output_dir or env.get("MODEL_OUTPUT_DIR") or "/data/output"
    log_dir = args.log_dir or env.get("MODEL_LOG_DIR") or (None if explicit else "/data/log")
    setup_logging(log_dir)
    code = run(input_path, output_dir)
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
