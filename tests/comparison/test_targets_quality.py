"""The extractor against the hand-made national table (benchmarks/gold/targets/): precision and
recall of targets (goal >= 0.95 each) and outcomes (>= 0.90), and no past result as a target.

The gold was written by reading the reports (see its README); all 19 years were also used while
developing the extractor, so these are development-set figures, pinned here so they cannot slip.
"""

from __future__ import annotations

from benchmarks.eval.targets_eval import evaluate, load_gold


def test_gold_covers_fifteen_years_or_more() -> None:
    gold = load_gold()
    assert len(gold.years) >= 15
    assert {f[1] for f, _ in gold.targets} >= {"gdp_growth", "cpi", "urban_new_jobs"}


def test_target_and_outcome_scores() -> None:
    s = evaluate()
    assert s.target_precision >= 0.95, s.target_extra
    assert s.target_recall >= 0.95, s.target_missed
    assert s.outcome_precision >= 0.90, s.outcome_extra
    assert s.outcome_recall >= 0.90, s.outcome_missed
    assert s.past_as_target == ()
