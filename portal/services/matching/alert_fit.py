"""Which new shifts an assistant could take: the recommender's hard filters, for alerts.

A saved-search alert must never name work the person could not take, so each new shift
is ranked for the one assistant with the same eligibility as "Shifts for me" (distance,
availability, skills, languages, the employer's exclusions and blocks either way).
"""

from portal.models import Shift, User
from portal.services.matching.adapter import load_ranker, shift_request
from portal.services.matching.candidate_rows import load_candidates
from recommender import CandidateIndex


def shifts_fitting(assistant: User, shifts: list[Shift]) -> list[Shift]:
    """The shifts among `shifts` this assistant is eligible for, best first."""
    found = load_candidates([assistant.id])
    if not found or not shifts:
        return []
    index = CandidateIndex(found, ranker=load_ranker())
    scored = []
    for shift in shifts:
        matches = index.rank(shift_request(shift), 1)
        if matches:
            scored.append((-matches[0].score, shift.starts_at, shift.id, shift))
    return [shift for *_key, shift in sorted(scored, key=lambda row: row[:3])]
