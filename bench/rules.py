"""Charter rules speed: messages per second and rebuild time (a benchmark, not a test).

    .venv/bin/python bench/rules.py [--messages 2000] [--rounds 3] [--naive-seconds 2.0]

One core, one process. Builds a French corpus (seeded, sentences from
`agora/voice/evaluation/*.jsonl` joined to about 600 characters, some of them with an
offending sentence slipped in) and one charter per size N of watched-term list (10, 100,
1,000, 10,000 terms: real French insults, threats and spam phrases, then generated
pseudo-words), each with 20 RE2 `pattern` rules, a `links`, a `rate` and a `shouting` rule, all
in one `CompiledRules`. Measures, interleaved, median of the rounds:

- `CompiledRules.check()` on every message: messages per second for each N;
- the naive way on an evenly spaced sample (sized to take about `--naive-seconds` per round):
  `fold_text` once, then one Python `re` per term (whole word) and per pattern, in turn;
- the time to build `CompiledRules` for 1,000 and 10,000 terms (median of several builds).

Then a cost breakdown of `check()` at 1,000 terms (fold, matcher, links, shouting). The last
line is one JSON object {"msg_per_s_1000", "vs_naive_1000", "msg_per_s_10000",
"rebuild_ms_1000", ...}. Targets: 20,000 msg/s and 100x naive at 1,000 terms, 5,000 msg/s at
10,000 terms, rebuild under 50 ms. Figures vary ±10-15 % between runs on shared machines;
compare only figures from the same run. About 30 s on 2 cores.
"""

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agora.core.text import fold, fold_text  # noqa: E402
from agora.rules import CompiledRules, RuleSpec, is_shouting, normalise_term  # noqa: E402
from agora.rules.charter import LINK_RE  # noqa: E402

SIZES = (10, 100, 1_000, 10_000)
TARGET_MSG_PER_S_1000 = 20_000
TARGET_VS_NAIVE_1000 = 100
TARGET_MSG_PER_S_10000 = 5_000
TARGET_REBUILD_MS = 50

# What a French community's steward watches for; the first ten are the commonest.
TERMS = """
connard | putain | ta gueule | abruti | débile | crétin | enculé | fils de pute | bouffon
| va te faire foutre
| connasse | conne | con | salope | salaud | salopard | enculée | pute | pétasse | pouffiasse
| grognasse | abrutie | crétine | demeuré | attardé | gogol | mongol | taré | tarée
| imbécile | idiote | bouffonne | guignol | tocard | tocarde | naze | nul à chier | minable
| raclure | ordure | pourriture | vermine | sous-merde | merdeux | merdeuse | trou du cul
| trouduc | tête de con | face de rat | sac à merde | fdp | ntm | nique ta mère
| ferme ta gueule | va chier | casse-toi | crève | crevard | enfoiré | enfoirée | bâtard
| bâtarde | charogne | fumier | sale chien | sale chienne | chienne | garce | catin | traînée
| morue | grosse vache | gros porc | gros lard | boudin | cassos | beauf | plouc | péquenaud
| bouseux | pédé | tapette | tarlouze | retourne dans ton pays | rentre chez toi
| sale race | je vais te tuer | je sais où tu habites | on va te retrouver | crève en enfer
| suicide-toi | pends-toi | t'es mort | je vais te défoncer | casser la gueule
| je vais te buter | balance ton adresse | on se retrouve à la sortie | tu vas le regretter
| argent facile | gagner de l'argent | revenu passif | travail à domicile | devenez riche
| offre exclusive | offre limitée | cliquez ici | cliquez sur le lien | lien en bio
| code promo | parrainage | 100 % gratuit | sans engagement | satisfait ou remboursé
| bitcoin | cryptomonnaie | forex | investissement garanti | rendement garanti
| doublez votre argent | opportunité unique | casino en ligne | paris sportifs | pronostics
| viagra | cialis | rencontres coquines | célibataires près de chez vous | webcam | onlyfans
| abonnez-vous | follow back | suivez-moi | concours gratuit | iphone gratuit | carte cadeau
| vous avez gagné | réclamez votre prix | prix cassés | déstockage | contrefaçon | réplique
| faux billets | vente de followers | achat de likes | boostez votre compte
| marketing de réseau | dropshipping | formation trading | coach en trading
| liberté financière | escroquerie | arnaque | arnaqueur | arnaqueuse | contactez-moi en privé
| écrivez-moi en mp | mp moi | whatsapp | telegram | numéro de carte | code de sécurité
| virement urgent | western union | mandat cash | coupon pcs | recharge transcash
| photos intimes | nudes | sextape | revenge porn | cannabis | beuh | cocaïne | ecstasy
| dealer | plan weed | livraison discrète | vente d'armes | sieg heil | heil hitler
| bande de nazis | collabo | sale gauchiste | sale facho | islamo-gauchiste | bobo parisien
| grand remplacement | vendu | traître | corrompu | menteur | menteuse | escroc | voleur
| voleuse | pourri | pourris | incompétent | incompétente | honte à vous | démission
| boycott | boycottez | boycottez cette marque | fuyez | ne commandez jamais | service de merde
| produit de merde | c'est de la merde | merde | bordel | chier | foutre | couille | couilles
| bite | teub | nichons | baiser | niquer | branleur | branleuse | glandeur | feignasse
| fainéant | parasite | assisté | cas social | lèche-cul | fayot | balance | poucave
| sale balance | mouchard | tête de nœud | bâtard de modo | modo de merde | modérateur incompétent
| censure | censeurs | dictature | goulag
"""

# Twenty RE2 patterns (no look-around, no back-reference), written on folded text.
PATTERNS = (
    r"(?:\+33|\b0)\s?[1-9](?:[\s.-]?\d{2}){4}\b",  # French phone number
    r"\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b",  # e-mail address
    r"\bc[o0]nn?[a4@]rd",  # connard, c0nard, conn4rd
    r"\bs[a4@]l[o0]p(?:e|ard)",  # salope, s4lope, salopard
    r"\b[e3]ncul[e3]",  # enculé, 3ncule
    r"\bp[u*]t[a4@]i?n\b",  # putain, put@n
    r"\bf[i1]ls?\s+d[e3]\s+p[u*]t[e3]",  # fils de pute
    r"\bn[i1]qu[e3]\s+t[a4]\s+m[e3]r[e3]",  # nique ta mère
    r"\bt[a4]\s+g[u*][e3]ul[e3]",  # ta gueule
    r"\b(?:bitcoin|btc|eth|usdt|crypto)\b.{0,40}\b(?:x\s?\d+|gains?|rendement|profits?)\b",
    r"\bdoubl(?:ez|er)\s+(?:votre|ton|vos)\s+(?:argent|capital|investissement)",
    r"\bgagn(?:ez|er)\s+\d+\s?(?:€|euros?)\s+par\s+(?:jour|semaine|mois)",
    r"\b(?:whatsapp|telegram|signal)\s*:?\s*\+?\d[\d\s.]{7,}",
    r"\bt\.me/[a-z0-9_]+",
    r"\b(?:bit\.ly|tinyurl\.com|goo\.gl|cutt\.ly|shorturl\.at)/[a-z0-9_-]+",
    r"\bfr\d{2}(?:\s?[0-9a-z]{4}){5}\s?[0-9a-z]{3}\b",  # French IBAN
    r"\b(?:\d{4}[\s-]?){3}\d{4}\b",  # a card number
    r"\b(?:code\s+promo|parrainage)\s*:?\s*[a-z0-9]{5,}\b",
    r"\bvends?\s+(?:\d+\s+)?(?:billets?|places?)\b.{0,40}\b\d+\s?(?:€|euros?)",
    r"[!?]{5,}",
)

# Offending sentences slipped into some messages, so that the rules have something to find.
OFFENDING = (
    "Franchement t'es qu'un connard, ferme-la.",
    "Putain mais c'est quoi ce service, 3 semaines pour une réponse.",
    "Gagnez 300 euros par jour avec le bitcoin, rendement garanti, WhatsApp : +33 6 12 34 56 78",
    "Contactez-moi : jean.dupont1987@gmail.com pour les billets du concert.",
    "Vends 2 places pour samedi, tribune nord, 45 € chacune, MP moi.",
    "Offre exclusive, cliquez ici : bit.ly/promo-agora avant ce soir !",
    "T'es vraiment un c0nard toi, on t'a rien demandé.",
    "ARRÊTEZ DE SUPPRIMER MES MESSAGES BANDE DE GUIGNOLS, C'EST DE LA CENSURE",
    "Va te faire foutre avec ta charte.",
    "Quel abruti ce modérateur, il comprend rien à rien.",
    "Crypto x10 en une semaine, rejoignez t.me/cryptogains_fr maintenant",
    "Appelez le 06.12.34.56.78 pour un devis gratuit et sans engagement.",
    "Mon site perso : https://www.promo-outlet.fr/soldes?ref=groupe regardez !",
    "Vous êtes tous des débiles, je me désabonne.",
    "Code promo : AGORA2024 sur toute la boutique, livraison discrète.",
    "Ta gueule, personne ne t'a sonné.",
    "Les modos sont des bouffons, honte à vous !!!!!",
    "Doublez votre argent en 48 h, écrivez-moi en MP.",
    "Je sais où tu habites, tu vas le regretter.",
    "Travail à domicile, revenu passif, liberté financière : lien en bio.",
)

# Syllables for the pseudo-words that pad the term list to 10,000.
SYLLABLE_TEXT = (
    "ba be bi bo bu ca co cu da de di do du fa fe fi fo ga go gu la le li lo lu ma me mi mo mu"
    " na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo"
    " za zo bra bre bri cla cle cro dra fla fle fri gla gre pla pre pri tra tre tri vra chou"
    " chi gne gna qua que qui lon ron ton mon son tin rin lin vin zar zer mar ber ker dé fé"
    " gé lé mé né pé ré té vé è ê ô û ï ç"
)
SYLLABLES = SYLLABLE_TEXT.split()


def french_sentences() -> list[str]:
    """The French community sentences of the voice coach's evaluation sets, in file order."""
    sentences = []
    for path in sorted((ROOT / "agora/voice/evaluation").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if item.get("lang") == "fr" and item.get("text"):
                    sentences.append(" ".join(item["text"].split()))
    return sentences


def build_corpus(rng, sentences, count, size=600, offending_share=0.06):
    """(text, member_days, last_hour) per message: about `size` characters of real
    sentences, an offending sentence slipped in now and then, some authors new, a few busy."""
    corpus = []
    for _ in range(count):
        parts = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(sentences))
        if rng.random() < offending_share:
            parts.insert(rng.randrange(len(parts) + 1), rng.choice(OFFENDING))
        text = " ".join(parts)[: size + 40]
        member_days = rng.choice((0.5, 2, 5)) if rng.random() < 0.2 else rng.uniform(8, 900)
        last_hour = 12 if rng.random() < 0.01 else rng.choice((0, 0, 0, 1, 1, 2, 3))
        corpus.append((text, member_days, last_hour))
    return corpus


def build_terms(rng, vocabulary, total):
    """The real terms, then pseudo-words (some accented, some two-word phrases) that are not
    words of the corpus, up to `total`."""
    terms = [" ".join(t.split()) for t in TERMS.split("|") if t.strip()]
    seen = {fold_text(t) for t in terms}
    while len(terms) < total:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.08:
            word += " " + "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        key = fold_text(word)
        if len(key) >= 5 and key not in seen and not set(key.split()) & vocabulary:
            seen.add(key)
            terms.append(word)
    return terms[:total]


def charter_specs(terms):
    """One charter version: a terms rule, 20 pattern rules, links, rate and shouting."""
    specs = [RuleSpec(1, 3, "terms", "reject", terms=tuple(terms))]
    for index, pattern in enumerate(PATTERNS):
        action = "hold" if index < 10 else "flag"
        specs.append(RuleSpec(10 + index, 4 + index % 3, "pattern", action, pattern=pattern))
    specs.append(RuleSpec(40, 5, "links", "hold", limit=7))
    specs.append(RuleSpec(41, 6, "rate", "flag", limit=10))
    specs.append(RuleSpec(42, 2, "shouting", "flag"))
    return specs


class Naive:
    """The way without an automaton: fold once, then one `re` per term and per pattern."""

    def __init__(self, terms, patterns):
        keys = [fold_text(" ".join(t.split())) for t in terms]
        self.terms = [(k, re.compile(r"(?<![\w])" + re.escape(k) + r"(?![\w])")) for k in keys]
        self.patterns = [
            (p, re.compile("".join(c if c.isascii() else fold_text(c) for c in p), re.IGNORECASE))
            for p in patterns
        ]

    def check(self, text):
        """The folded terms and the patterns found."""
        folded = fold_text(text)
        hits = [key for key, regex in self.terms if regex.search(folded)]
        hits += [pattern for pattern, regex in self.patterns if regex.search(folded)]
        return hits


def per_second(function, messages):
    started = time.perf_counter()
    for text, member_days, last_hour in messages:
        function(text, member_days=member_days, last_hour=last_hour)
    return len(messages) / (time.perf_counter() - started)


def naive_per_second(naive, messages):
    check = naive.check
    started = time.perf_counter()
    for text, _days, _hour in messages:
        check(text)
    return len(messages) / (time.perf_counter() - started)


def build_ms(specs, repeat):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        CompiledRules(specs)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def sample(corpus, count):
    """`count` messages evenly spaced through the corpus."""
    count = max(1, min(count, len(corpus)))
    step = len(corpus) / count
    return [corpus[int(i * step)] for i in range(count)]


def mark(value, target, above=True):
    met = value >= target if above else value < target
    sign = "≥" if above else "<"
    return f"(target {sign} {target:,}: {'met' if met else 'MISSED'})"


def breakdown(rules, corpus, passes=3):
    """Microseconds per message for each part of check(), each measured alone (median of
    `passes`). Reaches into the matcher's automaton and RE2 set to time them apart."""
    texts = [text for text, _d, _h in corpus]
    folded = [fold_text(text) for text in texts]
    matched = [text for text in texts if rules.matcher.find(text)]
    young = [text for text, days, _h in corpus if days < 7]
    matcher = rules.matcher

    def timed(function, items, per=None):
        runs = []
        for _ in range(passes):
            started = time.perf_counter()
            for item in items:
                function(item)
            runs.append((time.perf_counter() - started) * 1e6 / (per or len(items)))
        return statistics.median(runs)

    def check(message):
        rules.check(message[0], member_days=message[1], last_hour=message[2])

    def automaton(text):
        for _ in matcher._automaton.iter(text):
            pass

    share_matched = len(matched) / len(texts)
    share_young = len(young) / len(texts)
    return {
        "fold_text": timed(fold_text, texts),
        "matcher.find, all of it": timed(matcher.find, texts),
        "  automaton.iter on the folded text": timed(automaton, folded),
        "  RE2 set Match on the folded text": timed(matcher._set.Match, folded),
        f"  fold().origin, the span map (built for the {share_matched:.0%} with a match)": (
            timed(lambda text: fold(text).origin, matched, per=len(texts))
        ),
        f"links: LINK_RE.search (run for the {share_young:.0%} of new members)": timed(
            LINK_RE.search, young, per=len(texts)
        ),
        "shouting: is_shouting": timed(is_shouting, texts),
        "check() whole": timed(check, corpus),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--naive-seconds", type=float, default=2.0, help="time per round for the naive way"
    )
    args = parser.parse_args()
    rng = random.Random(2024)
    started_all = time.perf_counter()

    sentences = french_sentences()
    corpus = build_corpus(rng, sentences, args.messages)
    vocabulary = {w for s in sentences for w in re.findall(r"\w+", fold_text(s))}
    all_terms = build_terms(rng, vocabulary, max(SIZES))
    specs = {n: charter_specs(all_terms[:n]) for n in SIZES}
    average = sum(len(t) for t, _d, _h in corpus) / len(corpus)
    print(
        f"corpus: {len(corpus)} French messages, {average:.0f} characters on average, "
        f"from {len(sentences)} sentences; {len(PATTERNS)} patterns + links, rate, shouting"
    )

    rules = {n: CompiledRules(specs[n]) for n in SIZES}
    started = time.perf_counter()
    naive = {n: Naive(all_terms[:n], PATTERNS) for n in SIZES}
    print(f"naive regexes compiled in {time.perf_counter() - started:.1f} s (not timed below)")

    # Warm-up: fills the fold table and caches, and sizes the naive samples.
    naive_sample = {}
    for n in SIZES:
        for text, member_days, last_hour in corpus[:300]:
            rules[n].check(text, member_days=member_days, last_hour=last_hour)
        probe = sample(corpus, 5)
        for text, _d, _h in probe:
            naive[n].check(text)
        speed = naive_per_second(naive[n], probe)
        naive_sample[n] = sample(corpus, max(20, int(speed * args.naive_seconds)))

    share, matched = {}, {}
    for n in SIZES:
        verdicts = [rules[n].check(t, member_days=d, last_hour=h) for t, d, h in corpus]
        share[n] = sum(1 for v in verdicts if v.hits) / len(corpus)
        matched[n] = sum(
            1 for v in verdicts if any(hit.rule.kind in ("terms", "pattern") for hit in v.hits)
        ) / len(corpus)

    # Same answers? Terms and patterns only (the naive way has no links, rate or shouting).
    agree = 0
    checked = naive_sample[1_000]
    for text, _d, _h in checked:
        found = rules[1_000].matcher.find(text)
        fast = {normalise_term(m.value) if m.kind == "term" else m.value for m in found}
        agree += fast == set(naive[1_000].check(text))
    print(
        f"naive and CompiledRules find the same terms and patterns in "
        f"{agree}/{len(checked)} sampled messages (1,000 terms)"
    )

    fast_runs = {n: [] for n in SIZES}
    naive_runs = {n: [] for n in SIZES}
    rebuild_runs = {1_000: [], 10_000: []}
    for _round in range(args.rounds):
        for n in SIZES:
            fast_runs[n].append(per_second(rules[n].check, corpus))
            naive_runs[n].append(naive_per_second(naive[n], naive_sample[n]))
        rebuild_runs[1_000].append(build_ms(specs[1_000], 7))
        rebuild_runs[10_000].append(build_ms(specs[10_000], 5))

    fast = {n: statistics.median(v) for n, v in fast_runs.items()}
    slow = {n: statistics.median(v) for n, v in naive_runs.items()}
    rebuild = {n: statistics.median(v) for n, v in rebuild_runs.items()}
    print(
        "naive = fold_text, then one `re` per term (whole word) and per pattern, in turn "
        "(no links, rate or shouting, which flatters it)"
    )
    print(f"median of {args.rounds} interleaved rounds, one core:")
    for n in SIZES:
        line = (
            f"{n:>6,} terms: {fast[n]:>9,.0f} msg/s ({1e6 / fast[n]:6.1f} µs/msg), "
            f"naive {slow[n]:>9,.1f} msg/s on {len(naive_sample[n])} msgs, "
            f"{fast[n] / slow[n]:>7,.1f}x; hits: {matched[n]:.1%} terms/patterns, "
            f"{share[n]:.1%} any rule"
        )
        if n == 1_000:
            line += (
                f" {mark(fast[n], TARGET_MSG_PER_S_1000)}"
                f" {mark(round(fast[n] / slow[n]), TARGET_VS_NAIVE_1000)}"
            )
        elif n == 10_000:
            line += f" {mark(fast[n], TARGET_MSG_PER_S_10000)}"
        print(line)
    for n, value in rebuild.items():
        print(
            f"rebuild CompiledRules, {n:,} terms + {len(PATTERNS)} patterns: "
            f"{value:.1f} ms {mark(value, TARGET_REBUILD_MS, above=False)}"
        )

    print("cost of each part of check() at 1,000 terms, µs per message (measured alone):")
    for name, value in breakdown(rules[1_000], corpus).items():
        print(f"  {name}: {value:.1f}")
    print(f"run time {time.perf_counter() - started_all:.0f} s")

    result = {
        "msg_per_s_1000": round(fast[1_000]),
        "vs_naive_1000": round(fast[1_000] / slow[1_000], 1),
        "msg_per_s_10000": round(fast[10_000]),
        "rebuild_ms_1000": round(rebuild[1_000], 2),
        "rebuild_ms_10000": round(rebuild[10_000], 2),
    }
    for n in SIZES:
        result[f"msg_per_s_{n}"] = round(fast[n])
        result[f"naive_msg_per_s_{n}"] = round(slow[n], 1)
        result[f"vs_naive_{n}"] = round(fast[n] / slow[n], 1)
        result[f"naive_sample_{n}"] = len(naive_sample[n])
        result[f"match_share_{n}"] = round(matched[n], 3)
        result[f"any_rule_share_{n}"] = round(share[n], 3)
    result["messages"] = len(corpus)
    result["average_chars"] = round(average)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
