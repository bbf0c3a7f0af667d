"""``/ws/conversations/<id>/``: the live thread for its participants (staff once mediation or a report opens it).

Only committed messages are announced (services broadcast after commit). A page that (re)connects with ``?after=<last
id it shows>``, or sends ``{"type": "resume", "after": id}``, first receives what it missed, read from the database,
so a dropped connection or a lost broadcast loses nothing; the client ignores ids it already shows.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from marketplace.errors import NotFound
from negotiations.selectors import confidential_files_open, conversation_get, messages_after, reader_language
from negotiations.serializers import message_rows
from negotiations.services.common import conversation_group


class ConversationConsumer(AsyncJsonWebsocketConsumer):
    group_name: str | None = None
    conversation_id: int = 0
    language: str = "en"

    async def connect(self) -> None:
        self.conversation_id = self.scope["url_route"]["kwargs"]["conversation_id"]
        language = await self._reader_language()
        if language is None:
            await self.close()  # not a participant: refused before the handshake completes
            return
        self.language = language
        # Join before reading what was missed: a message committed in between arrives as an event, never lost.
        self.group_name = conversation_group(self.conversation_id)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        after = parse_qs(self.scope.get("query_string", b"").decode("latin-1")).get("after", [""])[0]
        if after.isdigit():
            await self._send_missed(int(after))

    async def disconnect(self, code: int) -> None:
        if self.group_name is not None:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "resume" and isinstance(content.get("after"), int):
            await self._send_missed(max(0, content["after"]))

    async def conversation_message(self, event: dict) -> None:
        message = dict(event["message"])
        # Just sent: no translation exists yet, so every reader sees the original until one arrives.
        message["display"] = {"language": message["language"], "text": message["body"], "machine_translated": False}
        if any(file.get("confidential") for file in message.get("attachments", ())):
            files_open = await self._files_open()  # read now: the reader may have accepted the NDA since connecting
            message["attachments"] = [
                {**file, "locked": bool(file.get("confidential")) and not files_open} for file in message["attachments"]
            ]
        await self.send_json({"type": "message", "message": message})

    async def conversation_translation(self, event: dict) -> None:
        if event["language"] == self.language:
            await self.send_json(
                {
                    "type": "translation",
                    "message": event["message"],
                    "language": event["language"],
                    "text": event["text"],
                    "status": event["status"],
                }
            )

    async def _send_missed(self, after: int) -> None:
        for row in await self._missed(after):
            await self.send_json({"type": "message", "message": row})

    @database_sync_to_async
    def _reader_language(self) -> str | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return None
        try:
            conversation_get(pk=self.conversation_id, user=user, lean=True)
        except NotFound:
            return None
        return reader_language(user, "en")

    @database_sync_to_async
    def _files_open(self) -> bool:
        try:
            conversation, seat = conversation_get(pk=self.conversation_id, user=self.scope["user"])
        except NotFound:
            return False
        return confidential_files_open(conversation=conversation, user=self.scope["user"], seat=seat)

    @database_sync_to_async
    def _missed(self, after: int) -> list[dict]:
        user = self.scope["user"]
        conversation, seat = conversation_get(pk=self.conversation_id, user=user)
        rows = messages_after(conversation=conversation, after=after)
        files_open = confidential_files_open(conversation=conversation, user=user, seat=seat)
        return [
            dict(row)
            for row in message_rows(rows, user=user, conversation_language=self.language, files_open=files_open)
        ]
