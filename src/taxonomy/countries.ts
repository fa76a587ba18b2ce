// ISO 3166-1 country codes and names as region aliases (`country_codes: iso3166` in taxonomy.yaml), so
// `ES`, `ESP` and `Spain` are one region. The codes and English names come from i18n-iso-countries
// (maintained, on the npm registry), which also lists common alternative names ("UK", "USA").
import { createRequire } from 'node:module';
import { normaliseName } from '../names.js';

/** Codes some publishers use where ISO 3166-1 differs: Eurostat writes EL for Greece (ISO: GR). */
const PUBLISHER_CODES: Readonly<Record<string, string>> = { EL: 'GR' };

interface CountriesModule {
  registerLocale(locale: unknown): void;
  getAlpha2Codes(): Record<string, string>;
  alpha2ToAlpha3(code: string): string | undefined;
  getName(code: string, lang: string, options?: { select: 'official' }): string | undefined;
  getNames(lang: string, options: { select: 'all' }): Record<string, string[]>;
}

let table: Array<{ canonical: string; names: string[] }> | undefined;

/** Every country: its English name (the canonical region name) and all the names that mean it. */
export function countryNames(): Array<{ canonical: string; names: string[] }> {
  if (table) return table;
  const require = createRequire(import.meta.url);
  const countries = require('i18n-iso-countries') as CountriesModule;
  countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
  const all = countries.getNames('en', { select: 'all' });
  const extra = new Map<string, string[]>();
  for (const [code, iso] of Object.entries(PUBLISHER_CODES)) extra.set(iso, [...(extra.get(iso) ?? []), code]);
  const built = Object.keys(countries.getAlpha2Codes()).map((alpha2) => {
    const canonical = countries.getName(alpha2, 'en', { select: 'official' }) ?? alpha2;
    const names = [alpha2, countries.alpha2ToAlpha3(alpha2) ?? '', ...(all[alpha2] ?? []), ...(extra.get(alpha2) ?? [])].filter(Boolean);
    return { canonical, names };
  });
  // A name listed for two countries would be a guess: it is left out of both.
  const count = new Map<string, number>();
  for (const c of built) for (const n of new Set(c.names.map(normaliseName))) count.set(n, (count.get(n) ?? 0) + 1);
  table = built.map((c) => ({ canonical: c.canonical, names: c.names.filter((n) => count.get(normaliseName(n)) === 1) }));
  return table;
}

/**
 * Add the country aliases to a taxonomy's region aliases. A country the taxonomy already names (under
 * any of the country's names) keeps the taxonomy's canonical name; the taxonomy's own aliases win.
 */
export function addCountryAliases(regionAliases: Map<string, string>): void {
  for (const c of countryNames()) {
    const keys = c.names.map(normaliseName);
    const canonical = keys.map((k) => regionAliases.get(k)).find((x) => x !== undefined) ?? c.canonical;
    for (const k of keys) if (!regionAliases.has(k)) regionAliases.set(k, canonical);
  }
}
