## The flood notice: sent once when someone writes or presses buttons faster than the bot answers
flood-notice =
    You are sending messages very fast; I'll answer again in a moment.
    If you are in danger right now, call <b>112</b>.
