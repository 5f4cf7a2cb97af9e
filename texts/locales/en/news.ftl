## Legal news: subscribing, silent or not, unsubscribing

cmd-subscribe = Legal news: subscribe
cmd-unsubscribe = Stop legal news
btn-news = 📰 Legal news

news-offer =
    <b>📰 Legal news</b>
    Organisations that help people facing domestic violence send short news here: for example, that a law has changed, a new crisis centre has opened, or a day of free legal aid is coming.
news-warning =
    ⚠️ <b>Before you subscribe</b>
    The news will come to this chat. Telegram may show it on the phone's lock screen, where someone else could see it.
    • <b>Silently</b> (recommended): no sound. The message may still appear on the screen.
    • <b>With notifications</b>: with sound, like any other message.
    To keep the text of messages off the lock screen, turn off message preview in Telegram's notification settings.
news-reminder = 🚪 Quick exit deletes these messages from the chat too. /forget ends the subscription and erases it; /unsubscribe simply ends it.
btn-news-silent = 🔕 Subscribe silently
btn-news-loud = 🔔 Subscribe with notifications

news-subscribed =
    <b>📰 Legal news</b>
    You are subscribed. The news comes in the bot's language: { $language ->
        [kk] Kazakh
        [ru] Russian
       *[en] English
    }. If you change the language, the news changes with it.
news-silent = 🔕 Silently: no sound.
news-loud = 🔔 With notifications: with sound.
btn-news-make-silent = 🔕 Make silent
btn-news-make-loud = 🔔 Allow notifications
btn-news-stop = Unsubscribe
news-off = No more news will come to this chat.
