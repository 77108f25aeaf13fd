"""English word families for the compositional boss and ego rules (lower-case text)."""

TARGETS = [
    r"you", r"your", r"you'll", r"you're", r"anyone", r"anybody", r"whoever", r"those who",
    r"the next (?:person|one)", r"everyone who", r"people who", r"folks who",
]  # fmt: skip
SANCTIONS = [
    r"(?:will be|'ll be|get|gets|getting|be) (?:banned|blocked|kicked|removed|muted|suspended|deleted)",
    r"won't be renewed",
    r"(?:membership|account|access|card)[^.!?]{0,20}(?:won't|will not) be",
    r"gone\b", r"lose (?:your )?(?:access|account|membership|spot)",
    r"lock(?:ing)? (?:the|this) thread", r"close (?:the|this) (?:thread|group)", r"shown the door",
    r"asked to leave", r"consequences",
    r"(?:is|are) out of",
    r"(?:is|are) out\b",
    r"will be (?:locked|deleted|removed|suspended)",
    r"can (?:go|leave)\b",
    r"suspended",
    r"shutting down (?:comments|the thread)",
]  # fmt: skip
CONDITIONS = [
    r"or", r"if", r"next time", r"again", r"one more", r"any more", r"anymore", r"from now on",
    r"after that", r"otherwise", r"until",
]  # fmt: skip
OPENERS = [r"and", r"now", r"so", r"seriously", r"honestly", r"guys", r"people", r"everyone", r"ok"]
RESTRICTIVE = [
    r"stop (?!by\b|in\b|at\b)", r"quit (?:it|that|this|complaining|whining|spamming|moaning)",
    r"cut it out", r"knock it off", r"drop it", r"enough", r"take (?:it|that|this) down",
    r"get out", r"leave (?:now|the group|this group|if)", r"shut", r"calm down",
    r"behave", r"no more", r"don't you dare", r"never again", r"watch your", r"mind your",
    r"back off", r"take your",
    r"be quiet",
]  # fmt: skip
CLOSING = [
    r"end of (?:discussion|story|debate)", r"discussion (?:is )?(?:over|closed)",
    r"(?:the |my )?decision is (?:final|made)", r"not up for (?:debate|discussion)",
    r"non-negotiable", r"not negotiable", r"i won't (?:say|repeat) (?:it|this) again",
    r"for the last time", r"final warning", r"last warning", r"period\s*[.!]",
    r"no one(?:'s| is) (?:forcing|keeping) you", r"nobody(?:'s| is) (?:forcing|keeping) you",
    r"that's final", r"this is not a debate",
]  # fmt: skip

FIRST_PERSON = [r"i", r"i'm", r"i've", r"i'll", r"me", r"my", r"mine", r"myself"]
OWNERSHIP = [
    r"my (?:page|group|community|server|forum|discord|channel|fanbase|club|followers|fans|members)",
    r"(?:this|the) (?:page|group|community|server) is mine",
]  # fmt: skip
RANKING = [
    r"better than (?:you|any of you|all of you|anyone|everyone)",
    r"more than (?:any|all) of you", r"above (?:you|all of you|everyone)",
    r"you owe me", r"you're lucky", r"you are lucky", r"without me", r"thanks to me",
    r"because of me", r"it's me who", r"it was me who", r"all me", r"i alone",
    r"nobody (?:here )?(?:knows|does) [a-z ]{0,20}(?:like i do|better than me|as well as me)",
]  # fmt: skip
POWER = [
    r"power", r"\d[\d,.]*k? (?:followers|subscribers|fans|members|views)",
    r"i own (?:this|the) (?:page|group|community|server)", r"i control", r"in charge",
    r"the boss", r"the owner", r"the founder", r"head (?:admin|mod|moderator)",
    r"i (?:built|created|founded|started) (?:this|the) (?:page|group|community|server|forum|club)",
    r"i made (?:this (?:page|group|community)|you)", r"i decide", r"my call",
    r"my rules", r"final say", r"the star", r"famous", r"influencer", r"seniority",
    r"most experienced", r"top fan", r"biggest",
]  # fmt: skip
# A sentence that says "I am not …" or "I don't have …" claims nothing.
NEGATION = [r"i'm not", r"i am not", r"i don't", r"i do not", r"i can't", r"i cannot", r"not the"]
UNIVERSAL = [
    r"anyone", r"anybody", r"whoever", r"those who", r"everyone who",
    r"(?:the )?next (?:person|one|photo|post|comment|message|time)",
    r"any (?:new|further) (?:comment|post|message)s?",
    r"(?:threads|posts|comments) that",
    r"anyone still",
    r"any more (?:posts|comments|messages)",
]  # fmt: skip
HUMBLE = [
    r"you(?:'ve| have)? turned it into", r"you made it",
    r"it's (?:the|you) [a-z ]{0,20}who keep", r"(?:members|editors|volunteers|you all) keep it",
    r"sorry", r"apolog", r"thanks to you", r"thank you", r"because of you", r"without you",
    r"you all built", r"you built", r"our\b", r"credit goes",
]  # fmt: skip
