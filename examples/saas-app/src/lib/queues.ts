import { Queue } from 'bullmq';

export const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: 6379 };

export const reportQueue = new Queue('reports', { connection });
export const emailQueue = new Queue('emails', { connection });
export const exportQueue = new Queue('exports', { connection });
