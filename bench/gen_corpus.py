#!/usr/bin/env python3
"""Generate a deterministic corpus of SOP-like Markdown pages for benchmarks.

Usage: gen_corpus.py N OUTDIR

Writes N pages of about 5.5 KB each (gen-00001.md ... ) into about 20 category
folders (cat-01 ... cat-20), each with a `_category.yml`. The output depends only
on N: a fixed seed, no clock, no environment, the same bytes on every run.

Every page has YAML front matter, an H1, 5-7 `##`
sections with `###` subsections, paragraphs, bullet and numbered lists, one or two
GFM decision tables, explicit `{#...}` anchors, 2-4 relative cross-links whose file
and anchor exist, and (mostly) one policy-code heading such as
`### KX-42 Unverified battery claims {harm=medium}`, whose anchor is the lowercase
code (`kxq-42`). Codes are unique across the corpus and grouped in families.

Python 3.11 standard library only. Prints one summary line to stderr.
"""

from __future__ import annotations

import datetime
import os
import random
import sys

SEED = 20260314
TARGET_AVG = 5300  # bytes per page; each page draws its own target around this
TARGET_SPREAD = 700

# --------------------------------------------------------------------------- #
# Vocabulary
# --------------------------------------------------------------------------- #

CATEGORIES = [
    ("Prohibited items", "Items that may never be listed on the marketplace in any market.",
     ["prohibited", "removal"], ["recalled toys", "counterfeit currency", "stolen goods", "human remains", "hazardous chemicals", "explosive precursors"]),
    ("Restricted items", "Items that may be listed only with permits, licences or seller verification.",
     ["restricted", "verification"], ["prescription glasses", "pesticides", "fireworks", "alcohol gift sets", "tobacco accessories", "lottery tickets"]),
    ("Counterfeits and IP", "Rules for brand protection, replicas and intellectual property complaints.",
     ["counterfeit", "ip"], ["replica handbags", "unlicensed merchandise", "copied artwork", "imitation watches", "bootleg media", "fake sneakers"]),
    ("Electronics", "Listings of phones, computers, batteries and other electronic devices.",
     ["electronics", "batteries"], ["refurbished electronics", "lithium batteries", "used smartphones", "gaming consoles", "signal jammers", "phone chargers"]),
    ("Health and beauty", "Cosmetics, supplements, medical devices and health claims.",
     ["health", "claims"], ["dietary supplements", "skin whitening creams", "medical devices", "contact lenses", "hair regrowth products", "weight loss teas"]),
    ("Food and beverages", "Perishable goods, home-made food, alcohol and labelling rules.",
     ["food", "labelling"], ["home-made food", "infant formula", "raw milk", "energy drinks", "imported snacks", "expired groceries"]),
    ("Weapons and tactical gear", "Knives, replicas, protective equipment and weapon accessories.",
     ["weapons", "age-restricted"], ["hunting knives", "replica firearms", "pepper spray", "body armour", "crossbows", "airsoft guns"]),
    ("Vehicles and parts", "Cars, motorcycles, spare parts and vehicle documents.",
     ["vehicles", "parts"], ["used cars", "airbag modules", "number plates", "emission defeat devices", "motorcycle helmets", "salvage vehicles"]),
    ("Fashion and accessories", "Clothing, footwear, jewellery and sizing or material claims.",
     ["fashion", "listings"], ["second-hand clothing", "fur garments", "designer jewellery", "children's costumes", "leather goods", "swimwear"]),
    ("Collectibles and antiques", "Coins, stamps, antiques, memorabilia and provenance.",
     ["collectibles", "provenance"], ["ivory antiques", "historical medals", "signed memorabilia", "ancient coins", "trading cards", "cultural artefacts"]),
    ("Listing quality", "Titles, images, categories, prices and duplicate listings.",
     ["listings", "quality"], ["keyword-stuffed titles", "watermarked photos", "duplicate listings", "misleading prices", "wrong categories", "placeholder listings"]),
    ("Seller conduct", "Seller obligations, performance, shill bidding and account misuse.",
     ["sellers", "conduct"], ["shill bidding", "off-platform payments", "fee avoidance", "multiple seller accounts", "late dispatch", "fake tracking numbers"]),
    ("Buyer protection", "Refunds, returns, non-delivery and item-not-as-described claims.",
     ["buyers", "refunds"], ["non-delivered parcels", "not-as-described items", "return abuse", "partial refunds", "damaged deliveries", "chargebacks"]),
    ("Payments and fraud", "Payment fraud, account takeover, triangulation and money mules.",
     ["fraud", "payments"], ["account takeovers", "stolen card orders", "triangulation schemes", "gift card resale", "overpayment scams", "money mule accounts"]),
    ("Reviews and ratings", "Review manipulation, incentivised reviews and feedback extortion.",
     ["reviews", "manipulation"], ["incentivised reviews", "review swapping", "feedback extortion", "fake ratings", "review hijacking", "competitor attacks"]),
    ("Messaging and harassment", "Abusive messages, spam, threats and contact-detail sharing.",
     ["messaging", "safety"], ["abusive messages", "spam messages", "threats to buyers", "shared phone numbers", "phishing links", "unsolicited offers"]),
    ("Children's products", "Toys, child car seats, baby products and age-grading.",
     ["children", "safety"], ["child car seats", "baby walkers", "magnetic toys", "cot bumpers", "toy cosmetics", "button battery toys"]),
    ("Animals and wildlife", "Live animals, animal products and protected species.",
     ["animals", "wildlife"], ["live reptiles", "exotic pets", "shark fin products", "protected plants", "taxidermy", "pet medication"]),
    ("Digital goods", "Software keys, accounts, subscriptions and downloadable content.",
     ["digital", "licences"], ["software licence keys", "game accounts", "streaming subscriptions", "e-book bundles", "cracked software", "gift codes"]),
    ("Appeals and escalations", "How sellers appeal decisions and how cases are escalated.",
     ["appeals", "escalation"], ["account suspensions", "listing removals", "payout holds", "repeat infringer strikes", "legal escalations", "press enquiries"]),
]

TITLE_PATTERNS = [
    "Handling of {item}", "Listings for {item}", "Restrictions on {item}", "Review of {item}",
    "Enforcement for {item}", "Verification of {item}", "Reports about {item}", "Moderation of {item}",
]

OWNERS = [
    "Marketplace Policy", "Trust and Safety Operations", "Seller Experience", "Payments Risk",
    "Legal Compliance", "Product Safety", "Regional Operations", "Customer Protection",
]

MARKETS = ["UK", "ID", "DE", "FR", "US", "BR", "MX", "JP", "IN", "ES", "IT", "PL", "NL", "AU", "TR"]
MARKET_NAMES = {
    "UK": "the United Kingdom", "ID": "Indonesia", "DE": "Germany", "FR": "France", "US": "the United States",
    "BR": "Brazil", "MX": "Mexico", "JP": "Japan", "IN": "India", "ES": "Spain", "IT": "Italy",
    "PL": "Poland", "NL": "the Netherlands", "AU": "Australia", "TR": "Turkey",
}
GENERIC_TAGS = ["listings", "sellers", "buyers", "enforcement", "safety", "compliance", "review", "evidence"]

TEAMS = ["Tier 2 review", "Legal escalations", "Product Safety", "Payments Risk", "Regional Operations",
         "Account Integrity", "Brand Protection", "Law Enforcement Response"]
TOOLS = ["Case Console", "Listing Inspector", "Seller 360", "Order Timeline", "Evidence Locker", "Risk Graph"]
SELLER_ACTIONS = [
    "relist removed items under new titles", "use several accounts from one device",
    "ask buyers to pay outside the platform", "change the item photos after a sale",
    "ship from an address that differs from the registered one", "ignore repeated warnings",
    "open a new account shortly after a suspension", "copy descriptions from other sellers",
]
SIGNALS = [
    "uses brand names in the title but not in the photos", "shows a price far below the usual range",
    "contains contact details in the images", "was created less than seven days ago",
    "has a high rate of buyer complaints", "repeats text from a removed listing",
    "mentions health or safety claims", "omits the condition of the item",
    "offers bulk quantities from a private account", "links to an external shop",
]
CHECKS = [
    "the listing is still live", "the seller has been notified in the right language",
    "the evidence is attached to the case", "no open appeal exists for the same item",
    "the market-specific rules have been applied", "the buyer has been told what happens next",
    "the policy code on the case matches the rule applied", "earlier decisions on the account are consistent",
]
EVIDENCE = [
    "screenshots of the listing", "the order history", "messages between buyer and seller",
    "photos supplied by the buyer", "invoices or certificates", "tracking events",
    "the seller's verification documents", "previous case notes",
]
EXCEPTIONS = [
    "verified business sellers with a valid licence", "items sold for parts or repair",
    "listings in the collectibles programme", "charity sellers in the partner scheme",
    "items older than one hundred years", "listings created by the marketplace itself",
]
DONTS = [
    "remove the listing before the evidence is saved", "contact the buyer on behalf of the seller",
    "promise a refund before the claim is reviewed", "share the reporter's identity",
    "apply a strike for a first, low-harm mistake", "close the case without a policy code",
]
REASONS = [
    "the decision must be reproducible on appeal", "the reporter is protected by the privacy policy",
    "refund decisions belong to Buyer Protection", "strikes are reserved for repeated or serious harm",
    "regulators may ask for the full record", "the seller is entitled to a clear explanation",
]
ADJECTIVES = ["Unverified", "Misleading", "Undisclosed", "Unsafe", "Unlicensed", "Repeated", "Deceptive",
              "Incomplete", "Prohibited", "Unauthorised", "Inaccurate", "Hidden"]
RULE_NOUNS = ["claims", "origin statements", "safety warnings", "condition grades", "sales", "bundles",
              "price references", "warranty terms", "age checks", "labels", "descriptions", "offers"]
DECISIONS = [
    "Remove listing", "Remove listing and warn seller", "Request documents", "Restrict account",
    "Suspend account", "No action", "Edit required within 48 hours", "Escalate to Tier 2",
    "Refund buyer", "Hold payout", "Add strike", "Reinstate listing",
]
SITUATIONS = [
    "First report, listing clearly breaks the rule", "Second violation within 90 days",
    "Seller provides a valid certificate", "Listing ambiguous, no photos of labels",
    "Seller is a verified business", "Buyer reports harm or injury", "Item already sold and shipped",
    "Report comes from a rights owner", "Listing edited after the report", "Account younger than 7 days",
    "Same item listed by linked accounts", "Seller disputes the facts with evidence",
]
STEP_VERBS = [
    "Open the case in {tool} and read the report in full.",
    "Check whether the listing {signal}.",
    "Compare the item against the decision table above and pick one outcome.",
    "Save {evidence} to the Evidence Locker before changing anything.",
    "Apply the outcome and record the policy code on the case.",
    "Send the seller the matching notice template in their language.",
    "If the seller has earlier strikes, route the case to {team}.",
    "Confirm that {check}.",
    "Close the case and set a follow-up reminder for {days} days.",
    "Tell the reporter that the case was reviewed, without sharing the outcome.",
]
TERMS = [
    ("Listing", "an offer to sell one or more items, with its title, photos and description"),
    ("Seller", "the account that created the listing, whether private or business"),
    ("Strike", "a recorded violation that counts towards account restrictions for 180 days"),
    ("Evidence", "material saved on the case that supports the decision"),
    ("Rights owner", "a brand or creator enrolled in the brand protection programme"),
    ("Verified business", "a seller whose registration documents have been checked"),
    ("Harm level", "the severity of the risk to buyers, sellers or third parties"),
    ("Reporter", "the person or system that flagged the content"),
    ("Market", "the country site on which the listing is visible"),
    ("Payout hold", "a delay on releasing funds to the seller while a case is open"),
]
CHANGE_SUMMARIES = [
    "Clarified the decision table.", "Added market notes for new regions.", "First published version.",
    "Aligned enforcement steps with the new case tool.", "Reworded the scope section.",
    "Added an exception for verified businesses.", "Raised the harm level for repeat cases.",
    "Updated the escalation contacts.", "Split the rules into subsections.", "Fixed broken examples.",
]
SUMMARY_PATTERNS = [
    "How moderators assess and act on {item} across markets.",
    "Rules and decisions for listings that involve {item}.",
    "When {item} may be sold and what to do when they break the rules.",
    "Review steps, evidence and outcomes for reports about {item}.",
]
SUBSECTION_TITLES = [
    "Listing signals", "Seller history", "Evidence to collect", "Market differences",
    "Common mistakes", "Borderline cases", "Notice templates", "Working with rights owners",
]
OPTIONAL_SECTIONS = ["definitions", "escalation", "exceptions", "appeals", "evidence", "markets"]
EXPLICIT_OPTIONAL = {"escalation": "escalation", "exceptions": "exceptions", "appeals": "appeal-outcomes",
                     "evidence": "evidence"}

# --------------------------------------------------------------------------- #
# Prose
# --------------------------------------------------------------------------- #


N_SENTENCE_KINDS = 24
SYLLABLES = ["ka", "lo", "mi", "ver", "tan", "zo", "rex", "bel", "qu", "ni", "sor", "da", "vi", "tor",
             "ul", "pra", "me", "xo", "len", "ga", "fi", "ron", "sa", "ke", "bru", "dex", "ol", "vin"]


def brand(rng: random.Random) -> str:
    """A made-up brand name, giving the text a long tail of rare words as real corpora have."""
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
    return name[0].upper() + name[1:]


class Prose:
    """Sentences and paragraphs built from the word lists with a page's own RNG."""

    def __init__(self, rng: random.Random, item: str, markets: list[str]):
        self.r = rng
        self.item = item
        self.markets = markets

    def c(self, seq):
        return self.r.choice(seq)

    def sentence(self, k: int) -> str:
        r = self.r
        item = self.item
        if k == 0:
            return f"Listings that offer {item} must be reviewed within {r.choice([4, 12, 24, 48, 72])} hours of the first report."
        if k == 1:
            return f"Sellers who {self.c(SELLER_ACTIONS)} are treated as repeat offenders, even when each listing looks harmless on its own."
        if k == 2:
            return f"Before taking action, confirm that {self.c(CHECKS)}."
        if k == 3:
            m = self.c(self.markets)
            return f"In {MARKET_NAMES[m]}, local law may require a licence number in the description, so check the {m} notes before removing anything."
        if k == 4:
            return f"This rule does not apply to {self.c(EXCEPTIONS)}; those cases follow the normal review process."
        if k == 5:
            return "Moderators record the decision, the evidence and the policy code in the case notes, so that an appeal can be judged on the same facts."
        if k == 6:
            a, b = r.sample(SIGNALS, 2)
            return f"Where a listing {a} and also {b}, treat the case as {self.c(['medium', 'high'])} harm."
        if k == 7:
            return f"Repeat violations within {self.c([30, 60, 90, 180])} days escalate the account to {self.c(TEAMS)}."
        if k == 8:
            return f"Use the *{self.c(TOOLS)}* view to check {self.c(EVIDENCE)} before deciding."
        if k == 9:
            return f"**Do not** {self.c(DONTS)}; {self.c(REASONS)}."
        if k == 10:
            e = r.sample(EVIDENCE, 3)
            return f"Useful evidence includes {e[0]}, {e[1]} and {e[2]}."
        if k == 11:
            return f"When in doubt about {item}, prefer a request for documents over a removal, and note why in the case."
        if k == 12:
            return f"A listing that {self.c(SIGNALS)} is a strong signal, but never enough on its own to suspend an account."
        if k == 13:
            return f"The `{self.c(['listing_status', 'case_outcome', 'strike_count', 'harm_level', 'payout_state'])}` field must be updated in {self.c(TOOLS)} when the case is closed."
        if k == 14:
            a, b = brand(r), brand(r)
            return f"Reports often name brands such as {a} or {b}; check whether the brand is enrolled in the rights owner programme before treating the listing as a copy."
        if k == 15:
            return f"A seller trading as {brand(r)} {self.c(['Outlet', 'Store', 'Trading', 'Direct', 'Market'])} that {self.c(SIGNALS)} should be checked against linked accounts."
        if k == 16:
            return f"Buyers in {MARKET_NAMES[self.c(self.markets)]} expect an answer within {self.c([2, 3, 5])} working days, so set the case priority accordingly."
        if k == 17:
            return f"If the seller replies with {self.c(EVIDENCE)}, reopen the case and compare it with {self.c(EVIDENCE)} already on file."
        if k == 18:
            return f"Automated filters flag about {r.randint(2, 40)} percent of new listings for {item}, and most of those are cleared by a person."
        if k == 19:
            return f"{self.c(TEAMS)} owns the final decision when {self.c(['a regulator is involved', 'the press has asked about the case', 'the account has more than ten thousand sales', 'a rights owner threatens legal action', 'a buyer reports an injury'])}."
        if k == 20:
            return f"Quarterly audits sample {r.randint(50, 400)} closed cases and check that {self.c(CHECKS)}."
        if k == 21:
            return f"Template notices exist for {self.c(['removals', 'warnings', 'document requests', 'suspensions', 'reinstatements'])} in every supported language; do not write free text unless the template does not fit."
        if k == 22:
            return f"Photos that show {self.c(['a serial number', 'the original packaging', 'a certificate of origin', 'a safety mark', 'the manufacturer label'])} make a listing for {item} easier to verify."
        return f"Keep the tone neutral: the notice explains what was wrong, which rule applies and how to {self.c(['appeal', 'fix the listing', 'provide documents', 'contact support'])}."

    def paragraph(self, lo: int = 3, hi: int = 5) -> str:
        # Distinct sentence kinds within one paragraph, so no sentence repeats in it.
        kinds = self.r.sample(range(N_SENTENCE_KINDS), self.r.randint(lo, hi))
        return " ".join(self.sentence(k) for k in kinds)

    def bullets(self, lo: int = 3, hi: int = 5) -> str:
        r = self.r
        pool = [f"the listing {s}" for s in SIGNALS] + [f"the seller may {s}" for s in SELLER_ACTIONS] + \
               [f"collect {e}" for e in EVIDENCE]
        items = r.sample(pool, r.randint(lo, hi))
        return "\n".join(f"- {it[0].upper()}{it[1:]}." for it in items)

    def steps(self, lo: int = 4, hi: int = 7) -> str:
        r = self.r
        chosen = sorted(r.sample(range(len(STEP_VERBS)), r.randint(lo, hi)))
        out = []
        for n, idx in enumerate(chosen, 1):
            s = STEP_VERBS[idx].format(tool=self.c(TOOLS), signal=self.c(SIGNALS), evidence=self.c(EVIDENCE),
                                       team=self.c(TEAMS), check=self.c(CHECKS), days=self.c([7, 14, 30]))
            out.append(f"{n}. {s}")
        return "\n".join(out)

    def table(self, codes: list[str]) -> str:
        r = self.r
        rows = r.sample(SITUATIONS, r.randint(4, 6))
        lines = ["| Situation | Decision | Code |", "| --- | --- | --- |"]
        for s in rows:
            code = self.c(codes) if codes and r.random() < 0.8 else "n/a"
            lines.append(f"| {s} | {self.c(DECISIONS)} | {code} |")
        return "\n".join(lines)


# --------------------------------------------------------------------------- #
# Corpus plan: what every page is called, where it lives, which anchors it has
# --------------------------------------------------------------------------- #


class PagePlan:
    __slots__ = ("n", "id", "cat", "item", "title", "codes", "anchors", "optional")

    def __init__(self, n, cat, item, title, codes, anchors, optional):
        self.n = n
        self.id = f"gen-{n:05d}"
        self.cat = cat
        self.item = item
        self.title = title
        self.codes = codes          # list of (CODE, rule name, harm)
        self.anchors = anchors      # explicit anchors + lowercase codes: all linkable
        self.optional = optional    # optional section keys, in order

    @property
    def folder(self) -> str:
        return f"cat-{self.cat + 1:02d}"


def family_prefixes(rng: random.Random, n_cats: int, per_cat: int) -> list[list[str]]:
    """Policy code families per category, as real handbooks group codes (IP-01..IP-09)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    used: set = set()
    families = []
    for _ in range(n_cats):
        mine = []
        while len(mine) < per_cat:
            p = "".join(rng.choice(letters) for _ in range(3))
            if p not in used:
                used.add(p)
                mine.append(p)
        families.append(mine)
    return families


def make_code(rng: random.Random, families: list[str], counters: dict) -> str:
    """Next free number in a random family of the category; each family holds up to 99 codes."""
    open_families = [f for f in families if counters.get(f, 0) < 99]
    family = rng.choice(open_families)
    counters[family] = counters.get(family, 0) + 1
    return f"{family}-{counters[family]:02d}"


def plan_corpus(n_pages: int, n_cats: int) -> list[PagePlan]:
    grng = random.Random(SEED)
    families = family_prefixes(grng, n_cats, 6)
    counters: dict = {}
    plans = []
    for n in range(1, n_pages + 1):
        cat = (n - 1) * n_cats // n_pages
        items = CATEGORIES[cat][3]
        item = grng.choice(items)
        title = grng.choice(TITLE_PATTERNS).format(item=item)
        title = f"{title[0].upper()}{title[1:]} {n}"
        x = grng.random()
        # Policy pages define codes; procedure and guidance pages do not.
        n_codes = 0 if x < 0.65 else (1 if x < 0.95 else 2)
        codes = []
        for _ in range(n_codes):
            code = make_code(grng, families[cat], counters)
            name = f"{grng.choice(ADJECTIVES)} {grng.choice(items)} {grng.choice(RULE_NOUNS)}"
            codes.append((code, name, grng.choice(["low", "medium", "medium", "high"])))
        optional = grng.sample(OPTIONAL_SECTIONS, grng.randint(0, 2))
        anchors = ["decision-table", "enforcement", "related"]
        if grng.random() < 0.5:
            anchors.append("scope")
        for key in optional:
            if key in EXPLICIT_OPTIONAL:
                anchors.append(EXPLICIT_OPTIONAL[key])
        anchors += [c.lower() for c, _, _ in codes]
        plans.append(PagePlan(n, cat, item, title, codes, anchors, optional))
    return plans


# --------------------------------------------------------------------------- #
# Rendering one page
# --------------------------------------------------------------------------- #


def yaml_date(d: datetime.date) -> str:
    return d.isoformat()


def render_page(p: PagePlan, plans: list[PagePlan], by_cat: dict) -> str:
    r = random.Random(SEED * 1_000_003 + p.n)
    cat_name, _, cat_tags, _ = CATEGORIES[p.cat]

    # --- front matter -------------------------------------------------------
    markets = r.sample(MARKETS, r.randint(1, 4))
    tags = list(cat_tags) if r.random() < 0.5 else [r.choice(cat_tags)]
    for t in r.sample(GENERIC_TAGS, r.randint(0, 2)):
        if t not in tags:
            tags.append(t)
    n_changes = r.randint(1, 3)
    major = r.randint(1, 3)
    minor = r.randint(n_changes - 1, 9)
    effective = datetime.date(2024, 1, 1) + datetime.timedelta(days=r.randrange(880))
    changes = []
    d = effective
    for j in range(n_changes):
        changes.append((f"{major}.{minor - j}", d, r.choice(CHANGE_SUMMARIES)))
        d = d - datetime.timedelta(days=r.randint(20, 200))
    version = changes[0][0]
    fm = [
        "---",
        f"id: {p.id}",
        f"title: {p.title}",
        f"summary: {r.choice(SUMMARY_PATTERNS).format(item=p.item)}",
        f"owner: {r.choice(OWNERS)}",
        f'version: "{version}"',
        f"effective: {yaml_date(effective)}",
        "status: published",
        f"markets: [{', '.join(markets)}]",
        f"tags: [{', '.join(tags)}]",
        "lang: en",
        "changes:",
    ]
    for v, dt, s in changes:
        fm += [f'  - version: "{v}"', f"    date: {yaml_date(dt)}", f"    summary: {s}"]
    fm.append("---")

    prose = Prose(r, p.item, markets)
    all_codes = [c for c, _, _ in p.codes]

    # --- cross-links: 2-4 distinct targets, some in the same folder ----------
    n_links = r.randint(2, 4)
    targets: list[PagePlan] = []
    guard = 0
    while len(targets) < n_links and guard < 100:
        guard += 1
        if r.random() < 0.4:
            t = r.choice(by_cat[p.cat])
        else:
            t = r.choice(plans)
        if t.n != p.n and t not in targets:
            targets.append(t)
    links = []
    for t in targets:
        code_anchors = [c for c, _, _ in t.codes]
        if code_anchors and r.random() < 0.4:
            code = r.choice(code_anchors)
            anchor = code.lower()
            rule = next(name for c, name, _ in t.codes if c == code)
            text = f"{code} {rule}"
        else:
            anchor = r.choice([a for a in t.anchors if not any(a == c.lower() for c in code_anchors)])
            text = r.choice([t.title, "see rule", f"{t.title}, {anchor.replace('-', ' ')}"])
        href = f"{t.id}.md#{anchor}" if t.cat == p.cat else f"../{t.folder}/{t.id}.md#{anchor}"
        links.append((text, href, t))
        all_codes += code_anchors
    # Codes for the table's Code column: this page's own or its targets'; all exist.
    table_codes = all_codes

    # --- body: a list of blocks; "slots" can take extra paragraphs ----------
    blocks: list = []   # each entry is a str or a list (a slot of paragraphs)
    slots: list[list[str]] = []

    def slot(initial: int = 0) -> None:
        s = [prose.paragraph() for _ in range(initial)]
        slots.append(s)
        blocks.append(s)

    blocks.append(f"# {p.title}")
    blocks.append(prose.paragraph(2, 3))

    scope_anchor = " {#scope}" if "scope" in p.anchors else ""
    blocks.append(f"## Purpose and scope{scope_anchor}")
    blocks.append(f"This procedure covers {p.item} in the {cat_name} category. " + prose.paragraph(2, 3))
    slot()

    optional = list(p.optional)

    def emit_optional(key: str) -> None:
        if key == "definitions":
            blocks.append("## Definitions")
            terms = r.sample(TERMS, r.randint(3, 5))
            blocks.append("\n".join(f"- **{t}**: {d}." for t, d in terms))
        elif key == "escalation":
            blocks.append("## Escalation {#escalation}")
            blocks.append(prose.paragraph(2, 4))
            blocks.append(prose.bullets(2, 4))
            slot()
        elif key == "exceptions":
            blocks.append("## Exceptions {#exceptions}")
            blocks.append(f"Exceptions are narrow. {prose.paragraph(2, 3)}")
            slot()
        elif key == "appeals":
            blocks.append("## Appeal outcomes {#appeal-outcomes}")
            blocks.append("Appeals are decided by a second moderator who did not take the first decision.")
            blocks.append(prose.table(table_codes))
        elif key == "evidence":
            blocks.append("## Evidence {#evidence}")
            blocks.append(prose.paragraph(2, 3))
            blocks.append(prose.bullets(3, 4))
        elif key == "markets":
            blocks.append("## Market notes")
            for m in markets[:3]:
                blocks.append(f"### Notes for {m}")
                para = prose.paragraph(1, 2)
                blocks.append(f"In {MARKET_NAMES[m]}, {para[0].lower()}{para[1:]}")

    if optional and optional[0] == "definitions":
        emit_optional(optional.pop(0))

    # Rules: code headings and other subsections.
    blocks.append(r.choice(["## Rules", "## Policy requirements", "## What the rule says"]))
    blocks.append(prose.paragraph(2, 3))
    subs = r.sample(SUBSECTION_TITLES, r.randint(1, 2))
    for code, name, harm in p.codes:
        blocks.append(f"### {code} {name} {{harm={harm}}}")
        blocks.append(prose.paragraph())
        blocks.append(prose.bullets(2, 4))
        slot()
    for st in subs:
        blocks.append(f"### {st}")
        blocks.append(prose.paragraph())
        slot()
    # An inline cross-link in prose for some pages.
    inline = links[0] if r.random() < 0.5 else None
    if inline:
        blocks.append(f"For the related procedure, [{inline[0]}]({inline[1]}) sets out how the same evidence is judged.")

    blocks.append("## Decision table {#decision-table}")
    blocks.append("Pick the first row that matches the case. If no row matches, escalate rather than guess.")
    blocks.append(prose.table(table_codes))

    blocks.append("## Enforcement steps {#enforcement}")
    blocks.append(prose.steps())
    slot()

    for key in optional:
        emit_optional(key)

    blocks.append("## Related rules {#related}")
    rel = [l for l in links if l is not inline]
    if rel:
        blocks.append("\n".join(f"- [{text}]({href})" for text, href, _ in rel))
    else:
        blocks.append("No other procedure refers to the same evidence.")

    # --- fill to this page's size target -------------------------------------
    target = TARGET_AVG + r.randint(-TARGET_SPREAD, TARGET_SPREAD)
    head = "\n".join(fm) + "\n\n"

    def size() -> int:
        parts = [b for b in blocks if isinstance(b, str)] + [x for b in blocks if isinstance(b, list) for x in b]
        return len(head.encode()) + sum(len(x.encode()) + 2 for x in parts)

    current = size()
    while current < target:
        para = prose.paragraph(2, 4)
        r.choice(slots).append(para)
        current += len(para.encode()) + 2

    out = []
    for b in blocks:
        if isinstance(b, list):
            out.extend(b)
        else:
            out.append(b)
    return head + "\n\n".join(out) + "\n"


def category_yaml(idx: int) -> str:
    title, summary, _, _ = CATEGORIES[idx]
    return f"title: {title}\nsummary: {summary}\norder: {idx + 1}\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        print("usage: gen_corpus.py N OUTDIR   (N >= 1)", file=sys.stderr)
        return 2
    n_pages = int(argv[1])
    out = argv[2]
    if n_pages > 99999:
        print("gen_corpus.py: N must be at most 99999", file=sys.stderr)
        return 2
    if os.path.isdir(out) and os.listdir(out):
        print(f"gen_corpus.py: {out} is not empty; remove it first", file=sys.stderr)
        return 2
    n_cats = min(len(CATEGORIES), n_pages)
    plans = plan_corpus(n_pages, n_cats)
    by_cat: dict = {c: [] for c in range(n_cats)}
    for p in plans:
        by_cat[p.cat].append(p)

    for c in range(n_cats):
        folder = os.path.join(out, f"cat-{c + 1:02d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "_category.yml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(category_yaml(c))

    total = 0
    for p in plans:
        text = render_page(p, plans, by_cat).encode("utf-8")
        total += len(text)
        with open(os.path.join(out, p.folder, p.id + ".md"), "wb") as f:
            f.write(text)

    print(f"gen_corpus: {n_pages} pages in {n_cats} categories, {total} bytes "
          f"({total / 1e6:.1f} MB), avg {total / n_pages / 1000:.2f} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
