-- Canned answers (issue #27): each organisation's short answers in kk, ru and en, edited in its
-- group (/answers) and sent into a case by name (/a name), in the person's language. Written by
-- the NGO for anyone; nothing of a person.
CREATE TABLE canned_answers (
    org        VARCHAR(32) NOT NULL,
    name       VARCHAR(32) NOT NULL,
    locale     VARCHAR(2) NOT NULL,
    body       TEXT NOT NULL,
    updated_by BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (org, name, locale)
);
