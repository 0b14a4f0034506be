"""Avustajatori: the Flask application factory."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from portal import config as config_module

if TYPE_CHECKING:  # flask is imported when an app is made, so `portal.pay` stays pure
    from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app: settings, extensions, blueprints, CLI."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(config_module.load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    config_module.check_production_secret(app.config)
    config_module.database_options(app.config)
    config_module.check_demo_outbox(app.config)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        proxies = app.config["TRUSTED_PROXIES"]
        # Flask documents wrapping wsgi_app in middleware; mypy sees a method being replaced
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )

    register_extensions(app)
    register_blueprints(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    from portal import i18n, menu, queue, security
    from portal.extensions import babel, csrf, db, login_manager, migrate
    from portal.services import accounts

    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _sqlite_pragmas(app, db)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        # Every feature's catalogue (portal/**/translations), merged by Flask-Babel.
        default_translation_directories=i18n.translation_directories(app.root_path),
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # our own server-side sessions do the job
    login_manager.user_loader(accounts.user_for_session)
    i18n.init_app(app)
    menu.init_app(app)
    security.init_app(app)
    queue.init_app(app)

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import flash, redirect, request, url_for
        from flask_babel import gettext as _

        flash(_("Sign in to continue."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _sqlite_pragmas(app: Flask, db) -> None:
    """Foreign keys on, a busy timeout (concurrent writers wait), WAL with NORMAL sync."""
    from sqlalchemy import event

    from portal import sqlite_turns

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit (Rails 8's SQLite
        # default too): a crash of the app loses nothing, a power cut may lose the last
        # commits, never the file. Each answer or posting waited on its own fsync before.
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        sqlite_turns.install(engine, database)


def register_blueprints(app: Flask) -> None:
    """One blueprint per feature."""
    from portal.admin import STAFF_BLUEPRINTS
    from portal.auth.routes import bp as auth_bp
    from portal.main.routes import bp as main_bp

    # Modules whose import registers hooks: the change-log session hook, and the task
    # modules whose after-commit handlers enqueue deliveries and round timers.
    from portal.notify import tasks as notify_tasks  # noqa: F401
    from portal.offers.routes import bp as offers_bp
    from portal.safety.routes import bp as safety_bp
    from portal.services.board import tasks as board_tasks  # noqa: F401
    from portal.services.matching import changelog  # noqa: F401
    from portal.services.matching import tasks as matching_tasks  # noqa: F401
    from portal.services.pay import tasks as pay_tasks  # noqa: F401
    from portal.services.urgent import tasks as urgent_tasks  # noqa: F401
    from portal.timesheets import TIMESHEET_BLUEPRINTS

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    register_marketplace(app)
    app.register_blueprint(offers_bp)
    app.register_blueprint(safety_bp)
    for pay_bp in TIMESHEET_BLUEPRINTS:
        app.register_blueprint(pay_bp)
    register_board(app)
    register_positions(app)
    for staff_bp in STAFF_BLUEPRINTS:
        app.register_blueprint(staff_bp)


def register_marketplace(app: Flask) -> None:
    """Assistants, employers and shifts (issue 4)."""
    from portal.assistants.routes import bp as assistants_bp
    from portal.assistants.routes import feed_bp
    from portal.employers.routes import bp as employers_bp
    from portal.shifts import after_views, assistant_views  # noqa: F401 - routes on shifts.bp
    from portal.shifts.routes import bp as shifts_bp

    for blueprint in (assistants_bp, feed_bp, employers_bp, shifts_bp):
        app.register_blueprint(blueprint)


def register_board(app: Flask) -> None:
    """Announcement search, contact requests, conversations, alerts, blocking (issue 12)."""
    from portal.board.routes import bp as board_bp

    app.register_blueprint(board_bp)


def register_positions(app: Flask) -> None:
    """Regular positions, employments, decisions and relatives (issue 11)."""
    from portal.positions import work_views  # noqa: F401 - routes on positions.bp
    from portal.positions.routes import bp as positions_bp

    app.register_blueprint(positions_bp)


def register_cli(app: Flask) -> None:
    """Flask CLI commands (seeding and maintenance)."""
    from portal.cli import seed_command
    from portal.marketplace_cli import recommender_command

    app.cli.add_command(seed_command)
    app.cli.add_command(recommender_command)
