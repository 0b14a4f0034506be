"""Generated urgent-offer history whose true P(yes within a window) is known exactly."""

import math
import random
from datetime import UTC, datetime, timedelta

from recommender import OfferContext, OfferRecord, with_history

START = datetime(2026, 1, 5, tzinfo=UTC)
ANSWER_P = 0.7  # share of people who answer at all
DELAY_MEDIAN, DELAY_SIGMA = 8.0, 1.0  # awake minutes to an answer, log-normal
PERSON_SD = 0.8  # spread of people's own willingness (log-odds)
NIGHT = (22.0, 7.0)


def asleep(hour):
    """Return whether a local hour is in the night (nobody answers then)."""
    return hour >= NIGHT[0] or hour < NIGHT[1]


def p_yes_if_answering(ctx, person):
    """True P(yes | answers): on-call and ring help, distance and night shifts hurt."""
    z = -0.9 + 1.2 * ctx.on_call + 1.0 * ctx.in_ring - 0.05 * ctx.distance_km + person
    z -= 0.8 * asleep(ctx.start_hour % 24)
    return 1.0 / (1.0 + math.exp(-z))


def minutes_asleep(sent_hour):
    """Minutes from sending until the person wakes (0 by day)."""
    return ((NIGHT[1] - sent_hour) % 24.0) * 60.0 if asleep(sent_hour) else 0.0


def true_yes_within(ctx, person, window):
    """Exact P(yes within ``window`` minutes) for this context and person."""
    awake = window - minutes_asleep(ctx.sent_hour)
    if awake <= 0:
        return 0.0
    z = (math.log(awake) - math.log(DELAY_MEDIAN)) / DELAY_SIGMA
    delay_cdf = 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))
    return ANSWER_P * p_yes_if_answering(ctx, person) * delay_cdf


def random_context(rng, **fixed):
    """Return a random offer context; keyword arguments fix fields."""
    tier = rng.choice([1, 2, 3, 3])
    sent = rng.uniform(0.0, 24.0)
    lead = rng.uniform(0.5, 48.0)
    kw = {
        "tier": tier,
        "distance_km": rng.uniform(0.0, 60.0),
        "in_ring": tier == 1,
        "on_call": tier == 2 or rng.random() < 0.1,
        "sent_hour": sent,
        "start_hour": (sent + lead) % 24.0,
        "lead_hours": lead,
    }
    kw.update(fixed)
    return OfferContext(**kw)


def history(n_people=250, n_offers=3000, seed=1):
    """Return (people's willingness, records with own history counted)."""
    rng = random.Random(seed)
    people = [rng.gauss(0.0, PERSON_SD) for _ in range(n_people)]
    records = []
    for k in range(n_offers):
        pid = rng.randrange(n_people)
        ctx = random_context(rng)
        sent_at = START + timedelta(minutes=10 * k)
        watched = rng.uniform(5.0, 600.0)  # the round closed (filled, expired) by then
        if rng.random() < ANSWER_P:
            delay = minutes_asleep(ctx.sent_hour) + math.exp(
                math.log(DELAY_MEDIAN) + DELAY_SIGMA * rng.gauss(0.0, 1.0)
            )
            if delay <= watched:
                yes = rng.random() < p_yes_if_answering(ctx, people[pid])
                records.append(OfferRecord(pid, sent_at, ctx, "yes" if yes else "no", delay))
                continue
        records.append(OfferRecord(pid, sent_at, ctx, "none", None, watched))
    return people, with_history(records)
