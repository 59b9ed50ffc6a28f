import Foundation

/// A built-in thesaurus of policy and support language: groups of words and phrases that
/// stand for each other (terms of service, community guidelines, privacy, payments, copyright,
/// marketplace moderation, account support). Search uses it only as a fallback, for a query
/// word the handbook never uses (`deceased` finds a page that says "died"), below the words
/// typed and below a trainer's own synonyms (`Content/_search.yml`), which win where both apply.
///
/// The build ships it in the index (`search/thesaurus.js`), so the search box and
/// `casebook search` rank alike. Words are matched by `Thesaurus.lightStem`, a few suffix
/// rules both engines implement (the browser has no stemmer).
///
/// Written as a general thesaurus, one group a line; English only for now (`groups` is keyed
/// by language).
public enum Thesaurus {
    /// Groups per language: one group a line, members separated by commas.
    public static let groups: [String: String] = ["en": english]

    static let english = """
deceased, dead, died, death, dying, passed away, late user, memorialise, memorialize, next of kin
incapacitated, incapacity, disabled person, unable to act, power of attorney
downtime, outage, outages, uptime, availability, unavailable, offline, service interruption, service down
shut down, shutdown, close, closure, terminate, termination, discontinue, wind down
cancel, cancellation, unsubscribe, end subscription, stop paying, close account
delete, deletion, erase, erasure, remove permanently, purge, wipe
deactivate, deactivation, disable, disabled, turn off
suspend, suspension, suspended, ban, banned, block, blocked, lock, locked out
reinstate, reinstatement, restore, unban, unsuspend, appeal, reactivate
appeal, dispute, contest, challenge decision, reconsideration, review request
scrape, scraper, scraping, crawl, crawler, spider, harvest, extract, mine data, automated collection
bot, bots, automated, automation, script, scripted
spam, spammer, spamming, unsolicited, bulk messages, junk mail, mass mailing
phishing, phish, credential theft, fake login, scam email
scam, scammer, fraud, fraudulent, swindle, deceive, deceptive
impersonate, impersonation, pretend to be, pose as, fake identity, catfish
harass, harassment, bully, bullying, intimidate, intimidation, stalk, stalking, torment
threat, threaten, threatening, menace, violence, violent, intimidate
hate speech, hateful, slur, slurs, bigotry, discriminate, discrimination, racist, racism
doxx, doxxing, doxing, dox, expose personal information, private information, personal data
minor, minors, child, children, kid, kids, underage, teen, teenager, under 13, young people
self harm, self-harm, suicide, suicidal, self-injury, eating disorder
terrorism, terrorist, extremism, extremist, violent extremism, radicalisation, radicalization
nudity, nude, naked, sexual content, explicit, pornography, porn, adult content, nsfw
sexual exploitation, grooming, sextortion, csam, child abuse
drugs, narcotics, controlled substances, illegal drugs, cannabis, marijuana, weed
weapon, weapons, firearm, firearms, gun, guns, ammunition, explosives
counterfeit, fake, knockoff, knock-off, replica, imitation, pirated, bootleg
copyright, copyrighted, infringement, infringing, intellectual property, plagiarism, stolen content
trademark, brand, logo, trade name, registered mark
dmca, takedown notice, copyright notice, notice and takedown, counter notice, counter-notice
piracy, pirated, warez, unlicensed copies, illegal downloads
malware, virus, viruses, trojan, ransomware, spyware, malicious code, malicious software
hack, hacking, hacker, breach, compromise, compromised, unauthorized access, intrusion, break in
vulnerability, vulnerabilities, security flaw, exploit, bug bounty, security issue, disclosure
password, passwords, credentials, login details, passcode, two-factor, 2fa, authentication
login, log in, sign in, signin, access account, logon
sign up, signup, register, registration, create account, open account, join
account, profile, user account, membership
username, user name, handle, screen name, display name
owner, ownership, owns, belongs to, rights to content, title to
transfer, transferred, hand over, assign, assignment, move ownership
data, information, personal data, personal information, user data, details
privacy, private, confidential, confidentiality, personal information, data protection
gdpr, data protection regulation, european union, eu residents, data subject
ccpa, california, california residents, consumer privacy act
data request, subject access request, access request, copy of my data, export data, download data
export, download, backup, take out, portability, data portability
retention, retain, keep data, stored for, how long, storage period, kept
third party, third parties, partner, partners, vendor, vendors, subprocessor, subprocessors, service provider
cookie, cookies, tracking, tracker, trackers, pixel, beacon, web beacon
advertising, ads, advertisement, advertisements, advertisers, marketing, promotion, sponsored
analytics, statistics, metrics, usage data, telemetry
location, geolocation, gps, whereabouts, ip address
email, e-mail, mail, emails, newsletter, inbox
notify, notification, notice, alert, inform, tell users, let know
consent, permission, agree, agreement, authorize, authorise, opt in, opt-in
opt out, opt-out, unsubscribe, withdraw consent, object
refund, refunds, money back, reimburse, reimbursement, chargeback, repayment, return payment
payment, payments, pay, paid, billing, bill, charge, charged, invoice, fee, fees
price, pricing, cost, costs, fee, rate, plan
subscription, subscriptions, plan, renewal, renew, auto-renew, recurring
trial, free trial, trial period, evaluation
tax, taxes, vat, sales tax, gst, withholding
invoice, receipt, billing statement, bill
credit card, card, debit card, payment method, payment card
discount, coupon, promo code, voucher, sale
law enforcement, police, cops, authorities, government request, subpoena, warrant, court order
subpoena, court order, warrant, legal process, legal demand, summons
lawsuit, sue, litigation, legal action, court, claim, dispute
liability, liable, responsible, responsibility, damages, indemnify, indemnification
warranty, warranties, guarantee, disclaimer
arbitration, arbitrate, arbitrator, dispute resolution, mediation
jurisdiction, governing law, venue, courts
terms, terms of service, terms of use, tos, user agreement, conditions
policy, policies, rules, guidelines, standards, code of conduct
change, changes, update, updates, modify, modification, amend, amendment, revise, revision
violation, violate, violating, breach, break rules, infringe, offence, offense
report, reporting, flag, flagging, complain, complaint, notify us
abuse, abusive, misuse, mistreat, inappropriate
moderation, moderate, moderator, review, reviewer, content review, enforcement
remove, removal, take down, takedown, delete, pull down, unpublish
warn, warning, warnings, strike, strikes, caution
penalty, penalties, sanction, sanctions, consequence, consequences, enforcement action
repeat infringer, repeat offender, multiple strikes, final strike, three strikes
content, post, posts, upload, uploads, material, submission, user content
comment, comments, reply, replies, review, reviews
message, messages, chat, dm, direct message, conversation
image, images, photo, photos, picture, pictures, video, videos, media
upload, uploaded, post, publish, share, submit
website, site, blog, page, domain
domain, domain name, url, web address, custom domain
hosting, hosted, host, server, servers, infrastructure, data center
customer, customers, client, clients, user, users, subscriber
employee, employees, staff, team member, personnel, worker
contractor, freelancer, consultant, vendor
support, help, assistance, customer service, helpdesk, contact us
contact, reach, get in touch, email us, write to
age, minimum age, old enough, age requirement, age limit, under 13, under 16
parent, parents, guardian, parental consent, legal guardian
identity, identification, verify identity, verification, kyc, proof of identity
verify, verification, confirm, confirmation, validate
fake account, sockpuppet, sock puppet, duplicate account, alt account, multiple accounts
ban evasion, evade ban, new account after ban, circumvent
circumvent, bypass, get around, evade, workaround
limit, limits, limitation, restriction, restrictions, quota, cap, throttle, rate limit
prohibited, forbidden, not allowed, banned, disallowed, restricted, illegal
illegal, unlawful, against the law, criminal, crime, illicit
gambling, betting, casino, wager, lottery, sweepstakes
alcohol, liquor, beer, wine, spirits, booze
tobacco, cigarettes, vape, vaping, e-cigarette, nicotine
medicine, medication, pharmaceutical, prescription, drugs, pills
health, medical, healthcare, hipaa, patient
financial, finance, bank, banking, money, funds
crypto, cryptocurrency, bitcoin, blockchain, token, nft
investment, invest, securities, stocks, trading
pyramid scheme, ponzi, mlm, multi-level marketing
misinformation, disinformation, false information, fake news, hoax, misleading
election, elections, voting, vote, voter, political, politics
graphic, gore, gory, violent content, shocking, disturbing
animal cruelty, animal abuse, animals
human trafficking, trafficking, exploitation, forced labor, forced labour
private message, dm, direct message, inbox
encryption, encrypted, encrypt, secure, tls, ssl, https
security, secure, safety, protect, protection, safeguard
incident, incidents, breach, data breach, leak, leaked, exposure
backup, backups, copy, copies, redundancy, recovery, restore
storage, store, stored, save, saved, keep
server location, data location, where data is stored, region, country
transfer abroad, international transfer, cross-border, outside the eu, standard contractual clauses
children privacy, coppa, kids privacy, under 13
request, requests, ask, asking, application, apply
deadline, timeline, timelines, time limit, within days, how long, sla, response time
business hours, working hours, office hours, availability, support hours
escalate, escalation, escalated, supervisor, manager, senior
urgent, emergency, immediately, critical, priority, asap
free, free of charge, no cost, complimentary, gratis
commercial, business, company, organisation, organization, enterprise
resell, resale, reseller, sell on, redistribute
license, licence, licensed, licensing, permission to use, grant
open source, gpl, free software, creative commons
attribution, credit, credited, give credit, cite
fair use, fair dealing, parody, commentary, criticism, quotation
public domain, no copyright, expired copyright
photograph, photo, picture, portrait, likeness, name and photograph
real name, legal name, full name, name
address, postal address, mailing address, physical address, home address
phone, phone number, telephone, mobile number, cell
signature, signed, electronic signature, e-signature
statement, sworn statement, declaration, under penalty of perjury, good faith
perjury, false statement, lie, misrepresentation, misrepresent
complainant, reporter, claimant, rights holder, rightsholder, copyright owner, trademark owner
respondent, uploader, accused user, reported user
embed, embedded, embedding, linked, link, hotlink
repost, reblog, reblogged, share, reshare, republish, republished
mirror, copied site, copy of site, duplicate site, clone
non-english, foreign language, translation, translate, other language
language, languages, english, translation
affiliate, affiliates, affiliate links, referral, commission
review, reviews, rating, ratings, feedback, testimonial
fake reviews, review manipulation, paid reviews, incentivized reviews
seller, sellers, merchant, vendor, shop, store
buyer, buyers, purchaser, shopper, customer
listing, listings, item, product, products, goods
shipping, delivery, deliver, shipment, courier, postage
return, returns, exchange, send back
order, orders, purchase, purchases, bought, buy, checkout
stolen, theft, steal, stole, stolen goods, stolen account
lost, missing, forgot, forgotten, locked out
hijack, hijacked, taken over, account takeover, compromised account
recover, recovery, regain access, get back, reset password
reset, reset password, forgot password, change password
sharing, share, shared, disclose, disclosure, reveal, give
sell data, sale of data, sell personal information, do not sell
marketing emails, promotional emails, newsletters, mailing list
children, kids, minors, students, school, education
nonprofit, non-profit, charity, ngo
government, public sector, agency, official
dead link, broken link, 404, not found
slow, performance, latency, speed, lag
error, errors, bug, bugs, glitch, problem, issue, broken
feature, features, functionality, capability
beta, preview, experimental, early access
api, developer, developers, integration, integrations, sdk
plugin, plugins, extension, extensions, add-on, addon, theme, themes
trademark complaint, brand complaint, logo misuse
personal attack, insult, insults, name-calling, demeaning
spam links, link spam, seo spam, keyword stuffing
adult, mature, age-restricted, age restricted
revenge porn, non-consensual intimate imagery, non-consensual intimate images, intimate images, intimate imagery, ncii, nudes shared without consent, leaked nudes
deepfake, deepfakes, deep fake, synthetic media, manipulated media, ai-generated, ai generated, face swap, doctored video, altered video
spanish, french, german, portuguese, italian, dutch, russian, arabic, chinese, japanese, korean, hindi, turkish, indonesian, thai, vietnamese, foreign language, non-english
cryptojacking, crypto mining, cryptomining, mining cryptocurrency, coin mining, miner
ddos, denial of service, dos attack, flooding, botnet, traffic attack
squatting, name squatting, username squatting, cybersquatting, domain squatting, reserved name
brigading, brigade, raid, raiding, dogpiling, pile-on, coordinated harassment, mass reporting
inauthentic, fake engagement, fake followers, fake likes, engagement manipulation, astroturfing, coordinated inauthentic behavior, vote manipulation
profanity, swearing, swear words, cursing, obscene language, vulgar, offensive language
sexual harassment, unwanted sexual advances, sexual comments, lewd
lawyer, attorney, legal counsel, counsel, legal team, solicitor
export control, export controls, trade sanctions, sanctioned country, sanctioned countries, embargo, ofac, trade restrictions
account sharing, shared account, password sharing, sharing login
vaccine misinformation, health misinformation, medical misinformation, false cures, miracle cure
"""
}

extension Thesaurus {
    /// A few English suffix rules, the same in `search.js`, so a query word finds a thesaurus
    /// member in another form (`scraping`, `scraped` and `scrape` all give `scrap`): one of
    /// `ies`/`ied` (to `y`), `ing`, `ed`, `es`, `s` is cut when 3 letters remain, then a final
    /// `e`, then one of a doubled final letter, in words of 4 letters or more.
    public static func lightStem(_ word: String) -> String {
        var s = Array(word.unicodeScalars)
        guard s.count >= 4 else { return word }
        for (suffix, replacement) in [("ies", "i"), ("ied", "i"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")] {
            let suf = Array(suffix.unicodeScalars)
            if s.count - suf.count >= 3, Array(s.suffix(suf.count)) == suf {
                s.removeLast(suf.count)
                s += Array(replacement.unicodeScalars)
                break
            }
        }
        if s.count >= 4, s.last == "e" { s.removeLast() }
        if s.count >= 4, s.last == "y" { s[s.count - 1] = "i" }
        if s.count >= 4, s[s.count - 1] == s[s.count - 2] { s.removeLast() }
        return String(String.UnicodeScalarView(s))
    }

    /// The groups of each language, as folded phrases, in file order.
    public static func parsedGroups() -> [(lang: String, members: [String])] {
        var out: [(String, [String])] = []
        for lang in groups.keys.sorted() {
            for line in groups[lang]!.split(separator: "\n") {
                let members = line.split(separator: ",").map { Analyzer.fold($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
                if members.count >= 2 { out.append((lang, members)) }
            }
        }
        return out
    }

    /// `search/thesaurus.js`: `{"stop": [stopwords], "g": [[lang, [members]]...]}`. The engines
    /// need the stopwords to tell a query word the handbook lacks from one the index drops.
    static func json() -> String {
        let groups = parsedGroups().map { "[" + SearchIndexBuilder.jsonString($0.lang) + "," + SearchIndexBuilder.jsonArray($0.members) + "]" }
        return "{\"stop\":" + SearchIndexBuilder.jsonArray(Analyzer.stopwords.sorted()) + ",\"g\":[" + groups.joined(separator: ",") + "]}"
    }
}
