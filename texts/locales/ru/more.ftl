## The main menu's "More": its less used entries
btn-more = ⋯ Ещё
more-title =
    <b>Ещё</b>
    Как скрыть этот чат, новости, язык и ваши данные в боте.

## Quotation marks around quoted words: «» in Kazakh and Russian, “” in English
quoted = «{ $text }»
