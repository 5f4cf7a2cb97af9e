"""Bot API errors, worded the way Telegram words them."""

from __future__ import annotations

from typing import Any

RAW = "__raw__"  # an envelope holding this key is answered as that text, not as JSON


class ApiError(Exception):
    """An error answer: raised by method handlers, turned into the JSON envelope."""

    def __init__(self, status: int, description: str, retry_after: int | None = None,
                 parameters: dict[str, Any] | None = None,
                 body: dict[str, Any] | str | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.parameters = dict(parameters or {})  # ResponseParameters besides retry_after
        self.body = body  # a garbled answer (see FakeTelegram.inject_garbled)

    def envelope(self) -> dict[str, Any]:
        if self.body is not None:
            return {RAW: self.body} if isinstance(self.body, str) else dict(self.body)
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        parameters = dict(self.parameters)
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if parameters:
            body["parameters"] = parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    return ApiError(403, f"Forbidden: {reason}")


def migrated(new_chat_id: int) -> ApiError:
    """Any call addressed to a group that became a supergroup (aiogram: TelegramMigrateToChat)."""
    return ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                    parameters={"migrate_to_chat_id": new_chat_id})


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


# Default descriptions for injected failures, by status code.
DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: injected error",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def injected(status: int, retry_after: int, description: str | None,
             body: dict[str, Any] | str | None = None) -> ApiError:
    if body is not None:
        return ApiError(status, "", body=body)
    if status == 429:
        err = too_many_requests(retry_after)
        if description:
            err.description = description
        return err
    return ApiError(status, description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}"))
