"""Reference values for app/stats/experiment/interleaving.test.ts and sign-test.test.ts: the
two-sided exact sign test on interleaving wins (scipy.stats.binomtest, p = 0.5, ties dropped) and
the preference Δ = (wins_A + ties/2)/total − 0.5 (Chapelle et al. 2012).
Run: /usr/bin/python3 scripts/reference/experiment_interleaving.py"""
from scipy import stats

from experiment_common import emit

out = []
for wins_a, wins_b, ties in [(60, 40, 25), (10, 10, 3), (0, 7, 0), (530, 470, 1200), (3, 1, 0), (1, 0, 5)]:
    decisive = wins_a + wins_b
    total = decisive + ties
    out.append(
        {
            "winsA": wins_a,
            "winsB": wins_b,
            "ties": ties,
            "preference": (wins_a + ties / 2) / total - 0.5,
            "pValue": float(stats.binomtest(wins_a, decisive, 0.5).pvalue),
        }
    )


def mulberry32(seed):
    """Independent transcription of mulberry32 with explicit uint32 arithmetic (for seeded-random.test.ts)."""
    state = seed & 0xFFFFFFFF
    mask = 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & mask

    while True:
        state = (state + 0x6D2B79F5) & mask
        t = state
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & mask
        yield ((t ^ (t >> 14)) & mask) / 4294967296


streams = {}
for seed in (0, 1, 42, 2**32 - 1):
    gen = mulberry32(seed)
    streams[str(seed)] = [next(gen) for _ in range(5)]
emit({"signTests": out, "mulberry32": streams})
