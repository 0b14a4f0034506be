"""The audit trail in words: who (name and role), what they did, whose data, why."""

from flask_babel import lazy_gettext as _l

from portal.services import audit
from portal.services.marketplace import profiles

ACTIONS = {
    "announcement.view": _l("Looked at an assistant's announcement"),
    "audit.export": _l("Downloaded the audit trail"),
    "audit.view": _l("Looked at the audit trail"),
    "erasure.carried_out": _l("Erased a user's data"),
    "erasure.requested": _l("Asked for erasure"),
    "moderation.settings_changed": _l("Changed the moderation settings"),
    "personal_data.view": _l("Looked at personal data"),
    "placement.bulk_view": _l("Looked at the proposed placement of urgent shifts"),
    "placement.free_near": _l("Searched for free assistants nearby"),
    "shift.placed_by_hand": _l("Placed an assistant in a shift"),
    "skills.activated": _l("Brought a skill back into use"),
    "skills.added": _l("Added a skill"),
    "skills.retired": _l("Retired a skill"),
    "staff.coordinator_created": _l("Created a coordinator account"),
    "stats.export": _l("Downloaded dashboard figures"),
    "user.approve": _l("Approved a registration"),
    "user.reinstate": _l("Reinstated a user"),
    "user.reject": _l("Rejected a registration"),
    "user.search": _l("Searched for users"),
    "user.suspend": _l("Suspended a user"),
    "vetting.checklist_saved": _l("Saved the vetting checklist"),
    "vetting.info_requested": _l("Asked the user for more information"),
    "vetting.reference_added": _l("Added a reference"),
    "vetting.reference_edited": _l("Edited a reference"),
    "vetting.reference_removed": _l("Removed a reference"),
}
ROLES = {
    "assistant": _l("assistant"),
    "employer": _l("employer"),
    "coordinator": _l("coordinator"),
    "admin": _l("administrator"),
}
OBJECTS = {
    "user": _l("user"),
    "shift": _l("shift"),
    "report": _l("report"),
    "skill": _l("skill"),
    "booking": _l("booking"),
    "vettingreference": _l("reference"),
    "vettingrecord": _l("vetting checklist"),
    "erasurerequest": _l("erasure request"),
    "offer": _l("offer"),
}
PURPOSES = {**audit.PURPOSES, "audit": _l("Reviewing the audit trail")}


def action_words(action: str) -> str:
    """An action code in words (the code itself for an action not yet named)."""
    return str(ACTIONS.get(action, action))


def person(user) -> str:
    """A name with the role in words."""
    return f"{user.full_name} ({ROLES.get(user.role, user.role)})"


def rows(events) -> list[dict]:
    """Each event as the words the audit page shows."""
    ids = {e.actor_id for e in events} | {e.subject_user_id for e in events}
    people = {u.id: u for u in profiles.users_by_ids(i for i in ids if i)}

    def who(user_id):
        user = people.get(user_id)
        return person(user) if user else ("–" if user_id is None else f"#{user_id}")

    return [
        {
            "at": e.at,
            "who": who(e.actor_id),
            "action": action_words(e.action),
            "whose": who(e.subject_user_id),
            "object": (
                f"{OBJECTS.get(e.object_type, e.object_type)} {e.object_id or ''}".strip()
                if e.object_type
                else "–"
            ),
            "purpose": str(PURPOSES.get(e.purpose, e.purpose or "–")),
        }
        for e in events
    ]
