"""The economic-dispatch invariants every result must satisfy, shared by the test suites.

``case`` is the model's case (every series one value per hour), ``result`` what
:func:`dispatch.solve` (or the connector's data.json) gives for it. Returns the list of broken
invariants, empty when all hold.
"""

import math

TOLERANCE = 1e-9


def _close(a, b):
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def violations(case, result):
    problems = []
    gens = case["generators"]
    names = [g["name"] for g in gens]
    cost = {g["name"]: g["marginalCost"] for g in gens}
    co2 = {g["name"]: g.get("co2Intensity", 0.0) for g in gens}
    voll = case["valueOfLostLoad"]
    if len(result["hours"]) != case["hours"] or result["horizonHours"] != case["hours"]:
        problems.append(f"{len(result['hours'])} hours for a horizon of {case['hours']}")
    if sorted(result["meritOrder"]) != sorted(names):
        problems.append(f"merit order {result['meritOrder']} does not list the generators {names}")
    energy = {n: 0.0 for n in names}
    for t, h in enumerate(result["hours"]):
        at = f"hour {t}"
        d = h["dispatch"]
        available = {g["name"]: g["capacity"] * g["availability"][t] for g in gens}
        if h["hour"] != t or h["demand"] != case["demand"][t]:
            problems.append(f"{at}: hour {h['hour']} demand {h['demand']}, expected {t} and {case['demand'][t]}")
        if set(d) != set(names):
            problems.append(f"{at}: dispatch of {sorted(d)}, expected {sorted(names)}")
            continue
        # Energy balance.
        if abs(sum(d.values()) + h["unserved"] - h["demand"]) > TOLERANCE:
            problems.append(f"{at}: dispatch {sum(d.values())} + unserved {h['unserved']} != demand {h['demand']}")
        # Within 0 .. capacity * availability.
        for n in names:
            if d[n] < 0 or d[n] > available[n] + TOLERANCE:
                problems.append(f"{at}: {n} produces {d[n]} MW of {available[n]} available")
        # Merit order: a cheaper unit with spare capacity is never idle while a dearer one runs,
        # and demand goes unserved only when every unit is at its available capacity.
        for a in names:
            spare = available[a] - d[a] > TOLERANCE
            for b in names:
                if spare and cost[a] < cost[b] and d[b] > 0:
                    problems.append(f"{at}: {b} ({cost[b]}) runs while the cheaper {a} ({cost[a]}) has spare capacity")
            if spare and h["unserved"] > 0:
                problems.append(f"{at}: {h['unserved']} MW unserved while {a} has spare capacity")
        # The price is the marginal unit's cost, or the value of lost load.
        running = [n for n in names if d[n] > 0]
        m = h["marginalUnit"]
        if m is None:
            if h["price"] != voll:
                problems.append(f"{at}: no marginal unit but price {h['price']} != VoLL {voll}")
            if h["unserved"] == 0 and any(available[n] > 0 for n in names):
                problems.append(f"{at}: no marginal unit though demand is served and capacity is available")
        else:
            if h["price"] != cost[m]:
                problems.append(f"{at}: price {h['price']} != the cost {cost[m]} of the marginal unit {m}")
            if h["unserved"] > 0:
                problems.append(f"{at}: marginal unit {m} though demand is unserved")
            if running and (m not in running or cost[m] < max(cost[n] for n in running)):
                problems.append(f"{at}: marginal unit {m} is not the dearest running unit of {running}")
        # The hour's cost and emissions.
        hour_cost = sum(d[n] * cost[n] for n in names) + h["unserved"] * voll
        if not _close(h["cost"], hour_cost):
            problems.append(f"{at}: cost {h['cost']} != sum(dispatch * cost) + unserved * VoLL = {hour_cost}")
        if not _close(h["emissions"], sum(d[n] * co2[n] for n in names)):
            problems.append(f"{at}: emissions {h['emissions']} != sum(dispatch * co2Intensity)")
        for n in names:
            energy[n] += d[n]
    # Totals agree with the hours.
    tot = result["totals"]
    hours = result["hours"]
    for n in names:
        g = tot["generators"].get(n, {})
        if not (_close(g.get("energy", -1), energy[n]) and _close(g.get("cost", -1), energy[n] * cost[n])
                and _close(g.get("emissions", -1), energy[n] * co2[n])):
            problems.append(f"totals of {n} {g} disagree with its hours (energy {energy[n]})")
    for key, value in (("demand", sum(h["demand"] for h in hours)), ("served", sum(energy.values())),
                       ("unserved", sum(h["unserved"] for h in hours)), ("cost", sum(h["cost"] for h in hours)),
                       ("emissions", sum(h["emissions"] for h in hours))):
        if not _close(tot[key], value):
            problems.append(f"totals/{key} {tot[key]} != the sum over the hours {value}")
    if tot["hoursWithUnserved"] != sum(1 for h in hours if h["unserved"] > 0):
        problems.append(f"totals/hoursWithUnserved {tot['hoursWithUnserved']} disagrees with the hours")
    if not _close(tot["cost"], sum(tot["generators"][n]["cost"] for n in names) + tot["unserved"] * voll):
        problems.append("totals/cost != sum of the generators' costs + unserved * VoLL")
    return problems
