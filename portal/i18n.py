"""Language choice, remembered per browser and per user, translation and formatting."""

from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

from babel import Locale, dates, numbers, support
from flask import current_app, g, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    get_locale,
)
from flask_babel import get_translations as babel_translations
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from portal.timeutil import HELSINKI, to_local


def translation_directories(root_path: str) -> str:
    """Every feature keeps its own catalogue; Flask-Babel merges them all."""
    found = sorted(
        str(path.relative_to(root_path)) for path in Path(root_path).glob("**/translations")
    )
    return ";".join(found) or "translations"


def select_locale() -> str:
    """The chosen language: this browser's choice, the user's, the browser's, else Finnish."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a task or a shell: messages pick theirs via force_locale
        return "fi"
    chosen = session.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    try:
        if current_user and current_user.is_authenticated and current_user.locale in languages:
            return current_user.locale
    except OperationalError:  # the 503 page must render while the database is down
        pass
    return request.accept_languages.best_match(languages) or "fi"


def catalogue() -> support.NullTranslations:
    """The translations of the current locale, looked up once per request.

    Flask-Babel resolves its domain, locale and cache on every call (~6 µs, 180 calls on a
    candidates page). The result is kept in the slot Flask-Babel itself empties when the
    locale changes: `force_locale` sets it to None and restores it, `refresh` deletes it.
    """
    try:
        space = g._flask_babel
    except (AttributeError, RuntimeError):  # Flask-Babel has no state yet, or no app context
        return babel_translations()
    found = getattr(space, "babel_translations", None)
    if found is None:
        found = space.babel_translations = babel_translations()
    return found


def gettext(string: str, **variables) -> str:
    """Flask-Babel's gettext over the request's cached catalogue."""
    text = catalogue().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's ngettext over the request's cached catalogue."""
    variables.setdefault("num", num)
    return catalogue().ungettext(singular, plural, num) % variables


@cache
def _decimal_symbol(locale: Locale) -> str:
    return numbers.get_decimal_symbol(locale)


def _page_locale() -> Locale:
    """get_locale(), read from Flask-Babel's slot when set (a candidates page asks 40 times)."""
    try:
        return g._flask_babel.babel_locale
    except (AttributeError, RuntimeError):  # not chosen yet, or no app context
        return get_locale()


def one_decimal(value: float) -> str:
    """`format_decimal(value, format="0.0")` of Babel (4,3 in Finnish), without its parsing."""
    text = str(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_EVEN))
    return text.replace(".", _decimal_symbol(_page_locale()))


def _format_locale() -> str:
    """The page's locale for dates; Swedish pages follow Finland-Swedish use (2.12.2026)."""
    locale = str(get_locale())
    return "sv_FI" if locale == "sv" else locale


def local_datetime(moment, style: str = "medium") -> str:
    """A UTC instant shown in Helsinki time in the page's language, without seconds."""
    if moment is None:
        return ""
    local = to_local(moment)
    if style == "fi":
        return format_datetime(local, "d.M.yyyy 'klo' HH.mm")
    locale = _format_locale()
    if style == "medium":  # Babel's medium time has seconds ("4.40.00"): nobody needs them
        pattern = str(Locale.parse(locale).datetime_formats["medium"]).replace("'", "")
        return pattern.format(
            dates.format_time(local, "short", tzinfo=HELSINKI, locale=locale),
            dates.format_date(local, "medium", locale=locale),
        )
    return dates.format_datetime(local, style, tzinfo=HELSINKI, locale=locale)


def local_date(moment) -> str:
    """A date (or the Helsinki date of an instant) in the page's language."""
    if moment is None:
        return ""
    return format_date(moment, "medium")


def distance_words(km: float | None) -> str:
    """A road distance in words: never "0 km" (a place under a kilometre away is "under 1 km")."""
    if km is None:
        return "–"
    if km < 1:
        return gettext("under 1 km")
    return gettext("about %(km)s km", km=format_number(round(km)))


def distance_from_you(km: float | None) -> str:
    """A sentence saying how far a place is from the reader."""
    if km is not None and km < 1:
        return gettext("Under 1 km from you.")
    return gettext("About %(km)s km from you.", km=format_number(round(km or 0)))


def number(value) -> str:
    """A number with at most two decimals, none when whole (7,5 and 120 in Finnish)."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.##")


def local_time(moment) -> str:
    """The Helsinki clock time of an instant in the page's language (no seconds)."""
    if moment is None:
        return ""
    return dates.format_time(to_local(moment), "short", tzinfo=HELSINKI, locale=_format_locale())


def init_app(app) -> None:
    """Register template helpers for language and dates."""
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["distance_words"] = distance_words
    app.jinja_env.globals["distance_from_you"] = distance_from_you
    app.jinja_env.install_gettext_callables(  # Flask-Babel's, over the cached catalogue
        gettext=lambda s: catalogue().ugettext(s),
        ngettext=lambda s, p, n: catalogue().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: catalogue().upgettext(c, s),
        npgettext=lambda c, s, p, n: catalogue().unpgettext(c, s, p, n),
    )
