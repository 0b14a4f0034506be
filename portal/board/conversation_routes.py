"""Conversations: accept or decline a request, write, mark read; blocking."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import role_required
from portal.board.blueprint import bp
from portal.board.forms import ActionForm, AnswerForm, MessageForm
from portal.extensions import db
from portal.forms import attach_error
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


def _page(request_id: int, message_form=None, answer_form=None, status: int = 200):
    """The conversation page (also re-shown with a form's errors)."""
    try:
        item = contacts.conversation(current_user, request_id)
    except DomainError:
        abort(404)
    other = db.session.get(User, item.other_party_id(current_user.id))
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
    ), status


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
    if not form.validate():
        return _page(request_id, answer_form=form, status=400)
    try:
        contacts.answer(current_user, request_id, form.answer.data == "yes")
    except DomainError as error:
        db.session.rollback()
        if error.status_code == 404:
            abort(404)
        attach_error(form, error)
        return _page(request_id, answer_form=form, status=error.status_code)
    db.session.commit()
    accepted = form.answer.data == "yes"
    flash(_("You accepted. You can now talk.") if accepted else _("You declined."), "success")
    return redirect(url_for("board.conversation", request_id=request_id))


@bp.route("/keskustelut/<int:request_id>/peru", methods=["POST"])
@role_required(Role.EMPLOYER)
def withdraw(request_id: int):
    """The employer withdraws an unanswered request."""
    if not ActionForm().validate():
        abort(400)
    try:
        contacts.withdraw(current_user, request_id)
    except DomainError as error:
        db.session.rollback()
        abort(error.status_code)
    db.session.commit()
    flash(_("Your contact request was withdrawn."), "success")
    return redirect(url_for("board.conversation", request_id=request_id))


@bp.route("/keskustelut/<int:request_id>/viesti", methods=["POST"])
@role_required(*PARTIES, approved=True)
def post_message(request_id: int):
    """Write a message in the conversation."""
    form = MessageForm()
    if form.validate():
        try:
            messages.post(current_user, request_id, form.body.data)
        except DomainError as error:
            db.session.rollback()
            if error.status_code == 404:
                abort(404)
            attach_error(form, error, fallback="body")
        else:
            db.session.commit()
            flash(_("Message sent."), "success")
            return redirect(url_for("board.conversation", request_id=request_id) + "#viesti")
    return _page(request_id, message_form=form, status=400)


@bp.route("/keskustelut/<int:request_id>/luettu", methods=["POST"])
@role_required(*PARTIES)
def mark_read(request_id: int):
    """Mark the other side's messages read (they see the read receipt)."""
    if not ActionForm().validate():
        abort(400)
    try:
        messages.mark_read(current_user, request_id)
    except DomainError:
        abort(404)
    db.session.commit()
    return redirect(url_for("board.conversation", request_id=request_id))


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
    if not ActionForm().validate():
        abort(400)
    try:
        blocking.block(current_user, user_id)
    except DomainError as error:
        db.session.rollback()
        abort(error.status_code)
    db.session.commit()
    flash(_("Blocked. You will not get requests, messages or offers from each other."), "success")
    return redirect(url_for("board.blocks"))


@bp.route("/estot/<int:user_id>/poista", methods=["POST"])
@role_required(*PARTIES)
def unblock(user_id: int):
    """Take back my block."""
    if not ActionForm().validate():
        abort(400)
    try:
        blocking.unblock(current_user, user_id)
    except DomainError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash(_("Block removed."), "success")
    return redirect(url_for("board.blocks"))
