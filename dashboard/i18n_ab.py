"""UI strings of the A/B tests page (French first, English), merged by ``dashboard.i18n``.

Pure module: no Streamlit import.
"""

from __future__ import annotations

from typing import Final

FR: Final[dict[str, str]] = {
    "nav.ab_tests": "Tests A/B",
    "ab.title": "Tests A/B",
    "ab.no_tests": "Aucun test A/B : aucune visite avec une variante sur vos landing pages.",
    "ab.no_table": "L'entrepôt publié ne contient pas encore les tests A/B : relancez le pipeline.",
    "ab.scope": "Comparer",
    "ab.scope.lp": "Par landing page",
    "ab.scope.lp_form": "Par landing page × formulaire",
    "ab.test_form": "{lp} × {form}",
    "ab.method": "Gagnant : P(meilleure) ≥ {threshold} avec au moins {min} sessions par"
    " variante (a priori Beta(1, 1)). Conversion : une session qui a amené un lead."
    " Sessions nécessaires : taille d'un test z unilatéral (α = {alpha}, puissance 80 %)"
    " pour l'écart entre les deux meilleures variantes. Intervalles : Wilson à 95 %.",
    "ab.verdict.winner": "Gagnant : {arm} — P(meilleure) {p} avec au moins {n} sessions par"
    " variante.",
    "ab.verdict.collecting": "Pas encore de gagnant : {arm} en tête, P(meilleure) {p}."
    " Encore environ {needed} sessions nécessaires.",
    "ab.verdict.no_difference": "Aucune différence entre les variantes pour l'instant.",
    "ab.verdict.inconclusive": "Pas encore de gagnant : {arm} en tête, P(meilleure) {p} ;"
    " l'écart est trop faible pour conclure, laissez tourner le test.",
    "ab.verdict.single_arm": "Une seule variante vue : rien à comparer pour l'instant.",
    "ab.guidance": "Au rythme observé ({per_day} sessions par jour sur ce test), environ {days}"
    " jour(s) de plus.",
    "ab.col.arm": "Variante",
    "ab.col.control": "Témoin",
    "ab.col.exposures": "Sessions",
    "ab.col.conversions": "Conversions",
    "ab.col.rate": "Taux",
    "ab.col.interval": "Intervalle 95 %",
    "ab.col.lift": "Écart vs témoin",
    "ab.col.p_best": "P(meilleure)",
    "ab.col.sold": "Ventes",
    "ab.col.sold_rate": "Taux de vente",
    "ab.col.p_best_sold": "P(meilleure) ventes",
    "ab.yes": "oui",
}

EN: Final[dict[str, str]] = {
    "nav.ab_tests": "A/B tests",
    "ab.title": "A/B tests",
    "ab.no_tests": "No A/B test: no visit with a variant on your landing pages.",
    "ab.no_table": "The published warehouse has no A/B tests yet: run the pipeline again.",
    "ab.scope": "Compare",
    "ab.scope.lp": "Per landing page",
    "ab.scope.lp_form": "Per landing page × form",
    "ab.test_form": "{lp} × {form}",
    "ab.method": "Winner: P(best) ≥ {threshold} with at least {min} sessions per variant"
    " (Beta(1, 1) priors). Conversion: a session that brought a lead. Sessions needed: the"
    " size of a one-sided z-test (α = {alpha}, power 80%) for the gap between the two best"
    " variants. Intervals: Wilson 95%.",
    "ab.verdict.winner": "Winner: {arm} — P(best) {p} with at least {n} sessions per variant.",
    "ab.verdict.collecting": "No winner yet: {arm} leads, P(best) {p}. About {needed} more"
    " sessions needed.",
    "ab.verdict.no_difference": "No difference between the variants so far.",
    "ab.verdict.inconclusive": "No winner yet: {arm} leads, P(best) {p}; the gap is too"
    " small to call, keep the test running.",
    "ab.verdict.single_arm": "Only one variant seen: nothing to compare yet.",
    "ab.guidance": "At the observed pace ({per_day} sessions a day on this test), about {days}"
    " more day(s).",
    "ab.col.arm": "Variant",
    "ab.col.control": "Control",
    "ab.col.exposures": "Sessions",
    "ab.col.conversions": "Conversions",
    "ab.col.rate": "Rate",
    "ab.col.interval": "95% interval",
    "ab.col.lift": "Lift vs control",
    "ab.col.p_best": "P(best)",
    "ab.col.sold": "Sales",
    "ab.col.sold_rate": "Sale rate",
    "ab.col.p_best_sold": "P(best) sales",
    "ab.yes": "yes",
}
