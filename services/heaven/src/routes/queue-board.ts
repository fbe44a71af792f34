import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

export const QUEUES_PATH = '/admin/queues';

/**
 * The BullMQ queues on @bull-board/fastify at /admin/queues. Loaded on demand: it pulls ESM-only
 * dependencies through require(), which Node ≥ 20.19 does but jest's module runtime does not; if
 * the board cannot load, /admin/queues answers 503 saying why and the rest of heaven runs on.
 */
export async function registerQueueBoard(app: FastifyInstance, queues: Queue[]): Promise<void> {
  try {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
    ]);
    const board = new FastifyAdapter();
    // @bull-board/fastify pins its own patch of @bull-board/api: the types differ, the runtime contract does not.
    createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: board as never });
    board.setBasePath(QUEUES_PATH);
    await app.register(board.registerPlugin() as never, { prefix: QUEUES_PATH });
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    app.log.error({ err: e }, `the queue board could not load: ${reason}`);
    app.get(`${QUEUES_PATH}*`, async (_request, reply) =>
      reply.code(503).send({ error: `[heaven] the queue board could not load: ${reason}` }),
    );
  }
}
