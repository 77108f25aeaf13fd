"""French word families for the compositional boss and ego rules (folded text)."""

# Who a sanction is aimed at.
TARGETS = [
    r"votre", r"vos", r"ton", r"ta", r"tes",
    r"vous", r"tu", r"t'", r"te", r"toi", r"ceux qui", r"celles qui", r"quiconque",
    r"le prochain", r"la prochaine", r"tout membre", r"toute personne", r"les petits malins",
    r"chaque", r"celui qui", r"celle qui",
]  # fmt: skip
SANCTIONS = [
    r"banni", r"bannie", r"bannis", r"bannissement", r"ban\b", r"bloque", r"bloquee", r"bloques",
    r"exclu", r"exclue", r"exclus", r"exclusion", r"vire", r"viree", r"dehors", r"la porte",
    r"sanction", r"expuls", r"radie",
    r"perdre? (?:votre|ton|l')acces", r"perdrez", r"perdras", r"ferme(?:r|rai)? (?:le|ce) (?:fil|groupe|sujet)",
    r"reduit au silence", r"desactiv", r"(?:retir|supprim)\w* (?:l'|votre |ton )acces",
    r"supprime(?:s|e|es)? sans preavis", r"on vous retire", r"on te retire",
    r"suspendue?s?",
    r"perdront",
    r"retire(?:s|e|es)? du groupe",
    r"exclue?s? du groupe",
    r"perd(?:s|ez|ras|rez)\b",
    r"je (?:te|vous) signale",
]  # fmt: skip
CONDITIONS = [
    r"ou", r"sinon", r"si", r"au prochain", r"a la prochaine", r"encore un", r"encore une",
    r"des demain", r"des ce soir", r"apres quoi", r"faute de quoi", r"a partir de maintenant",
    r"desormais", r"avant",
    r"passe ce delai",
]  # fmt: skip
# Where an order stands: after these openers, or at the start of the sentence.
OPENERS = [
    r"et",
    r"maintenant",
    r"alors",
    r"donc",
    r"bon",
    r"allez",
    r"serieusement",
    r"franchement",
]
RESTRICTIVE = [
    r"arretez (?!l'|le |la |les |un |une )", r"arrete (?!l'|le |la |les |un |une )",
    r"cessez", r"cesse", r"stop", r"retirez", r"supprimez", r"effacez",
    r"enlevez", r"taisez", r"tais-toi", r"calmez-vous", r"calme-toi", r"partez", r"pars",
    r"sortez", r"degagez", r"degage", r"obeissez", r"laissez tomber", r"lachez", r"suffit",
    r"plus aucun", r"plus aucune", r"interdiction de", r"on arrete",
    r"changez de ton", r"change de ton", r"baissez d'un ton", r"on se calme", r"on se tait",
    r"vous (?:les |le |la )?(?:retirez|supprimez|arretez|effacez|enlevez|quittez|sortez)",
    r"tu (?:les |le |la )?(?:retires|supprimes|arretes|effaces)",
]  # fmt: skip
CLOSING = [
    r"fin de (?:la )?discussion", r"sujet clos", r"le sujet est clos", r"non negociable",
    r"c'est decide", r"la decision est (?:prise|definitive|finale)", r"ma decision est",
    r"je ne le (?:redirai|repeterai|dirai) pas", r"pour la derniere fois",
    r"dernier (?:avertissement|rappel avant)", r"pas de discussion", r"point barre",
    r"je ne discute pas", r"on ne discute pas", r"personne ne vous (?:oblige|retient)",
    r"personne ne te (?:retient|oblige)",
    r"(?:le|ce) debat (?:sur [^.!?]{0,40})?est (?:termine|clos)", r"(?:le )?sujet [^.!?]{0,40}est (?:clos|ferme)",
    r"(?:allez|va) (?:acheter|voir|chercher|poster|raler)[^.!?]{0,40}ailleurs",
]  # fmt: skip

FIRST_PERSON = [r"je", r"j'", r"moi", r"mon", r"ma", r"mes", r"m'"]
OWNERSHIP = [
    r"(?:ma|mon) (?:page|groupe|communaute|serveur|forum|discord|chaine|fanpage|fan page|club)",
    r"mes (?:abonnes|followers|fans|membres|troupes)",
    r"c'est chez moi",
]  # fmt: skip
RANKING = [
    r"mieux que (?:vous|toi|n'importe qui|quiconque|aucun|personne|tout le monde)",
    r"plus que (?:vous tous|n'importe qui|quiconque)",
    r"(?:au-dessus|superieur|superieure) (?:de|a) (?:vous|toi|tout le monde)",
    r"vous me devez", r"tu me dois", r"(?:vous avez|tu as) (?:bien )?de la chance",
    r"sans moi", r"grace a moi", r"a cause de moi que", r"a moi seul",
    r"a moi seule", r"personne (?:d'autre )?ne (?:sait|connait|fait) (?:mieux|autant)",
]  # fmt: skip
POWER = [
    r"pouvoir", r"\d[\d\s.,]*k? (?:abonnes|followers|fans|membres|vues)",
    r"patron", r"patronne", r"chef\b",
    r"boss", r"maitre", r"fondat", r"(?:cree|monte|construit|fonde|lance) (?:cette|ce|la|le) (?:communaute|page|groupe|club|forum|serveur)",
    r"construit (?:cette|ce)", r"decide qui", r"decide de tout", r"droit de vie",
    r"tous les droits", r"star", r"vedette", r"anciennete", r"experience que vous",
    r"influen", r"celebre", r"connu",
]  # fmt: skip
NEGATION = [
    r"je n'ai pas",
    r"je ne suis pas",
    r"je ne peux pas",
    r"je n'ai aucun",
    r"pas le (?:chef|patron)",
]
UNIVERSAL = [
    r"ceux qui", r"celles qui", r"quiconque", r"le prochain", r"la prochaine", r"celui qui",
    r"celle qui", r"tout nouveau", r"toute nouvelle", r"ceux que je",
    r"leurs auteurs",
    r"concernes",
    r"concernees",
]  # fmt: skip
HUMBLE = [
    r"vous en avez fait", r"tu en as fait",
    r"ce sont (?:les membres|vous|les benevoles)", r"les membres qui (?:le|la|les) font",
    r"desole", r"desolee", r"pardon", r"excuse", r"merci a (?:vous|toi|tous|toutes|chacun)",
    r"grace a vous", r"grace a toi", r"grace a chacun", r"c'est vous qui", r"sans vous",
    r"notre",
]  # fmt: skip
