"""The model: merit-order dispatch, checked by its invariants on fixed and on random cases."""

import copy
import json
import os
import random
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "main", "python"))
sys.path.insert(0, HERE)

import dispatch  # noqa: E402
from invariants import violations  # noqa: E402


def gen(name, capacity, cost, availability=None, co2=0.0):
    return {"name": name, "capacity": capacity, "marginalCost": cost, "co2Intensity": co2,
            "availability": availability}


def case(demand, generators, voll=3000.0):
    hours = len(demand)
    for g in generators:
        g["availability"] = g["availability"] or [1.0] * hours
    return {"hours": hours, "demand": demand, "valueOfLostLoad": voll, "generators": generators}


def random_case(rng):
    hours = rng.randint(1, 48)
    n = rng.randint(1, 8)
    costs = [rng.choice([0.0, 10.0, 45.0, 60.0, 60.0, 120.0, rng.uniform(0, 200)]) for _ in range(n)]
    generators = [gen(f"g{i}", rng.choice([0.0, rng.uniform(0, 500)]), costs[i],
                      [rng.choice([0.0, 1.0, rng.random()]) for _ in range(hours)], rng.uniform(0, 1.2))
                  for i in range(n)]
    demand = [rng.choice([0.0, rng.uniform(0, 1500), rng.uniform(0, 3000)]) for _ in range(hours)]
    return case(demand, generators, voll=rng.choice([200.0, 3000.0, 10000.0]))


class Invariants(unittest.TestCase):
    def assertValid(self, c, result):
        self.assertEqual(violations(c, result), [])

    def test_random_cases_keep_every_invariant(self):
        rng = random.Random(20260115)  # fixed seed: the same 300 cases every run
        for k in range(300):
            c = random_case(rng)
            with self.subTest(case=k):
                self.assertValid(c, dispatch.solve(c))

    def test_the_invariant_checker_catches_a_broken_result(self):
        c = case([100.0], [gen("cheap", 100.0, 10.0), gen("dear", 100.0, 50.0)])
        good = dispatch.solve(c)
        self.assertValid(c, good)
        swapped = copy.deepcopy(good)
        swapped["hours"][0]["dispatch"] = {"cheap": 0.0, "dear": 100.0}
        self.assertTrue(any("cheaper cheap" in p for p in violations(c, swapped)))
        unbalanced = copy.deepcopy(good)
        unbalanced["hours"][0]["dispatch"]["cheap"] = 90.0
        self.assertTrue(any("!= demand" in p for p in violations(c, unbalanced)))
        wrong_price = copy.deepcopy(good)
        wrong_price["hours"][0]["price"] = 50.0
        self.assertTrue(any("price" in p for p in violations(c, wrong_price)))
        wrong_total = copy.deepcopy(good)
        wrong_total["totals"]["cost"] += 1.0
        self.assertTrue(any("totals/cost" in p for p in violations(c, wrong_total)))


class Dispatch(unittest.TestCase):
    def test_units_run_cheapest_first_and_the_dearest_running_one_sets_the_price(self):
        c = case([250.0], [gen("gas", 200.0, 60.0, co2=0.37), gen("wind", 100.0, 0.0), gen("coal", 100.0, 45.0, co2=0.9)])
        h = dispatch.solve(c)["hours"][0]
        self.assertEqual(h["dispatch"], {"gas": 50.0, "wind": 100.0, "coal": 100.0})
        self.assertEqual((h["marginalUnit"], h["price"], h["unserved"]), ("gas", 60.0, 0.0))
        self.assertEqual(h["cost"], 50 * 60.0 + 100 * 45.0)
        self.assertAlmostEqual(h["emissions"], 50 * 0.37 + 100 * 0.9)

    def test_unserved_demand_costs_and_prices_at_the_value_of_lost_load(self):
        c = case([150.0], [gen("a", 100.0, 20.0)], voll=5000.0)
        r = dispatch.solve(c)
        h = r["hours"][0]
        self.assertEqual((h["dispatch"]["a"], h["unserved"], h["price"], h["marginalUnit"]), (100.0, 50.0, 5000.0, None))
        self.assertEqual(h["cost"], 100 * 20.0 + 50 * 5000.0)
        self.assertEqual((r["totals"]["unserved"], r["totals"]["hoursWithUnserved"]), (50.0, 1))

    def test_availability_limits_a_renewable_each_hour(self):
        c = case([100.0, 100.0, 100.0], [gen("solar", 80.0, 0.0, [0.0, 0.5, 1.0]), gen("gas", 200.0, 60.0)])
        r = dispatch.solve(c)
        self.assertEqual([h["dispatch"]["solar"] for h in r["hours"]], [0.0, 40.0, 80.0])
        self.assertEqual([h["dispatch"]["gas"] for h in r["hours"]], [100.0, 60.0, 20.0])

    def test_equal_costs_dispatch_in_input_order(self):
        c = case([150.0], [gen("first", 100.0, 30.0), gen("second", 100.0, 30.0)])
        r = dispatch.solve(c)
        self.assertEqual(r["meritOrder"], ["first", "second"])
        self.assertEqual(r["hours"][0]["dispatch"], {"first": 100.0, "second": 50.0})

    def test_an_hour_without_demand_is_priced_at_the_cheapest_available_unit(self):
        c = case([0.0], [gen("gas", 100.0, 60.0), gen("solar", 100.0, 0.0, [0.0]), gen("coal", 100.0, 45.0)])
        h = dispatch.solve(c)["hours"][0]
        self.assertEqual((h["marginalUnit"], h["price"], h["cost"]), ("coal", 45.0, 0.0))
        nothing = case([0.0], [gen("solar", 100.0, 0.0, [0.0])], voll=900.0)
        h = dispatch.solve(nothing)["hours"][0]
        self.assertEqual((h["marginalUnit"], h["price"], h["unserved"]), (None, 900.0, 0.0))

    def test_demand_met_exactly_by_full_units_leaves_nothing_unserved(self):
        c = case([300.0], [gen("a", 100.0, 10.0), gen("b", 200.0, 20.0), gen("c", 100.0, 30.0)])
        h = dispatch.solve(c)["hours"][0]
        self.assertEqual((h["unserved"], h["marginalUnit"], h["dispatch"]["c"]), (0.0, "b", 0.0))

    def test_more_cheap_capacity_never_raises_the_total_cost(self):
        rng = random.Random(7)
        for k in range(100):
            c = random_case(rng)
            more = copy.deepcopy(c)
            more["generators"].append(gen("extra", rng.uniform(0, 300), 0.0, [1.0] * c["hours"]))
            with self.subTest(case=k):
                self.assertLessEqual(dispatch.solve(more)["totals"]["cost"],
                                     dispatch.solve(c)["totals"]["cost"] * (1 + 1e-12))

    def test_the_same_case_gives_byte_identical_json(self):
        c = random_case(random.Random(3))
        self.assertEqual(json.dumps(dispatch.solve(c)), json.dumps(dispatch.solve(copy.deepcopy(c))))


if __name__ == "__main__":
    unittest.main()
