"""Lexicons shared by both languages."""

# Upper-case words that are names or acronyms, not shouting.
ACRONYMS = {
    "SAV", "RGPD", "GDPR", "USB", "FAQ", "PDF", "NASA", "IKEA", "TVA", "VAT", "CEO", "DM", "MP",
    "URL", "API", "HTML", "CSS", "SMS", "TV", "FC", "PSG", "OM", "OL", "PC", "PS5", "XBOX", "NBA",
    "NFL", "UK", "USA", "EU", "UE", "SNCF", "RATP", "BNP", "EDF", "SFR", "OK", "ID", "PIN", "IBAN",
    "RIB", "CB", "QR", "GPS", "WIFI", "ASAP", "FYI", "LOL", "MDR", "PTDR", "AM", "PM", "CGU", "CGV",
    "VIP", "DIY", "PRO", "MAX", "XL", "XXL", "HD", "4K", "LED", "RSVP", "AFK", "IRL", "TL", "DR",
    "BTW", "IMO", "IMHO", "NB", "PS", "RDV", "TTC", "HT", "SIRET", "CNIL", "DSA", "ETA",
}  # fmt: skip

# A shouted run that opens with one of these is an order, not only a loud voice.
SHOUTED_ORDERS = {
    "read", "stop", "don't", "dont", "do", "keep", "quit", "delete", "remove", "never",
    "arretez", "arrete", "lisez", "lis", "interdit", "jamais", "supprimez",
}  # fmt: skip

# Short words that are only ever capitalised to raise the voice ("NON, ce n'est PAS gratuit").
SHORT_SHOUTED = {
    "NON", "PAS", "OUI", "YES", "NOT", "NOW", "ALL", "OFF", "WHY", "OUT", "JAMAIS", "RIEN",
    "TOUS", "FIN", "ASK", "NUL", "NEVER", "STOP",
}  # fmt: skip
