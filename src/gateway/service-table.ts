import { BoundedMap } from '../core/bounded-map.js';
import type { LogSignalConfig } from '../config/log-signal-config.js';
import type { GatewayResource } from './gateway-record.js';
import { ServicePipeline, type ServicePipelineState } from './service-pipeline.js';

/** One live service: its pipeline and the resource its signal records are exported under. */
export interface ServiceEntry {
  readonly name: string;
  readonly pipeline: ServicePipeline;
  /** The resource of the service's latest records. */
  resource: GatewayResource;
  /** Gateway clock (epoch ms) when it last sent a record. */
  lastSeen: number;
}

/** Options of {@link ServiceTable}. */
export interface ServiceTableOptions {
  /** Services with their own state at most; the least recently seen goes first. */
  maxServices: number;
  /** A service that sent nothing for this long (ms, gateway clock) is evicted. */
  idleMs: number;
  /** Gateway clock. */
  clock: () => number;
  /** Told when a saved state of a service cannot be applied (it then starts fresh). */
  onRestoreError: (service: string, error: Error) => void;
  /** Where to look for the saved state of a service seen for the first time (other gateways' files). Default none. */
  lookup?: (service: string) => ServicePipelineState | undefined;
}

/**
 * One pipeline state per `service.name`, so that one service's bursts never shape another's
 * baseline: bounded (least recently seen evicted), idle services evicted, both counted. States
 * restored from a file wait (bounded too) until their service sends again, and are saved again
 * meanwhile, so a service that moved away and back, or a restart, does not lose them.
 */
export class ServiceTable {
  private readonly live: BoundedMap<string, ServiceEntry>;
  private readonly pending: BoundedMap<string, ServicePipelineState>;
  /** Services evicted because the table was full or they were idle. */
  evictedIdle = 0;

  constructor(
    private readonly config: LogSignalConfig,
    private readonly options: ServiceTableOptions,
  ) {
    this.live = new BoundedMap(options.maxServices);
    this.pending = new BoundedMap(options.maxServices);
  }

  /** Live services. */
  get size(): number {
    return this.live.size;
  }

  /** Services evicted so far (table full, or idle). */
  get evicted(): number {
    return this.live.evicted + this.evictedIdle;
  }

  /** The entry of the service of `resource`, created (with its saved state, if any) on first sight. */
  get(resource: GatewayResource): ServiceEntry {
    const name = resource.serviceName;
    const now = this.options.clock();
    let e = this.live.get(name);
    if (e === undefined) {
      e = { name, pipeline: new ServicePipeline(this.config, this.options.clock), resource, lastSeen: now };
      const saved = this.pending.peek(name) ?? this.lookupSaved(name);
      if (saved !== undefined) {
        this.pending.delete(name);
        try {
          e.pipeline.restore(saved);
        } catch (err) {
          this.options.onRestoreError(name, err as Error);
          e = { name, pipeline: new ServicePipeline(this.config, this.options.clock), resource, lastSeen: now };
        }
      }
      this.live.set(name, e);
    }
    e.resource = resource;
    e.lastSeen = now;
    return e;
  }

  private lookupSaved(name: string): ServicePipelineState | undefined {
    try {
      return this.options.lookup?.(name);
    } catch (err) {
      this.options.onRestoreError(name, err as Error);
      return undefined;
    }
  }

  /** Evict services idle for longer than `idleMs`; returns how many went. */
  sweepIdle(): number {
    const limit = this.options.clock() - this.options.idleMs;
    const n = this.live.evictIdle((e) => e.lastSeen < limit);
    this.evictedIdle += n;
    return n;
  }

  /** Every live service, least recently seen first. */
  entries(): IterableIterator<ServiceEntry> {
    return this.live.values();
  }

  /** States to apply when their services next send (from a state file). */
  preload(states: Readonly<Record<string, ServicePipelineState>>): void {
    for (const name of Object.keys(states)) this.pending.set(name, states[name]);
  }

  /**
   * Every service's saved-state form, each taken when called: the live ones, and those restored but
   * not seen since (a live service wins over its restored state).
   */
  snapshot(): Array<readonly [string, () => ServicePipelineState]> {
    const out: Array<readonly [string, () => ServicePipelineState]> = [];
    for (const [name, s] of this.pending.entries()) if (this.live.peek(name) === undefined) out.push([name, () => s]);
    for (const e of this.live.values()) out.push([e.name, () => e.pipeline.toJSON()]);
    return out;
  }
}
