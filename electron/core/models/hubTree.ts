import { SightlineError } from '../common/errors';

/**
 * One file of a hub repository at a commit, as the hub's tree API lists it
 * (`GET {base}/api/models/{repo}/tree/{commit}?recursive=true`). For a file stored in LFS (or Xet), `oid` is the
 * pointer's blob id and `lfs.oid` the content's sha256; for a file stored in git, `oid` is its git blob id.
 */
export interface HubTreeFile {
  readonly path: string;
  readonly size: number;
  readonly oid: string;
  readonly lfs?: { readonly oid: string; readonly size: number };
  /** Stored with Xet. The hub lists an LFS sha256 for such files too; one listed without it cannot be pinned. */
  readonly xet?: boolean;
}

export interface HubTreeOptions {
  readonly signal?: AbortSignal;
  /** Limit per page request, connecting included. */
  readonly timeoutMs?: number;
}

/** A repository listing is a few hundred entries at most; a server that keeps paging is broken or hostile. */
const MAX_PAGES = 50;
const HEX = /^[0-9a-f]+$/i;

export function hubTreeUrl(base: string, repo: string, commit: string): string {
  const repoPath = repo.split('/').map(encodeURIComponent).join('/');
  return `${base.replace(/\/+$/, '')}/api/models/${repoPath}/tree/${encodeURIComponent(commit)}?recursive=true&expand=false`;
}

/** The `rel="next"` target of an RFC 8288 Link header, which is how the hub pages long listings. */
export function nextPageUrl(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (m) return m[1]!;
  }
  return null;
}

function parseEntry(raw: unknown, where: string): HubTreeFile | null {
  const e = raw as { type?: unknown; path?: unknown; size?: unknown; oid?: unknown; lfs?: { oid?: unknown; size?: unknown } | null; xetHash?: unknown };
  if (!e || typeof e !== 'object' || typeof e.path !== 'string') throw new SightlineError('network', `${where}: unexpected listing entry ${JSON.stringify(raw).slice(0, 80)}`);
  if (e.type !== 'file') return null;
  const bad = (what: string) => new SightlineError('network', `${where}: entry ${e.path} has ${what}`);
  if (typeof e.oid !== 'string' || e.oid.length !== 40 || !HEX.test(e.oid)) throw bad('no 40-hex oid');
  if (!Number.isSafeInteger(e.size) || (e.size as number) < 0) throw bad('no size');
  const xet = typeof e.xetHash === 'string' && e.xetHash.length > 0;
  if (e.lfs == null) return { path: e.path, size: e.size as number, oid: e.oid.toLowerCase(), ...(xet ? { xet } : {}) };
  if (typeof e.lfs.oid !== 'string' || e.lfs.oid.length !== 64 || !HEX.test(e.lfs.oid)) throw bad('an LFS record without a sha256');
  if (!Number.isSafeInteger(e.lfs.size) || (e.lfs.size as number) < 0) throw bad('an LFS record without a size');
  return { path: e.path, size: e.size as number, oid: e.oid.toLowerCase(), lfs: { oid: e.lfs.oid.toLowerCase(), size: e.lfs.size as number }, ...(xet ? { xet } : {}) };
}

/**
 * Every file of `repo` at `commit`, keyed by path. Network failures, error answers and malformed listings are
 * `network` errors naming the repository; nothing is retried (the caller writes nothing unless every listing came).
 */
export async function listHubTree(base: string, repo: string, commit: string, options: HubTreeOptions = {}): Promise<Map<string, HubTreeFile>> {
  const where = `${repo}@${commit.slice(0, 7)}`;
  const files = new Map<string, HubTreeFile>();
  let url: string | null = hubTreeUrl(base, repo, commit);
  for (let page = 0; url; page++) {
    if (page === MAX_PAGES) throw new SightlineError('network', `${where}: listing did not end after ${MAX_PAGES} pages`);
    const signals = [AbortSignal.timeout(options.timeoutMs ?? 15_000), ...(options.signal ? [options.signal] : [])];
    let res: Response;
    let body: unknown;
    try {
      res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.any(signals), redirect: 'follow' });
      if (!res.ok) {
        await res.body?.cancel();
        throw new SightlineError('network', `${where}: the hub answered ${res.status} ${res.statusText} for ${url}`);
      }
      body = await res.json();
    } catch (err) {
      if (err instanceof SightlineError) throw err;
      if (options.signal?.aborted) throw new SightlineError('cancelled', 'cancelled');
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new SightlineError('network', `${where}: cannot list the repository at ${new URL(url).host} (${cause})`);
    }
    if (!Array.isArray(body)) throw new SightlineError('network', `${where}: the listing is not a JSON array`);
    for (const raw of body) {
      const entry = parseEntry(raw, where);
      if (entry) files.set(entry.path, entry);
    }
    const next = nextPageUrl(res.headers.get('link'));
    // A relative next link is resolved against the page it came from.
    url = next ? new URL(next, url).toString() : null;
  }
  return files;
}
