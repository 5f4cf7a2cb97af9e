## The main menu's "More": its less used entries
btn-more = ⋯ Тағы
more-title =
    <b>Басқа мүмкіндіктер</b>
    Бұл чатты жасыру, жаңалықтар, тіл және бот сақтайтын деректеріңіз.

## Quotation marks around quoted words: «» in Kazakh and Russian, “” in English
quoted = «{ $text }»
