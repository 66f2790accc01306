"""Greetings: a speech's address to its audience (各位代表！, 主席先生，各位議員：, "Mr Speaker,
Sir,", Mesdames et Messieurs), in the languages the parser reads.

Shared by the parser (a one-line speech runs its title into its greeting, and its last sentence
into its thanks: :mod:`comparison.structure`) and the engine's formulas
(:mod:`comparison.boilerplate`, which hides a unit that only greets).
"""

from __future__ import annotations

import re

__all__ = ["GREETING", "greeting_tail", "opens_with_greeting"]

# A whole unit that only greets or thanks the audience, in the languages the parser reads (the
# unit must be nothing else: "Ladies and gentlemen, we will build …" is content).
_GREETING_WORDS = (
    r"(?:各位代表|同志们|同志們|各位委员|各位委員|各位领导|各位領導|女士们、?先生们|女士們、?先生們|"
    r"朋友们|朋友們|谢谢大家|謝謝大家|谢谢各位|謝謝各位|多谢各位|多謝各位|谢谢|謝謝|多谢|多謝|"
    r"主席先生|主席女士|代理主席|各位议员|各位議員|"  # Hong Kong and Macao: 主席先生，各位議員
    r"(?:mr|mdm|madam|madame)\.?\s+(?:deputy\s+)?(?:speaker|president|chair(?:man|woman)?)"
    r"(?:,?\s*sir)?|ladies and gentlemen|honou?rable members|distinguished (?:guests|delegates)|"
    r"dear colleagues|fellow citizens|thank you(?: (?:very much|all))?|"
    r"mesdames,? (?:et )?messieurs|monsieur le président|madame la présidente|chers collègues|"
    r"merci(?: beaucoup)?|sehr geehrte damen und herren|liebe kolleginnen und kollegen|"
    r"(?:sehr geehrter )?herr präsident|vielen dank|señoras y señores|señor presidente|"
    r"estimad[oa]s colegas|muchas gracias|gracias|senhoras e senhores|muito obrigad[oa]|"
    r"signore e signori|grazie|уважаемые коллеги|дамы и господа|спасибо(?: за внимание)?|"
    r"皆様|皆さん|議員の皆様|ご清聴ありがとうございました|ありがとうございました|"
    r"존경하는 (?:의원|국민|시민) 여러분|국민 여러분|시민 여러분|감사합니다)"
)
# one greeting, or several in a row ("Madam Speaker, distinguished guests, ladies and gentlemen,")
_RUN = rf"{_GREETING_WORDS}(?:[,，、]?\s*(?:and\s+|et\s+|y\s+|und\s+)?{_GREETING_WORDS})*"
# ... and nothing after it but punctuation: GREETING.match is a unit that only greets; searched
# for, where a text ends in a greeting (greeting_tail)
GREETING = re.compile(rf"{_RUN}[！!：:，,。.、;\s]*$", re.IGNORECASE)
_GREETING_HEAD = re.compile(rf"{_RUN}(?=[！!：:，,。.、;\s])", re.IGNORECASE)


def greeting_tail(text: str) -> int | None:
    """Where a greeting that ends ``text`` begins (None when it ends otherwise): a speech printed
    on one line runs its title into its greeting (``2026年施政報告主席先生，各位議員：``).

    >>> greeting_tail("行政長官2026年施政報告主席先生，各位議員：")
    13
    >>> greeting_tail("推进社区建设。") is None
    True
    """
    for m in GREETING.finditer(text):
        if m.start() > 0:
            return m.start()
    return None


def opens_with_greeting(text: str) -> bool:
    """Whether ``text`` opens by addressing its audience (``Mr Speaker, Sir, I rise …``).

    >>> opens_with_greeting("Mr Speaker, Sir, I rise to move."), opens_with_greeting("We will")
    (True, False)
    """
    return _GREETING_HEAD.match(text) is not None
