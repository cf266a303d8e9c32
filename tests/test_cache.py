"""ui.frame.cache: one cache for every page, bounded in entries and in bytes."""

import dataclasses

import numpy as np
import pytest

from ui.frame import cache


@pytest.fixture
def small_budget(monkeypatch):
    """A 1 MB budget for everything cached, emptied before and after."""
    cache.clear()
    monkeypatch.setattr(cache, "MAX_BYTES", 2**20)
    yield
    cache.clear()


@dataclasses.dataclass(frozen=True)
class Result:
    values: np.ndarray
    label: str


def counting(function):
    """`function` cached, with a list of the arguments it was really called with."""
    calls = []

    @cache.memoize
    def cached(x, scale=1.0, _note=None):
        calls.append((x, scale))
        return function(x, scale)

    return cached, calls


def test_equal_arrays_hit_the_same_entry_and_get_the_same_object(small_budget):
    square, calls = counting(lambda x, scale: Result(x**2 * scale, "squared"))
    first = square(np.arange(4.0))
    again = square(np.arange(4.0), 1.0, _note="left out of the key")
    assert again is first and len(calls) == 1
    assert square(np.arange(4.0), scale=2.0) is not first  # another argument
    assert square(np.arange(5.0)) is not first  # another array
    assert len(calls) == 3


def test_shared_arrays_are_read_only(small_budget):
    square, _ = counting(lambda x, scale: Result(x**2, "squared"))
    result = square(np.arange(4.0))
    with pytest.raises(ValueError, match="read-only"):
        result.values[0] = 1.0


def test_the_byte_budget_drops_the_least_recently_used(small_budget):
    # 25,000 doubles = 200 kB each: the 1 MB budget holds five.
    make, calls = counting(lambda x, scale: np.full(25_000, float(x)))
    for x in range(1, 7):
        make(x)
    assert cache.usage() == (5, 1_000_000)
    make(6)  # the newest is still there
    assert len(calls) == 6
    make(1)  # the oldest went: computed again
    assert len(calls) == 7


def test_a_result_over_a_quarter_of_the_budget_is_returned_not_kept(small_budget):
    make, calls = counting(lambda x, scale: np.zeros(40_000))  # 320 kB > 256 kB
    assert make(1).shape == (40_000,)
    make(1)
    assert len(calls) == 2 and cache.usage() == (0, 0)


def test_the_entry_count_is_bounded_too(small_budget, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 3)
    tiny, calls = counting(lambda x, scale: x)
    for x in range(10):
        tiny(x)
    assert cache.usage()[0] == 3
    tiny(9)
    tiny(0)
    assert len(calls) == 11


def test_exceptions_are_not_cached(small_budget):
    @cache.memoize
    def fragile(x):
        fragile.calls += 1
        raise ValueError("no")

    fragile.calls = 0
    for _ in range(2):
        with pytest.raises(ValueError):
            fragile(1)
    assert fragile.calls == 2


def test_clear_forgets_one_function_or_all(small_budget):
    first, first_calls = counting(lambda x, scale: x)
    second, second_calls = counting(lambda x, scale: -x)
    first(1), second(1)
    first.clear()
    first(1), second(1)
    assert (len(first_calls), len(second_calls)) == (2, 1)
    cache.clear()
    assert cache.usage() == (0, 0)


def test_real_results_count_their_arrays_and_stay_within_the_budget(small_budget):
    """The pages' functions on a 2,000 × 500 upload (8 MB of X): a fit holds X
    and its centred copy, and trying λ after λ never passes the budget."""
    from ui.frame import compute

    cache.MAX_BYTES = 100 * 2**20  # monkeypatched: restored after the test
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((2000, 500)), rng.standard_normal(2000)
    compute.every_method(X, y)
    assert cache.usage()[1] > 2 * X.nbytes  # four fits sharing one design
    for lam in (0.1, 10.0, 1000.0):
        for penalize in (False, True):
            compute.ridge_fit(X, y, lam, penalize_intercept=penalize)
            assert cache.usage()[1] <= cache.MAX_BYTES
    assert cache.usage()[0] < 7  # the oldest were dropped


def test_a_frozen_array_is_hashed_once_and_a_writeable_one_every_time(small_budget):
    frozen = np.arange(6.0)
    frozen.flags.writeable = False
    assert cache._array_digest(frozen) == cache._array_digest(frozen.copy())
    assert id(frozen) in cache._digests
    view = np.arange(6.0)[::2]  # read-only view of writeable memory: may change
    view.flags.writeable = False
    cache._array_digest(view)
    assert id(view) not in cache._digests
    key = id(frozen)
    del frozen
    assert key not in cache._digests  # forgotten with the array
