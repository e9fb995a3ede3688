#!/usr/bin/env python3
"""The model, as a model-runner connector: logistic growth of a population.

The connector contract (model-runner's docs/connector-contract.md), in short:

- read the input from ``$MODEL_INPUT_DIR/inputFile.json`` (default ``/data/input``);
- write the output to ``$MODEL_OUTPUT_DIR/data.json`` (default ``/data/output``);
- exit 0 on success, non-zero with a one-line ``error:`` message on stderr otherwise
  (2: the input is invalid);
- need no arguments, write nothing else, stop promptly on SIGTERM, give the same output for
  the same input.

Replace ``simulate`` with your model (or call your own program from here).
"""

import json
import os
import signal
import sys

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def simulate(population, rate, capacity, days):
    """The model: each day the population grows by ``rate`` times the room left."""
    values = [float(population)]
    for _ in range(days):
        p = values[-1]
        values.append(p + rate * p * (1 - p / capacity))
    return {
        "days": list(range(days + 1)),
        "population": [round(v, 6) for v in values],
    }


def problems(config):
    """What is wrong with the input, as messages naming the field (none when it is valid)."""
    if not isinstance(config, dict):
        return ["the input must be a JSON object"]
    found = []
    for name, kind in (("population", (int, float)), ("rate", (int, float)),
                       ("capacity", (int, float)), ("days", int)):
        value = config.get(name)
        if value is None:
            found.append(f"{name} is required")
        elif isinstance(value, bool) or not isinstance(value, kind):
            found.append(f"{name} must be a number")
    if found:
        return found
    if config["population"] < 0:
        found.append("population must be at least 0")
    if config["capacity"] <= 0:
        found.append("capacity must be greater than 0")
    if not 1 <= config["days"] <= 3650:
        found.append("days must be 1..3650")
    return found


def main():
    # As PID 1 in a container a signal without a handler is ignored: stop on SIGTERM.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    input_dir = os.environ.get("MODEL_INPUT_DIR", "/data/input")
    output_dir = os.environ.get("MODEL_OUTPUT_DIR", "/data/output")
    path = os.path.join(input_dir, "inputFile.json")
    try:
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
    except FileNotFoundError:
        print(f"error: no input at {path}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except json.JSONDecodeError as e:
        print(f"error: {path} is not JSON: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    found = problems(config)
    if found:
        print("error: invalid input: " + "; ".join(found), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"running {config['days']} days", file=sys.stderr)
    result = simulate(config["population"], config["rate"], config["capacity"], config["days"])
    with open(os.path.join(output_dir, "data.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, sort_keys=True)
    print("done", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
