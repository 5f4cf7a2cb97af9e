## The main menu's "More": its less used entries
btn-more = ⋯ More
more-title =
    <b>More</b>
    Keeping this chat hidden, news, language and your data in the bot.

## Quotation marks around quoted words: «» in Kazakh and Russian, “” in English
quoted = “{ $text }”
