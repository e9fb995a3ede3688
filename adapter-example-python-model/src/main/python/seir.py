#!/usr/bin/env python3
"""SEIR-H: a small compartmental epidemic model with hospital compartments.

This file is "the third-party model": it knows nothing about model-runner. It has
its own parameter file (JSON, see ``DEFAULTS`` and the module README) and its own
output (a CSV time series, one row per day). Standard library only, Python >= 3.9.

Usage::

    python3 seir.py PARAMS.json OUT.csv

Compartments (people)::

    S  susceptible
    E  exposed (infected, not yet infectious)
    M  mild            infectious, recovers             -> R
    I  ILI             infectious, recovers             -> R
    H  SARI            hospitalised (weakly infectious) -> C (p_critical) or R
    C  critical (ICU)                                   -> D (p_death_critical) or K
    K  recovering from critical care (hospital bed)     -> R
    R  recovered / immune
    D  dead

Equations (rates per day; N = population, f(t) = contact factor = 1 - reduction)::

    lambda(t) = beta * f(t) * (M + I + w_sari * H) / N
    beta      = r0 / (f_mild * d_mild + f_ili * d_ili + f_sari * w_sari * d_sari)

    dS/dt = -lambda S
    dE/dt =  lambda S - E / d_latent
    dM/dt =  f_mild E / d_latent - M / d_mild
    dI/dt =  f_ili  E / d_latent - I / d_ili
    dH/dt =  f_sari E / d_latent - H / d_sari
    dC/dt =  p_critical H / d_sari - C / d_critical
    dK/dt =  (1 - p_death_critical) C / d_critical - K / d_crit_recov
    dR/dt =  M / d_mild + I / d_ili + (1 - p_critical) H / d_sari + K / d_crit_recov
    dD/dt =  p_death_critical C / d_critical

The infection fatality ratio is therefore f_sari * p_critical * p_death_critical.

Integration: explicit Euler on *flows* with ``substeps`` steps per day. Every flow is
taken out of one compartment and added to another, and no flow may exceed what its
source compartment holds, so the compartments stay non-negative and their sum stays
equal to the population (up to float rounding), and every cumulative series (the sum
of inflows into a compartment) is non-decreasing. Everything is computed in a fixed
order with plain floats and written with a fixed number of decimals, so the same
parameter file gives a byte-identical CSV.
"""

import csv
import datetime
import json
import math
import sys

MODEL_NAME = "seir-h"
MODEL_VERSION = "1.0.0"

#: Defaults of the native parameter file. ``r0: null`` means DEFAULT_R0.
DEFAULT_R0 = 2.4
DEFAULTS = {
    "population": None,  # required
    "start_date": None,  # required, ISO date of day 0
    "horizon_days": 200,
    "r0": None,
    "seed_infections": None,  # required: people infected (E + infectious) at day 0
    "seed_recovered": 0.0,  # people already recovered (immune) at day 0
    "seed_deaths": 0.0,  # people already dead at day 0
    "contact_reductions": [],  # [{"day": int (may be < 0), "fraction": 0..1}]
    "substeps": 10,
    "disease": {},  # overrides of DISEASE
}

#: Natural history of the disease (durations in days, fractions of infections).
DISEASE = {
    "d_latent": 4.0,
    "d_mild": 5.0,
    "d_ili": 7.0,
    "d_sari": 8.0,
    "d_critical": 10.0,
    "d_crit_recov": 7.0,
    "f_mild": 0.60,
    "f_ili": 0.35,
    "f_sari": 0.05,
    "p_critical": 0.30,
    "p_death_critical": 0.45,
    "w_sari": 0.25,
}

#: Output columns of the native CSV, in order.
COLUMNS = [
    "day", "date", "susceptible", "exposed", "mild", "ili", "sari", "critical",
    "crit_recov", "recovered", "dead", "new_deaths", "cum_mild", "cum_ili",
    "cum_sari", "cum_critical", "cum_crit_recov",
]

DECIMALS = 6


class ParameterError(ValueError):
    """The parameter file is invalid."""


def disease(overrides=None):
    d = dict(DISEASE)
    for key, value in (overrides or {}).items():
        if key not in DISEASE:
            raise ParameterError(f"disease: unknown parameter {key!r}")
        d[key] = _number(value, f"disease.{key}", minimum=0.0)
    if abs(d["f_mild"] + d["f_ili"] + d["f_sari"] - 1.0) > 1e-9:
        raise ParameterError("disease: f_mild + f_ili + f_sari must be 1")
    for key in ("p_critical", "p_death_critical", "w_sari"):
        if d[key] > 1.0:
            raise ParameterError(f"disease.{key} must be <= 1")
    for key in ("d_latent", "d_mild", "d_ili", "d_sari", "d_critical", "d_crit_recov"):
        if d[key] <= 0.0:
            raise ParameterError(f"disease.{key} must be > 0")
    return d


def infection_fatality_ratio(d=None):
    d = d or DISEASE
    return d["f_sari"] * d["p_critical"] * d["p_death_critical"]


def _number(value, name, minimum=None, maximum=None):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ParameterError(f"{name} must be a finite number, got {value!r}")
    value = float(value)
    if minimum is not None and value < minimum:
        raise ParameterError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ParameterError(f"{name} must be <= {maximum}, got {value}")
    return value


def load_params(raw):
    """Check a parsed parameter file and fill in defaults. Returns a new dict."""
    if not isinstance(raw, dict):
        raise ParameterError("the parameter file must hold a JSON object")
    unknown = sorted(set(raw) - set(DEFAULTS) - {"model", "comment"})
    if unknown:
        raise ParameterError(f"unknown parameters: {', '.join(unknown)}")
    p = dict(DEFAULTS)
    p.update(raw)
    p["population"] = _number(p["population"], "population", minimum=1.0)
    try:
        p["start_date"] = datetime.date.fromisoformat(str(p["start_date"])).isoformat()
    except ValueError:
        raise ParameterError(f"start_date must be an ISO date, got {p['start_date']!r}") from None
    h = p["horizon_days"]
    if isinstance(h, bool) or not isinstance(h, int) or not 1 <= h <= 3650:
        raise ParameterError(f"horizon_days must be an integer in 1..3650, got {h!r}")
    s = p["substeps"]
    if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= 1000:
        raise ParameterError(f"substeps must be an integer in 1..1000, got {s!r}")
    p["r0"] = DEFAULT_R0 if p["r0"] is None else _number(p["r0"], "r0", minimum=0.0, maximum=20.0)
    for key in ("seed_infections", "seed_recovered", "seed_deaths"):
        p[key] = _number(p[key], key, minimum=0.0)
    if p["seed_infections"] + p["seed_recovered"] + p["seed_deaths"] > p["population"]:
        raise ParameterError("seed_infections + seed_recovered + seed_deaths exceed the population")
    reductions = []
    if not isinstance(p["contact_reductions"], list):
        raise ParameterError("contact_reductions must be a list")
    for i, r in enumerate(p["contact_reductions"]):
        if not isinstance(r, dict) or set(r) != {"day", "fraction"}:
            raise ParameterError(f"contact_reductions[{i}] must be an object {{day, fraction}}")
        day = r["day"]
        if isinstance(day, bool) or not isinstance(day, int):
            raise ParameterError(f"contact_reductions[{i}].day must be an integer")
        frac = _number(r["fraction"], f"contact_reductions[{i}].fraction", 0.0, 1.0)
        reductions.append({"day": day, "fraction": frac})
    # Stable sort: of two reductions on the same day, the later one in the file wins.
    p["contact_reductions"] = sorted(reductions, key=lambda r: r["day"])
    if not isinstance(p["disease"], dict):
        raise ParameterError("disease must be an object")
    p["disease"] = disease(p["disease"])
    return p


def contact_factor(reductions, t):
    """1 - the reduction of the latest period that has started at time t (days)."""
    factor = 1.0
    for r in reductions:
        if r["day"] <= t:
            factor = 1.0 - r["fraction"]
        else:
            break
    return factor


def simulate(params):
    """Run the model. ``params`` as returned by :func:`load_params`.

    Returns a list of rows (dicts keyed by COLUMNS), one per day 0..horizon_days.
    """
    d = params["disease"]
    n = params["population"]
    beta = params["r0"] / (
        d["f_mild"] * d["d_mild"] + d["f_ili"] * d["d_ili"] + d["f_sari"] * d["w_sari"] * d["d_sari"]
    )

    # Initial state. Seed infections are split between E and the infectious
    # compartments in proportion to the time an infection spends in each, which is
    # what a steadily growing or shrinking epidemic looks like to first order.
    seed = params["seed_infections"]
    t_inf = d["f_mild"] * d["d_mild"] + d["f_ili"] * d["d_ili"] + d["f_sari"] * d["d_sari"]
    e0 = seed * d["d_latent"] / (d["d_latent"] + t_inf)
    infectious0 = seed - e0
    m0 = infectious0 * d["f_mild"] * d["d_mild"] / t_inf
    i0 = infectious0 * d["f_ili"] * d["d_ili"] / t_inf
    h0 = infectious0 - m0 - i0
    rec0 = params["seed_recovered"]
    dead0 = params["seed_deaths"]
    st = {
        "S": n - seed - rec0 - dead0, "E": e0, "M": m0, "I": i0, "H": h0,
        "C": 0.0, "K": 0.0, "R": rec0, "D": dead0,
    }
    # Cumulative counts: people in the compartment at day 0, plus the share of the
    # already recovered who went through it (so the series start at a sensible level).
    past = rec0 + dead0
    cum = {
        "M": m0 + past * d["f_mild"],
        "I": i0 + past * d["f_ili"],
        "H": h0 + past * d["f_sari"],
        "C": past * d["f_sari"] * d["p_critical"],
        "K": past * d["f_sari"] * d["p_critical"] * (1.0 - d["p_death_critical"]),
    }

    steps = params["substeps"]
    dt = 1.0 / steps
    start = datetime.date.fromisoformat(params["start_date"])
    reductions = params["contact_reductions"]
    rows = [_row(0, start, st, cum, 0.0)]
    for day in range(1, params["horizon_days"] + 1):
        deaths_today = 0.0
        for k in range(steps):
            t = (day - 1) + k * dt
            foi = beta * contact_factor(reductions, t) * (st["M"] + st["I"] + d["w_sari"] * st["H"]) / n
            infect = min(st["S"], foi * st["S"] * dt)
            onset = min(st["E"], st["E"] * dt / d["d_latent"])
            m_out = min(st["M"], st["M"] * dt / d["d_mild"])
            i_out = min(st["I"], st["I"] * dt / d["d_ili"])
            h_out = min(st["H"], st["H"] * dt / d["d_sari"])
            c_out = min(st["C"], st["C"] * dt / d["d_critical"])
            k_out = min(st["K"], st["K"] * dt / d["d_crit_recov"])
            to_m = onset * d["f_mild"]
            to_i = onset * d["f_ili"]
            to_h = onset - to_m - to_i
            to_c = h_out * d["p_critical"]
            to_d = c_out * d["p_death_critical"]
            to_k = c_out - to_d
            st["S"] -= infect
            st["E"] += infect - onset
            st["M"] += to_m - m_out
            st["I"] += to_i - i_out
            st["H"] += to_h - h_out
            st["C"] += to_c - c_out
            st["K"] += to_k - k_out
            st["R"] += m_out + i_out + (h_out - to_c) + k_out
            st["D"] += to_d
            for key in st:  # float rounding only; flows never exceed their source
                if st[key] < 0.0:
                    st[key] = 0.0
            cum["M"] += to_m
            cum["I"] += to_i
            cum["H"] += to_h
            cum["C"] += to_c
            cum["K"] += to_k
            deaths_today += to_d
        rows.append(_row(day, start + datetime.timedelta(days=day), st, cum, deaths_today))
    return rows


def _row(day, date, st, cum, new_deaths):
    return {
        "day": day, "date": date.isoformat(),
        "susceptible": st["S"], "exposed": st["E"], "mild": st["M"], "ili": st["I"],
        "sari": st["H"], "critical": st["C"], "crit_recov": st["K"], "recovered": st["R"],
        "dead": st["D"], "new_deaths": new_deaths,
        "cum_mild": cum["M"], "cum_ili": cum["I"], "cum_sari": cum["H"],
        "cum_critical": cum["C"], "cum_crit_recov": cum["K"],
    }


def format_value(value):
    if isinstance(value, float):
        text = f"{value:.{DECIMALS}f}"
        return "0." + "0" * DECIMALS if text.startswith("-") and float(text) == 0.0 else text
    return str(value)


def write_csv(rows, out):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([format_value(row[c]) for c in COLUMNS])


def read_csv(path):
    """Read a CSV written by :func:`write_csv` back into rows (numbers as float/int)."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path}: unexpected columns {reader.fieldnames}")
        rows = []
        for raw in reader:
            row = {c: float(raw[c]) for c in COLUMNS if c not in ("day", "date")}
            row["day"] = int(raw["day"])
            row["date"] = raw["date"]
            rows.append(row)
    return rows


def run(params_path, out_path):
    with open(params_path, encoding="utf-8") as f:
        params = load_params(json.load(f))
    rows = simulate(params)
    with open(out_path, "w", newline="", encoding="utf-8") as out:
        write_csv(rows, out)
    return rows


def main(argv):
    if len(argv) != 3 or argv[1] in ("-h", "--help"):
        print(f"usage: {argv[0]} PARAMS.json OUT.csv", file=sys.stderr)
        return 2
    try:
        run(argv[1], argv[2])
    except (OSError, json.JSONDecodeError, ParameterError) as e:
        print(f"{MODEL_NAME}: error: {e}", file=sys.stderr)
        return 2
    print(f"{MODEL_NAME} {MODEL_VERSION}: wrote {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
