"""A deterministic Länsi-Pohja and Lapland demo: loading it twice changes nothing."""

import random
import zlib
from datetime import UTC, date, datetime, time, timedelta

from argon2 import PasswordHasher
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AssistantProfile,
    AvailabilityException,
    AvailabilityWindow,
    Booking,
    EmployerProfile,
    ExceptionKind,
    Rating,
    RingMember,
    Role,
    Shift,
    ShiftKind,
    ShiftState,
    Skill,
    Status,
    User,
)
from portal.timeutil import local_span_to_utc, today_local
from seeds.marketplace_story import load_story
from seeds.names import FIRST_NAMES, LAST_NAMES
from seeds.pay_demo import load_pay_demo
from seeds.places import load_places
from seeds.positions_story import load_positions_story
from seeds.skills import load_skills
from seeds.staff_demo import load_staff_demo

DEMO_PASSWORD = "demo-salasana"  # noqa: S105 - published in the README for the demo only
AGREEMENT = "2026-1"

# Postal codes where demo people live, weighted roughly by population.
HOMES = [
    ("94100", 8),
    ("94200", 5),
    ("94300", 4),
    ("94600", 3),
    ("94700", 3),
    ("94900", 2),
    ("95400", 6),
    ("95410", 4),
    ("95420", 4),
    ("95430", 3),
    ("95450", 2),
    ("95470", 2),
    ("96100", 6),
    ("96200", 5),
    ("96300", 4),
    ("96400", 3),
    ("96500", 2),
    ("94400", 4),
    ("94450", 2),
    ("95200", 2),
    ("95220", 1),
    ("95300", 2),
    ("95325", 1),
    ("95600", 2),
    ("95620", 1),
    ("95675", 1),
    ("95520", 1),
    ("95540", 1),
    ("95700", 1),
    ("95900", 1),
    ("95970", 1),
]

# Named demo accounts (README lists them).
NAMED = [
    ("aino.avustaja@demo.avustajatori.fi", "Aino", "Mäkelä", Role.ASSISTANT, "94100"),
    ("mikko.avustaja@demo.avustajatori.fi", "Mikko", "Kangas", Role.ASSISTANT, "95300"),
    ("erkki.tyonantaja@demo.avustajatori.fi", "Erkki", "Lampela", Role.EMPLOYER, "95300"),
    ("sanna.sijaistyonantaja@demo.avustajatori.fi", "Sanna", "Rautio", Role.EMPLOYER, "95420"),
    ("koordinaattori@demo.avustajatori.fi", "Kaisa", "Koordinaattori", Role.COORDINATOR, None),
    ("admin@demo.avustajatori.fi", "Antti", "Ylläpitäjä", Role.ADMIN, None),
]
PENDING = ("pekka.odottaja@demo.avustajatori.fi", "Pekka", "Odottaja", Role.ASSISTANT, "94400")

PATTERNS = {
    "days": [(d, 7 * 60, 15 * 60) for d in range(5)],
    "evenings": [(d, 15 * 60, 22 * 60) for d in range(7)],
    "nights": [(d, 21 * 60, 8 * 60) for d in range(7)],  # over midnight
    "weekends": [(d, 8 * 60, 20 * 60) for d in (4, 5, 6)],
    "mornings": [(d, 6 * 60, 12 * 60) for d in range(6)],
    "mixed": [
        (0, 8 * 60, 16 * 60),
        (2, 8 * 60, 16 * 60),
        (3, 16 * 60, 22 * 60),
        (5, 9 * 60, 18 * 60),
    ],
}
ANNOUNCEMENTS = [
    "Kokenut henkilökohtainen avustaja, lähihoitaja. Nostot ja siirrot tuttuja.",
    "Opiskelen sosionomiksi ja teen iltoja ja viikonloppuja. Oma auto käytössä.",
    "Olen tehnyt yöavustamista ja hengityslaitetyötä useamman vuoden.",
    "Rauhallinen ja luotettava, pidän ulkoilusta ja harrastuksissa avustamisesta.",
    "Viittomakieli sujuu, olen avustanut kuuroa työnantajaa kolme vuotta.",
    "Kotityöt ja ruoanlaitto ovat vahvuuksiani. Ajokortti ja auto.",
    "Lasten ja nuorten avustaminen koulussa ja harrastuksissa.",
]


def _pick_home(rng: random.Random) -> str:
    codes, weights = zip(*HOMES, strict=True)
    return rng.choices(codes, weights=weights)[0]


def _user(email, first, last, role, status, password_hash) -> User:
    return User(
        email=email,
        password_hash=password_hash,
        role=role,
        status=status,
        first_name=first,
        last_name=last,
        phone=f"040 {zlib.crc32(email.encode()) % 10_000_000:07d}",
        locale="fi",
        agreement_version=AGREEMENT,
        agreement_accepted_at=datetime.now(UTC),
    )


def demo_loaded() -> bool:
    """True when the demo coordinator exists (the demo is loaded as a whole)."""
    return db.session.scalar(select(User.id).where(User.email == NAMED[4][0])) is not None


def load_demo(today: date | None = None) -> bool:
    """Load the demo once; returns False when it was already there."""
    load_places()
    load_skills()
    if demo_loaded():
        return False
    rng = random.Random(2026)  # deterministic
    today = today or today_local()
    password_hash = PasswordHasher().hash(DEMO_PASSWORD)
    skills = list(db.session.scalars(select(Skill).order_by(Skill.code)))
    assistants = _make_assistants(rng, password_hash, skills, today)
    employers = _make_employers(rng, password_hash, assistants)
    for email, first, last, role, _home in NAMED[4:]:
        db.session.add(_user(email, first, last, role, Status.APPROVED, password_hash))
    pending = _user(*PENDING[:4], Status.PENDING, password_hash)
    db.session.add(pending)
    db.session.flush()
    db.session.add(AssistantProfile(user_id=pending.id, postcode=PENDING[4]))
    _make_shifts(rng, today, employers, assistants, skills)
    db.session.flush()
    load_story(today)
    load_positions_story(today)
    load_staff_demo(today)
    load_pay_demo(today)
    return True


def _make_assistants(rng, password_hash, skills, today) -> list[AssistantProfile]:
    people = [(e, f, la, h) for e, f, la, r, h in NAMED if r == Role.ASSISTANT]
    for n in range(160):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append((f"avustaja{n + 1:03d}@demo.avustajatori.fi", first, last, _pick_home(rng)))
    profiles = []
    for index, (email, first, last, home) in enumerate(people):
        user = _user(email, first, last, Role.ASSISTANT, Status.APPROVED, password_hash)
        db.session.add(user)
        db.session.flush()
        languages = (
            ["fi"]
            + (["sv"] if rng.random() < 0.15 else [])
            + (["en"] if rng.random() < 0.4 else [])
            + (["se"] if rng.random() < 0.03 else [])
        )
        profile = AssistantProfile(
            user_id=user.id,
            announcement=rng.choice(ANNOUNCEMENTS),
            languages=" ".join(languages),
            postcode=home,
            max_travel_km=float(rng.choice([20, 30, 40, 60, 80, 100, 130])),
            on_call=index < 2 or rng.random() < 0.3,
            visible=True,
        )
        profile.skills = rng.sample(skills, rng.randint(2, 5))
        pattern_names = rng.sample(list(PATTERNS), rng.choice([1, 1, 2]))
        if index == 0:
            pattern_names = ["days", "weekends"]
        windows = {w for name in pattern_names for w in PATTERNS[name]}
        for weekday, start, end in sorted(windows):
            if end < start:  # over midnight: split at 24:00 into two stored windows
                profile.windows.append(
                    AvailabilityWindow(weekday=weekday, start_min=start, end_min=1440)
                )
                profile.windows.append(
                    AvailabilityWindow(weekday=(weekday + 1) % 7, start_min=0, end_min=end)
                )
            else:
                profile.windows.append(
                    AvailabilityWindow(weekday=weekday, start_min=start, end_min=end)
                )
        if rng.random() < 0.1:
            away = today + timedelta(days=rng.randint(3, 25))
            profile.exceptions.append(
                AvailabilityException(day=away, kind=ExceptionKind.HOLIDAY, note="Loma")
            )
        db.session.add(profile)
        profiles.append(profile)
    db.session.flush()
    return profiles


def _make_employers(rng, password_hash, assistants) -> list[EmployerProfile]:
    people = [
        (e, f, la, h, e.startswith("sanna")) for e, f, la, r, h in NAMED if r == Role.EMPLOYER
    ]
    for n in range(42):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append(
            (
                f"tyonantaja{n + 1:03d}@demo.avustajatori.fi",
                first,
                last,
                _pick_home(rng),
                n % 7 == 0,
            )
        )
    profiles = []
    for email, first, last, home, substitute in people:
        user = _user(email, first, last, Role.EMPLOYER, Status.APPROVED, password_hash)
        db.session.add(user)
        db.session.flush()
        profile = EmployerProfile(
            user_id=user.id,
            acts_for_principal=substitute,
            principal_name=rng.choice(FIRST_NAMES) if substitute else "",
            postcode=home,
            street_address=f"{rng.choice(['Koulu', 'Kirkko', 'Ranta'])}katu {rng.randint(1, 40)}",
            tasks="Aamutoimet, ruoanlaitto, ulkoilu ja asiointi.",
            aids="Pyörätuoli, nostolaite." if rng.random() < 0.5 else "Rollaattori.",
            briefing_card="Avain on avainlaatikossa, koodi kerrotaan puhelimessa.",
            max_distance_km=float(rng.choice([60, 80, 100, 150])),
            auto_confirm=rng.random() < 0.3,
        )
        db.session.add(profile)
        profiles.append(profile)
    db.session.flush()
    by_home: dict[str, list[AssistantProfile]] = {}
    for assistant in assistants:
        by_home.setdefault((assistant.postcode or "")[:3], []).append(assistant)
    for profile in profiles:
        nearby = by_home.get((profile.postcode or "")[:3], []) or assistants
        for assistant in rng.sample(nearby, min(len(nearby), rng.randint(2, 4))):
            db.session.add(RingMember(employer_id=profile.user_id, assistant_id=assistant.user_id))
    db.session.flush()
    return profiles


SHIFT_TIMES = [
    (time(7), time(15)),
    (time(8), time(16)),
    (time(15), time(22)),
    (time(21), time(8)),
    (time(9), time(13)),
    (time(16), time(20)),
]


def _make_shifts(rng, today, employers, assistants, skills) -> None:
    busy: dict[int, list[tuple[datetime, datetime]]] = {}

    def free(assistant_id, start, end):
        return all(end <= s or start >= e for s, e in busy.get(assistant_id, []))

    for employer in employers:
        for offset in sorted(rng.sample(range(-56, 28), rng.randint(4, 8))):
            day = today + timedelta(days=offset)
            start_clock, end_clock = rng.choice(SHIFT_TIMES)
            starts, ends = local_span_to_utc(day, start_clock, end_clock)
            kind = (
                ShiftKind.URGENT
                if 0 <= offset <= 2 and rng.random() < 0.5
                else (ShiftKind.ONE_OFF if rng.random() < 0.7 else ShiftKind.REGULAR)
            )
            shift = Shift(
                employer_id=employer.user_id,
                kind=kind,
                state=ShiftState.OPEN,
                title=rng.choice(["Aamuvuoro", "Iltavuoro", "Sijaisuus", "Yövuoro", "Asiointiapu"]),
                description="Avustaminen kotona ja asioinneilla.",
                starts_at=starts,
                ends_at=ends,
                postcode=employer.postcode,
                languages="fi",
                auto_confirm=employer.auto_confirm,
            )
            shift.required_skills = rng.sample(skills, rng.choice([0, 0, 1]))
            shift.preferred_skills = rng.sample(skills, rng.choice([0, 1, 2]))
            db.session.add(shift)
            db.session.flush()
            fill = offset < 0 or rng.random() < 0.3
            if not fill:
                continue
            candidates = [a for a in rng.sample(assistants, 12) if free(a.user_id, starts, ends)]
            if not candidates:
                continue
            chosen = candidates[0]
            busy.setdefault(chosen.user_id, []).append((starts, ends))
            booking = Booking(
                shift_id=shift.id, assistant_id=chosen.user_id, starts_at=starts, ends_at=ends
            )
            shift.state = ShiftState.FILLED
            if offset < 0:
                shift.state = ShiftState.COMPLETED
                booking.employer_confirmed_at = ends
                booking.assistant_confirmed_at = ends
                booking.no_show = rng.random() < 0.03
            db.session.add(booking)
            db.session.flush()
            if offset < 0 and not booking.no_show and rng.random() < 0.8:
                db.session.add(
                    Rating(
                        booking_id=booking.id,
                        rater_id=employer.user_id,
                        ratee_id=chosen.user_id,
                        stars=rng.choices([5, 4, 3, 2], [55, 30, 10, 5])[0],
                        comment=rng.choice(
                            ["", "Kiitos!", "Hyvä työpari.", "Täsmällinen ja ystävällinen."]
                        ),
                    )
                )
                db.session.add(
                    Rating(
                        booking_id=booking.id,
                        rater_id=chosen.user_id,
                        ratee_id=employer.user_id,
                        stars=rng.choices([5, 4, 3], [60, 30, 10])[0],
                    )
                )
