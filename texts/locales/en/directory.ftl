## Where to get help: the directory of organisations by region or by distance

cmd-directory = Where to get help
btn-directory = 📍 Where to get help
btn-dir-near = 📍 Nearest to me
btn-dir-regions = 🗺 Another region
btn-dir-send-location = 📍 Send my location

dir-title =
    <b>🧭 Where to get help</b>
    Choose your region: I will show the numbers that work across the country and the organisations that help in that region. Or send your location: the nearest places come first.
    Your location is used once, to sort the list, and is not stored.
dir-location-ask =
    <b>📍 Send your location</b>
    Press “📍 Send my location” at the bottom of the screen, below where you type. Telegram will ask for your permission.
    Your location is used once, to sort the list: the bot does not store it, and deletes the message with it once the list is shown.
    On a computer this button may not work: choose your region instead.
dir-location-button = ⬇️ The button below sends where you are now.
dir-location-closed = ⌨️ The location button is hidden.

dir-region-title = <b>🧭 { $name }: where to get help</b>
dir-near-title =
    <b>📍 Nearest to you</b>
    Your location was used for this list only and was not stored.
dir-heading-national = Across the country
dir-heading-local = Organisations in the region
dir-heading-near = Nearest organisations
dir-region-none = No organisations in this region are listed yet. The numbers above work across the country.
dir-near-none = No organisation in the list has a place on the map yet. Choose your region to see its organisations.
dir-page = Page { $number } of { $total }

dir-entry-hours = 🕘 Hours: { $hours }
dir-hours-always = 24/7
dir-entry-languages = 🗣 Languages: { $language }
dir-entry-kinds = 🤝 Services: { $kind }
dir-entry-distance = 📍 about { $number } km

## The 8 kinds of special social services (the social defender's manual)
dir-kind-household = social and household (everyday living)
dir-kind-medical = social and medical (health)
dir-kind-psychological = social and psychological (a psychologist)
dir-kind-pedagogical = social and educational (help for children)
dir-kind-labour = social and labour (work, a trade)
dir-kind-cultural = social and cultural (leisure)
dir-kind-economic = social and economic (money, food, clothes)
dir-kind-legal = social and legal (legal aid, documents)

dir-lang-kk = Kazakh
dir-lang-ru = Russian
dir-lang-en = English
dir-lang-uz = Uzbek

## Admins: the directory as a CSV file
cmd-directory-export = Directory: download the CSV file
cmd-directory-import = Directory: upload a CSV file
cmd-directory-template = Directory: an empty template

dir-export-caption = The directory now: { $count } entries. Edit it in a spreadsheet (Excel, Google Sheets), save it as “CSV UTF-8” and send it back with /directory_import.
dir-template-caption = An empty template: the column names and one example row (its id begins with #, so it is never imported). The columns are explained in docs/DIRECTORY.md.
dir-import-ask =
    Send the directory as a CSV file (as a document). Every row is checked first: if any has a problem, nothing changes.
    /directory_template – an empty template, /directory_export – the list as it is now, /cancel – stop.
dir-import-not-file = Send the CSV file as a document, or /cancel.
dir-import-spreadsheet = This is a spreadsheet file. Save it as “CSV UTF-8” (Excel: “Save As” → “CSV UTF-8”; Google Sheets: “File → Download → CSV”) and send that file.
dir-import-too-big = The file is too big: at most { $number } KB.
dir-import-download-failed = The file could not be fetched from Telegram. Please send it again.
dir-import-failed = ❌ The file has problems, so the directory was not changed. Fix them and send the file again (or /cancel):
dir-import-more = …and { $count } more.
dir-import-done = ✅ The directory is updated: { $count } entries. People see the new list at once.
dir-import-comments = Rows skipped as comments (their id begins with #): { $count }.

dir-error-at = line { $number }, column “{ $name }”
dir-error-line = line { $number }
dir-error-encoding = the file is not in UTF-8. In Excel save it as “CSV UTF-8”; in Google Sheets choose “File → Download → CSV”.
dir-error-empty = the file has no entries (rows whose id begins with # are not counted).
dir-error-too-many = too many rows: at most { $value }.
dir-error-column-unknown = there is no column “{ $value }”. The columns are listed in docs/DIRECTORY.md.
dir-error-column-missing = these columns are needed: { $value }.
dir-error-column-twice = the column “{ $value }” is there twice.
dir-error-cells = more cells than the header has columns ({ $value }). A cell with a comma in it must be in quotes.
dir-error-unreadable = the file cannot be read from here on ({ $value }). Save it again from the spreadsheet as CSV UTF-8.
dir-error-required = this cell must not be empty.
dir-error-id = “{ $value }”: an id is Latin letters, digits and - _ . only, without spaces.
dir-error-id-twice = this id is already used on line { $value }.
dir-error-region = “{ $value }” is not a region: write all (the whole country) or a region's id, such as almaty-city or turkistan (the list is in docs/DIRECTORY.md).
dir-error-name = a name is needed in at least one of name_kk, name_ru, name_en.
dir-error-kind = “{ $value }” is not one of the 8 kinds: household, medical, psychological, pedagogical, labour, cultural, economic, legal.
dir-error-language = “{ $value }” is not a language the bot knows: kk, ru, en, uz.
dir-error-phone = “{ $value }” is not a phone number. Write it like +7 727 123 45 67 or 8 701 123 45 67, or a short number like 111.
dir-error-coordinate = “{ $value }” is not a number of degrees; write it like 43.238949.
dir-error-range = “{ $value }” is out of range: latitude −90…90, longitude −180…180.
dir-error-pair = latitude (lat) and longitude (lon) go together: fill in both, or leave both empty.
dir-error-outside = { $value } is outside Kazakhstan. Are latitude and longitude swapped? Latitude comes first (about 40–56), then longitude (about 46–88).
dir-error-long = too long: at most { $value } characters.
dir-error-control = a line break or a tab is not allowed inside a cell.
