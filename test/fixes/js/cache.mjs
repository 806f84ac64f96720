import { createClient } from 'redis';

const cacheUrl = `redis://cache.internal:6379/0`;

export const client = createClient({ url: cacheUrl });
