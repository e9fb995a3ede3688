#!/usr/bin/env python3
"""Merit-order economic dispatch: the example energy-system model (standard library only).

Each hour, the generators run from the cheapest marginal cost to the dearest (ties in input
order), each up to its available capacity (``capacity * availability[hour]``), until demand is
met; demand left over is *unserved* and costs the value of lost load (VoLL). The hour's price is
the marginal cost of the price-setting unit (the dearest one running), or VoLL when demand is
unserved. There is no storage, no ramping and no network: hours are independent.

The model knows nothing about model-runner. :func:`solve` takes a *case* whose hourly series
already have one value per hour::

    {"hours": 3, "demand": [..3..], "valueOfLostLoad": 3000.0,
     "generators": [{"name": "gas", "capacity": 400.0, "marginalCost": 60.0,
                     "co2Intensity": 0.37, "availability": [..3..]}, ...]}

and returns the hourly dispatch and the totals (see ``schemas/output.schema.json``). The same
case always gives the same result, bit for bit.
"""

MODEL_NAME = "merit-order-dispatch"
MODEL_VERSION = "1.0.0"


def merit_order(generators):
    """Indices of ``generators`` from the cheapest to the dearest; ties keep the input order."""
    return sorted(range(len(generators)), key=lambda i: (generators[i]["marginalCost"], i))


def dispatch_hour(demand, available, order, costs, voll):
    """One hour: returns ``(dispatch per generator index, unserved, price, marginal index)``.

    ``available[i]`` is generator i's available MW this hour. The marginal index is None when
    demand is unserved (price = VoLL). With no demand, the price is what the first MWh would cost:
    the cheapest available unit's cost (VoLL when none is available).
    """
    output = [0.0] * len(available)
    remaining = demand
    marginal = None
    for i in order:
        if remaining <= 0.0:
            break
        produced = min(available[i], remaining)
        if produced > 0.0:
            output[i] = produced
            remaining -= produced  # becomes exactly 0.0 when this unit covers the rest
            marginal = i
    if remaining > 0.0:
        return output, remaining, voll, None
    if demand == 0.0:
        marginal = next((i for i in order if available[i] > 0.0), None)
    price = voll if marginal is None else costs[marginal]
    return output, 0.0, price, marginal


def solve(case):
    """Dispatches every hour of ``case`` and sums the totals."""
    gens = case["generators"]
    names = [g["name"] for g in gens]
    costs = [float(g["marginalCost"]) for g in gens]
    co2 = [float(g.get("co2Intensity", 0.0)) for g in gens]
    voll = float(case["valueOfLostLoad"])
    order = merit_order(gens)

    hours = []
    energy = [0.0] * len(gens)
    unserved_total = 0.0
    hours_unserved = 0
    for t in range(case["hours"]):
        demand = float(case["demand"][t])
        available = [float(g["capacity"]) * float(g["availability"][t]) for g in gens]
        output, unserved, price, marginal = dispatch_hour(demand, available, order, costs, voll)
        for i, mw in enumerate(output):
            energy[i] += mw
        unserved_total += unserved
        hours_unserved += unserved > 0.0
        hours.append({
            "hour": t,
            "demand": demand,
            "dispatch": {names[i]: output[i] for i in range(len(gens))},
            "unserved": unserved,
            "price": price,
            "marginalUnit": None if marginal is None else names[marginal],
            "cost": sum(output[i] * costs[i] for i in range(len(gens))) + unserved * voll,
            "emissions": sum(output[i] * co2[i] for i in range(len(gens))),
        })

    per_generator = {
        names[i]: {"energy": energy[i], "cost": energy[i] * costs[i], "emissions": energy[i] * co2[i]}
        for i in range(len(gens))
    }
    return {
        "model": {"name": MODEL_NAME, "version": MODEL_VERSION},
        "horizonHours": case["hours"],
        "valueOfLostLoad": voll,
        "meritOrder": [names[i] for i in order],
        "hours": hours,
        "totals": {
            "demand": sum(h["demand"] for h in hours),
            "served": sum(energy),
            "unserved": unserved_total,
            "hoursWithUnserved": hours_unserved,
            "cost": sum(v["cost"] for v in per_generator.values()) + unserved_total * voll,
            "emissions": sum(v["emissions"] for v in per_generator.values()),
            "generators": per_generator,
        },
    }
