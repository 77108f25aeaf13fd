"""French lexicons for the voice coach.

Patterns run on folded text (accents stripped, lower case, straight apostrophes), so they are
written without accents. Each list is curated from community-management realities: what a
moderator or brand account writes when it slips from guiding into ruling.
"""

# Where an imperative stands: the start of a sentence or clause (not "nous avons retiré").
CLAUSE = r"(?:^|[.!?;,:\n]\s*|\bet\s+|\bmaintenant,?\s+|\bdonc\s+|\balors\s+)"

# Orders, threats and ultimatums aimed at members.
BOSS = [
    r"\bou (vous serez|tu seras|t'es|vous etes|c'est l'|c'est le) ?(banni|bannie|bannis|exclu|exclue|exclus|supprime|supprimee|vire|viree|vires|bloque|bloquee|bloques|sanctionne|dehors|ban|exclusion)",
    r"\bsinon\b[^.!?]{0,50}\b(ban|banni|bannissement|exclu|exclusion|sanction|supprim\w*|vire\w*|bloqu\w*|dehors|la porte|regretter)",
    r"\b(dernier|ultime) avertissement\b",
    r"\bsous peine de\b",
    r"\bau prochain (ecart|message|commentaire|debordement|derapage)\b",
    r"\bje ne (veux|tolererai|tolere|supporterai|laisserai) (plus|pas|aucune?)\b",
    r"\bje ne veux (plus|pas) (voir|lire|entendre)\b",
    r"\bobeiss(ez|ons)\b|\bobeis\b",
    r"\btaisez-vous\b|\btais-toi\b|\bfermez-la\b|\bferme-la\b",
    r"\bca suffit\b|\bca suffira\b",
    r"\b(vous devez|tu dois|il faut) (imperativement|absolument|immediatement|obeir)\b",
    r"\bje (vous|te|t') ?(ordonne|interdis|previens)\b",
    r"\b(vous allez|tu vas) (le regretter|voir ce qui|comprendre ta douleur|comprendre votre douleur)\b",
    r"\b(vous etes|tu es|t'es) (prevenus?|previenus?|averti|avertis|avertie)\b",
    r"\bon ne discute pas\b|\bpas de discussion\b|\bpoint final\b|\bnon negociable\b",
    CLAUSE
    + r"(arretez|arrete|cessez|cesse) (de |d'|vos |tes |ca|cela|tout|immediatement|tout de suite|ce cirque|ces|votre|ton)",
    r"^\s*(arretez|arrete|stop|cessez|silence)\s*[!.]",
    r"[.!?]\s+(arretez|arrete|stop|cessez|silence)\s*[!.]",
    CLAUSE
    + r"(supprimez|supprime|retirez|retire|effacez|efface|enlevez|enleve)(-le|-la|-les)? (ce|cette|ces|ton|ta|tes|votre|vos|le|la|les|immediatement|tout de suite)? ?(commentaire|message|post|publication|propos|photo|lien|contenu|immediatement|tout de suite)",
    r"\b(degagez|degage|sortez|sors d'ici|allez voir ailleurs|va voir ailleurs|la porte est (grande )?ouverte)\b",
    r"\b(tu|vous) (arretes|arretez|cesses|cessez|te calmes|vous calmez|te tais|vous taisez) ?(tout de suite|immediatement|maintenant|ca|tes|vos|de|d'|avec|ou)?\b",
    r"\bn'(a|as|avez|ont) qu'a (partir|se desabonner|te desabonner|vous desabonner|quitter|aller (voir )?ailleurs|s'en aller|se taire)\b",
    r"\bplus (aucune?|de) (question|remarque|commentaire|plainte|message|lien)s? (sur|a propos|au sujet|concernant)\b",
    r"\b(vous attendrez|tu attendras) comme tout le monde\b",
    r"\bou je (ferme|supprime|bloque|bannis|vire|coupe|sevis|te bannis|vous bannis|te bloque|vous bloque)\b",
    r"\bfin de la discussion\b",
    r"\b(tu|vous) (quittes|quittez|sors|sortez|ecoutes|ecoutez|obeis|obeissez)( le groupe| la page| d'ici)?\s*[.!,]",
    r"\b(on les|les) garde(z)? pour (soi|vous|toi)\b|\bgardez(-les)? pour vous\b",
    r"\bj'attends (de vous|de chacun|que vous|de toi|que tu)\b",
    r"\bn'est pas negociable\b",
    r"\bou (partez|pars|sortez|sors|quittez|quitte|dehors|degagez|degage)\b",
    r"\bencore un (seul )?(message|commentaire|mot|post|lien)\b[^.!?]{0,40}\b(dehors|banni|bannie|exclu|exclue|bloque|bloquee|supprime|vire|viree|la porte)\b",
    r"\b(vous avez|tu as) (\d+|vingt-quatre|quarante-huit|deux|trois) ?(heures|jours|minutes|h) pour\b",
    r"\bje ne le (dirai|repeterai) pas (deux fois|une deuxieme fois|une seconde fois|encore)\b|\bc'est la derniere fois que je (vous|te) le (dis|repete)\b|\bje ne vais pas le repeter\b",
    r"\b(allez|va) (pleurer|vous plaindre|te plaindre|raler|voir|jouer) ailleurs\b",
    r"\b(tu veux|vous voulez) arreter (de|ca)\b[^.!?]*\boui ou non\b",
    r"\b(quiconque|tout membre|toute personne|ceux qui|celles et ceux qui) [^.!?]{0,60}\b(sera|seront|se fera|se feront) (bloques?|bloquees?|bannis?|bannies?|exclus?|exclues?|supprimes?)\b",
    r"\b(vous perdrez|tu perdras) (votre|ton) acces\b|\bpas de (seconde|deuxieme) chance\b",
    r"\b(sera|seront) (supprimes?|supprimees?|retires?|effaces?) et (son|leur|ses) auteurs? (bloques?|bannis?|exclus?|sanctionnes?)\b",
    r"\b(vous n'avez|tu n'as) pas a (contester|discuter|critiquer|remettre en question|juger)\b",
    r"\bc'est comme ca\s*[.!]",
    r"\b(je peux|j'ai le pouvoir de) (fermer|supprimer|bannir|bloquer|virer|exclure)\b[^.!?]{0,40}\bquand je (le )?veux\b",
    r"\bje (vais|peux) (vous|te|t') ?(bannir|exclure|virer|bloquer)\b",
    r"\bje bannis\b|\bbanni sans (preavis|discussion|sommation)\b",
    r"\bplus un mot\b|\bplus une seule (fois|remarque)\b",
    r"\b(debats?|discussions?|sujets?)\b[^.!?]{0,50}\b(sont|est) (clos|closes?|termines?|fermes?)\b",
    r"\bsi [^.!?]{0,60}ne (vous|te) (convient|plait) (pas|plus)\b[^.!?]{0,40}\b(partez|pars|allez|va|quittez|quitte|prenez|prends|degagez|degage|ailleurs)\b|\bceux qui ne sont pas contents\b",
    r"\btoute (critique|remarque|plainte)\b[^.!?]{0,50}\binterdite?\b",
    r"\bon ne tolere (pas|aucune?|plus)\b|\bon vous a (reperes?|a l\'oeil)\b",
    r"\bje ne vais pas (courir apres|repondre une|le repeter)\b|\bon ne va pas (repondre|le repeter)\b",
    r"\b(vous allez|tu vas) (arreter|cesser|vous taire|te taire|m\'ecouter|obeir|effacer|supprimer)\b",
    r"\btu degages\b|\bvous degagez\b|\bon ferme (ce|le) (sujet|fil|debat)\b",
    r"\bsinon je (te|vous) signale\b|\bsinon je ferme\b",
]

# Claims of power, ownership or superiority over the community.
EGO = [
    r"\bj'ai (du|le|tout le|beaucoup de) pouvoir\b",
    r"\bje dirige (des|plus de|\d|cette (page|communaute)|ce (groupe|forum|serveur)|la (page|communaute))\b",
    r"\bje (commande|controle|gere|possede|tiens) (tout|tous|cette (page|communaute)|des milliers|ici|la page|ce groupe)\b",
    r"\b(me suivent|sous mes ordres|a mes ordres|derriere moi|m'obeissent|m'ecoutent tous)\b",
    r"\bsans moi\b",
    r"\bc'est (grace a )?moi qui (ai (tout )?(fait|cree|construit|monte)|decide|commande|fais tout)\b",
    r"\bje suis (le|la|le seul|la seule|votre|ton) (patron|patronne|chef|cheffe|boss|maitre|maitresse|proprio|proprietaire|roi|reine)\b",
    r"\bma page,? mes regles\b|\bmes regles\b|\bma maison,? mes regles\b",
    r"\bici,? c'est (moi|chez moi)\b|\bc'est ma (page|communaute|maison)\b",
    r"\b(vous avez|tu as|t'as) (de la )?chance que je\b|\bestimez-vous heureux\b|\bestime-toi heureux\b",
    r"\bje n'ai (de comptes|pas de comptes|aucun compte) a rendre\b",
    r"\b(mon|ma) (autorite|pouvoir|puissance|superiorite)\b",
    r"\bje suis (bien )?(au-dessus|superieur|superieure|plus important)\b",
    r"\b(des|plusieurs) (milliers|millions|centaines de milliers) de (personnes|fans|membres|abonnes|gens)\b[^.!?]{0,40}\b(ma page|moi|mes ordres|je dirige|me suivent)\b",
    r"\bmoi,? je (dirige|decide|commande|suis le)\b",
    r"\bqui (vous croyez-vous|te crois-tu|tu crois etre|vous croyez etre)\b",
    r"\bc'est moi le (chef|patron|boss)\b",
    r"\bpersonne (ici )?n'en sait plus que moi\b|\bpersonne ne (connait|sait) [^.!?]{0,30} mieux que moi\b",
    r"\bj'ai (\d[\d\s.,]*k?|des milliers d'|plus de \d[\d\s.,]*k?) ?(abonnes|followers|fans|membres)\b",
    r"\bje sais ce qui marche\b|\bcroyez-moi sur parole\b|\bcrois-moi sur parole\b",
    r"\b(c'est )?grace a moi (que|qu')\b",
    r"\bj'ai tous les droits\b",
    r"\b(c'est )?mon territoire\b",
    r"\bje suis (l'|le |la )?(administrat\w+|admin|moderat\w+|animat\w+) en chef\b",
    r"\bsans (mes|mon|ma) [^.!?]{1,40}\bpersonne ne (viendrait|serait|resterait|lirait)\b",
    r"\bc'est moi qui (l'ai|les ai|vous ai) (fait grandir|fait|cree|construit|monte|lance|amene)\b",
    r"\bje suis (un peu |clairement )?la (star|vedette)\b",
    r"\bje gere la plus (grosse|grande)\b",
    r"\bj'ai le pouvoir de\b",
    r"\bc'est moi qui (decide|commande|fais la loi|fixe les regles)\b",
    r"\bde mes propres mains\b|\bparce que je l'ai (bien )?voulu\b",
    r"\bje suis (le seul|la seule)( personne)? (ici )?a\b",
    r"\bj'ai l'oreille de\b|\bma relation (personnelle|privilegiee) avec\b",
    r"\b(retenez bien|souvenez-vous de|n'oubliez pas|n'oubliez jamais) qui\b",
    r"\bje n'ai pas besoin (de demander )?(l'avis|votre avis|de votre avis)\b",
    r"\bje (pense |crois )?sai[st] de quoi je parle\b|\b(elu|elue) (le |la )?(meilleur|meilleure)\b",
    r"\bbien avant (que )?(la plupart|vous|tous)\b|\bplus longtemps que (vous|la plupart)\b",
    r"\bmon avis (compte|vaut|prime|l'emporte|fait foi)\b",
    r"\bje suis la (depuis le debut|avant vous)\b|\btoi tu viens d'arriver\b",
    r"\bje suis (la raison|le visage|la voix) (de|d')\b|\bvous me suivez (parce que|pour)\b",
    r"\bje suis (quand meme |tout de meme )?(celui|celle) qui (fait vivre|fait tourner|tient|porte|a cree|a fait|a monte)\b",
    r"\bmieux que (n'importe lequel|n'importe laquelle|aucun|chacun|tous ceux|toutes celles) d'entre vous\b|\bmieux que vous tous\b",
    r"\b(valent|vaut|compte|comptent) plus que (toutes |tous )?vos\b|\bmes \w+ (ans|annees) d'anciennete\b",
    r"\bpersonne d'autre n'en (aurait|serait) ete capable\b",
    r"\bsans (ma|mon|mes) (page|groupe|communaute|compte|lives?|travail)\b[^.!?]{0,40}\b(ne seraient|ne serait|personne ne)\b",
    r"\bc'est moi qui ai (convaincu|obtenu|negocie|decroche|tout)\b",
    r"\bmon avis [^.!?]{0,40}\bvaut (un peu |bien |beaucoup )?plus\b",
    r"\b(la moitie|la plupart) d\'entre vous (plafonne|n\'a|ne sait|ne connait|n\'y connait)",
    r"\bc\'est moi qui (fixe|ai (trouve|ramene|eu|fait venir))\b",
    r"\bsans (mon|ma|mes) [^.!?]{1,30}, (pas de|rien|personne)\b",
    r"\b(c\'est pas|ce n\'est pas) (toi|vous) qui (vas|allez) m\'apprendre\b",
    r"\bje suis (le|la) (meilleure?|plus fort|plus forte|plus \w+) (ici|de|du|des)\b",
    r"\bj\'ai ecrit la moitie\b",
    r"\bje suis (le|la) plus ancien(ne)?\b|\bpersonne ici n\'a\b",
    r"\bje suis admin(istrat\w+)? depuis\b|\bdepuis que j\'ai repris\b",
]

# Second-person markers: (folded word, form of address, suggested replacement).
TU_WORDS = {"tu": "vous", "toi": "vous", "ton": "votre", "ta": "votre", "tes": "vos", "te": "vous",
            "tien": "vôtre", "tienne": "vôtre"}  # fmt: skip
VOUS_WORDS = {"vous": "tu", "votre": "ton", "vos": "tes", "votres": "tiens"}
# "t'" before a vowel (t'inquiète, t'as): informal second person.
TU_ELIDED = r"\bt'(?=[a-z])"
# Imperatives of the second person singular that communities often write (tu form).
TU_IMPERATIVES = {
    "appuie", "maintiens", "redemarre", "verifie", "utilise", "ouvre", "ferme", "connecte",
    "branche", "relance", "reessaie", "contacte", "consulte", "garde", "evite", "selectionne",
    "installe", "desinstalle", "telecharge", "remplis", "indique", "precise", "donne", "tiens",
    "reviens", "passe", "prepare", "suis", "lance", "imagine", "patiente",
    "viens", "prends", "fais", "dis", "regarde", "partage", "va", "pense", "rejoins", "clique",
    "decouvre", "essaie", "essaye", "profite", "envoie", "laisse", "ecris", "raconte", "montre",
    "arrete", "attends", "inscris-toi", "abonne-toi", "dis-nous", "montre-nous", "ecris-nous",
    "n'hesite", "hesite", "viens-nous", "lis", "note", "reponds", "tente", "choisis", "vote",
    "participe", "ajoute", "mets", "sors", "tais-toi", "calme-toi", "sois",
}  # fmt: skip
# Words ending in -ez that are not verbs in the vous form.
NOT_VOUS_EZ = {"chez", "assez", "nez", "rez", "rez-de-chaussee", "lez", "fez", "merez", "suez"}
