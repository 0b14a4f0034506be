"""The main menu, rendered once per kind of reader and then reused.

Rendering it runs about twenty access checks, labels and URLs, the same for every reader
with the same role, approval, language, current page and unread counts; those make the key.
"""

from flask import current_app, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

MAX_KEPT = 4096  # distinct keys are roles × states × languages × pages × counts seen


def main_menu(unread_chat: int = 0, unread_messages: int = 0) -> Markup:
    """The menu's list items for the current reader and page."""
    signed_in = current_user.is_authenticated
    key = (
        str(get_locale()),
        current_user.role if signed_in else None,
        current_user.status if signed_in else None,
        request.endpoint,
        unread_chat,
        unread_messages,
    )
    kept = current_app.extensions.setdefault("main_menu", {})
    if current_app.jinja_env.auto_reload:  # a developer editing templates sees each change
        kept.clear()
    menu = kept.get(key)
    if menu is None:
        if len(kept) >= MAX_KEPT:
            kept.clear()
        template = current_app.jinja_env.get_template("_nav.html")
        menu = kept[key] = Markup(  # noqa: S704 - Jinja's own autoescaped output
            template.render(
                current_user=current_user,
                request=request,
                unread_chat=unread_chat,
                unread_messages=unread_messages,
            )
        )
    return menu


def init_app(app) -> None:
    """Offer the menu to templates."""
    app.jinja_env.globals["main_menu"] = main_menu
