"""The networkx peer of `npm run bench -- chain`: the same haircut trace, in Python.

    python3 bench/peers/chain_networkx.py DIR [MAX_HOPS]

Reads DIR/transfers.csv (tx,time,from,to,asset,amount; already in time order), labels.csv
and seeds.txt; builds a networkx DiGraph of who paid whom and takes the addresses within
MAX_HOPS of the seeds (single_source_shortest_path_length with a cutoff: no time order, a
superset of what taint can reach); then replays the transfers in order with exact integer
balances (Python ints), by the same rules as Cordon's haircut: time, then input order;
self-transfers dropped; a send carries tainted balance / balance x amount, floored; a send
beyond the balance carries all remaining taint; services (exchange, otc, bridge, mixer) and
addresses MAX_HOPS out are not followed. Prints the same JSON figures as bench/chain-trace.ts.
"""
import csv
import hashlib
import json
import sys
import time
from decimal import Decimal

import networkx as nx

SERVICES = {"exchange", "otc", "bridge", "mixer"}


def wei(text):
    whole, _, frac = text.partition(".")
    return int(whole) * 10**18 + int((frac + "0" * 18)[:18] or "0")


def main():
    folder = sys.argv[1]
    max_hops = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    started = time.perf_counter()
    ids = {}
    names = []
    frm, to, amounts, times = [], [], [], []
    with open(f"{folder}/transfers.csv", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            for address in (row[2], row[3]):
                if address not in ids:
                    ids[address] = len(names)
                    names.append(address)
            frm.append(ids[row[2]])
            to.append(ids[row[3]])
            times.append(int(row[1]))
            amounts.append(wei(row[5]))
    with open(f"{folder}/labels.csv", newline="") as f:
        services = {ids[r["address"]] for r in csv.DictReader(f) if r["category"] in SERVICES and r["address"] in ids}
    with open(f"{folder}/seeds.txt") as f:
        seeds = {ids[line.strip()] for line in f if line.strip() in ids}
    graph = nx.DiGraph()
    graph.add_edges_from((a, b) for a, b in zip(frm, to) if a != b and a not in services)
    near = set()
    for seed in seeds:
        near.update(nx.single_source_shortest_path_length(graph, seed, cutoff=max_hops))
    load_seconds = time.perf_counter() - started

    started = time.perf_counter()
    balance, taint, taint_in, received, hops = {}, {}, {}, {}, {}
    for s in seeds:
        hops[s] = 0
    for i in range(len(frm)):
        s, r = frm[i], to[i]
        if s == r or (s not in near and r not in near):
            continue
        amount = amounts[i]
        sb = balance.get(s, 0)
        st = taint.get(s, 0)
        if amount >= sb:
            carried = st
            balance[s] = 0
            taint[s] = 0
        else:
            carried = st * amount // sb if st else 0
            balance[s] = sb - amount
            if st:
                taint[s] = st - carried
        hs = hops.get(s, -1)
        if r in seeds:
            credit = amount
        elif s in services and s not in seeds or hs < 0 or hs >= max_hops:
            credit = 0
        else:
            credit = carried
        balance[r] = balance.get(r, 0) + amount
        if r in hops or credit > 0:
            received[r] = received.get(r, 0) + amount
        if credit > 0:
            taint[r] = taint.get(r, 0) + credit
            taint_in[r] = taint_in.get(r, 0) + credit
            h = 0 if r in seeds else hs + 1
            if r not in hops or h < hops[r]:
                hops[r] = h
    trace_seconds = time.perf_counter() - started
    lines = sorted(f"{names[a]},{taint_in.get(a, 0)},{h}" for a, h in hops.items())
    print(json.dumps({
        "loadSeconds": load_seconds,
        "traceSeconds": trace_seconds,
        "reached": len(lines),
        "taintedWei": str(sum(taint_in.get(a, 0) for a in hops)),
        "digest": hashlib.sha256("\n".join(lines).encode()).hexdigest(),
    }))


main()
