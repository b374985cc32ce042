import type { NlqContext } from "./nlq-types";
import { EVENT_SYNONYMS, LEXICON, type Sense } from "./lexicon";
import { parseTimePhrase, TIME_WORDS, type DayRange, type LocalDate } from "./time-range";

/**
 * From a question's text to a list of meaningful items: words are split,
 * lower-cased and typo-corrected against the engine's vocabulary, then
 * grouped into the longest known phrases (time phrases first).
 */

export type Token =
  | { kind: "word"; text: string; raw: string }
  | { kind: "number"; value: number; raw: string }
  | { kind: "path"; path: string; raw: string }
  | { kind: "quoted"; text: string; raw: string };

/** `text` is the normalised phrase, `raw` the question's own words (values are taken as typed). */
export type Item = { text: string; raw: string } & (
  | Sense
  | { kind: "event"; event: string; verb: boolean }
  | { kind: "property"; key: string }
  | { kind: "time"; range: DayRange; relative: boolean }
  | { kind: "path"; path: string }
  | { kind: "quoted"; value: string }
  | { kind: "number"; value: number }
  | { kind: "unknown"; word: string }
);

const TOKEN =
  /“([^”]*)”|"([^"]*)"|(?<![\p{L}\d])'([^']+)'(?![\p{L}\d])|(\/[^\s,?!;"“”]*)|(\d{4}-\d{2}-\d{2})|(\d+(?:\.\d+)?)(?:st|nd|rd|th)?(?![\p{L}\d])|([\p{L}][\p{L}\d_.'’-]*)|(!=|<>|==|[=,&:])/giu;

/** Split a question into tokens: quoted text, paths, dates, numbers, words and a few symbols. */
export function tokenize(question: string): Token[] {
  const tokens: Token[] = [];
  for (const match of question.matchAll(TOKEN)) {
    const [raw, dq, sq1, sq2, path, date, number, word, symbol] = match;
    const quoted = dq ?? sq1 ?? sq2;
    if (quoted !== undefined) tokens.push({ kind: "quoted", text: quoted, raw });
    else if (path !== undefined) tokens.push({ kind: "path", path: path.replace(/[.]+$/, ""), raw });
    else if (date !== undefined) tokens.push({ kind: "word", text: date, raw });
    else if (number !== undefined) tokens.push({ kind: "number", value: Number(number), raw });
    else if (word !== undefined) {
      // A sentence's full stop and a possessive are not part of the word ("u.s." keeps its dots).
      let text = word.toLowerCase().replace(/’/g, "'");
      if (!LEXICON.has(text)) text = text.replace(/\.+$/, "").replace(/'s$/, "");
      tokens.push({ kind: "word", text, raw });
    } else if (symbol !== undefined) tokens.push({ kind: "word", text: symbol, raw });
  }
  return tokens;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** How far a word may be from a known one and still be read as it: none for short words, where a typo is a different word. */
function allowedDistance(word: string): number {
  if (word.length <= 3) return 0;
  // Four letters are one substitution from too many other words ("mars" -> "macs"): only a dropped letter is restored ("mnth").
  if (word.length === 4) return 1;
  if (word.length <= 7) return 1;
  return 2;
}

/** The site's words: its event names (with synonyms) and property keys. */
export interface SiteVocabulary {
  phrases: Map<string, Item>;
  /** Every single word the engine knows. */
  words: string[];
}

function plural(word: string): string {
  return /(s|x|ch|sh)$/.test(word) ? `${word}es` : `${word}s`;
}

/** "signed up", "purchased", "bought": the event as something visitors did, not a count. */
const VERB_FORMS = /(ed|ing)( up)?$|^(bought|paid|register|buy|sign up)$/;

/** The vocabulary for one site: the fixed lexicon plus the site's events and properties. */
export function buildVocabulary(context: NlqContext): SiteVocabulary {
  const phrases = new Map<string, Item>();
  for (const event of context.eventNames) {
    const spaced = event.toLowerCase().replace(/[_-]+/g, " ");
    const names = new Set([event.toLowerCase(), spaced, plural(spaced), ...(EVENT_SYNONYMS[event] ?? [])]);
    for (const name of names) {
      // A fixed meaning ("source", "visit") is not taken over by an event of the same name.
      if (LEXICON.has(name) && LEXICON.get(name)!.kind !== "stop") continue;
      phrases.set(name, { kind: "event", event, verb: VERB_FORMS.test(name), text: name, raw: name });
    }
  }
  for (const keys of Object.values(context.propertyKeys)) {
    for (const key of keys) {
      const spaced = key.toLowerCase().replace(/[_-]+/g, " ");
      for (const name of new Set([key.toLowerCase(), spaced, plural(spaced)])) {
        if ((LEXICON.has(name) && LEXICON.get(name)!.kind !== "stop") || phrases.has(name)) continue;
        phrases.set(name, { kind: "property", key, text: name, raw: name });
      }
    }
  }
  const words = new Set<string>();
  for (const phrase of [...LEXICON.keys(), ...phrases.keys(), ...TIME_WORDS]) for (const word of phrase.split(" ")) words.add(word);
  for (const word of ["hour", "hours", "minute", "minutes"]) words.add(word);
  return { phrases, words: [...words] };
}

/** A word as the vocabulary knows it, or the nearest known word within the allowed distance; null when none is near. */
export function correctWord(word: string, vocabulary: SiteVocabulary): { word: string; corrected: boolean } | null {
  if (vocabulary.words.includes(word)) return { word, corrected: false };
  const limit = allowedDistance(word);
  if (limit === 0) return null;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of vocabulary.words) {
    if (Math.abs(candidate.length - word.length) > limit || candidate.length <= 3) continue;
    if (word.length === 4 && candidate.length !== 5) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === null ? null : { word: best, corrected: true };
}

/** Known words near `word`, nearest first (for "did you mean"). */
export function nearWords(word: string, vocabulary: SiteVocabulary, count = 3): string[] {
  return vocabulary.words
    .filter((candidate) => candidate !== word && candidate.length > 2 && /^[a-z]/.test(candidate))
    .map((candidate) => ({ candidate, distance: editDistance(word, candidate) }))
    .filter(({ distance, candidate }) => distance <= Math.max(2, Math.floor(candidate.length / 2)))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}

const MAX_PHRASE_WORDS = 6;

/** Corrected words, then items: time phrases, the longest lexicon or site phrase, else the word alone. */
export function readItems(question: string, vocabulary: SiteVocabulary, today: LocalDate): { items: Item[]; corrections: [string, string][] } {
  const corrections: [string, string][] = [];
  const tokens: Token[] = [];
  for (const token of tokenize(question)) {
    if (token.kind !== "word" || /^\d/.test(token.text)) {
      tokens.push(token);
      continue;
    }
    const known = correctWord(token.text, vocabulary);
    if (known) {
      if (known.corrected) corrections.push([token.raw, known.word]);
      tokens.push({ ...token, text: known.word });
      continue;
    }
    // "e-mail", "follow-up": maybe its parts are known.
    const parts = token.text.split(/[-_]/).filter(Boolean);
    if (parts.length > 1 && parts.every((part) => vocabulary.words.includes(part))) {
      for (const part of parts) tokens.push({ kind: "word", text: part, raw: part });
      continue;
    }
    tokens.push(token);
  }

  // Time phrases read numbers as words ("past 90 days").
  const words = tokens.map((token) => (token.kind === "word" ? token.text : token.kind === "number" ? String(token.value) : `\u0000${token.raw}`));
  const items: Item[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.kind === "path") {
      items.push({ kind: "path", path: token.path, text: token.raw, raw: token.raw });
      i++;
      continue;
    }
    if (token.kind === "quoted") {
      items.push({ kind: "quoted", value: token.text, text: token.raw, raw: token.text });
      i++;
      continue;
    }
    const time = parseTimePhrase(words, i, today);
    if (time) {
      const text = words.slice(i, i + time.length).join(" ");
      const relative = ["last", "previous", "prior", "preceding"].includes(words[i]!) && !/\d/.test(text);
      items.push({ kind: "time", range: time.range, relative, text, raw: rawOf(tokens, i, time.length) });
      i += time.length;
      continue;
    }
    let matched = false;
    for (let length = Math.min(MAX_PHRASE_WORDS, tokens.length - i); length >= 1; length--) {
      const slice = tokens.slice(i, i + length);
      if (slice.some((t) => t.kind !== "word")) continue;
      const phrase = words.slice(i, i + length).join(" ");
      const site = vocabulary.phrases.get(phrase);
      const sense = LEXICON.get(phrase);
      // The site's own names win over a stopword ("app" could be an event).
      const item: Item | undefined = site && (!sense || sense.kind === "stop") ? site : sense ? { ...sense, text: phrase, raw: "" } : site;
      if (item) {
        items.push({ ...item, raw: rawOf(tokens, i, length) });
        i += length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (token.kind === "number") items.push({ kind: "number", value: token.value, text: token.raw, raw: token.raw });
    else items.push({ kind: "unknown", word: token.raw, text: token.raw, raw: token.raw });
    i++;
  }
  return { items, corrections };
}

function rawOf(tokens: readonly Token[], start: number, length: number): string {
  return tokens
    .slice(start, start + length)
    .map((token) => token.raw)
    .join(" ");
}
