## The defenders' group (DEFENDERS_LANGUAGE): who may act on a case, who did, and how to answer

case-btn-close-yes = ✅ Yes, close
case-btn-close-no = Cancel
case-close-confirm = <b>Close case #{ $case }?</b> The person will be told, in neutral words, that their request is closed. If they write again, the case reopens here.
case-close-refused = Only the defender who took this case, or an NGO admin, can close it.
case-release-refused = Only the defender who took this case, or an NGO admin, can release it.
case-block-refused = Only the defender who took this case, or an NGO admin, can block its person.
case-close-untaken-refused = Nobody has taken this case yet: only an NGO admin can close it. If it is yours, take it first.
case-block-untaken-refused = Nobody has taken this case yet: only an NGO admin can block its person. If it is yours, take it first.
case-taken-by = ✋ Case #{ $case } taken by { $name }.
case-released-by = ↩️ Case #{ $case } released by { $name }: it is waiting for a defender again.
case-closed-by = ✅ Case #{ $case } closed by { $name }. The person was told, in neutral words.
case-reopened-by = 🔄 Case #{ $case } reopened by { $name }.
case-howto =
    ℹ️ <b>How to answer the person</b>
    • <b>Reply</b> to one of their messages in this topic, or write <code>/send your words</code>: it goes to them, signed with your name. A 👍 on your message means it was delivered.
    • Anything else written here stays among colleagues: the person does not see it.
    • Take the case (✋) before you answer. Only the defender who took it, or an NGO admin, can release, close or block it.
    • <code>/note text</code> is a note for colleagues (who called whom, the next step): the person never sees it; the latest shows on the summary.
    • <code>/name Aigerim</code> sets the name your replies are signed with. /help shows this again.
case-internal-hint = 💬 This message stayed in the group: the person did not get it. To write to them, reply to one of their messages here, or write /send and your words. (Said once per case.)
