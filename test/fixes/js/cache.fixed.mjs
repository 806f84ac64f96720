import { createClient } from 'redis';

const cacheUrl = process.env.REDIS_URL;

export const client = createClient({ url: cacheUrl });
