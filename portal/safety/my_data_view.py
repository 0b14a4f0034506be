"""The "my data" page in words: headings, field names and values in the user's language.

The JSON download keeps the database's field names; this page never shows them.
"""

from datetime import date, datetime

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.i18n import local_date, local_datetime
from portal.models import (
    AfterShift,
    DeliveryState,
    OfferState,
    ReportState,
    RoundState,
)
from portal.services.staff import admin

TABLE_TITLES = {
    "users": _l("Account"),
    "assistant_profiles": _l("Assistant profile"),
    "employer_profiles": _l("Employer profile"),
    "assistant_skills": _l("Your skills"),
    "availability_windows": _l("Weekly availability"),
    "availability_exceptions": _l("Holidays and other exceptions"),
    "message_prefs": _l("Message settings"),
    "auth_sessions": _l("Sign-ins"),
    "login_attempts": _l("Failed sign-in attempts"),
    "ring_members": _l("Substitute rings"),
    "excluded_assistants": _l("Excluded assistants"),
    "shifts": _l("Shifts you posted"),
    "shift_required_skills": _l("Skills your shifts require"),
    "shift_preferred_skills": _l("Skills your shifts prefer"),
    "offer_rounds": _l("Substitute searches for your shifts"),
    "offers": _l("Offers and applications"),
    "bookings": _l("Confirmed shifts"),
    "ratings": _l("Ratings given and received"),
    "notifications": _l("Messages to you"),
    "delivery_log": _l("Emails and text messages sent to you"),
    "reports": _l("Reports"),
    "reports_about_me": _l("Reports about you (how many, by outcome; never who sent them)"),
    "vetting_records": _l("What the HAVU centre checked"),
    "vetting_references": _l("References"),
    "erasure_requests": _l("Erasure requests"),
    "change_log": _l("Updates to your place in the rankings"),
}
OTHER = _l("Other records")

FIELDS = {
    "email": _l("Email"),
    "role": _l("Role"),
    "status": _l("Registration"),
    "status_reason": _l("Reason"),
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "phone": _l("Phone"),
    "locale": _l("Language"),
    "agreement_version": _l("User agreement version"),
    "agreement_accepted_at": _l("User agreement accepted"),
    "created_at": _l("Created"),
    "decided_at": _l("Decided"),
    "erased_at": _l("Erased"),
    "announcement": _l("Announcement"),
    "languages": _l("Languages"),
    "postcode": _l("Postal code"),
    "max_travel_km": _l("Longest trip (km)"),
    "max_distance_km": _l("Longest distance (km)"),
    "on_call": _l("On call"),
    "visible": _l("Visible to employers"),
    "moderation": _l("Moderation"),
    "updated_at": _l("Updated"),
    "acts_for_principal": _l("Acts for a principal"),
    "principal_name": _l("Principal"),
    "street_address": _l("Street address"),
    "tasks": _l("Tasks"),
    "aids": _l("Aids"),
    "briefing_card": _l("Briefing card"),
    "auto_confirm": _l("Confirm the first yes automatically"),
    "skill_id": _l("Skill"),
    "weekday": _l("Weekday"),
    "start_min": _l("From"),
    "end_min": _l("Until"),
    "day": _l("Day"),
    "kind": _l("Kind"),
    "note": _l("Note"),
    "inapp": _l("In the portal"),
    "sms": _l("Text message"),
    "quiet_start": _l("Quiet hours from"),
    "quiet_end": _l("Quiet hours until"),
    "night_urgent": _l("Urgent offers at night"),
    "paused_until": _l("Offers paused until"),
    "email_unsubscribed_at": _l("Emails stopped"),
    "revoked_at": _l("Signed out"),
    "address": _l("Address"),
    "at": _l("When"),
    "added_at": _l("Added"),
    "state": _l("State"),
    "title": _l("Title"),
    "description": _l("Description"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "cancelled_at": _l("Cancelled"),
    "confirmed_at": _l("Confirmed"),
    "late_cancel": _l("Cancelled late"),
    "employer_confirmed_at": _l("Employer confirmed it happened"),
    "assistant_confirmed_at": _l("Assistant confirmed it happened"),
    "no_show": _l("Marked as a no-show"),
    "no_show_removed": _l("No-show removed"),
    "outcome": _l("After the shift"),
    "source": _l("How it came"),
    "tier": _l("Step of the search"),
    "distance_km": _l("Distance (km)"),
    "message": _l("Message"),
    "related_to_employer": _l("Relative of the employer"),
    "relation": _l("Relation"),
    "expires_at": _l("Expires"),
    "answered_at": _l("Answered"),
    "answer_channel": _l("Answered by"),
    "stars": _l("Stars"),
    "comment": _l("Comment"),
    "hidden": _l("Hidden"),
    "hidden_reason": _l("Why hidden"),
    "subject": _l("Subject"),
    "body": _l("Text"),
    "url": _l("Link"),
    "read_at": _l("Read"),
    "channel": _l("Channel"),
    "sent_at": _l("Sent"),
    "attempts": _l("Attempts"),
    "reason": _l("Reason"),
    "decision": _l("Decision"),
    "contact": _l("Contact"),
    "requested_at": _l("Requested"),
    "handled_at": _l("Handled"),
    "identity_method": _l("Identity checked by"),
    "identity_seen_at": _l("Identity checked"),
    "criminal_record_seen_on": _l("Criminal record extract seen"),
    "interview_notes": _l("Interview notes"),
    "training": _l("Training"),
    "info_requested": _l("More information asked"),
    "name": _l("Name"),
    "contacted_on": _l("Contacted"),
    "notes": _l("Notes"),
    "started_at": _l("Started"),
    "filled_at": _l("Filled"),
    "window_ends_at": _l("Waiting for answers until"),
    "rank": _l("Place in the ranking"),
    "score": _l("Match score"),
}
# Plain values of columns without a labelled enum, in words.
VALUE_WORDS = {
    "role": {
        "assistant": _l("assistant"),
        "employer": _l("employer"),
        "coordinator": _l("coordinator"),
        "admin": _l("administrator"),
    },
    "status": {
        "pending": _l("waiting for vetting"),
        "approved": _l("approved"),
        "rejected": _l("rejected"),
        "suspended": _l("suspended"),
    },
    "kind": {
        "one_off": _l("One-off shift"),
        "regular": _l("Regular position (weekly)"),
        "urgent": _l("Urgent substitute shift"),
        "holiday": _l("Holiday: not available"),
        "sick": _l("Sick: not available"),
        "extra": _l("Extra time available"),
    },
    "source": {
        "application": _l("you applied"),
        "invitation": _l("the employer invited you"),
        "round": _l("an urgent offer"),
    },
}
# Keys that only link rows together: meaningless to a reader.
HIDDEN = {"id", "seq", "user_id", "calendar_token", "pin_lat", "pin_lon", "weekly_pattern"}
LABELLED = {
    "outcome": AfterShift,
    "offers.state": OfferState,
    "delivery_log.state": DeliveryState,
    "reports.state": ReportState,
    "offer_rounds.state": RoundState,
}
LANGUAGES = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}
YES, NO = _l("yes"), _l("no")


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def _value(table: str, key: str, value, skills: dict):
    """One value in words."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return YES if value else NO
    if key == "weekday":
        return get_day_names("wide", locale=str(get_locale()))[value]
    if key in ("start_min", "end_min"):
        return _clock(value)
    if key == "skill_id":
        return skills.get(value, value)
    if key in ("locale", "languages"):
        return ", ".join(str(LANGUAGES.get(code, code)) for code in str(value).split(","))
    if key in VALUE_WORDS and value in VALUE_WORDS[key] and f"{table}.{key}" not in LABELLED:
        return VALUE_WORDS[key][value]
    labelled = LABELLED.get(f"{table}.{key}") or LABELLED.get(key)
    if labelled is not None:
        try:
            return labelled(value).label
        except ValueError:
            return value
    if isinstance(value, str) and len(value) >= 10 and value[4] == "-" and value[7] == "-":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if len(value) == 10:
            return local_date(date.fromisoformat(value))
        return local_datetime(moment)
    return value


def sections(data: dict, extra_titles: dict | None = None) -> list[dict]:
    """The exported data as titled sections of rows of (field in words, value in words)."""
    titles = {**TABLE_TITLES, **(extra_titles or {})}
    locale = str(get_locale())
    skills = {s.id: s.name(locale) for s in admin.skills()}
    out = []
    for table, rows in data.items():
        if table == "audit_events" or not rows:
            continue
        shown = []
        for row in rows:
            pairs = [
                (FIELDS.get(key, key.replace("_", " ")), _value(table, key, value, skills))
                for key, value in row.items()
                if key not in HIDDEN and not (key.endswith("_id") and key != "skill_id")
            ]
            if pairs:
                shown.append(pairs)
        if shown:
            out.append(
                {
                    "id": table.replace("_", "-"),
                    "title": titles.get(table, OTHER),
                    "rows": shown,
                }
            )
    return out
