"""The offline matcher: skills and certifications recognised however they are written, the
guide's credentials with what it says about getting them, WordLlama loaded from its own package
with no network, and scores whose every reason points at the resume or the posting."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

from portal.advice import guides
from portal.advice.matching import posting_facts, score_postings
from portal.advice.profile import profile_of, years_of_work
from portal.advice.vocabulary import shipped
from portal.careers import services as careers
from tests.advice.conftest import mht_document
from tests.conftest import PROJECT_ROOT

TODAY = dt.date(2026, 11, 30)
MHT_POSTING = (
    "Behavioral Health Technician",
    "Observe patients on the unit. Use verbal de-escalation with patients in crisis. "
    "Current BLS certification required. Certified Psychiatric Technician license preferred.",
)
JAVA_POSTING = (
    "Senior Java Engineer",
    "Build microservices in Java and Spring Boot. Write unit tests. Deploy to AWS.",
)


def labels(text: str) -> set[str]:
    return {mention.concept.label for mention in shipped().find(text)}


def test_skills_are_recognised_however_they_are_written():
    assert "Crisis intervention and de-escalation" in labels("De-escalated crises daily")
    assert "CPR / BLS" in labels("BLS certification (American Heart Association)")
    assert "CPR / BLS" in labels("Certified in cardiopulmonary resuscitation")
    assert "Patient observation and safety checks" in labels("Completed 15-minute safety checks")
    assert "Certified Nursing Assistant (CNA)" in labels("State tested nursing assistant")
    # Whole words only: "cpr" inside another word is not CPR.
    assert labels("The cprx system") == set()


def test_the_guides_certifications_join_the_vocabulary_with_how_to_get_them():
    content = careers.published_guide("mental-health-technician").content
    cpt = next(c for c in content.certifications if "CPT" in c.name)

    knowledge = guides.knowledge()
    found = [m.concept for m in knowledge.vocabulary.find("Certified Psychiatric Technician")]
    assert found, "the guide's certification is not recognised"
    notes = knowledge.notes_for(found[0])
    assert notes[0].guide_slug == "mental-health-technician"
    assert notes[0].text == cpt.how_to_get
    assert knowledge.guides["mental-health-technician"].salary.entry == content.salary.entry


def test_years_of_work_count_overlapping_jobs_once():
    work = [
        {"startDate": "2020-01", "endDate": "2022-01"},
        {"startDate": "2021-01", "endDate": "2023-01"},  # a year of overlap
        {"startDate": "2024-01"},  # still there
        {"position": "undated"},
    ]
    assert years_of_work(work, dt.date(2025, 1, 1)) == 4.0


def test_a_fit_says_why_from_the_resume_and_the_posting_only():
    document = mht_document()
    profile = profile_of(document, shipped(), TODAY)
    fits, java = score_postings(
        profile, [posting_facts(shipped(), *MHT_POSTING), posting_facts(shipped(), *JAVA_POSTING)]
    )
    assert fits.value > 60 > 25 > java.value
    assert fits.why.startswith("You have ")
    assert "the posting asks for both" in fits.why
    matched = {concept.label for concept in fits.matched}
    assert {"CPR / BLS", "Crisis intervention and de-escalation"} <= matched
    # Every skill credited is in a line of the resume, and every one asked is in the posting.
    resume_text = str(document).casefold()
    for concept in fits.matched:
        evidence = profile.have[concept.key][0]
        assert evidence.line.text.casefold() in resume_text
    missing = {concept.label for concept in fits.missing}
    assert "Certified Psychiatric Technician (CPT)" in missing or any(
        "Psychiatric Technician" in label for label in missing
    )
    assert not java.matched
    assert java.why == "Little of what this posting asks for shows on your resume." or (
        "does not show" in java.why
    )


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_wordllama_loads_from_its_own_package_with_the_network_cut_off():
    result = _run(
        """
        import socket

        def refuse(*args, **kwargs):
            raise OSError("no network in this test")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        from portal.advice import embeddings

        vectors = embeddings.embed(
            ["mental health technician", "psychiatric aide", "java developer"]
        )
        assert vectors is not None, "wordllama did not load"
        close, far = vectors[1] @ vectors[0], vectors[2] @ vectors[0]
        assert close > far + 0.2, (close, far)
        print("loaded", vectors.shape)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "loaded (3, 256)" in result.stdout


def test_without_wordllama_the_matcher_scores_with_words_alone():
    result = _run(
        """
        import datetime as dt, json, sys
        sys.modules["wordllama"] = None  # as if it were not installed
        from portal.advice import embeddings
        from portal.advice.matching import posting_facts, score_postings
        from portal.advice.profile import profile_of
        from portal.advice.vocabulary import shipped

        assert embeddings.encoder() is None
        document = json.load(open("tests/resumes/data/mht.resume.json"))
        profile = profile_of(document, shipped(), dt.date(2026, 11, 30))
        fits, java = score_postings(profile, [
            posting_facts(shipped(), "Psychiatric Technician", "Verbal de-escalation; BLS."),
            posting_facts(shipped(), "Java Engineer", "Java, Spring Boot and AWS."),
        ])
        assert fits.value > java.value + 30, (fits, java)
        print("words only", fits.value, java.value)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "words only" in result.stdout
