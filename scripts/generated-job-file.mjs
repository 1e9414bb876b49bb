// Generated job code of a given size, for the bad-input tests (tests/robustness/input.test.ts) and
// the size-scaling measurement (scripts/input-scaling.mjs): BullMQ producers and workers with Prisma
// queries, two planted findings in every unit.

const HEADER = `import { Queue, Worker } from 'bullmq';\nimport { prisma } from '@/lib/prisma';\n\nconst reportsQueue = new Queue('reports');\n`;

/**
 * One unit: an exported producer (a handler too when the file is under workers/) with a good and a
 * tenant-less enqueue, and a worker with a fatal check, a scoped and an unscoped query.
 */
function unit(i) {
  return `
export async function produce${i}(organizationId: string, day: number) {
  await reportsQueue.add('report-${i}', { organizationId, day });
  await reportsQueue.add('cleanup-${i}', { day });
}

new Worker('queue-${i}', async (job) => {
  const { organizationId } = job.data;
  if (!organizationId) throw new Error('missing organizationId');
  const docs = await prisma.document.findMany({ where: { organizationId, archived: false } });
  await prisma.auditLog.deleteMany({ where: { createdAt: { lt: new Date() } } });
  return docs.map((doc) => ({ id: doc.id, title: doc.title.trim() }));
});
`;
}

/** A job file of at least `bytes` characters, and how many units it holds. */
export function generateJobFile(bytes) {
  const parts = [HEADER];
  let length = HEADER.length;
  let units = 0;
  while (length < bytes) {
    const text = unit(units++);
    parts.push(text);
    length += text.length;
  }
  return { code: parts.join(''), units };
}
