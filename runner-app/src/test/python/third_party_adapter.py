"""A model adapter shaped like the energy-system ecosystem's (the MultiModelling Adapter-* repositories,
e.g. Adapter-ETM-Price-Profile and Adapter-ETM-KPIs), for model-runner's tests: Flask only, no SDK.

What it copies from them (see tno/*/apis/model_api.py, model/model.py, types.py there):
- the lifecycle under /model: GET request, POST initialize/<id>, GET run/<id>, GET status/<id>,
  GET results/<id>, GET remove/<id>; answers {"model_run_id", "state", "result", "reason"};
- its own configuration schema, checked like marshmallow under flask-smorest: unknown or missing
  fields are a 422 with {"code": 422, "status": "Unprocessable Entity", "errors": {"json": {...}}};
- an unknown model_run_id is answered 200 with state ERROR and a reason;
- run does the work and answers SUCCEEDED, but the run only ends inside the status handler:
  /results answers RUNNING (with the result already there) until /status has been called, then
  SUCCEEDED with the result;
- remove answers 200 "REMOVED!" as text/html.

Flags for the quirks of other adapters: --no-status (no /model/status route: Flask's 404 page),
--forget-on-run (the run is lost after run, as after a restart), --crash-on-run (an unhandled
exception: Flask's HTML 500), --ready-when-done (the seed text's reading: a finished run is READY,
on /status and /results alike, instead of SUCCEEDED). GET /_test/calls lists the calls received, GET /_test/configs the
initialize bodies. Prints "LISTENING <port>" once it listens on 127.0.0.1.
"""

import argparse
import sys
import threading
import uuid

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

PROFILE_FIELDS = {"scenario_ID": str, "base_price": float, "peak_price": float, "hours": int}
TOP_FIELDS = {"profile_config": dict, "output_file_path": str, "base_path": str}
REQUIRED_TOP = {"profile_config"}
TYPE_MESSAGES = {str: "Not a valid string.", float: "Not a valid number.", int: "Not a valid integer."}


def check_value(value, kind):
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)


def validate(config):
    """Marshmallow's error dict for the configuration, empty when it is valid."""
    if not isinstance(config, dict):
        return {"_schema": ["Invalid input type."]}
    errors = {}
    for key in config:
        if key not in TOP_FIELDS:
            errors[key] = ["Unknown field."]
    for key in REQUIRED_TOP:
        if key not in config:
            errors[key] = ["Missing data for required field."]
    for key, kind in TOP_FIELDS.items():
        if key in config and config[key] is not None and not isinstance(config[key], kind):
            errors[key] = ["Invalid input type." if kind is dict else TYPE_MESSAGES[kind]]
    profile = config.get("profile_config")
    if isinstance(profile, dict):
        nested = {}
        for key in profile:
            if key not in PROFILE_FIELDS:
                nested[key] = ["Unknown field."]
        for key, kind in PROFILE_FIELDS.items():
            if key not in profile:
                nested[key] = ["Missing data for required field."]
            elif not check_value(profile[key], kind):
                nested[key] = [TYPE_MESSAGES[kind]]
        if not nested and not 1 <= profile["hours"] <= 168:
            nested["hours"] = ["Must be greater than or equal to 1 and less than or equal to 168."]
        if nested:
            errors["profile_config"] = nested
    return errors


def price_profile(profile):
    """An hourly price curve: the peak price from 08:00 to 20:00, the base price otherwise."""
    curve = []
    for hour in range(profile["hours"]):
        price = profile["peak_price"] if 8 <= hour % 24 < 20 else profile["base_price"]
        curve.append(["%03d:00" % hour, float(price)])
    return curve


def create_app(no_status, forget_on_run, crash_on_run, ready_when_done=False):
    done_state = "READY" if ready_when_done else "SUCCEEDED"
    app = Flask("third_party_adapter")
    runs = {}
    calls = []
    configs = []
    lock = threading.Lock()

    def info(model_run_id, state, result=None, reason=None):
        return jsonify({"model_run_id": model_run_id, "state": state, "result": result,
                        "reason": reason})

    def unknown(model_run_id, where):
        return info(model_run_id, "ERROR", reason="Error in Model.%s(): model_run_id unknown" % where)

    @app.before_request
    def record():
        if not request.path.startswith("/_test"):
            with lock:
                calls.append(request.method + " " + request.path)

    @app.get("/status")
    def liveness():
        return "OK", 200

    @app.get("/model/request")
    def request_run():
        model_run_id = str(uuid.uuid4())
        runs[model_run_id] = {"state": "ACCEPTED", "config": None, "result": None, "done": False}
        return info(model_run_id, "ACCEPTED")

    @app.post("/model/initialize/<model_run_id>")
    def initialize(model_run_id):
        config = request.get_json(silent=True)
        errors = validate(config)
        if errors:
            return jsonify({"code": 422, "status": "Unprocessable Entity",
                            "errors": {"json": errors}}), 422
        with lock:
            configs.append(config)
        run = runs.get(model_run_id)
        if run is None:
            return unknown(model_run_id, "initialize")
        run["config"] = config
        run["state"] = "READY"
        return info(model_run_id, "READY")

    @app.get("/model/run/<model_run_id>")
    def run_model(model_run_id):
        run = runs.get(model_run_id)
        if run is None:
            return unknown(model_run_id, "run")
        if crash_on_run:
            raise RuntimeError("the model crashed")
        # like Adapter-ETM-Price-Profile: the work is done inside run, which answers SUCCEEDED,
        # while the run's own state stays RUNNING until its status is asked for
        run["state"] = "RUNNING"
        run["result"] = {"result": price_profile(run["config"]["profile_config"])}
        run["done"] = True
        if forget_on_run:
            del runs[model_run_id]
        return info(model_run_id, "SUCCEEDED")

    def status(model_run_id):
        run = runs.get(model_run_id)
        if run is None:
            return unknown(model_run_id, "status")
        if run["done"]:
            run["state"] = done_state  # the run only ends when its status is asked for
        return info(model_run_id, run["state"])

    if not no_status:
        app.add_url_rule("/model/status/<model_run_id>", "status", status, methods=["GET"])

    @app.get("/model/results/<model_run_id>")
    def results(model_run_id):
        run = runs.get(model_run_id)
        if run is None:
            return unknown(model_run_id, "results")
        if no_status and run["done"]:
            run["state"] = done_state
        return info(model_run_id, run["state"], result=run["result"])

    @app.get("/model/remove/<model_run_id>")
    def remove(model_run_id):
        runs.pop(model_run_id, None)
        return "REMOVED!", 200

    @app.get("/_test/calls")
    def test_calls():
        with lock:
            return jsonify(list(calls))

    @app.get("/_test/configs")
    def test_configs():
        with lock:
            return jsonify(list(configs))

    return app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-status", action="store_true")
    parser.add_argument("--forget-on-run", action="store_true")
    parser.add_argument("--crash-on-run", action="store_true")
    parser.add_argument("--ready-when-done", action="store_true")
    args = parser.parse_args()
    app = create_app(args.no_status, args.forget_on_run, args.crash_on_run, args.ready_when_done)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print("LISTENING %d" % server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
