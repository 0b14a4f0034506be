"""SMS through an HTTP gateway: one JSON POST per message, replies on a webhook."""

import json
import urllib.error
import urllib.request

from flask import current_app

from portal.models import DeliveryLog
from portal.notify.email import DeliveryError


class SmsChannel:
    """POST {"to", "text", "reference"} with the API key as a bearer token."""

    name = "sms"

    def send(self, log: DeliveryLog) -> None:
        """Hand one SMS to the gateway or raise DeliveryError."""
        config = current_app.config
        url = config["SMS_GATEWAY_URL"]
        if not url:
            raise DeliveryError("no SMS_GATEWAY_URL configured")
        if not url.startswith(("http://", "https://")):
            raise DeliveryError("SMS_GATEWAY_URL must be http(s)")
        payload = json.dumps({"to": log.address, "text": log.body, "reference": str(log.id)})
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=payload.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {config['SMS_GATEWAY_KEY']}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise DeliveryError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"gateway answered {exc.code}") from exc
        except (OSError, ValueError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}"[:500]) from exc


class InAppChannel:
    """The Notification row is the message; nothing to hand over."""

    name = "inapp"

    def send(self, log: DeliveryLog) -> None:
        """In-app messages are delivered by being stored."""
