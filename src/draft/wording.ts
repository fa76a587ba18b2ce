// What the words around a number say: its direction (rose, fell, cut), whether it is a forecast
// (would, projected, could be reduced), and who said it (according to X, X claimed).

export interface WordHit {
  text: string;
  start: number;
  end: number;
}

const UP = String.raw`ros[e]|rise[sn]?|rising|increas(?:e[ds]?|ing)|grew|grow(?:n|s|th|ing)?|jump(?:ed|s|ing)?|climb(?:ed|s|ing)?|surg(?:e[ds]?|ing)|soar(?:ed|s|ing)?|gain(?:ed|s)?|spik(?:e[ds]?|ing)|higher|up|boost(?:ed|s)?|more frequent|went up|go up|escalat(?:e[ds]?|ing)`;
const DOWN = String.raw`f[ae]ll(?:s|en|ing)?|drop(?:ped|s|ping)?|decreas(?:e[ds]?|ing)|declin(?:e[ds]?|ing)|reduc(?:e[ds]?|tions?|ing)|cut(?:s|ting)?|slash(?:ed|es|ing)?|lower(?:ed|s|ing)?|down|plung(?:e[ds]?|ing)|plummet(?:ed|s|ing)?|shr[iau]nk(?:s|ing)?|dip(?:ped|s)?|slump(?:ed|s)?|tumbl(?:e[ds]?|ing)|went down|go down|curb(?:ed|s)?|bring down|brought down`;

/** Direction words in a sentence, each with its sign. */
export function directionWords(sentence: string): Array<WordHit & { sign: 1 | -1 }> {
  const out: Array<WordHit & { sign: 1 | -1 }> = [];
  for (const [pattern, sign] of [[UP, 1], [DOWN, -1]] as const) {
    for (const m of sentence.matchAll(new RegExp(String.raw`\b(?:${pattern})\b`, 'gi'))) {
      // "up to 20 percent" is a bound, not a rise; "down to" likewise.
      if (/^(?:up|down)$/i.test(m[0]) && /^\s+to\b/i.test(sentence.slice(m.index! + m[0].length))) continue;
      out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length, sign });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Number of words between two places in a sentence. */
export function wordsBetween(sentence: string, a: number, b: number): number {
  const [s, e] = a < b ? [a, b] : [b, a];
  return (sentence.slice(s, e).match(/\S+/g) ?? []).length;
}

const FORECAST = /\b(?:will|would|could|may|might|shall|should|expects?|expected|expecting|projected|projecting|projection|forecasts?|forecasted|predicts?|predicted|prediction|plans? to|planned|aims? to|aimed|targeted|promis(?:e[ds]?|ing)|anticipat(?:e[ds]?|ing)|estimated to|set to|going to|hopes? to|hoped|envisag(?:e[ds]?|ing)|envisions?|envisioned|intends?|intended)\b/i;

/** The first word that makes a statement a forecast (future or conditional wording), if any. */
export function forecastWord(clause: string): WordHit | undefined {
  const m = clause.match(FORECAST);
  return m ? { text: m[0], start: m.index!, end: m.index! + m[0].length } : undefined;
}

const SAY = String.raw`claim(?:ed|s)?|said|says|stated|states|reported|reports|believed|believes|expected|expects|estimated|estimates|announced|announces|predicted|predicts|promised|promises|argued|argues|wrote|writes|told|tells|insisted|insists|declared|declares|found|finds|showed|shows|show|indicated|indicates|noted|notes|cited|cites|acknowledged|admitted|touted|touts|pledged|pledges`;

/** Words that start a clause; the speaker is what follows them. */
const CLAUSE_LEAD = /^(?:but|and|yet|so|however|meanwhile|moreover|also|while|although|though|as|then|now|still|in fact|indeed|that|this|which|who)\b[\s,]*/i;

function cleanSpeaker(raw: string, named = false): string | undefined {
  let s = raw.trim().replace(/[,;:]+$/, '').trim();
  for (let k = 0; k < 3; k++) s = s.replace(CLAUSE_LEAD, '').trim();
  s = s.replace(/^(?:data|figures|statistics|numbers|a report|the report|reports?)\s+(?:from|by|of)\s+/i, '').trim();
  if (s === '' || s.length > 80) return undefined;
  // Pronouns and bare nouns that name no one.
  if (/^(?:it|they|he|she|we|i|you|this|that|these|those|there|which|who|the report|the study|the article|the data)$/i.test(s)) return undefined;
  // A speaker is a name or a noun phrase, not a clause: no verbs of saying inside it.
  if (!named && new RegExp(String.raw`\b(?:${SAY})\b`, 'i').test(s)) return undefined;
  if (/^according to\b/i.test(s)) return undefined;
  if (!/\p{L}/u.test(s)) return undefined;
  s = s.replace(/\s+(?:itself|themselves|himself|herself|also|too|again|later|then|now|first)$/i, '');
  // A speaker starts with a name or a noun phrase, not a preposition ("with a projected …").
  if (/^(?:with|in|on|at|for|from|to|by|of|as|after|before|since|during|under|over|into|than|it|they|he|she|we|you|this|that|there|was|were|is|are|has|have|had|been|be)\b/i.test(s)) return undefined;
  // It names someone: a capitalised word, or a noun for people, bodies or their publications.
  if (!/\p{Lu}/u.test(s) && !/\b(?:officials?|police|government|authorit(?:y|ies)|ministry|minister|spokes(?:person|man|woman)|company|firm|report|study|survey|data|statistics|figures|experts?|researchers?|analysts?|residents|critics|activists|lawmakers|legislators|committee|court|lawsuit|complaint|documents?|media|press|newspapers?)\b/i.test(s)) return undefined;
  return s;
}

/**
 * Who the sentence attributes the claim to: "according to X", "X claimed/said/believed …", or the
 * subject of a relative clause "officials …, which believed". Undefined when the sentence names no one.
 */
export function attribution(sentence: string, before: number): { claimant: string; text: string } | undefined {
  // "According to X," — X up to the comma.
  const acc = sentence.match(/\baccording to\s+([^,;.()]+?)(?=\s*[,;.()]|\s+(?:the|a|an)\s|$)/i);
  if (acc) {
    const who = cleanSpeaker(acc[1]!, true);
    if (who) return { claimant: who, text: acc[0] };
  }
  // "X claimed that …", "X said …": the nearest verb of saying before the number.
  const says = [...sentence.matchAll(new RegExp(String.raw`\b(?:${SAY})\b`, 'gi'))].filter((m) => m.index! < before);
  for (const m of says.reverse()) {
    const head = sentence.slice(0, m.index!).replace(/[,\s]+$/, '');
    // The speaker: back to the start of the clause (a comma, "that", "but" …).
    const pieces = head.split(/[;:(]|,\s|\bthat\b|\bwhile\b|\bbut\b/i);
    let clause = pieces.pop() ?? '';
    // "Shehbaz Sharif, former chief minister of Punjab, said": a name and its apposition.
    const name = pieces[pieces.length - 1]?.trim();
    if (/^[a-z]/.test(clause.trim()) && !/^(?:which|who)\b/i.test(clause.trim()) && name && /^(?:\p{Lu}[\p{L}.'’-]*\s*){1,4}$/u.test(name)) clause = `${name}, ${clause.trim()}`;
    const rel = /^\s*(?:which|who)\b/i.test(clause);
    let who: string | undefined;
    if (rel) {
      // "… echoed by officials in Punjab working on the project, which believed", "Senator X, who was …, stated":
      // the noun phrase before the relative pronoun.
      const earlier = head.slice(0, head.length - clause.length).replace(/[,\s]+$/, '');
      const by = earlier.match(/\bby\s+([^,;]+)$/i);
      const np = (by ? by[1]! : (earlier.split(/[;,]/).pop() ?? '')).trim();
      who = cleanSpeaker(np.replace(/\s+(?:working|who|which|that)\b.*$/i, ''));
    } else {
      who = cleanSpeaker(clause);
    }
    if (who) {
      const from = sentence.lastIndexOf(who, m.index!);
      return { claimant: who, text: sentence.slice(from >= 0 ? from : m.index!, m.index! + m[0].length) };
    }
  }
  return undefined;
}
