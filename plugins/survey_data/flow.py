"""Feasibility of integer flows with lower and upper bounds (max-flow).

The disclosure checks ask one question many times: "is there a table,
consistent with everything published, in which this hidden count has a
different value?". The published totals of a survey table form a network
(every count sits in at most two totals, with opposite signs), so that
question is a feasible-flow problem: integral, exact and fast for tables of
the size a survey publishes. This module is pure and knows nothing of surveys.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Edge:
    tail: str
    head: str
    low: int
    high: int


class _MaxFlow:
    def __init__(self):
        self.index: dict[str, int] = {}
        self.graph: list[list[int]] = []
        self.to: list[int] = []
        self.cap: list[int] = []

    def node(self, name: str) -> int:
        if name not in self.index:
            self.index[name] = len(self.graph)
            self.graph.append([])
        return self.index[name]

    def add(self, u: str, v: str, capacity: int) -> None:
        a, b = self.node(u), self.node(v)
        self.graph[a].append(len(self.to))
        self.to.append(b)
        self.cap.append(capacity)
        self.graph[b].append(len(self.to))
        self.to.append(a)
        self.cap.append(0)

    def run(self, source: str, sink: str) -> int:
        s, t = self.node(source), self.node(sink)
        total = 0
        while True:
            parent = [-1] * len(self.graph)
            parent[s] = -2
            queue = deque([s])
            while queue and parent[t] == -1:
                u = queue.popleft()
                for e in self.graph[u]:
                    v = self.to[e]
                    if self.cap[e] > 0 and parent[v] == -1:
                        parent[v] = e
                        queue.append(v)
            if parent[t] == -1:
                return total
            push = None
            v = t
            while v != s:
                e = parent[v]
                push = self.cap[e] if push is None else min(push, self.cap[e])
                v = self.to[e ^ 1]
            v = t
            while v != s:
                e = parent[v]
                self.cap[e] -= push
                self.cap[e ^ 1] += push
                v = self.to[e ^ 1]
            total += push


def feasible(edges: list[Edge], supply: dict[str, int]) -> bool:
    """Whether integer flows f_e in [low, high] exist with, at every node,
    outflow - inflow == supply[node] (0 for nodes not named).

    The supplies must add up to 0 (a node whose total is not published is the
    'ground', whose supply is minus the sum of the others)."""
    balance = dict(supply)
    graph = _MaxFlow()
    for edge in edges:
        if edge.low > edge.high:
            return False
        if edge.tail == edge.head:
            continue  # a count in no published total: only its bounds matter
        # Send the lower bound for certain; the rest is optional capacity.
        balance[edge.tail] = balance.get(edge.tail, 0) - edge.low
        balance[edge.head] = balance.get(edge.head, 0) + edge.low
        if edge.high > edge.low:
            graph.add(edge.tail, edge.head, edge.high - edge.low)
    if sum(balance.values()) != 0:
        return False
    needed = 0
    for name, amount in sorted(balance.items()):
        if amount > 0:
            graph.add("\0source", name, amount)
            needed += amount
        elif amount < 0:
            graph.add(name, "\0sink", -amount)
    if needed == 0:
        return True
    return graph.run("\0source", "\0sink") == needed
