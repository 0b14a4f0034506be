"""The relative declaration every route to a booking asks, shared by their forms."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from portal.models import Relation

RELATION_HINT = _l(
    "Spouse, partner, child, parent, sibling or grandparent. A relative can be confirmed only "
    "when the social worker's decision names them; the employer and the centre's staff see "
    "your answer."
)


def relation_choices():
    """An empty choice, then the relations that need the decision."""
    return [("", _l("Not a relative"))] + [(r.value, Relation.__labels__[r]) for r in Relation]


class DeclarationMixin:
    """Two fields: a yes/no and which relation (the hint says who sees the answer)."""

    related = BooleanField(_l("I am a relative of the employer or the principal"))
    relation = SelectField(
        _l("How are you related?"),
        choices=relation_choices,
        default="",
        description=RELATION_HINT,
    )
