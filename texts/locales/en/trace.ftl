## Keep this chat hidden (issue #15): what Telegram keeps on the phone and how to hide it.
## General advice, not from the social defenders' manual. Telegram's menu items as they are
## named in the English app; they may differ between versions.

cmd-hide = How to keep this chat hidden on your phone
btn-trace = 🔒 Keep this chat hidden
btn-trace-skip = Skip ▶▶
btn-trace-done = ✅ Got it

trace-title = 🔒 Keep this chat hidden
trace-page = { $number } of { $total }
trace-general = General advice on phone safety (not from the social defenders' manual). Menu names may differ between versions of Telegram.

trace-page-1 =
    <b>What stays on the phone</b>
    Telegram keeps this chat until you delete it. The 🚪 Quick exit button deletes only the messages of the last 48 hours: Telegram does not let a bot delete older ones.

    <b>Auto-delete for this chat</b>
    Telegram can delete new messages by itself after a day, a week or a month:
    • Android: in this chat, ⋮ (top right) → Auto-Delete;
    • iPhone: tap the chat's name or photo at the top → … → Auto-Delete;
    • computer: ⋮ (top right) → Auto-Delete.
    Choose 1 day. It works only on messages sent after you turn it on; delete older ones yourself (next page).

trace-page-2 =
    <b>Delete the chat</b>
    In the chat list, press and hold this chat (on an iPhone, swipe it to the left) → Delete. The chat goes away with all its history. To come back, find the bot in Telegram's search and press Start.

    <b>Archive is not deleting</b>
    Archive only takes a chat out of the main list: it is easy to find in the Archived Chats folder.

    <b>A passcode for Telegram</b>
    Settings → Privacy and Security → Passcode. Telegram will ask for the code every time it opens. If a new lock might make someone suspicious, think first about whether it is safe for you.

    <b>Notifications</b>
    So that message texts do not show on the locked screen: Settings → Notifications and Sounds → Private Chats → turn off Message Preview.

trace-page-3 =
    <b>Is someone watching your phone?</b>
    Signs of a spy app:
    • the battery runs down fast, the phone gets warm for no reason;
    • there are apps you did not install;
    • someone knows what you wrote or where you were;
    • settings changed without you (for example, location turned on).

    <b>Check your devices in Telegram</b>
    Settings → Devices shows where else your Telegram is open. Tap a session you do not know → Terminate Session.

    If you remove a spy app, whoever installed it may notice. It is safer to write from another phone, for example the phone of someone you trust.

## Quick exit and /forget when messages older than 48 hours are left: neutral words
-trace-older-advice = Messages older than 2 days could not be deleted. If they are still in this chat, delete the chat: in the chat list, press and hold it → Delete. Or turn on auto-delete in this chat.
trace-exit-older =
    { exit-neutral }

    { -trace-older-advice }
trace-forget-older =
    { forget-done }

    { -trace-older-advice }

## /mydata
trace-mydata-tips = 🔒 That you have seen the tips “Keep this chat hidden” (only a mark, so they are not shown again)
trace-mydata-older = 🕰 That this chat has messages older than 48 hours, which the bot can no longer delete (only a mark, no ids or words; so quick exit can tell you how to delete them)
