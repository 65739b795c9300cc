#!/usr/bin/env python3
"""The milex stochastic simulation written as an honest, vectorised numpy program.

Reads the inputs milex-bench exports (--export FILE: deterministic paths per variant, country
and year; constants; the Cholesky factor of the shock covariance) and runs the same model:
normal shocks correlated by one matrix product, growth and primary-balance shocks in their
year, market-rate shocks accumulated, the MODEL.md section 4 recursion vectorised over draws
and countries, GDP-weighted group aggregates, percentiles 10..90 of the debt ratio and the
balance per variant, entity and year, and the four probabilities. Prints the wall time.

    python3 Benchmarks/stochastic_numpy.py INPUTS.json [--draws N]
"""
import json
import sys
import time

import numpy as np


def main() -> None:
    path = sys.argv[1]
    data = json.load(open(path))
    draws = int(sys.argv[sys.argv.index("--draws") + 1]) if "--draws" in sys.argv else int(data["draws"])
    start = time.perf_counter()
    years = len(data["years"]) - 1
    countries, variants = int(data["countries"]), int(data["variants"])
    lanes = variants * countries

    def per_lane(key):
        return np.asarray(data[key], dtype=float).reshape(variants, countries, years + 1)

    growth, market, primary = per_lane("growth"), per_lane("market_rate"), per_lane("primary")
    stock_flow, disbursement, repayment = per_lane("stock_flow"), per_lane("disbursement"), per_lane("repayment")

    def constant(key):
        return np.asarray(data[key], dtype=float).reshape(variants, countries)

    maturity, safe_rate = constant("maturity"), constant("safe_rate")
    base_gdp, base_debt, base_rate, base_ratio = constant("base_gdp"), constant("base_debt"), constant("base_rate"), constant("base_ratio")
    per_eur = np.asarray(data["per_eur"], dtype=float)
    groups = [np.asarray(members, dtype=int) for members in data["groups"]]
    lower = np.asarray(data["cholesky"], dtype=float)
    n = lower.shape[0]

    # Shocks: independent normals correlated by one matrix product; then laid out as
    # (year, country, variable, draw) so every array below is contiguous over draws.
    # Shocks only in the first shock_years projected years (milex's default: the Commission's
    # five); afterwards growth and primary-balance shocks are 0 and the market-rate level stays.
    shock_years = min(int(data.get("shock_years", years)), years)
    rng = np.random.default_rng(int(data["seed"]))
    drawn = rng.standard_normal((shock_years * draws, n)) @ lower.T
    drawn = drawn.reshape(shock_years, draws, countries, 3).transpose(0, 2, 3, 1)
    shocks = np.zeros((years, countries, 3, draws))
    shocks[:shock_years] = drawn
    growth_shock = shocks[:, :, 0, :]
    rate_shock = np.cumsum(shocks[:, :, 1, :], axis=0)  # persistent
    primary_shock = shocks[:, :, 2, :]

    entities = countries + len(groups)
    ratio = np.empty((variants, entities, years, draws))
    balance = np.empty((variants, entities, years, draws))
    weights = np.zeros((len(groups), countries))  # euro conversion and membership
    for g, members in enumerate(groups):
        weights[g, members] = 1.0 / per_eur[members]

    def column(values):
        return values[:, None]

    for k in range(variants):
        market_debt = np.repeat(column(base_debt[k]), draws, axis=1)
        safe_debt = np.zeros((countries, draws))
        rate = np.repeat(column(base_rate[k]), draws, axis=1)
        gdp = np.repeat(column(base_gdp[k]), draws, axis=1)
        inverse_maturity = column(1 / maturity[k])
        for t in range(1, years + 1):
            gdp *= 1 + (column(growth[k, :, t]) + growth_shock[t - 1]) / 100
            pb = column(primary[k, :, t]) + primary_shock[t - 1]
            rm = column(market[k, :, t]) + rate_shock[t - 1]
            safe_interest = column(safe_rate[k] / 100) * safe_debt
            interest = rate / 100 * market_debt + safe_interest
            b = pb - 100 * interest / gdp
            need = interest - pb * gdp / 100 + column(stock_flow[k, :, t])
            net_safe = column(disbursement[k, :, t] - repayment[k, :, t])
            safe_debt = safe_debt + net_safe
            maturing = market_debt * inverse_maturity
            issuance = maturing + need - net_safe
            remaining = market_debt - maturing
            unfloored = remaining + issuance
            at_floor = unfloored < 0
            positive = np.maximum(issuance, 0)
            denominator = remaining + positive
            with np.errstate(divide="ignore", invalid="ignore"):
                blended = (remaining * rate + positive * rm) / denominator
            rate = np.where(at_floor | (denominator == 0), rm, blended)
            market_debt = np.where(at_floor, 0.0, unfloored)
            debt = market_debt + safe_debt
            ratio[k, :countries, t - 1] = 100 * debt / gdp
            balance[k, :countries, t - 1] = b
            if groups:
                group_gdp = weights @ gdp
                ratio[k, countries:, t - 1] = 100 * (weights @ debt) / group_gdp
                balance[k, countries:, t - 1] = (weights @ (b * gdp)) / group_gdp

    levels = np.arange(10, 100, 10)
    debt_percentiles = np.percentile(ratio, levels, axis=-1)
    balance_percentiles = np.percentile(balance, levels, axis=-1)
    base = np.concatenate([base_ratio, np.stack([(base_debt[:, m] / per_eur[m]).sum(1) / (base_gdp[:, m] / per_eur[m]).sum(1) * 100 for m in groups], 1) if groups else np.zeros((variants, 0))], 1)
    p_above_base = (ratio[:, :, -1, :] > base[:, :, None]).mean(-1)
    p_above_60 = (ratio[:, :, -1, :] > 60).mean(-1)
    p_above_90 = (ratio[:, :, -1, :] > 90).mean(-1)
    p_deficit = (balance < -3).any(axis=2).mean(-1)
    wall = time.perf_counter() - start
    print(f"numpy stochastic: {countries} countries x {variants} variants x {years} years x {draws} draws, {len(groups)} groups")
    print(f"  wall time           {wall:.3f} s (numpy {np.__version__})")
    # A figure to compare with milex (different random streams: statistical agreement only).
    nato = countries  # the first group is NATO in milex-bench
    print(f"  first group, last variant, debt {data['years'][-1]}: p10 {debt_percentiles[0, -1, nato, -1]:.2f} · p50 {debt_percentiles[4, -1, nato, -1]:.2f} · p90 {debt_percentiles[8, -1, nato, -1]:.2f}; P(debt > 90) = {p_above_90[-1, nato]:.3f}")
    _ = (balance_percentiles, p_above_base, p_above_60, p_deficit)


if __name__ == "__main__":
    main()
