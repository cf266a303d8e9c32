"""Which road, when: every road timed to the same answer (weights within ε of
lstsq's) as p grows, for each condition number, and where each iterative road
overtakes the normal equation. Prints markdown tables.

Run from the repository root::

    python benchmarks/bench_roads.py [--sizes 250 500 1000 2000 3000]
        [--kappas 1 100 10000] [--epsilon 1e-6] [--seconds 20] [--repeats 3]

The page's own code runs (`solvers.roads.race` and `solvers.roads.crossovers`)
on one BLAS thread, as the server runs it. Each (p, road) is the median of
`--repeats` runs; an iterative road that has not reached ε after `--seconds`
stops, and its seconds are projected from its measured rate (marked "proj.").
`uptime` is printed before and after: other work on the machine only ever adds
time.
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import threadpoolctl

from figures.roads import SHORT, crossover_sentence
from figures.timing import human_duration
from solvers import roads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000, 3000]
    )
    parser.add_argument("--kappas", type=float, nargs="+", default=[1, 100, 1e4])
    parser.add_argument("--epsilon", type=float, default=1e-6)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--roads", nargs="+", default=[r for r in roads.ROADS if r != "lstsq"]
    )
    options = parser.parse_args()
    print("uptime before:", _uptime())
    with threadpoolctl.threadpool_limits(1, user_api="blas"):
        for kappa in options.kappas:
            race = roads.race(
                options.sizes,
                condition_number=kappa,
                epsilon=options.epsilon,
                roads=options.roads,
                seconds_per_run=options.seconds,
                repeats=options.repeats,
            )
            _print_race(race)
    print("uptime after:", _uptime())


def _print_race(race: roads.Race) -> None:
    print(
        f"\n#### κ = {race.condition_number:g}, ε = {race.epsilon:g} "
        "(seconds to the answer, steps)\n"
    )
    header = ["p", *(SHORT[road] for road in race.roads)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    sizes = sorted({run.n_features for run in race.runs})
    for p in sizes:
        cells = [str(p)]
        for road in race.roads:
            (run,) = [r for r in race.of(road) if r.n_features == p]
            cells.append(_cell(run))
        print("| " + " | ".join(cells) + " |")
    sentence = crossover_sentence(race, roads.crossovers(race))
    print("\n" + sentence.replace("**", ""))


def _cell(run: roads.RoadRun) -> str:
    steps = "" if run.road not in roads.ITERATIVE else f" ({run.steps})"
    if run.reached:
        return human_duration(run.seconds) + steps
    if run.projected_seconds == run.projected_seconds:  # not NaN
        return f"{human_duration(run.projected_seconds)} proj.{steps}"
    return f"not reached: {run.relative_error:.1e} after {human_duration(run.seconds)}"


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
