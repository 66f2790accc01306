"""The engine's knobs and version: CompareOptions, AlignParams (per language), ENGINE_VERSION.

The first stage of the line every other stage may read (ARCHITECTURE.md section 4); it imports
nothing of the engine but the document model and the tokens' one test of how text is read.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparison.document import PlanDocument, UnitKind
from comparison.tokens import read_by_characters

ENGINE_VERSION = "38"  # 2: leftovers aligned across adjacent kinds (comparison.crosskind)
# 3: tied candidates (repeated identical paragraphs) paired in document order, both ways round
# 4: matches carry grade, confidence and sibling ranks (alignment itself unchanged)
# 5: matches list their changed quantitative targets; redlines keep each number whole
# 6: boilerplate (formulas; threads repeated across a series) flagged and left out of summaries
# 7: targets_changed quote figures as printed; older reports' review paragraphs give outcomes
# 8: 地区生产总值 (regional GDP) is gdp/gdp_growth in the targets vocabulary
# 9: a group with split and merge parts at once becomes n:m (restructured) instead of losing parts
# 10: thread titles shared by several threads carry the year span (and an ordinal if still alike)
# 11: unmatched units a long matched unit contains (character trigrams) join it as merge/split parts
# 12: containment needs a part with content (>= 12 trigrams): a greeting is no merge evidence
# 13: a weak pair across unlinked sections is no rival of a weak mutual-best pair (threads hold)
# 14: two container matches whose dissolved container crosses into the other join as n:m
# 15: English plurals fold (S-stemmer); weak split/merge parts must raise an English group's score
# 16: letters beyond ASCII are word letters (é, Cyrillic, Hangul, kana...); Korean, Thai and kana
#     text is compared by character n-grams as Chinese is (Chinese and ASCII output unchanged)
# 17: abbreviations a document defines ("Assurance Package (AP)") score as their long forms; in
#     English an unmatched unit whose clear best partner clears the cutoff joins its group when
#     it sits beside the group (Chinese output unchanged)
# 18: in English a weak split/merge part's gain is judged against its group without the clear-best
#     parts, so the order of the two rules no longer decides a group (Chinese output unchanged)
# 19: a leaf whose text appears once in each year ("twins") does not search for neighbours of
#     its own; others' searches still find it (every gold and perturbation table unchanged),
#     unless an analyst rejected its pair or pinned either unit elsewhere; a match whose figures
#     changed (1万套 -> 1.2万套; dates and ordinals aside) is never a minor edit
# 20: outside Chinese, an action of a plan (Action 3:, Objective 1.1, or a numbered unit opening
#     with an imperative) commits to its percentages without saying "will"; "from 50% to 45%" is
#     a change to 45%, not a range; a decimal comma (7,5 %) is read (targets_changed); a unit
#     that only greets or thanks in French, German, Spanish, Portuguese, Italian, Russian,
#     Japanese or Korean ("Mesdames et Messieurs,", "감사합니다.") is boilerplate; a numbered
#     infinitive (Reducir un 10 % …) or German noun of action (Senkung … um 5 %) commits too
# 21: between two reports that each have a review part (工作回顾, Review of 2023) and a part
#     ahead, no match joins a review unit with a plan unit (comparison.retrospect); an unmatched
#     container's children vote only for containers of its own family; a container matched to a
#     childless unit of its family (a task printed as one paragraph) brings its unmatched
#     children that share anything with it into that match
# 22: the cutoffs follow how text is compared: a plan without Chinese characters but read by
#     character n-grams (Korean, Thai, kana) takes the Chinese cutoffs, not the English ones
#     (every Chinese and English gold and perturbation table unchanged)
# 23: two containers both left unmatched, each the source of the other's children, sharing at
#     least half of each one's children, are matched (a goal renamed), and their children get
#     the linked parents' context (no match of the 47 bundled consecutive pairs changes)
# 24: an English possessive scores as its word (city's is city, Singapore’s is Singapore)
# 25: "from … to" and "between … and" read in French, Spanish, Portuguese, Italian, German, Dutch
#     and Russian too (von 15 % auf 25 %: now 25 %; entre 1 et 2 %: a range) in targets_changed
# 26: the targets reader reads traditional characters as simplified (國內生產總值增長5%左右 is
#     gdp_growth; 萬億元 an amount), names and figures quoted as printed
# 27: figures written in Chinese numerals (三萬 -> 三萬五千, 三百亿) make an edit more than minor
# 28: 主席先生，各位議員 and 多謝各位 (Hong Kong, Macao) are greetings and thanks (boilerplate)
# 29: a Korean plan's numbered items of intent (고용률을 70%까지 높인다) state targets, its past
#     endings (였다, 끌어올렸다) and 실적 report outcomes
# 30: a Japanese figure with a verb of intent after it (70%に引き上げる, 46%削減する) is a target
# 31: a year is no figure of a range ("from 64.3 per cent in 1970 to 60.4 per cent" is 60.4, not
#     1970-60.4); "by 2030" also as d'ici, bis, para, entro, tegen, к 2030, 2030년까지, 2030年まで
# 32: a Chinese unit with an owner (lead/supporting agencies or a deadline: a task table's row)
#     commits to its bare figures and counts (新开工重点项目100个以上, 新建2000个5G基站)
# 33: a target's name drops the small word before its figure in the other languages too
#     (Senkung der Emissionen um 30 % is "Senkung der Emissionen", réduire de, reducir en un)
# 34: a numbered action commits to its counts outside Chinese (Retrofit 40 schools, Plant 5,000
#     trees, Build 30 km of bike lanes), named by the verb and the thing counted
# 35: a short numbered Chinese item commits to a figure after a verb of doing, no agency named
#     (1.公务员编制减少2%。 3.新建保障性住房1200套。); 完成预算数的92.49% is a share
# 36: a target only in A and one only in B of one matched unit are one target restated when
#     horizon and measure agree and the names are alike (1,000 new social homes -> 1,200 new
#     social and affordable homes: up, not one dropped and one new); counts compare by value
# 37: a container matched to a unit whose own text is a body (not a heading over children)
#     hands it the leftover children closer to that body than to its children (national 2023's
#     last task, with the closing paragraphs parsed under it, takes 2022's livelihood paragraphs)
# 38: a merge or split changes its primary lead only when no unit of B is led by an agency that
#     led a unit of A (two items merged under the second's lead kept that lead)

ALL_KINDS: tuple[UnitKind, ...] = tuple(UnitKind)
# language -> (default score cutoff, lowest score of a "clearly each other's best" pair)
LANGUAGE_CUTOFFS = {"zh": (0.15, 0.12), "en": (0.30, 0.30)}


def comparison_language(a: PlanDocument, b: PlanDocument) -> str:
    """Whose cutoffs the pair takes: ``en`` when both documents are read word by word, else
    ``zh``.

    The cutoffs belong to how text is compared, not to what the parser calls its language: a
    Korean, Thai or kana plan is labelled ``en`` (it has no Chinese characters) but is compared
    by character n-grams, as Chinese is, and its pair scores run as low as Chinese ones. Under
    the English cutoffs a Chinese pair loses most of its links (Hailar 2018 -> 2019 paragraphs
    F1 0.917 -> 0.000, national 2018 -> 2019 0.667; benchmarks/README.md), so such a plan takes
    the Chinese ones.
    """
    return "en" if _read_by_words(a) and _read_by_words(b) else "zh"


def _read_by_words(doc: PlanDocument) -> bool:
    """An ``en`` document most of whose units are compared by words (not character n-grams)."""
    if doc.language != "en":
        return False
    by_characters = sum(1 for u in doc.units if read_by_characters(f"{u.title or ''}{u.text}"))
    return 2 * by_characters <= len(doc.units)


@dataclass(frozen=True)
class CompareOptions:
    """Knobs of the engine (keyword-only, frozen).

    ``score_cutoff``: minimum pair score (0..1) for two units to be matched (None: the language's
    default, 0.15 for Chinese, 0.30 for English); ``top_k``: candidates
    kept per unit in each direction; ``split_merge``: detect one-to-many and many-to-one groups;
    ``granularity``: the unit kinds aligned (units of other kinds are left out of the comparison).
    """

    score_cutoff: float | None = None
    top_k: int = 6
    split_merge: bool = True
    granularity: tuple[UnitKind, ...] = ALL_KINDS

    def __post_init__(self) -> None:
        # accept kind names too ("task", "item"), as a CLI or an API would pass them
        kinds = tuple(UnitKind(k) for k in self.granularity)
        object.__setattr__(self, "granularity", kinds)
        if self.score_cutoff is not None and not 0.0 <= self.score_cutoff <= 1.0:
            raise ValueError("score_cutoff must be between 0 and 1")
        if self.top_k < 1:
            raise ValueError("top_k must be at least 1")

    def align_params(self, language: str = "zh", *, use_context: bool = True) -> AlignParams:
        """Engine parameters for documents in ``language`` (``zh`` or ``en``).

        Chinese plans reword heavily from year to year but keep distinctive terms, so a low
        cutoff plus "clearly each other's best" pairs below it work (measured on the gold
        alignments); English speeches share common words everywhere, so pairs must clear a
        higher cutoff and no weaker evidence is accepted.
        """
        default, weak = LANGUAGE_CUTOFFS.get(language, LANGUAGE_CUTOFFS["zh"])
        cutoff = default if self.score_cutoff is None else self.score_cutoff
        return AlignParams(
            score_cutoff=cutoff,
            top_k=self.top_k,
            split_merge=self.split_merge,
            use_context=use_context,
            weak_floor=min(weak, cutoff) if language != "en" else cutoff,
        )


@dataclass(frozen=True)
class AlignParams:
    """Alignment parameters for one language (:meth:`CompareOptions.align_params`)."""

    score_cutoff: float = 0.15
    top_k: int = 6
    split_merge: bool = True
    use_context: bool = True
    weak_floor: float = 0.12  # lowest score a weak (mutual-best, orphan-group) pair may have
    cross_kind: bool = True  # align the leftovers across adjacent kinds (comparison.crosskind)
    restructure: bool = True  # a group with parts on both sides becomes n:m (restructured)
    containment: bool = True  # unmatched parts a matched unit contains join it (splitmerge)
