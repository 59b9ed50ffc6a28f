// Casebook search. Plain JS, no external requests. Mirrors Sources/Search (Analyzer, SearchEngine).
(function () {
  "use strict";
  // Interface strings in the page's language, from assets/i18n/<lang>.js (the layout loads it first).
  function tr(key, values) { return window.casebookText ? window.casebookText(key, values) : key; }
  var script = document.currentScript;
  var ROOT = script ? script.src.replace(/assets\/search\.js(\?.*)?$/, "") : "";
  var PREFIX_MIN = 3, PREFIX_MAX = 20, TYPO_MIN = 5;
  var EXACT = 1.0, TRUNCATED = 0.9, PREFIX = 0.8, TYPO = 0.7, DEFINES_BONUS = 50;
  var SYNONYM = 0.9, THESAURUS = 0.8, FOLDED = 3, WINDOW = 10, DEPTH = 10, MAX_CUT = 5, PAGE_SHARE = 0.25;
  var FAMILY_MIN = 5, FAMILY_EXTRA = 2, HEADING_EXTRA = 4;
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var VALUES = {};
  for (var i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

  // ---- Loading: index files are scripts calling CasebookSearch.load(name, data). ----
  var loaded = {}, waiting = {};
  var api = window.CasebookSearch = window.CasebookSearch || {};
  api.load = function (name, data) {
    loaded[name] = data;
    (waiting[name] || []).forEach(function (f) { f(data); });
    delete waiting[name];
  };
  function need(name) {
    if (name in loaded) return Promise.resolve(loaded[name]);
    return new Promise(function (resolve) {
      if (waiting[name]) { waiting[name].push(resolve); return; }
      waiting[name] = [resolve];
      var s = document.createElement("script");
      s.src = ROOT + "search/" + name + ".js";
      s.async = true;
      s.onerror = function () { api.load(name, null); };
      document.head.appendChild(s);
    });
  }

  // ---- Text analysis (Analyzer.swift) ----
  function isLatin(c) { return (c >= 0x41 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF); }
  var MN = /\p{Mn}/u, MARK = /[\p{Mn}\p{Mc}]/u, WORD = /[\p{Alphabetic}\p{N}\p{Mn}\p{Mc}]/u, PUNCT_EDGES = /^\p{P}+|\p{P}+$/gu;
  var FOLD_MAP = { "\u0111": "d", "\u00f8": "o", "\u0142": "l", "\u00df": "ss", "\u00e6": "ae" };
  function fold(text) {
    var lowered = text.normalize("NFKC").toLowerCase();
    var needs = false;
    for (var ch of lowered) { var c = ch.codePointAt(0); if (c >= 0xC0 && c < 0x2000) { needs = true; break; } }
    if (!needs) return lowered;
    // As Analyzer.fold: with kana or Hangul, only letters of that range are decomposed (kana
    // and Hangul stay whole); any other text is decomposed whole.
    var out = "", prevLatin = false;
    var parts = /[\u3040-\u30FF\uAC00-\uD7A3]/.test(lowered)
      ? Array.from(lowered).map(function (ch) { var c = ch.codePointAt(0); return c >= 0xC0 && c < 0x2000 ? ch.normalize("NFD") : ch; }).join("")
      : lowered.normalize("NFD");
    for (var ch2 of parts) {
      if (prevLatin && MN.test(ch2)) continue;
      out += FOLD_MAP[ch2] !== undefined ? FOLD_MAP[ch2] : ch2;
      prevLatin = isLatin(ch2.codePointAt(0));
    }
    return out;
  }
  function isUnspaced(c) {
    return (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF) ||
      (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
  }
  function pieces(folded) {
    var result = [], word = "", run = [];
    function flushWord() { if (word) { result.push({ word: word }); word = ""; } }
    function flushRun() {
      if (!run.length) return;
      var chars = [];
      run.forEach(function (s) { if (MARK.test(s) && chars.length) chars[chars.length - 1] += s; else chars.push(s); });
      if (chars.length === 1) result.push({ bigram: chars[0] });
      for (var i = 0; i + 1 < chars.length; i++) result.push({ bigram: chars[i] + chars[i + 1] });
      run = [];
    }
    for (var s of folded) {
      var c = s.codePointAt(0);
      if (isUnspaced(c)) { flushWord(); run.push(s); }
      else if (WORD.test(s)) { flushRun(); word += s; }
      else { flushWord(); flushRun(); }
    }
    flushWord(); flushRun();
    return result;
  }
  function codesIn(text) {
    var m = /^[A-Za-z]{2,4}-[0-9]{2}$/.exec(text.trim().replace(PUNCT_EDGES, ""));
    return m ? m[0].toLowerCase() : null;
  }

  // ---- Query parsing (SearchEngine.parse) ----
  function parse(text) {
    var q = { words: [], phrases: [], filters: [] };
    var tokens = [], current = "", inQuote = false;
    for (var ch of text) {
      if (ch === '"') {
        if (inQuote) { tokens.push([current, true]); current = ""; }
        else if (current) { tokens.push([current, false]); current = ""; }
        inQuote = !inQuote;
      } else if (/\s/.test(ch) && !inQuote) {
        if (current) { tokens.push([current, false]); current = ""; }
      } else current += ch;
    }
    if (current) tokens.push([current, inQuote]);
    var last = text.slice(-1);
    var endsOpen = last !== "" && !/\s/.test(last) && last !== '"';
    tokens.forEach(function (t, index) {
      var token = t[0], quoted = t[1];
      var colon = token.indexOf(":");
      if (!quoted && colon > 0 && colon < token.length - 1 && ["market", "tag", "lang"].indexOf(token.slice(0, colon).toLowerCase()) >= 0) {
        q.filters.push([token.slice(0, colon).toLowerCase(), fold(token.slice(colon + 1))]);
        return;
      }
      var isLast = index === tokens.length - 1, phrase = [];
      var parts = token.split(/\s+/).filter(Boolean);
      parts.forEach(function (part, partIndex) {
        var bare = /^[a-z]{2,4}[0-9]{2}$/.exec(fold(part).replace(PUNCT_EDGES, ""));
        if (bare) { var c = bare[0].slice(0, -2) + "-" + bare[0].slice(-2); q.words.push({ code: c }); phrase.push(c); return; }
        var code = codesIn(part);
        if (code && code === fold(part).replace(PUNCT_EDGES, "")) { q.words.push({ code: code }); phrase.push(code); return; }
        // A policy code being typed (SearchEngine.partialCode): a prefix of the codes.
        var partial = /^[a-z]{2,4}-[0-9]$/.exec(fold(part).replace(PUNCT_EDGES, ""));
        if (partial && !quoted && isLast && endsOpen && partIndex === parts.length - 1) {
          q.words.push({ word: partial[0], prefix: true }); phrase.push(partial[0]); return;
        }
        var ps = pieces(fold(part));
        ps.forEach(function (p, pi) {
          if (p.word !== undefined) {
            var prefix = !quoted && isLast && endsOpen && pi === ps.length - 1 && partIndex === parts.length - 1;
            q.words.push({ word: p.word, prefix: prefix }); phrase.push(p.word);
          } else { q.words.push({ bigram: p.bigram }); phrase.push(p.bigram); }
        });
      });
      if (quoted && phrase.length > 1) q.phrases.push(phrase);
    });
    return q;
  }

  // ---- Index access ----
  var meta = null, splits = null;
  // As SearchIndexBuilder.shardKey: a split key grows by the term's next letter, or for a
  // letter of a script written without spaces by one of 16 private-use letters (keyScalar).
  function shardKey(term) {
    var s = Array.from(term);
    if (!s.length) return "";
    var length = 1, key = s[0];
    while (splits.has(key)) {
      if (length >= s.length) return key + "$";
      var c = s[length].codePointAt(0);
      key += isUnspaced(c) ? String.fromCodePoint(0xE000 + c % 16) : s[length];
      length++;
    }
    return key;
  }
  function hex(key) {
    var bytes = new TextEncoder().encode(key), out = "";
    bytes.forEach(function (b) { out += (b < 16 ? "0" : "") + b.toString(16); });
    return out;
  }
  // A filter's file name: as IndexEncoding.fileName, a key past 100 UTF-8 bytes is the hex of
  // its first 40 bytes, "-" and the FNV-1a 32-bit hash of all of it.
  function fileName(key) {
    var bytes = new TextEncoder().encode(key);
    if (bytes.length <= 100) return hex(key);
    var h = 0x811c9dc5, out = "";
    bytes.forEach(function (b) { h = Math.imul(h ^ b, 0x01000193) >>> 0; });
    bytes.subarray(0, 40).forEach(function (b) { out += (b < 16 ? "0" : "") + b.toString(16); });
    return out + "-" + ("0000000" + h.toString(16)).slice(-8);
  }
  api.filterFile = function (name) { return "f/" + fileName(name); };
  function shard(key) { return need("t/" + hex(key)); }
  function entry(term) {
    return shard(shardKey(term)).then(function (s) { return s && s.t[term] ? s.t[term] : null; });
  }
  function decodeNumbers(s) {
    var result = [], x = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var v = VALUES[s.charCodeAt(i)];
      x += (v & 31) * Math.pow(2, shift);
      if (v < 32) { result.push(x); x = 0; shift = 0; } else shift += 5;
    }
    return result;
  }
  function decodePostings(s) {
    var result = [], doc = 0, i = 0;
    while (i < s.length) {
      var x = 0, shift = 0, v;
      do { v = VALUES[s.charCodeAt(i++)]; x += (v & 31) * Math.pow(2, shift); shift += 5; } while (v >= 32 && i < s.length);
      if (i >= s.length) break;
      doc += x;
      result.push([doc, VALUES[s.charCodeAt(i++)]]);
    }
    return result;
  }
  function decodeRuns(s) {
    var items = decodeNumbers(s), set = new Set(), next = 0;
    for (var i = 0; i + 1 < items.length; i += 2) {
      var start = next + items[i];
      for (var d = start; d < start + items[i + 1]; d++) set.add(d);
      next = start + items[i + 1];
    }
    return set;
  }
  function idf(df) { return Math.log(1 + (meta.n - df + 0.5) / (df + 0.5)); }
  function rounded(x) { return Math.round(x * 1e6) / 1e6; }
  function cmpStr(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function withinOneEdit(a, b) {
    if (a.join("") === b.join("")) return false;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < Math.min(la, lb) && a[i] === b[i]) i++;
    var eq = function (x, y) { return x.join("") === y.join(""); };
    if (la === lb) {
      if (eq(a.slice(i + 1), b.slice(i + 1))) return true;
      return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && eq(a.slice(i + 2), b.slice(i + 2));
    }
    if (la > lb) return eq(a.slice(i + 1), b.slice(i));
    return eq(a.slice(i), b.slice(i + 1));
  }

  // exact: only the stem and its family (thesaurus words; SearchEngine.alternatives).
  async function alternatives(w, exact) {
    // A word shaped like a code that no page has as one (SearchEngine.alternatives) is the word.
    if (w.code) return (await entry(w.code)) ? [[w.code, EXACT]] : alternatives({ word: w.code.replace(/-/g, ""), prefix: false }, exact);
    if (w.bigram) return (await entry(w.bigram)) ? [[w.bigram, EXACT]] : [];
    var word = w.word, result = [];
    var key = shardKey(word);
    var home = await shard(key);
    var stem = home && home.s[word] !== undefined ? home.s[word] : word;
    var known = await entry(stem);
    if (exact && !known) return [];
    if (known) {
      result.push([stem, EXACT]);
      // The stem's family: terms that extend it by a suffix the stemmer keeps (SearchEngine.alternatives).
      var stemLength = Array.from(stem).length;
      if (stemLength >= FAMILY_MIN) {
        var own = await shard(shardKey(stem));
        if (own) Object.keys(own.t).sort(cmpStr).forEach(function (t) {
          if (t !== stem && t.startsWith(stem) && Array.from(t).length - stemLength <= FAMILY_EXTRA) result.push([t, PREFIX]);
        });
      }
    } else {
      var sc = Array.from(word);
      // Nearest first: one letter cut, then one edit, then more letters cut (SearchEngine.alternatives).
      var truncated = async function (from, to) {
        for (var cut = from; cut <= to; cut++) {
          if (sc.length - cut < Math.max(4, cut + 1)) break;
          var cand = sc.slice(0, sc.length - cut).join("");
          if (await entry(cand)) { result.push([cand, TRUNCATED]); break; }
        }
      };
      await truncated(1, 1);
      if (!result.length && sc.length >= TYPO_MIN && home) {
        var near = Object.keys(home.t).filter(function (t) { return withinOneEdit(Array.from(t), sc); })
          .map(function (t) { return [t, home.t[t][0]]; })
          .sort(function (a, b) { return b[1] - a[1] || cmpStr(a[0], b[0]); }).slice(0, 3);
        near.forEach(function (n) { result.push([n[0], TYPO]); });
        if (!near.length) {
          Object.keys(home.s).filter(function (s) { return withinOneEdit(Array.from(s), sc); }).sort(cmpStr).slice(0, 3)
            .forEach(function (s) { var st = home.s[s]; if (!result.some(function (r) { return r[0] === st; })) result.push([st, TYPO]); });
        }
      }
      if (!result.length) await truncated(2, MAX_CUT);
    }
    if (w.prefix && !exact && Array.from(word).length >= PREFIX_MIN && !splits.has(key) && home) {
      var expansions = [];
      Object.keys(home.t).forEach(function (t) { if (t.startsWith(word) && t !== stem) expansions.push([t, home.t[t][0]]); });
      var surf = Object.keys(home.s).filter(function (s) { return s.startsWith(word) && home.s[s] !== stem; });
      for (var k = 0; k < surf.length; k++) {
        var e = await entry(home.s[surf[k]]);
        if (e) expansions.push([home.s[surf[k]], e[0]]);
      }
      expansions.sort(function (a, b) { return b[1] - a[1] || cmpStr(a[0], b[0]); });
      var seen = new Set(result.map(function (r) { return r[0]; }));
      for (var j = 0; j < expansions.length; j++) {
        if (seen.has(expansions[j][0])) continue;
        seen.add(expansions[j][0]);
        result.push([expansions[j][0], PREFIX]);
        if (result.length > PREFIX_MAX) break;
      }
    }
    return result;
  }

  // Whether document `id` may belong to one of `pages` (a Map by page URL): its bucket is
  // loaded, or a loaded bucket's first or last page reaches it (a bucket counts the documents
  // of its first page before it, "b", and of its last page after it, "a"). False means it is
  // another page, known without fetching its bucket.
  function reachable(id, pages) {
    if (loaded["d/" + Math.floor(id / meta.k)]) return true;
    for (var name in loaded) {
      var data = loaded[name];
      if (name.slice(0, 2) !== "d/" || !data || !data.d.length) continue;
      var start = Number(name.slice(2)) * meta.k, end = start + data.d.length;
      if (id >= end && id < end + (data.a || 0) && pages.has(data.p[data.d[data.d.length - 1][0]][0])) return true;
      if (id < start && id >= start - (data.b || 0) && pages.has(data.p[data.d[0][0]][0])) return true;
    }
    return false;
  }

  // Document d is entry d % k of snippet bucket d / k.
  async function documentFor(doc) {
    var data = await need("d/" + Math.floor(doc / meta.k));
    if (!data) return null;
    var d = data.d[doc % meta.k];
    if (!d) return null;
    var p = data.p[d[0]];
    return { url: d[1] ? p[0] + "#" + encodeURIComponent(d[1]).replace(/[!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); }) : p[0],
             title: p[1], lang: p[2], markets: p[3], tags: p[4], section: d[2], text: d[3], stale: stale[p[0]] || null };
  }

  var stale = {}, originals = {}, synonyms = [], hasThesaurus = false, book = null;
  // The result group of a page: its original's URL for a translation, else its own.
  function groupKey(page) { return Object.prototype.hasOwnProperty.call(originals, page) ? originals[page] : page; }
  async function init() {
    if (meta) return true;
    var m = await need("meta");
    if (!m) return false;
    // Synonym rules (syn.js): [lang, query pieces, their stems, [phrases]], longest first.
    if (m.y) synonyms = (await need("syn")) || [];
    hasThesaurus = !!m.x;
    meta = m;
    // Translations: page URL -> the original's page URL ("o"), and the out-of-date ones:
    // page URL -> the original's current version ("s").
    var translations = (await need("translations")) || {};
    originals = translations.o || {};
    stale = translations.s || {};
    splits = new Set(meta.s);
    return true;
  }

  // ---- Ranking (SearchEngine.search) ----
  async function wordScores(w, allowed, exact) {
    var alts = await alternatives(w, exact), best = new Map(), terms = [];
    for (var a = 0; a < alts.length; a++) {
      var e = await entry(alts[a][0]);
      if (!e) continue;
      var weight = alts[a][1] * idf(e[0]);
      decodePostings(e[1]).forEach(function (p) {
        if (allowed && !allowed.has(p[0])) return;
        var s = weight * p[1] / 63;
        if (s > (best.get(p[0]) || 0)) best.set(p[0], s);
      });
      terms.push(alts[a][0]);
    }
    if (w.code) {
      var def = await entry("=" + w.code);
      if (def) decodePostings(def[1]).forEach(function (p) {
        if (allowed && !allowed.has(p[0])) return;
        best.set(p[0], (best.get(p[0]) || 0) + DEFINES_BONUS);
      });
    }
    if (w.word && (!exact || best.size)) terms.push(w.word);
    return { best: best, terms: terms };
  }
  // Thesaurus.lightStem: a few English suffix rules, so `scraping` finds the member `scrape`.
  function lightStem(word) {
    var s = Array.from(word);
    if (s.length < 4) return word;
    var rules = [["ies", "i"], ["ied", "i"], ["ing", ""], ["ed", ""], ["es", ""], ["s", ""]];
    for (var r = 0; r < rules.length; r++) {
      var suf = rules[r][0];
      if (s.length - suf.length >= 3 && s.slice(-suf.length).join("") === suf) {
        s = s.slice(0, s.length - suf.length).concat(Array.from(rules[r][1]));
        break;
      }
    }
    if (s.length >= 4 && s[s.length - 1] === "e") s.pop();
    if (s.length >= 4 && s[s.length - 1] === "y") s[s.length - 1] = "i";
    if (s.length >= 4 && s[s.length - 1] === s[s.length - 2]) s.pop();
    return s.join("");
  }
  // The built-in thesaurus (thesaurus.js), loaded the first time a query has a word the
  // handbook never uses: stopwords, and each group's members with their light-stemmed pieces.
  async function thesaurus() {
    if (!hasThesaurus) return null;
    if (book) return book;
    var data = await need("thesaurus");
    if (!data) return null;
    book = { stop: new Set(data.stop || []), groups: (data.g || []).map(function (g) {
      return { lang: g[0], members: g[1], keys: g[1].map(function (m) { return wordsOf(m).map(lightStem); }) };
    }) };
    return book;
  }
  // Runs of query words a synonym rule matches (SearchEngine.synonymSpans); where no trainer's
  // rule does, the thesaurus, for a run holding a word the handbook never uses.
  // missing: per query word, whether it found no index term at all, not even a near one.
  async function synonymSpans(q, missing) {
    if (!synonyms.length && !hasThesaurus) return [];
    var lang = null;
    q.filters.forEach(function (f) { if (f[0] === "lang") lang = f[1]; });
    var rules = synonyms.filter(function (r) { return lang === null || r[0] === lang; });
    var tokens = [], canonical = [];
    for (var i = 0; i < q.words.length; i++) {
      var w = q.words[i];
      if (w.word !== undefined) {
        tokens.push(w.word);
        var home = await shard(shardKey(w.word));
        canonical.push(home && home.s[w.word] !== undefined ? home.s[w.word] : w.word);
      } else if (w.bigram !== undefined) { tokens.push(w.bigram); canonical.push(w.bigram); }
      else { tokens.push(null); canonical.push(null); }
    }
    var th = null, light = [];
    if (missing.indexOf(true) >= 0 && (th = await thesaurus())) {
      missing = missing.map(function (m, k) { return m && !th.stop.has(tokens[k]); });
      light = tokens.map(function (t) { return t === null ? null : lightStem(t); });
    }
    var spans = [], at = 0;
    while (at < tokens.length) {
      var length = 0, phrases = [], stops = [];
      rules.forEach(function (rule) {
        var from = rule[1], stems = rule[2];
        if (!from.length || from.length < length || at + from.length > tokens.length) return;
        for (var j = 0; j < from.length; j++) {
          var t = tokens[at + j];
          if (t === null || !(t === from[j] || canonical[at + j] === stems[j])) return;
        }
        if (from.length > length) {
          length = from.length; phrases = [];
          // A rule's stopwords (stem ""), which no page holds (SearchEngine.synonymSpans).
          stops = []; stems.forEach(function (st, j) { if (st === "") stops.push(j); });
        }
        rule[3].forEach(function (p) { if (phrases.indexOf(p) < 0) phrases.push(p); });
      });
      if (length > 0) { spans.push([at, length, phrases, false, stops]); at += length; continue; }
      if (th && missing.slice(at).indexOf(true) >= 0) {
        th.groups.forEach(function (g) {
          if (lang !== null && g.lang !== lang) return;
          g.keys.forEach(function (key) {
            if (key.length < length || !key.length || at + key.length > tokens.length) return;
            for (var j = 0; j < key.length; j++) { if (light[at + j] === null || light[at + j] !== key[j]) return; }
            if (missing.slice(at, at + key.length).indexOf(true) < 0) return;
            if (key.length > length) { length = key.length; phrases = []; }
            g.members.forEach(function (m, mk) { if (!sameWords(g.keys[mk], key) && phrases.indexOf(m) < 0) phrases.push(m); });
          });
        });
      }
      if (length > 0) { spans.push([at, length, phrases, true, []]); at += length; } else at += 1;
    }
    return spans;
  }
  function wordsOf(text) { return pieces(fold(text)).map(function (p) { return p.word !== undefined ? p.word : p.bigram; }); }
  function sameWords(a, b) { return a.length === b.length && a.every(function (x, i) { return x === b[i]; }); }

  async function search(text, limit) {
    if (!(await init())) return [];
    var q = parse(text), allowed = null;
    for (var f = 0; f < q.filters.length; f++) {
      var key = q.filters[f][0], value = q.filters[f][1], set = new Set();
      var names = key === "market" ? ["market:" + value, "market:*"] : [key + ":" + value];
      for (var n = 0; n < names.length; n++) {
        var runs = await need(api.filterFile(names[n]));
        if (runs) decodeRuns(runs).forEach(function (d) { set.add(d); });
      }
      allowed = allowed ? new Set(Array.from(allowed).filter(function (d) { return set.has(d); })) : set;
    }
    var scores = new Map(), matched = new Map(), highlights = [], perWord = [], wordTerms = [];
    for (var wi = 0; wi < q.words.length; wi++) {
      var ws = await wordScores(q.words[wi], allowed);
      perWord.push(ws.best);
      wordTerms.push(ws.terms);
      highlights = highlights.concat(ws.terms);
    }
    // A word found no index term when its only "term" is the word itself (SearchEngine.search).
    var missing = q.words.map(function (w, k) { return w.word !== undefined && wordTerms[k].length === 1; });
    var spans = await synonymSpans(q, missing), inSpan = q.words.map(function () { return false; }), spanValues = [];
    // Per span: its length and the terms of each way to say it, word by word (SearchEngine.search).
    var spanForms = [];
    for (var si = 0; si < spans.length; si++) {
      var start = spans[si][0], length = spans[si][1], phrases = spans[si][2], fallback = spans[si][3], stops = spans[si][4];
      // What the span is worth: its words but the stopwords of its rule.
      var weight = length > stops.length ? length - stops.length : length;
      var value = new Map(), score = new Map(), forms = [[]];
      for (var k = start; k < start + length; k++) {
        if (stops.indexOf(k - start) < 0 || weight === length) forms[0].push(perWord[k].size ? wordTerms[k] : []);
        inSpan[k] = true;
        perWord[k].forEach(function (s, doc) { value.set(doc, (value.get(doc) || 0) + 1); score.set(doc, (score.get(doc) || 0) + s); });
      }
      for (var pi = 0; pi < phrases.length; pi++) {
        var words = parse(phrases[pi] + " ").words;
        // A thesaurus phrase counts where all its words (but stopwords) are found.
        if (fallback) words = words.filter(function (w) { return w.word === undefined || !book.stop.has(w.word); });
        if (!words.length) continue;
        var count = new Map(), sum = new Map(), form = [];
        for (var x = 0; x < words.length; x++) {
          var r = await wordScores(words[x], allowed, fallback);
          highlights = highlights.concat(r.terms);
          form.push(r.best.size ? r.terms : []);
          r.best.forEach(function (s, doc) { count.set(doc, (count.get(doc) || 0) + 1); sum.set(doc, (sum.get(doc) || 0) + s); });
        }
        forms.push(form);
        count.forEach(function (c, doc) {
          if (fallback && c < words.length) return;
          var v = (weight * c) / words.length;
          var sc = (fallback ? THESAURUS : SYNONYM) * sum.get(doc) * weight / words.length;
          var ov = value.get(doc) || 0, os = score.get(doc) || 0;
          if (v > ov || (v === ov && rounded(sc) > rounded(os))) { value.set(doc, v); score.set(doc, sc); }
        });
      }
      value.forEach(function (v, doc) {
        scores.set(doc, (scores.get(doc) || 0) + score.get(doc));
        matched.set(doc, (matched.get(doc) || 0) + v);
      });
      spanValues.push(value);
      spanForms.push({ length: weight, forms: forms });
    }
    perWord.forEach(function (best, k) {
      if (inSpan[k]) return;
      best.forEach(function (s, doc) { scores.set(doc, (scores.get(doc) || 0) + s); matched.set(doc, (matched.get(doc) || 0) + 1); });
    });
    var ranked = Array.from(scores.keys()).sort(function (a, b) {
      return (matched.get(b) - matched.get(a)) || (rounded(scores.get(b)) - rounded(scores.get(a))) || (a - b);
    });
    if (q.phrases.length) {
      var head = ranked.slice(0, 10), verified = [];
      for (var h = 0; h < head.length; h++) {
        var d = await documentFor(head[h]);
        if (!d) continue;
        var hw = wordsOf(d.section + " " + d.text);
        var ok = q.phrases.every(function (ph) {
          for (var i = 0; i + ph.length <= hw.length; i++) { if (ph.every(function (y, j) { return hw[i + j] === y; })) return true; }
          return false;
        });
        if (ok) verified.push(head[h]);
      }
      ranked = verified.concat(head.filter(function (y) { return verified.indexOf(y) < 0; }), ranked.slice(10));
    }
    // Group by SOP: a page and its translations are one result, best section first, the others
    // folded under it; once every result is found, only sections of pages already shown are
    // folded in (SearchEngine.search).
    // The first DEPTH pages are grouped from the first sections alone, so asking for more
    // results adds pages after them and changes nothing of theirs (SearchEngine.search).
    var groups = [], groupOf = new Map(), shownPages = new Set(), docs = new Map();
    async function collect(sections, count, first) {
      for (var g = 0; g < sections.length; g++) {
        // With every result found, a document of another page ends the grouping: when no shown
        // page can reach it, its snippet bucket is not fetched only to learn that (same results).
        if (groups.length === count && !reachable(sections[g], shownPages)) break;
        var doc = await documentFor(sections[g]);
        if (!doc) continue;
        var page = doc.url.split("#")[0], key = groupKey(page);
        if (groupOf.has(key)) {
          var at = groupOf.get(key);
          if (at < first) continue;
          if (!(groups.length < count || shownPages.has(page))) break;
          shownPages.add(page);
          var grp = groups[at];
          if (grp.docs.length <= FOLDED) { grp.docs.push(sections[g]); docs.set(sections[g], doc); }
        } else {
          if (groups.length === count) break;
          groupOf.set(key, groups.length);
          shownPages.add(page);
          groups.push({ page: key, docs: [sections[g]] });
          docs.set(sections[g], doc);
        }
      }
    }
    await collect(ranked.slice(0, DEPTH * WINDOW), DEPTH, 0);
    var firstTier = groups.length;
    if (limit > DEPTH) await collect(ranked.slice(DEPTH * WINDOW, limit * WINDOW), limit, firstTier);
    // Pages by whether the whole page matches every query word, then by the query words the
    // best section's heading (or the page title) holds (SearchEngine.search).
    var headingSlots = wordTerms.filter(function (_, k) { return !inSpan[k] && perWord[k].size > 0; });
    function headingCoverage(text) {
      var heading = wordsOf(text);
      function holds(terms) {
        return heading.some(function (h) {
          return terms.some(function (t) { return h.startsWith(t) && Array.from(h).length - Array.from(t).length <= HEADING_EXTRA; });
        });
      }
      var covered = headingSlots.filter(holds).length;
      spanForms.forEach(function (span) {
        if (span.forms.some(function (f) { return f.length && f.every(holds); })) covered += span.length;
      });
      return covered;
    }
    function slotValues(doc) {
      var values = [];
      perWord.forEach(function (best, k) { if (!inSpan[k]) values.push(best.has(doc) ? 1 : 0); });
      spanValues.forEach(function (v) { values.push(v.get(doc) || 0); });
      return values;
    }
    // What each slot is worth fully matched; null for one no section matches. A page's first
    // key is whether it holds every slot, not how many (SearchEngine.search).
    var fullSlots = [];
    perWord.forEach(function (best, k) { if (!inSpan[k]) fullSlots.push(best.size ? 1 : null); });
    spanValues.forEach(function (v, i) { fullSlots.push(v.size ? spanForms[i].length : null); });
    function allFound(values) {
      return values.every(function (v, i) { return fullSlots[i] === null || v >= fullSlots[i]; }) ? 1 : 0;
    }
    function pageOf(id) { return docs.get(id).url.split("#")[0]; }
    function addUp(values) { var t = 0; values.forEach(function (v) { t += v; }); return t; }
    var keys = groups.map(function (gr) {
      var buckets = [];
      gr.docs.forEach(function (id) { var b = Math.floor(id / meta.k); if (buckets.indexOf(b) < 0) buckets.push(b); });
      buckets.sort(function (a, b) { return a - b; });
      var members = [];
      buckets.forEach(function (b) {
        var data = loaded["d/" + b];
        if (!data) return;
        data.d.forEach(function (d, i) {
          var id = b * meta.k + i;
          var p = data.p[d[0]];
          if (p && groupKey(p[0]) === gr.page && scores.has(id)) members.push({ id: id, page: p[0] });
        });
      });
      // The language shown: the page that matches the most query words; the original when
      // they match as many (SearchEngine.search).
      var pages = [];
      gr.docs.forEach(function (id) { var p = pageOf(id); if (pages.indexOf(p) < 0) pages.push(p); });
      function coverage(page) {
        var first = gr.docs.find(function (id) { return pageOf(id) === page; });
        var covered = slotValues(first);
        members.forEach(function (m) { if (m.page === page) slotValues(m.id).forEach(function (v, i) { if (v > covered[i]) covered[i] = v; }); });
        return covered;
      }
      var shown = pages[0], covered = coverage(pages[0]);
      pages.slice(1).forEach(function (page) {
        var c = coverage(page), total = addUp(c), best = addUp(covered);
        if (total > best || (total === best && page === gr.page && shown !== gr.page)) { shown = page; covered = c; }
      });
      if (shown !== pages[0]) {
        gr.docs = gr.docs.filter(function (id) { return pageOf(id) === shown; }).concat(gr.docs.filter(function (id) { return pageOf(id) !== shown; }));
      }
      var lead = gr.docs[0];
      var others = members.filter(function (m) { return m.page === shown && m.id !== lead; }).map(function (m) { return rounded(scores.get(m.id)); })
        .sort(function (a, b) { return b - a; }).slice(0, 3);
      var score = scores.get(lead);
      others.forEach(function (o) { score += PAGE_SHARE * o; });
      // How many query words a heading holds: the best of the shown page's sections in the group.
      var heading = 0;
      gr.docs.forEach(function (id) {
        var d = docs.get(id);
        if (pageOf(id) === shown) heading = Math.max(heading, headingCoverage(d.section), headingCoverage(d.title));
      });
      return [allFound(covered), heading, rounded(score)];
    });
    // The first DEPTH pages found, then those found after them, each tier by its pages' keys,
    // exact title or heading matches first (SearchEngine.search).
    var typed = q.words.map(function (w) { return w.word !== undefined ? w.word : w.bigram !== undefined ? w.bigram : w.code; });
    function isExact(gr) {
      return typed.length > 0 && gr.docs.some(function (id) { var dd = docs.get(id); return sameWords(wordsOf(dd.title), typed) || sameWords(wordsOf(dd.section), typed); });
    }
    function ordered(from, to) {
      var byKeys = [];
      for (var i = from; i < to; i++) byKeys.push(i);
      byKeys.sort(function (a, b) {
        return (keys[b][0] - keys[a][0]) || (keys[b][1] - keys[a][1]) || (keys[b][2] - keys[a][2]) || (a - b);
      });
      var exact = new Set(byKeys.filter(function (i) { return isExact(groups[i]); }));
      return byKeys.filter(function (i) { return exact.has(i); }).concat(byKeys.filter(function (i) { return !exact.has(i); }));
    }
    groups = ordered(0, firstTier).concat(ordered(firstTier, groups.length)).slice(0, limit).map(function (i) { return groups[i]; });
    function result(id) {
      var dd = docs.get(id);
      dd.score = rounded(scores.get(id));
      dd.highlights = highlights;
      return dd;
    }
    return groups.map(function (gr) {
      var first = result(gr.docs[0]);
      first.more = gr.docs.slice(1).map(result);
      return first;
    });
  }
  api.search = search;

  // ---- Highlighting ----
  function hitPattern(terms) {
    var latin = [], other = [];
    terms.forEach(function (t) {
      if (!t || t.length < 2 || t.charAt(0) === "=") return;
      (/^[\x00-\u024f\u1e00-\u1eff]+$/.test(t) ? latin : other).push(t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    });
    var parts = [];
    if (latin.length) parts.push("(?<![\\p{L}\\p{N}])(?:" + latin.sort(function (a, b) { return b.length - a.length; }).join("|") + ")[\\p{L}\\p{N}]*");
    if (other.length) parts.push("(?:" + other.join("|") + ")");
    return parts.length ? new RegExp(parts.join("|"), "giu") : null;
  }
  function appendMarked(parent, text, pattern) {
    if (!pattern) { parent.appendChild(document.createTextNode(text)); return; }
    var last = 0;
    pattern.lastIndex = 0;
    var m;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) { pattern.lastIndex++; continue; }
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }
  function highlightTerms(result) {
    var seen = new Set();
    return result.highlights.filter(function (t) { if (seen.has(t)) return false; seen.add(t); return true; });
  }
  function resultHref(r) {
    var terms = highlightTerms(r).filter(function (t) { return t.charAt(0) !== "="; }).slice(0, 12);
    var hash = r.url.indexOf("#");
    var base = hash < 0 ? r.url : r.url.slice(0, hash), frag = hash < 0 ? "" : r.url.slice(hash);
    return ROOT + base + (terms.length ? "?h=" + encodeURIComponent(terms.join(" ")) : "") + frag;
  }

  function renderResult(r, id, pattern) {
    var a = document.createElement("a");
    a.className = "search-result";
    a.href = resultHref(r);
    // A translation's section in another language than the page's is read in its own.
    if (r.lang && r.lang !== document.documentElement.lang) a.lang = r.lang;
    if (id) { a.id = id; a.setAttribute("role", "option"); a.setAttribute("aria-selected", "false"); }
    var title = document.createElement("span");
    title.className = "search-result-title";
    title.textContent = r.section ? r.title + " › " : r.title;
    if (r.section) { var sec = document.createElement("strong"); sec.textContent = r.section; title.appendChild(sec); }
    a.appendChild(title);
    if (r.stale) {
      var mark = document.createElement("span");
      mark.className = "badge search-result-stale";
      mark.textContent = tr("js.search_stale", { version: r.stale });
      a.appendChild(mark);
    }
    if (r.text) {
      var snip = document.createElement("span");
      snip.className = "search-result-snippet";
      var text = r.text;
      if (pattern) {
        // Start the snippet shortly before the first matched word.
        pattern.lastIndex = 0;
        var hit = pattern.exec(text);
        if (hit && hit.index > 60) {
          var from = text.lastIndexOf(" ", hit.index - 30);
          text = "…" + text.slice(from > 0 ? from + 1 : hit.index);
        }
      }
      appendMarked(snip, text, pattern);
      a.appendChild(snip);
    }
    var chips = (r.markets || []).concat(r.tags || []).slice(0, 6);
    if (chips.length) {
      var c = document.createElement("span");
      c.className = "search-result-chips";
      chips.forEach(function (x) { var s = document.createElement("span"); s.className = "chip"; s.textContent = x; c.appendChild(s); });
      a.appendChild(c);
    }
    return a;
  }

  // ---- Search box on every page ----
  function setupBox() {
    var input = document.getElementById("site-search");
    var list = document.getElementById("site-search-results");
    var status = document.getElementById("site-search-status");
    if (!input || !list) return;
    var active = -1, seq = 0, timer = null;
    function options() { return list.querySelectorAll("[role=option]"); }
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); active = -1; }
    function setActive(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    async function run() {
      var text = input.value, mine = ++seq;
      if (!text.trim()) { close(); list.textContent = ""; return; }
      var results = await search(text, 5);
      if (mine !== seq) return;
      list.textContent = "";
      var pattern = results.length ? hitPattern(highlightTerms(results[0])) : null;
      results.forEach(function (r, i) { list.appendChild(renderResult(r, "site-search-option-" + i, pattern)); });
      var more = document.createElement("a");
      more.className = "search-more";
      // An option too, the last one: a listbox holds nothing else (axe's aria-required-children).
      more.id = "site-search-option-more";
      more.setAttribute("role", "option");
      more.setAttribute("aria-selected", "false");
      more.href = ROOT + "search.html?q=" + encodeURIComponent(text);
      more.textContent = tr(results.length ? "js.search_all" : "js.search_none", { query: text });
      list.appendChild(more);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      if (status) status.textContent = tr("js.search_count", { count: results.length });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 60); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) run(); else setActive(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
      else if (e.key === "Enter") {
        var opts = options();
        if (active >= 0 && opts[active]) { e.preventDefault(); window.location.href = opts[active].href; }
      } else if (e.key === "Escape") { close(); }
    });
    input.addEventListener("focus", function () { if (input.value.trim() && list.childNodes.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); } });
    document.addEventListener("click", function (e) { if (!e.target.closest || !e.target.closest(".search")) close(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
    });
  }

  // The results page and the highlights on a page opened from a result are in search-page.js.
  api.render = renderResult;
  api.pattern = hitPattern;
  api.mark = appendMarked;
  api.terms = highlightTerms;
  document.addEventListener("DOMContentLoaded", function () {
    setupBox();
    if (document.getElementById("search-page-results") || new URLSearchParams(window.location.search).get("h")) {
      var s = document.createElement("script");
      s.src = ROOT + "assets/search-page.js";
      document.head.appendChild(s);
    }
  });
})();
