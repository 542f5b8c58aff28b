from pipeline.build.redact import MARK, redact


def test_names_are_replaced_whole_word_whatever_the_case_and_accents():
    text = "Bonjour, je m'appelle EMMA, et voici Yanis Benali. Emmanuel reste. Léa et LEA aussi."
    out = redact(text, ["Emma Lambert", "Yanis Benali", "Léa"])
    assert "EMMA" not in out and "Yanis" not in out and "Benali" not in out
    assert "Léa" not in out and "LEA" not in out
    assert "Emmanuel reste" in out
    assert out.count(MARK) == 4


def test_nothing_to_redact_returns_text_unchanged():
    assert redact("Il était une fois", []) == "Il était une fois"
