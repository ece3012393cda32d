// The configuration items the board's incidents name, for the Now view's chips: the ci-links
// read model's GET /v1/configuration-links?incident=ID1,ID2,… (docs/api/ci-links.yaml).
//
// Kept light: asked only when the set of incident ids on the page changes (never on a clock
// tick or a row's update), in batches of 200 (the API's limit), and not at all while the page
// has no incident. ci-links follows the incidents' log, so an incident detected a moment ago may
// not be applied yet: the answer then leaves it out, and only the ids left out are asked again a
// few times, later each time. A failed request shows nothing (the chips are a help, not the
// board): the next change of the set asks again.
import { getJson } from './client';
import type { CiLinksLinkedItem, CiLinksLinks } from './types';

const LINKS = '/v1/configuration-links';
const BATCH = 200; // ids per request, the API's limit
const RETRY_MS = 1_000; // then 2 s, 4 s, 8 s
const RETRIES = 4;

export class IncidentLinks {
  private readonly items = new Map<string, CiLinksLinkedItem[]>();
  private key = '';
  private generation = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  /** `onChange` is called when what `of()` answers changed. */
  constructor(private readonly onChange: () => void) {}

  /** The items incident `id` names, as last read; empty when none (or not read, or failed). */
  of(id: string): readonly CiLinksLinkedItem[] {
    return this.items.get(id.toLowerCase()) ?? [];
  }

  /** The incidents on the page now (in the page's order): asks again only when the set changed. */
  follow(ids: readonly string[]): void {
    if (this.stopped) return;
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const key = [...wanted].sort().join(',');
    if (key === this.key) return;
    this.key = key;
    this.clearRetry();
    this.attempt = 0;
    this.generation += 1; // an answer for the former set is not used
    const onPage = new Set(wanted);
    let forgot = false;
    for (const id of [...this.items.keys()]) {
      if (!onPage.has(id)) {
        this.items.delete(id);
        forgot = true;
      }
    }
    if (forgot) this.onChange();
    if (wanted.length > 0) void this.load(wanted);
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    this.clearRetry();
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async load(ids: string[]): Promise<void> {
    const mine = ++this.generation;
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH) batches.push(ids.slice(i, i + BATCH));
    let answers: CiLinksLinks[];
    try {
      answers = await Promise.all(batches.map((batch) => getJson<CiLinksLinks>(LINKS, { incident: batch.join(',') })));
    } catch (e) {
      if (mine !== this.generation || this.stopped) return;
      console.warn('configuration links of the board\'s incidents:', e);
      this.retryLater(ids);
      return;
    }
    if (mine !== this.generation || this.stopped) return;
    let changed = false;
    const answered = new Set<string>();
    for (const link of answers.flatMap((a) => a.links)) {
      const id = link.incident_id.toLowerCase();
      answered.add(id);
      const before = this.items.get(id);
      if (!before || JSON.stringify(before) !== JSON.stringify(link.configuration_items)) changed = true;
      this.items.set(id, link.configuration_items);
    }
    if (changed) this.onChange();
    // Left out: not applied by the read model yet (the page only shows incidents the caller sees).
    this.retryLater(ids.filter((id) => !answered.has(id)));
  }

  private retryLater(ids: string[]): void {
    if (ids.length === 0 || this.attempt >= RETRIES) return;
    const delay = RETRY_MS * 2 ** this.attempt;
    this.attempt += 1;
    // follow() clears the timer when the set changes, so these ids are still on the page.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.load(ids);
    }, delay);
  }
}
