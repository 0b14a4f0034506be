"""The task consumer's entry point: `huey_consumer portal.worker.huey`.

It creates the app (settings from the environment), binds the queue to it and imports
every feature's task module so the consumer knows all tasks and periodic sweepers.
"""

from portal import create_app, queue
from portal.notify import tasks as notify_tasks  # noqa: F401 - registers its tasks
from portal.services.board import tasks as board_tasks  # noqa: F401 - registers its tasks
from portal.services.pay import tasks as pay_tasks  # noqa: F401 - registers its tasks
from portal.services.urgent import tasks as urgent_tasks  # noqa: F401 - registers its tasks

app = create_app()
huey = queue.huey
