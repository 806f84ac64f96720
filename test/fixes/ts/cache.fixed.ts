import Redis from 'ioredis';

const redisHost: string = process.env.REDIS_HOST!;

export const redis = new Redis({ host: redisHost, port: 6379 });
