"""The advisor ranks open jobs for a resume better than typing the resume's headline into the job
search: precision at 5 and nDCG at 10 on the labelled set (tests/advice/labelled.py)."""

from __future__ import annotations

from portal.advice import embeddings
from tests.advice.evaluation import (
    advisor_ranking,
    baseline_ranking,
    evaluate,
    load_labelled_postings,
)
from tests.advice.labelled import LABELS, RESUMES
from tests.advice.postings import labelled_postings


def test_the_labelled_set_is_big_and_varied_enough():
    assert len(RESUMES) >= 12
    assert len(labelled_postings()) >= 150
    assert set(LABELS) == set(RESUMES)
    assert all(2 in grades.values() for grades in LABELS.values())


def test_the_advisor_beats_a_plain_full_text_search_on_both_measures():
    load_labelled_postings()
    advisor, advisor_each = evaluate(advisor_ranking)
    baseline, baseline_each = evaluate(baseline_ranking)

    model = "with WordLlama embeddings" if embeddings.encoder() is not None else "words only"
    print(f"\nlabelled set: {len(RESUMES)} resumes, {len(labelled_postings())} postings ({model})")
    print(f"{'resume':28} {'P@5 adv':>8} {'P@5 base':>9} {'nDCG@10 adv':>12} {'nDCG@10 base':>13}")
    for name in RESUMES:
        a, b = advisor_each[name], baseline_each[name]
        print(
            f"{name:28} {a.precision_at_5:8.2f} {b.precision_at_5:9.2f}"
            f" {a.ndcg_at_10:12.3f} {b.ndcg_at_10:13.3f}"
        )
    print(
        f"{'MEAN':28} {advisor.precision_at_5:8.2f} {baseline.precision_at_5:9.2f}"
        f" {advisor.ndcg_at_10:12.3f} {baseline.ndcg_at_10:13.3f}"
    )
    assert advisor.precision_at_5 > baseline.precision_at_5
    assert advisor.ndcg_at_10 > baseline.ndcg_at_10


def test_with_words_alone_the_advisor_still_beats_the_baseline(app, monkeypatch):
    """A deployment without WordLlama (or with ADVICE_EMBEDDINGS off) keeps its edge."""
    monkeypatch.setitem(app.config, "ADVICE_EMBEDDINGS", False)
    load_labelled_postings()
    advisor, _ = evaluate(advisor_ranking)
    baseline, _ = evaluate(baseline_ranking)
    print(
        f"\nwords only: P@5 {advisor.precision_at_5:.2f} vs {baseline.precision_at_5:.2f},"
        f" nDCG@10 {advisor.ndcg_at_10:.3f} vs {baseline.ndcg_at_10:.3f}"
    )
    assert advisor.precision_at_5 > baseline.precision_at_5
    assert advisor.ndcg_at_10 > baseline.ndcg_at_10
