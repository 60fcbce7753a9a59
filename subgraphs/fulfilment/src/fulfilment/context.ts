import type { SubgraphContext, SubgraphDeps } from '../../../runtime/src/index.ts';
import { FulfilmentService } from './FulfilmentService.ts';
import { NotificationOutbox, type NotificationSender } from './notifications.ts';
import { ReleaseLoop, type ReleaseLoopOptions } from './ReleaseLoop.ts';
import { DefaultSourcingStrategy, type SourcingStrategy } from './sourcing/index.ts';
import { StoreWorkflow } from './StoreWorkflow.ts';

export interface FulfilmentPartOptions {
  /** Chooses where orders are fulfilled from. @default new DefaultSourcingStrategy() */
  strategy?: SourcingStrategy;
  /** Rejections of one order after which it goes ON_HOLD instead of being re-sourced. @default 3 */
  maxRejections?: number;
  /** Days after placement a fulfilment is due (on-time rate). @default 2 */
  dueDays?: number;
  /** Delivers customer notifications; the outbox keeps them either way. @default OutboxOnlySender */
  notificationSender?: NotificationSender;
  /** The loop that brings new ERP and marketplace orders to fulfilment. @default ReleaseLoopOptions defaults */
  release?: ReleaseLoopOptions;
}

/** What the fulfilment resolvers use in one request (process-wide services: none of them holds request state). */
export interface FulfilmentPart {
  service: FulfilmentService;
  workflow: StoreWorkflow;
  outbox: NotificationOutbox;
  release: ReleaseLoop;
  maxRejections: number;
}

/**
 * Called once per process: builds the services and starts the release loop (like the orders
 * subgraph's saga recovery). The function it returns is called once per request.
 */
export function createFulfilmentPart(deps: SubgraphDeps, options: FulfilmentPartOptions): (base: SubgraphContext) => FulfilmentPart {
  const maxRejections = options.maxRejections ?? 3;
  const service = new FulfilmentService(deps, {
    strategy: options.strategy ?? new DefaultSourcingStrategy(),
    maxRejections,
    dueDays: options.dueDays ?? 2,
  });
  const outbox = new NotificationOutbox({ store: deps.store, ...(options.notificationSender && { sender: options.notificationSender }) });
  const workflow = new StoreWorkflow(service, outbox);
  const release = new ReleaseLoop(service, outbox, options.release);
  release.start();
  const part: FulfilmentPart = { service, workflow, outbox, release, maxRejections };
  return () => part;
}
