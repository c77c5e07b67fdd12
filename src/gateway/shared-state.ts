import { readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import { loadState, STATE_FILE_SUFFIX } from './gateway-state.js';
import type { ServicePipelineState } from './service-pipeline.js';

interface PeerFile {
  mtimeMs: number;
  services: Record<string, ServicePipelineState>;
}

/**
 * The state files of the other gateways in a shared directory (`--state DIR/`), where a service that
 * moved to this instance (a gateway joined or left, and the Collector's hash ring changed) finds the
 * state its previous gateway saved. Files are listed and re-read (when changed) at most once per
 * `refreshMs`; of several states of one service, the most recently saved file's wins. Files of another
 * configuration or format are skipped.
 */
export class SharedStateDirectory {
  private readonly files = new Map<string, PeerFile>();
  private checkedAt = -Infinity;

  constructor(
    private readonly dir: string,
    private readonly ownFile: string,
    private readonly config: LogSignalConfig,
    private readonly clock: () => number,
    private readonly refreshMs = 60_000,
  ) {}

  /** The newest saved state of `service` among the peers' files, if any. */
  find(service: string): ServicePipelineState | undefined {
    this.refresh();
    let best: PeerFile | undefined;
    for (const f of this.files.values()) {
      if (Object.hasOwn(f.services, service) && (best === undefined || f.mtimeMs > best.mtimeMs)) best = f;
    }
    return best?.services[service];
  }

  private refresh(): void {
    const now = this.clock();
    if (now - this.checkedAt < this.refreshMs) return;
    this.checkedAt = now;
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith(STATE_FILE_SUFFIX));
    } catch {
      return;
    }
    const seen = new Set<string>();
    for (const name of names) {
      const path = resolve(this.dir, name);
      if (path === this.ownFile) continue;
      seen.add(path);
      let mtimeMs: number;
      try {
        mtimeMs = statSync(path).mtimeMs;
      } catch {
        continue;
      }
      if (this.files.get(path)?.mtimeMs === mtimeMs) continue;
      const loaded = loadState(path, this.config);
      if ('services' in loaded) this.files.set(path, { mtimeMs, services: loaded.services });
      else this.files.delete(path);
    }
    for (const path of this.files.keys()) if (!seen.has(path)) this.files.delete(path);
  }
}
