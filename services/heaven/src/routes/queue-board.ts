import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const QUEUES_PATH = '/admin/queues';

const READS = new Set(['GET', 'HEAD']);

/**
 * The board is read-only unless an operator sets HEAVEN_QUEUE_BOARD_WRITES=true: any other method
 * than GET or HEAD under /admin/queues gets 403 (the board's own read-only mode hides its buttons;
 * this refuses the API calls behind them, e.g. adding a `deployments` job by hand). The route that
 * matched decides, not the URL as sent: `/%61dmin/queues/…` is the same route.
 */
export async function readOnlyBoardHook(request: FastifyRequest, reply: FastifyReply) {
  const path = request.routeOptions.url ?? request.url;
  if (!path.startsWith(QUEUES_PATH) || READS.has(request.method)) return;
  return reply
    .code(403)
    .send({ error: 'the queue board is read-only (HEAVEN_QUEUE_BOARD_WRITES=true allows changes)' });
}

/**
 * The BullMQ queues on @bull-board/fastify at /admin/queues. Loaded on demand: it pulls ESM-only
 * dependencies through require(), which Node ≥ 20.19 does but jest's module runtime does not; if
 * the board cannot load, /admin/queues answers 503 saying why and the rest of heaven runs on.
 */
export async function registerQueueBoard(
  app: FastifyInstance,
  queues: Queue[],
  options: { readOnly: boolean },
): Promise<void> {
  try {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
    ]);
    const board = new FastifyAdapter();
    const adapters = queues.map((q) => new BullMQAdapter(q, { readOnlyMode: options.readOnly }));
    // @bull-board/fastify pins its own patch of @bull-board/api: the types differ, the runtime contract does not.
    createBullBoard({ queues: adapters, serverAdapter: board as never });
    board.setBasePath(QUEUES_PATH);
    await app.register(board.registerPlugin() as never, { prefix: QUEUES_PATH });
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    app.log.error({ err: e }, `the queue board could not load: ${reason}`);
    app.all(`${QUEUES_PATH}*`, async (_request, reply) =>
      reply.code(503).send({ error: `the queue board could not load: ${reason}` }),
    );
  }
}
