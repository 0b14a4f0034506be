"""Conversations: accept or decline a request, write, mark read; blocking."""

from flask import abort, render_template, url_for
from flask_login import current_user

from portal.access import role_required
from portal.board.blueprint import bp
from portal.board.forms import AnswerForm, MessageForm
from portal.extensions import db
from portal.forms import ActionForm, submit_action, submit_form
from portal.i18n import gettext as _
from portal.models import Role, User
from portal.services.board import blocking, contacts, messages
from portal.services.errors import DomainError

PARTIES = (Role.ASSISTANT, Role.EMPLOYER)


@bp.route("/keskustelut")
@role_required(*PARTIES)
def conversations():
    """My contact requests and conversations, newest activity first."""
    return render_template(
        "board/conversations.html", items=contacts.my_conversations(current_user)
    )


def _page(request_id: int, message_form=None, answer_form=None) -> str:
    """The conversation page (also re-shown with a form's errors)."""
    try:
        item = contacts.conversation(current_user, request_id)
    except DomainError:
        abort(404)
    other = db.get_or_404(User, item.other_party_id(current_user.id))
    return render_template(
        "board/conversation.html",
        item=item,
        other=other,
        thread=messages.thread(current_user, request_id),
        details=contacts.contact_details(current_user, item),
        blocked=blocking.is_blocked(current_user.id, other.id),
        message_form=message_form or MessageForm(),
        answer_form=answer_form or AnswerForm(),
        action_form=ActionForm(),
    )


def _here(request_id: int) -> str:
    return url_for("board.conversation", request_id=request_id)


@bp.route("/keskustelut/<int:request_id>")
@role_required(*PARTIES)
def conversation(request_id: int):
    """One conversation: the request, the messages, contact details after an accept."""
    return _page(request_id)


@bp.route("/keskustelut/<int:request_id>/vastaa", methods=["POST"])
@role_required(Role.ASSISTANT, approved=True)
def answer(request_id: int):
    """The assistant accepts or declines a contact request."""
    form = AnswerForm()
    accept = form.answer.data == "yes"
    return submit_form(
        form,
        lambda: contacts.answer(current_user, request_id, accept),
        success=_("You accepted. You can now talk.") if accept else _("You declined."),
        redirect_to=_here(request_id),
        page=lambda: _page(request_id, answer_form=form),
    )


@bp.route("/keskustelut/<int:request_id>/peru", methods=["POST"])
@role_required(Role.EMPLOYER)
def withdraw(request_id: int):
    """The employer withdraws an unanswered request."""
    return submit_action(
        lambda: contacts.withdraw(current_user, request_id),
        success=_("Your contact request was withdrawn."),
        redirect_to=_here(request_id),
    )


@bp.route("/keskustelut/<int:request_id>/viesti", methods=["POST"])
@role_required(*PARTIES, approved=True)
def post_message(request_id: int):
    """Write a message in the conversation."""
    form = MessageForm()
    return submit_form(
        form,
        lambda: messages.post(current_user, request_id, form.body.data),
        success=_("Message sent."),
        redirect_to=_here(request_id) + "#viesti",
        page=lambda: _page(request_id, message_form=form),
        fallback="body",
    )


@bp.route("/keskustelut/<int:request_id>/luettu", methods=["POST"])
@role_required(*PARTIES)
def mark_read(request_id: int):
    """Mark the other side's messages read (they see the read receipt)."""
    return submit_action(
        lambda: messages.mark_read(current_user, request_id),
        success=_("Marked as read."),
        redirect_to=_here(request_id),
    )


@bp.route("/estot")
@role_required(*PARTIES)
def blocks():
    """The people I have blocked."""
    return render_template(
        "board/blocks.html", blocked=blocking.my_blocks(current_user), form=ActionForm()
    )


@bp.route("/estot/<int:user_id>", methods=["POST"])
@role_required(*PARTIES)
def block(user_id: int):
    """Block someone: no more requests, messages or offers between us."""
    return submit_action(
        lambda: blocking.block(current_user, user_id),
        success=_("Blocked. You will not get requests, messages or offers from each other."),
        redirect_to=url_for("board.blocks"),
    )


@bp.route("/estot/<int:user_id>/poista", methods=["POST"])
@role_required(*PARTIES)
def unblock(user_id: int):
    """Take back my block."""
    return submit_action(
        lambda: blocking.unblock(current_user, user_id),
        success=_("Block removed."),
        redirect_to=url_for("board.blocks"),
    )
