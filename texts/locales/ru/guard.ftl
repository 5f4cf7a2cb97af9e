## The flood notice: sent once when someone writes or presses buttons faster than the bot answers
flood-notice =
    Вы отправляете сообщения очень быстро. Подождите немного — я снова отвечу через мгновение.
    Если вам прямо сейчас угрожает опасность, звоните <b>112</b>.
