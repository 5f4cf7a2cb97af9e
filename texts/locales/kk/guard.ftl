## The flood notice: sent once when someone writes or presses buttons faster than the bot answers
flood-notice =
    Сіз хабарламаларды тым жиі жіберіп жатырсыз. Сәл күте тұрыңыз — мен бір сәттен кейін қайта жауап беремін.
    Сізге дәл қазір қауіп төніп тұрса, <b>112</b> нөміріне қоңырау шалыңыз.
