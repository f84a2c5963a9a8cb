"""Deterministic sample generator shared by the drift_*/performance_* reference scripts.

Mirrors app/stats/drift/test-data.ts bit for bit: a 32-bit linear congruential generator
(Numerical Recipes constants) and only +, -, *, / on the draws, which IEEE 754 rounds the same
way in numpy and JavaScript, so the TypeScript tests regenerate identical samples instead of
pasting them. Run the scripts with Debian's /usr/bin/python3 (scipy 1.10, sklearn 1.2).
"""

M = 2**32


def uniforms(seed, n):
    """n draws in (0, 1): (state + 0.5) / 2^32 after each LCG step."""
    state = seed % M
    out = []
    for _ in range(n):
        state = (1664525 * state + 1013904223) % M
        out.append((state + 0.5) / M)
    return out


def bell(seed, n, loc=0.0, scale=1.0):
    """Irwin-Hall(4) bell-shaped draws: (u1+u2+u3+u4-2)*scale + loc (variance scale^2/3)."""
    u = uniforms(seed, 4 * n)
    return [((u[4 * i] + u[4 * i + 1] + u[4 * i + 2] + u[4 * i + 3]) - 2) * scale + loc for i in range(n)]


def integers(seed, n, k):
    """n integers in 0..k-1: floor(u * k)."""
    return [int(x * k) for x in uniforms(seed, n)]
